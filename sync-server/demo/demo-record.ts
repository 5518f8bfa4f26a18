import * as Y from 'yjs';
import { claimedEntries, positioned } from '@doc/claimed-log.ts';
import { itemHashesOf } from '@doc/log-leaf.ts';
import { sealChange, type SyncSigner } from '@doc/seal.ts';
import { logOf } from '@domain/record-log.ts';
import type { Person } from '@domain/directory.ts';
import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import { createRecord } from '@domain/commands.ts';
import { formatHlc } from '@domain/hlc.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import type { Outcome } from '@domain/outcome.ts';
import type { Category, RecordKind, RecordState } from '@domain/record.ts';
import {
  appendEvents,
  eventsArray,
  loadRecordDoc,
  metaMap,
  newRecordYDoc,
  readEvents,
  readMeta,
  readRecordState,
} from '@doc/record-doc.ts';
import type { CommitItem } from '../storage/types.ts';
import type { RecordRules } from '../sync/record-rules.ts';

/**
 * Builds one demo record the way devices would: each step is one person's Yjs
 * update (their own client id and HLC node), made with the domain commands,
 * signed with their demo device key and checked by the same validation a pushed update gets. Times are backdated;
 * the finished record becomes one CommitItem (its merged state, projection
 * summary and access list), as if compacted on the server.
 */

/** A person as the seed plays them: their "device" node and Yjs client id. */
export interface SeedActor {
  readonly person: Person;
  readonly node: string;
  readonly clientId: number;
  /** Their demo device key (demo-signer.ts): everything they add is signed with it. */
  readonly signer: SyncSigner;
}

/** Runs one domain command on the record's change (each sees the state after the one before). */
export type EventMaker = (change: RecordChange) => Outcome<unknown>;

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

function unwrap<T>(r: Outcome<T>, what: string): T {
  if (!r.ok) throw new DemoSeedError(`${what}: ${r.error} ${r.detail ?? ''}`);
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

  /** The actor's clock from `first` on: each new event or meta one step later. */
  private context(actor: SeedActor, first: number): ChangeContext {
    let at = first - STEP_MS;
    return {
      actor: actor.person.id,
      tick: () => {
        at += STEP_MS;
        return {
          hlc: formatHlc({ wallMs: at, counter: 0, node: actor.node }),
          deviceTime: at,
          clockVerified: true,
        };
      },
      newEventId: this.deps.newEventId,
      now: first,
    };
  }

  /** Writes meta (and e.g. a diarised event) in the creator's first update. */
  create(actor: SeedActor, t: number, fields: NewRecord, first: readonly EventMaker[] = []): void {
    const change = beginChange(null, this.context(actor, t));
    const meta = unwrap(
      createRecord(change, { ...fields, id: this.id, office: actor.person.office }),
      `meta of ${fields.number}`,
    );
    for (const make of first) unwrap(make(change), fields.number);
    const sealed = sealChange(actor.signer, this.id, meta, [], { meta, events: change.events });
    const doc = newRecordYDoc();
    doc.clientID = actor.clientId;
    doc.transact(() => {
      const m = metaMap(doc);
      for (const [key, value] of Object.entries(sealed.meta ?? meta)) m.set(key, value);
      if (sealed.events.length > 0) eventsArray(doc).push(sealed.events.map((e) => ({ ...e })));
    });
    this.accept(actor, Y.encodeStateAsUpdate(doc), t + change.events.length * STEP_MS);
    doc.destroy();
  }

  /** One person's visit to the record: their events, each made from the state before it. */
  act(actor: SeedActor, t: number, makers: readonly EventMaker[]): void {
    if (makers.length === 0) return;
    const start = Math.max(t, this.last + STEP_MS);
    const doc = loadRecordDoc([this.state]);
    doc.clientID = actor.clientId;
    const meta = readMeta(doc);
    if (!meta.ok) throw new DemoSeedError(`record ${this.id}: ${meta.error}`);
    const existing = readEvents(doc);
    const change = beginChange({ meta: meta.value, events: existing }, this.context(actor, start));
    for (const make of makers) unwrap(make(change), this.id);
    const sealed = sealChange(actor.signer, this.id, meta.value, existing, {
      meta: null,
      events: change.events,
    });
    const before = Y.encodeStateVector(doc);
    appendEvents(doc, sealed.events);
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

  /**
   * The finished record, ready for storage.seedDemo. Its log entries take the
   * plan's times at their word (received when claimed), so the demo district's
   * pendency reads as planned.
   */
  commitItem(): CommitItem {
    const doc = loadRecordDoc([this.state]);
    const hashes = itemHashesOf(this.id, doc);
    const entries = claimedEntries(doc).map((e) => ({ ...e, hash: hashes.get(e.eventId) ?? '' }));
    doc.destroy();
    const folded = this.deps.rules.summarize(this.state, logOf(positioned(entries)));
    if (folded.summary === null) throw new DemoSeedError(`record ${this.id} does not fold`);
    return {
      recordId: this.id,
      office: folded.summary.office,
      author: folded.summary.holder,
      update: this.state,
      summary: folded.summary,
      ...(folded.search && { search: folded.search }),
      access: [...folded.participants].sort(),
      resequence: false,
      entries,
    };
  }
}
