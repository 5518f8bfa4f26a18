import * as Y from 'yjs';
import type { Person } from '@domain/directory.ts';
import type { CommandResult, EventContext } from '@domain/commands.ts';
import { makeMeta } from '@domain/commands.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import type { Category, RecordKind, RecordState } from '@domain/record.ts';
import {
  appendEvents,
  eventsArray,
  loadRecordDoc,
  metaMap,
  newRecordYDoc,
  readRecordState,
} from '@doc/record-doc.ts';
import type { CommitItem } from '../storage/types.ts';
import type { RecordRules } from '../sync/record-rules.ts';

/**
 * Builds one demo record the way devices would: each step is one person's Yjs
 * update (their own client id and HLC node), made with the domain commands and
 * checked by the same validation a pushed update gets. Times are backdated;
 * the finished record becomes one CommitItem (its merged state, projection
 * summary and access list), as if compacted on the server.
 */

/** A person as the seed plays them: their "device" node and Yjs client id. */
export interface SeedActor {
  readonly person: Person;
  readonly node: string;
  readonly clientId: number;
}

/** Makes one event from the record's current state; null state only while creating. */
export type EventMaker = (state: RecordState | null, ctx: EventContext) => CommandResult;

export interface DemoRecordDeps {
  readonly rules: RecordRules;
  readonly newEventId: () => EventId;
}

export interface NewRecord {
  readonly kind: RecordKind;
  readonly number: string;
  readonly subject: string;
  readonly category: Category;
}

/** Events in one step are a minute apart, as a person clicks through. */
const STEP_MS = 60_000;

export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
}

function unwrap(r: CommandResult, what: string): RecordEvent {
  if (!r.ok) throw new DemoSeedError(`${what}: ${r.error}`);
  return r.value;
}

export class DemoRecord {
  private state: Uint8Array = new Uint8Array(0);
  private last = 0;

  constructor(
    private readonly deps: DemoRecordDeps,
    readonly id: RecordId,
  ) {}

  /** Time of the latest event so far (ms). */
  get lastTime(): number {
    return this.last;
  }

  private context(actor: SeedActor, t: number): EventContext {
    return {
      actor: actor.person.id,
      hlc: formatHlc({ wallMs: t, counter: 0, node: actor.node }),
      deviceTime: t,
      clockVerified: true,
      newEventId: this.deps.newEventId,
    };
  }

  /** Writes meta (and e.g. a diarised event) in the creator's first update. */
  create(actor: SeedActor, t: number, fields: NewRecord, first: readonly EventMaker[] = []): void {
    const { newEventId: _unused, ...metaCtx } = this.context(actor, t);
    const meta = makeMeta(metaCtx, { ...fields, id: this.id, office: actor.person.office });
    if (!meta.ok) throw new DemoSeedError(`meta of ${fields.number}: ${meta.error}`);
    const events = first.map((make, i) =>
      unwrap(make(null, this.context(actor, t + (i + 1) * STEP_MS)), fields.number),
    );
    const doc = newRecordYDoc();
    doc.clientID = actor.clientId;
    doc.transact(() => {
      const m = metaMap(doc);
      for (const [key, value] of Object.entries(meta.value)) m.set(key, value);
      if (events.length > 0) eventsArray(doc).push(events.map((e) => ({ ...e })));
    });
    this.accept(actor, Y.encodeStateAsUpdate(doc), t + events.length * STEP_MS);
    doc.destroy();
  }

  /** One person's visit to the record: their events, each made from the state before it. */
  act(actor: SeedActor, t: number, makers: readonly EventMaker[]): void {
    if (makers.length === 0) return;
    const start = Math.max(t, this.last + STEP_MS);
    const doc = loadRecordDoc([this.state]);
    doc.clientID = actor.clientId;
    const before = Y.encodeStateVector(doc);
    makers.forEach((make, i) => {
      const at = start + i * STEP_MS;
      const event = unwrap(make(readRecordState(doc, at), this.context(actor, at)), this.id);
      appendEvents(doc, [event]);
    });
    this.accept(actor, Y.encodeStateAsUpdate(doc, before), start + (makers.length - 1) * STEP_MS);
    doc.destroy();
  }

  /** The record's folded state at `now`. */
  current(now: number): RecordState {
    const state = readRecordState(loadRecordDoc([this.state]), now);
    if (state === null) throw new DemoSeedError(`record ${this.id} has no meta`);
    return state;
  }

  private accept(actor: SeedActor, update: Uint8Array, at: number): void {
    const { person } = actor;
    const checked = this.deps.rules.validate(
      this.state,
      update,
      { actor: person.id, role: person.role },
      this.id,
    );
    if (!checked.ok) throw new DemoSeedError(`${this.id}: ${checked.reason} ${checked.detail}`);
    this.state = checked.merged;
    this.last = at;
  }

  /** The finished record, ready for storage.seedDemo. */
  commitItem(): CommitItem {
    const folded = this.deps.rules.summarize(this.state);
    if (folded.summary === null) throw new DemoSeedError(`record ${this.id} does not fold`);
    return {
      recordId: this.id,
      office: folded.summary.office,
      author: folded.summary.holder,
      update: this.state,
      summary: folded.summary,
      access: [...folded.participants].sort(),
      resequence: false,
    };
  }
}
