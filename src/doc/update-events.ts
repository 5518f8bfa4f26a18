import * as Y from 'yjs';
import type { RecordEvent } from '@domain/events.ts';
import { parseEvent } from '@domain/validate-event.ts';

/**
 * The events an update itself carries, read from its structs without applying
 * it. A refused change kept in the quarantine usually builds on content the
 * device no longer has (the record was reset), so applying it to an empty
 * document would leave its events pending and unseen; decoding shows them, so
 * the person can read the text of what was refused.
 */
export function eventsInUpdate(update: Uint8Array): RecordEvent[] {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return [];
  }
  const events: RecordEvent[] = [];
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny) || s.parentSub !== null) {
      continue;
    }
    for (const value of s.content.arr) {
      const parsed = parseEvent(value);
      if (parsed.ok) events.push(parsed.value);
    }
  }
  return events;
}
