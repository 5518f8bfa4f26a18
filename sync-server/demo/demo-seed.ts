import type { Directory, Person } from '@domain/directory.ts';
import { findOffice } from '@domain/directory.ts';
import { close, diarise, note, open, park, send } from '@domain/commands.ts';
import { asDeviceId, asEventId, asOfficeId, asRecordId } from '@domain/ids.ts';
import type { DeviceId, OfficeId, PersonId } from '@domain/ids.ts';
import type { NodeSigner } from './demo-signer.ts';
import { formatDiaryNumber, formatFileNumber, sequenceKey } from '@domain/numbering.ts';
import type { Category, RecordKind } from '@domain/record.ts';
import type { CommitItem } from '../storage/types.ts';
import type { RecordRules } from '../sync/record-rules.ts';
import {
  CLOSING_REMARKS,
  FOLLOW_UP_NOTES,
  OPENING_NOTES,
  PARKING_REMARKS,
} from './demo-content.ts';
import { DemoRecord, DemoSeedError } from './demo-record.ts';
import type { EventMaker, SeedActor } from './demo-record.ts';
import { fill, planDemo } from './demo-plan.ts';
import type { DakPlan, FilePlan } from './demo-plan.ts';
import { seedRandom } from './seed-random.ts';
import type { SeedRandom } from './seed-random.ts';

/**
 * Builds the demo district's records from a fixed seed. Times are counted in
 * days back from the start of the seeding day (India time), so seeding twice
 * on one day gives byte-identical records, and on any day the pendency looks
 * the same: some files with a tehsildar for 20+ days, some just sent.
 */

export const DEMO_SEED = 20_260_401;

export interface DemoBuildDeps {
  readonly rules: RecordRules;
  readonly directory: Directory;
  /** The seed "device" number registered in each office, used in record numbers. */
  readonly deviceNumbers: ReadonlyMap<OfficeId, number>;
  readonly now: number;
  readonly seed?: number;
  /** Each person's demo device key (demoSigners of the same seed); registered before the seed is stored. */
  readonly signers: ReadonlyMap<PersonId, NodeSigner>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const IST_OFFSET_MS = 5.5 * HOUR_MS;

/** 00:00 India time on the day of `now`. */
export function startOfIndianDay(now: number): number {
  return Math.floor((now + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

/** `YYYY-MM-DD` of an instant, India time. */
const isoDay = (t: number): string => new Date(t + IST_OFFSET_MS).toISOString().slice(0, 10);
/** `DD-MM-YYYY`, as dates are written in notings. */
const writtenDay = (t: number): string => isoDay(t).split('-').reverse().join('-');

interface Seeding {
  readonly deps: DemoBuildDeps;
  readonly rng: SeedRandom;
  readonly actors: ReadonlyMap<string, DemoActor>;
  readonly counters: Map<string, number>;
  /** A time `daysAgo` days before today, within office hours. */
  at(daysAgo: number): number;
  /** `t`, but never later than the small hours of today: nothing is dated after "now". */
  beforeToday(t: number): number;
}

interface DemoActor extends SeedActor {
  readonly signer: NodeSigner;
}

function actorsOf(
  directory: Directory,
  rng: SeedRandom,
  signers: ReadonlyMap<PersonId, NodeSigner>,
): Map<string, DemoActor> {
  return new Map(
    directory.people.map((person) => {
      const signer = signers.get(person.id);
      if (signer === undefined) throw new DemoSeedError(`no demo key for "${person.id}"`);
      return [
        person.id as string,
        { person, node: rng.uuid(), clientId: rng.int(1, 2 ** 31 - 1), signer },
      ];
    }),
  );
}

function actor(s: Seeding, id: string): SeedActor {
  const a = s.actors.get(id);
  if (a === undefined) throw new DemoSeedError(`the directory has no "${id}"`);
  return a;
}

function nextNumber(s: Seeding, office: string, kind: RecordKind, category: Category, t: number) {
  const found = findOffice(s.deps.directory, asOfficeId(office));
  const deviceNumber = s.deps.deviceNumbers.get(asOfficeId(office));
  if (found === undefined || deviceNumber === undefined)
    throw new DemoSeedError(`no office or seed device for "${office}"`);
  const year = Number(isoDay(t).slice(0, 4));
  const key = sequenceKey(found.code, kind, year);
  const seq = (s.counters.get(key) ?? 0) + 1;
  s.counters.set(key, seq);
  const parts = { officeCode: found.code, year, deviceNumber, seq };
  return kind === 'file' ? formatFileNumber({ ...parts, category }) : formatDiaryNumber(parts);
}

function newRecord(s: Seeding, id: string): DemoRecord {
  return new DemoRecord(
    { rules: s.deps.rules, newEventId: () => asEventId(s.rng.uuid()) },
    asRecordId(id),
  );
}

function followUp(s: Seeding, person: Person, vars: Readonly<Record<string, string>>): string {
  return fill(
    s.rng.pick(FOLLOW_UP_NOTES[person.role] ?? FOLLOW_UP_NOTES['deskAssistant'] ?? []),
    vars,
  );
}

function buildFile(s: Seeding, plan: FilePlan): CommitItem {
  const creator = actor(s, `clerk.${plan.office}`);
  const created = s.at(plan.createdDaysAgo);
  const vars = { ...plan.vars, date: writtenDay(created - 3 * DAY_MS) };
  const number = nextNumber(s, plan.office, 'file', plan.category, created);
  const record = newRecord(s, plan.recordId);
  record.create(creator, created, {
    kind: 'file',
    number,
    subject: plan.subject,
    category: plan.category,
  });
  const opening = fill(OPENING_NOTES[plan.category], vars);
  record.act(creator, created, [(c) => note(c, { text: opening })]);
  let holder = creator;
  plan.hops.forEach((hop, k) => {
    const sentAt = s.at(hop.daysAgo);
    const to = actor(s, hop.to);
    const makers: EventMaker[] = [];
    if (hop.noteFirst) {
      const text = followUp(s, holder.person, { ...vars, date: writtenDay(sentAt - DAY_MS) });
      makers.push((c) => note(c, { text }));
    }
    const dueDate = hop.dueInDays === null ? null : isoDay(sentAt + hop.dueInDays * DAY_MS);
    makers.push((c) =>
      send(c, { to: to.person.id, remarks: hop.remarks, dueDate, priority: hop.priority }),
    );
    record.act(holder, sentAt, makers);
    holder = to;
    const last = k === plan.hops.length - 1;
    if (!(last && plan.ending === 'fresh')) {
      const openedAt = s.beforeToday(record.lastTime + s.rng.int(1, 20) * HOUR_MS);
      record.act(to, openedAt, [open]);
    }
  });
  finishFile(s, plan, record, holder);
  return record.commitItem();
}

/** What the last holder did: close it (desk), park it, or nothing yet. */
function finishFile(s: Seeding, plan: FilePlan, record: DemoRecord, holder: SeedActor): void {
  const soon = s.beforeToday(record.lastTime + s.rng.int(1, 5) * HOUR_MS);
  if (plan.ending === 'closed') {
    const remarks = s.rng.pick(CLOSING_REMARKS);
    record.act(holder, soon, [(c) => close(c, { remarks })]);
  } else if (plan.ending === 'parked') {
    const remarks = s.rng.pick(PARKING_REMARKS);
    record.act(holder, soon, [(c) => park(c, { remarks })]);
  }
}

function buildDak(s: Seeding, plan: DakPlan): CommitItem {
  const clerk = actor(s, `clerk.${plan.office}`);
  const diarised = s.at(plan.diarisedDaysAgo);
  const number = nextNumber(s, plan.office, 'receipt', plan.letter.category, diarised);
  const record = newRecord(s, plan.recordId);
  const input = {
    from: fill(plan.letter.from, plan.vars),
    letterNumber: plan.letterNumber,
    letterDate: isoDay(diarised - s.rng.int(1, 7) * DAY_MS),
    mode: plan.letter.mode,
  };
  record.create(
    clerk,
    diarised,
    {
      kind: 'receipt',
      number,
      subject: fill(plan.letter.subject, plan.vars),
      category: plan.letter.category,
    },
    [(c) => diarise(c, input)],
  );
  return record.commitItem();
}

/** A person's demo device: its id is the node of their HLCs, which a key must match. */
export interface DemoDevice {
  readonly person: PersonId;
  readonly device: DeviceId;
  readonly signer: NodeSigner;
}

/** Every demo record as a CommitItem, oldest first, numbered in that order. */
export function buildDemoRecords(deps: DemoBuildDeps): CommitItem[] {
  return buildDemo(deps).items;
}

/** The demo records and the devices (with keys) that signed them, to be registered with them. */
export function buildDemo(deps: DemoBuildDeps): {
  items: CommitItem[];
  devices: DemoDevice[];
} {
  const rng = seedRandom(deps.seed ?? DEMO_SEED);
  const today = startOfIndianDay(deps.now);
  const s: Seeding = {
    deps,
    rng,
    actors: actorsOf(deps.directory, rng, deps.signers),
    counters: new Map(),
    // Office hours, 10:00 to 17:00 India time.
    at: (daysAgo) => today - daysAgo * DAY_MS + 10 * HOUR_MS + rng.int(0, 7 * 60) * 60_000,
    beforeToday: (t) => Math.min(t, today - 2 * HOUR_MS),
  };
  const { files, dak } = planDemo(rng);
  const byAge = [...files, ...dak].sort((a, b) => age(b) - age(a));
  const items = byAge.map((plan) =>
    plan.kind === 'file' ? buildFile(s, plan) : buildDak(s, plan),
  );
  const devices = [...s.actors.values()].map((a) => ({
    person: a.person.id,
    device: asDeviceId(a.node),
    signer: a.signer,
  }));
  return { items, devices };
}

const age = (p: FilePlan | DakPlan): number =>
  p.kind === 'file' ? p.createdDaysAgo : p.diarisedDaysAgo;
