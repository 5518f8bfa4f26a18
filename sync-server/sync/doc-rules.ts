import { projectRecord } from '@domain/projection.ts';
import type { RecordLog } from '@domain/record-log.ts';
import { searchRowOf } from '@domain/search-words.ts';
import * as Y from 'yjs';
import {
  loadRecordDoc,
  newRecordYDoc,
  readEvents,
  readMeta,
  readRecordState,
} from '@doc/record-doc.ts';
import { validateUpdate } from '@doc/validate-update.ts';
import type { Checked, Folded, RecordRules } from './record-rules.ts';

/**
 * RecordRules over src/doc: the server validates and folds with exactly the
 * code the devices run, so its projection and its refusals match theirs.
 */

export function foldSummary(update: Uint8Array, now: number, log?: RecordLog): Folded {
  const doc = loadRecordDoc([update]);
  const meta = readMeta(doc);
  if (meta.ok && meta.value.kind === 'group') {
    // A saved group: no projection row, no search keys; its office's people receive it.
    return {
      summary: null,
      participants: [],
      state: null,
      search: null,
      group: { events: readEvents(doc) },
    };
  }
  const state = readRecordState(doc, now, log);
  if (state === null) return { summary: null, participants: [], state: null, search: null };
  return {
    summary: projectRecord(state),
    participants: [...state.participants, ...state.readers],
    state,
    search: searchRowOf(state),
  };
}

/** True when applying `update` over `current` changes nothing (a retried push). */
function addsNothing(current: Uint8Array, update: Uint8Array): boolean {
  if (current.length === 0) return false;
  const doc = newRecordYDoc();
  Y.applyUpdate(doc, current);
  const before = Y.encodeStateAsUpdate(doc);
  Y.applyUpdate(doc, update);
  const after = Y.encodeStateAsUpdate(doc);
  return before.length === after.length && before.every((b, i) => b === after[i]);
}

const validate: RecordRules['validate'] = (current, update, ctx, recordId): Checked => {
  const result = validateUpdate(current.length === 0 ? null : current, update, {
    ...ctx,
    recordId,
  });
  if (!result.ok) return { ok: false, ...result.error };
  const merged = current.length === 0 ? update : Y.mergeUpdates([current, update]);
  const { meta, newEvents, created } = result.value;
  return { ok: true, merged, meta, newEvents, created, changed: !addsNothing(current, update) };
};

export function createDocRules(now: () => number): RecordRules {
  return {
    validate,
    summarize: (state, log) => foldSummary(state, now(), log),
  };
}
