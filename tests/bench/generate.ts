import * as Y from 'yjs';
import { appendEvents, createRecordDoc, readEvents } from '@doc/record-doc.ts';
import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import {
  createRecord,
  diarise,
  note as noteOn,
  open,
  park,
  send as sendOn,
} from '@domain/commands.ts';
import type { Outcome } from '@domain/outcome.ts';
import { RECEIPT_MODES, type RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { formatHlc } from '@domain/hlc.ts';
import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { asDeviceId, asEventId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { formatDiaryNumber, formatFileNumber } from '@domain/numbering.ts';
import { CATEGORIES, type RecordMeta, type RecordState } from '@domain/record.ts';
import {
  createProse,
  fileSubject,
  hindiNoting,
  notingLength,
  receiptSender,
  sendRemarks,
  type Prose,
} from './phrases.ts';
import { sealChange } from '@doc/seal.ts';
import { createBenchSigner, type BenchSigner } from './lib/bench-signer.ts';
import { intBetween, pick, seeded, uuidFrom, type Random } from './lib/random.ts';

/**
 * Seeded generator of realistic offices: files that travel desk → kanungo →
 * naib tehsildar → tehsildar → SDM and back with Hindi notings of 200–1,500
 * characters, and dak diarised and sent up. Every event is made by the domain
 * commands (so it passes the same rules and schema the server enforces) and
 * written into a real record document; each person's turn on a record becomes
 * one incremental Yjs update (a `Step`), exactly what that person's device
 * would push.
 */

export interface OfficeSpec {
  readonly office: OfficeId;
  readonly code: string;
  /** The file's usual path upwards; index 0 is the desk that creates files and diarises dak. */
  readonly chain: readonly PersonId[];
}

export const VIKASNAGAR: OfficeSpec = {
  office: asOfficeId('vikasnagar'),
  code: 'VKN',
  chain: ['clerk', 'kanungo', 'naib', 'tehsildar', 'sdm'].map((p) => asPersonId(`${p}.vikasnagar`)),
};

export const CHAKRATA: OfficeSpec = {
  office: asOfficeId('chakrata'),
  code: 'CKT',
  chain: [asPersonId('clerk.chakrata'), asPersonId('tehsildar.chakrata')],
};

export interface Step {
  readonly actor: PersonId;
  /** Only this turn's changes (encodeStateAsUpdate against the state before it). */
  readonly update: Uint8Array;
  readonly events: readonly RecordEvent[];
  readonly meta: RecordMeta | null;
}

export interface GenRecord {
  readonly id: RecordId;
  readonly doc: Y.Doc;
  readonly steps: Step[];
  /** Wall time of the record's latest event; the next turn comes after it. */
  lastAt: number;
}

export interface GeneratedOffice {
  readonly spec: OfficeSpec;
  readonly records: GenRecord[];
  readonly random: Random;
  readonly prose: Prose;
  /** One device per person; its id is the HLC node of everything they write. */
  readonly devices: ReadonlyMap<PersonId, DeviceId>;
  /** Each person's key on that device: everything they write is signed and chained. */
  readonly signers: ReadonlyMap<PersonId, BenchSigner>;
}

function signerOf(office: GeneratedOffice, person: PersonId): BenchSigner {
  const signer = office.signers.get(person);
  if (signer === undefined) throw new Error(`no signing key for ${person}`);
  return signer;
}

/** The office's history ends here; scenarios add their weeks after it. */
export const HISTORY_END = Date.UTC(2026, 9, 1, 12, 0);
const HISTORY_DAYS = 330;
const DAY = 86_400_000;

export function stateOf(rec: GenRecord, now: number): RecordState | null {
  const meta = rec.steps[0]?.meta;
  return meta ? foldRecord(meta, readEvents(rec.doc), now) : null;
}

/** Builds one person's turn on a record: each builder sees the state after the previous event. */
type Build = (change: RecordChange) => Outcome<unknown>;

/** A person's device clock standing at `at()` (the generator moves it between events). */
function contextOf(office: GeneratedOffice, actor: PersonId, at: () => number): ChangeContext {
  const node = office.devices.get(actor) ?? asDeviceId(actor);
  return {
    actor,
    tick: () => ({
      hlc: formatHlc({ wallMs: at(), counter: 0, node }),
      deviceTime: at(),
      clockVerified: true,
    }),
    newEventId: () => asEventId(uuidFrom(office.random)),
    now: at(),
  };
}

function turn(
  office: GeneratedOffice,
  rec: GenRecord,
  actor: PersonId,
  at: number,
  builds: readonly Build[],
  meta: RecordMeta | null = null,
): Step {
  const before = Y.encodeStateVector(rec.doc);
  const baseMeta = meta ?? rec.steps[0]?.meta ?? null;
  if (baseMeta === null) throw new Error('a turn on a record without meta');
  const existing = readEvents(rec.doc);
  // After someone else's events (a device's, stamped by its own clock), start past their time.
  const latest = foldRecord(baseMeta, existing, at).lastActivity;
  let t = Math.max(at, rec.lastAt + 1000, latest + 1000);
  const change = beginChange(
    { meta: baseMeta, events: existing },
    contextOf(office, actor, () => t),
  );
  for (const build of builds) {
    const made = build(change);
    if (!made.ok) throw new Error(`generator made an invalid event: ${made.error}`);
    // Minutes between a person's events in the past; live turns (the week, links) stay within
    // a second of each other instead, since the server refuses claims ahead of its clock.
    const gap = intBetween(office.random, 30_000, 20 * 60_000);
    t += t + gap > Date.now() ? 1000 : gap;
  }
  const sealed = sealChange(signerOf(office, actor), rec.id, baseMeta, existing, {
    meta: null,
    events: change.events,
  });
  const events = sealed.events;
  if (meta === null) appendEvents(rec.doc, events);
  rec.lastAt = t;
  const step = { actor, update: Y.encodeStateAsUpdate(rec.doc, before), events, meta };
  rec.steps.push(step);
  return step;
}

const note =
  (random: Random, prose: Prose): Build =>
  (c) =>
    noteOn(c, { text: hindiNoting(random, notingLength(random), prose) });

const send =
  (random: Random, to: PersonId): Build =>
  (c) =>
    sendOn(c, {
      to,
      remarks: sendRemarks(random),
      dueDate: random() < 0.3 ? `2026-${String(intBetween(random, 10, 12))}-15` : null,
      priority: pick(random, ['normal', 'normal', 'normal', 'urgent', 'mostUrgent'] as const),
    });

function createFile(office: GeneratedOffice, index: number, at: number): GenRecord {
  const { random, spec } = office;
  const creator = random() < 0.7 || spec.chain.length < 2 ? spec.chain[0] : spec.chain[1];
  if (creator === undefined) throw new Error('office without people');
  const id = asRecordId(uuidFrom(random));
  const category = pick(random, CATEGORIES);
  const meta = createRecord(
    beginChange(
      null,
      contextOf(office, creator, () => at),
    ),
    {
      kind: 'file',
      id,
      number: formatFileNumber({
        officeCode: spec.code,
        category,
        year: 2026,
        deviceNumber: 1,
        seq: index + 1,
      }),
      subject: fileSubject(random),
      category,
      office: spec.office,
    },
  );
  if (!meta.ok) throw new Error(`generator made invalid meta: ${meta.error}`);
  const sealed = sealChange(signerOf(office, creator), id, meta.value, [], {
    meta: meta.value,
    events: [],
  }).meta;
  if (sealed === null) throw new Error('meta was not sealed');
  const rec: GenRecord = { id, doc: createRecordDoc(sealed), steps: [], lastAt: at };
  rec.steps.push({
    actor: creator,
    update: Y.encodeStateAsUpdate(rec.doc),
    events: [],
    meta: sealed,
  });
  return rec;
}

/** The next person on the file's path: mostly up the chain, sometimes back down. */
function nextHolder(office: GeneratedOffice, holder: PersonId): PersonId {
  const { chain } = office.spec;
  const i = chain.indexOf(holder);
  const up = chain[i + 1];
  const down = chain[i - 1];
  if (up !== undefined && (down === undefined || office.random() < 0.65)) return up;
  return down ?? chain[0] ?? holder;
}

export interface WorkOptions {
  readonly sendOn: boolean;
  /** Write a noting; default: on files, mostly. */
  readonly note?: boolean;
}

/**
 * The holder's turn: open it if it just arrived, maybe write a noting, then
 * maybe send it on. Returns null when the record is not active.
 */
export function workOn(
  office: GeneratedOffice,
  rec: GenRecord,
  at: number,
  opts: WorkOptions,
): Step | null {
  const state = stateOf(rec, at);
  if (state === null || state.status !== 'active') return null;
  const { random, prose } = office;
  const builds: Build[] = [];
  if (state.awaitingOpen) builds.push(open);
  const writes = opts.note ?? (state.meta.kind === 'file' && (!opts.sendOn || random() < 0.8));
  if (writes) builds.push(note(random, prose));
  if (opts.sendOn) builds.push(send(random, nextHolder(office, state.holder)));
  if (builds.length === 0) return null;
  return turn(office, rec, state.holder, at, builds);
}

function growFile(office: GeneratedOffice, rec: GenRecord, at: number): void {
  const hops = intBetween(office.random, 0, 5);
  let t = at;
  for (let h = 0; h <= hops; h++) {
    workOn(office, rec, t, { sendOn: h < hops });
    t = rec.lastAt + intBetween(office.random, 1, 4 * 24) * 3_600_000;
  }
  const state = stateOf(rec, t);
  if (state && hops > 0 && office.random() < 0.1) {
    turn(office, rec, state.holder, t, [(c) => park(c, { remarks: 'न्यायालय के निर्णय की प्रतीक्षा' })]);
  }
}

function createReceipt(office: GeneratedOffice, index: number, at: number): GenRecord {
  const { random, spec } = office;
  const desk = spec.chain[0];
  if (desk === undefined) throw new Error('office without people');
  // Meta and the diarised event carry the same timestamp, as one click makes both.
  const change = beginChange(
    null,
    contextOf(office, desk, () => at),
  );
  const id = asRecordId(uuidFrom(random));
  const meta = createRecord(change, {
    kind: 'receipt',
    id,
    number: formatDiaryNumber({
      officeCode: spec.code,
      year: 2026,
      deviceNumber: 1,
      seq: index + 1,
    }),
    subject: fileSubject(random),
    category: pick(random, CATEGORIES),
    office: spec.office,
  });
  const diarised = diarise(change, {
    from: receiptSender(random),
    letterNumber: `${intBetween(random, 10, 999)}/${spec.code}/2026`,
    letterDate: `2026-0${intBetween(random, 1, 9)}-${String(intBetween(random, 10, 28))}`,
    mode: pick(random, RECEIPT_MODES),
  });
  if (!meta.ok || !diarised.ok) throw new Error('generator made an invalid receipt');
  const sealed = sealChange(signerOf(office, desk), id, meta.value, [], {
    meta: meta.value,
    events: [diarised.value],
  });
  if (sealed.meta === null) throw new Error('meta was not sealed');
  const rec: GenRecord = {
    id,
    doc: createRecordDoc(sealed.meta, sealed.events),
    steps: [],
    lastAt: at,
  };
  rec.steps.push({
    actor: desk,
    update: Y.encodeStateAsUpdate(rec.doc),
    events: sealed.events,
    meta: sealed.meta,
  });
  const officer = spec.chain[spec.chain.length > 3 ? 3 : spec.chain.length - 1];
  if (officer !== undefined && officer !== desk && random() < 0.7) {
    turn(office, rec, desk, at + 3_600_000, [send(random, officer)]);
    if (random() < 0.6) workOn(office, rec, rec.lastAt + DAY, { sendOn: false });
  }
  return rec;
}

export interface GenerateOptions {
  readonly spec: OfficeSpec;
  readonly records: number;
  readonly seed: number;
  /** Share of records that are dak (receipts); the rest are files. */
  readonly receiptShare?: number;
  /**
   * One more file, made after the others (so they stay as without it), whose
   * holders write this many notings as it goes up and down the chain over
   * ~40 days: the "file with 60 notings".
   */
  readonly longFile?: number;
}

/** A file that gathers `notings` notings, two per turn, before HISTORY_END. */
function createLongFile(office: GeneratedOffice, index: number, notings: number): GenRecord {
  const rec = createFile(office, index, HISTORY_END - 40 * DAY);
  let t = rec.lastAt + 3_600_000;
  for (let written = 0; written < notings; written += 2) {
    const state = stateOf(rec, t);
    if (state === null) throw new Error('the long file has no state');
    const builds: Build[] = state.awaitingOpen ? [open] : [];
    const two = Math.min(2, notings - written);
    for (let n = 0; n < two; n++) builds.push(note(office.random, office.prose));
    if (written + two < notings) builds.push(send(office.random, nextHolder(office, state.holder)));
    turn(office, rec, state.holder, t, builds);
    t = rec.lastAt + intBetween(office.random, 2, 20) * 3_600_000;
  }
  return rec;
}

/** A whole office history: `records` records created over ~11 months before HISTORY_END. */
export function generateOffice(options: GenerateOptions): GeneratedOffice {
  const random = seeded(options.seed);
  const devices = new Map(
    options.spec.chain.map((p) => [p, asDeviceId(uuidFrom(random))] as const),
  );
  const office: GeneratedOffice = {
    spec: options.spec,
    records: [],
    random,
    prose: createProse(),
    devices,
    signers: new Map(options.spec.chain.map((p) => [p, createBenchSigner()] as const)),
  };
  const start = HISTORY_END - HISTORY_DAYS * DAY;
  const spacing = ((HISTORY_DAYS - 20) * DAY) / Math.max(1, options.records);
  for (let i = 0; i < options.records; i++) {
    const at = start + Math.floor(i * spacing);
    if (random() < (options.receiptShare ?? 0.2)) {
      office.records.push(createReceipt(office, i, at));
    } else {
      const rec = createFile(office, i, at);
      growFile(office, rec, at + 3_600_000);
      office.records.push(rec);
    }
  }
  if (options.longFile !== undefined) {
    office.records.push(createLongFile(office, options.records, options.longFile));
  }
  return office;
}
