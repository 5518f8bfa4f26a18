import type { Priority } from '@domain/events.ts';
import type { Category } from '@domain/record.ts';
import { CATEGORIES } from '@domain/record.ts';
import { DAK_LETTERS, NAMES, SEND_REMARKS, STAFF, SUBJECTS, VILLAGES } from './demo-content.ts';
import type { DakLetter } from './demo-content.ts';
import type { SeedRandom } from './seed-random.ts';

/**
 * The shape of the demo district's work, decided before any record is built:
 * which office, head and people each file passes through, and when. About 60
 * files over the last two months (some with a tehsildar for 20+ days, some
 * just sent and unopened, a few parked or closed) and 10 letters at the desk.
 */

export type Ending = 'normal' | 'fresh' | 'stuck' | 'closed' | 'parked';

/** Who moves files in each tehsil, desk first; indices below refer to these. */
export const CHAINS: Readonly<Record<string, readonly string[]>> = {
  vikasnagar: [
    'clerk.vikasnagar',
    'kanungo.vikasnagar',
    'naib.vikasnagar',
    'tehsildar.vikasnagar',
    'sdm.vikasnagar',
    'adm.dehradun',
  ],
  chakrata: ['clerk.chakrata', 'tehsildar.chakrata'],
  tyuni: ['clerk.tyuni', 'tehsildar.tyuni'],
};

export interface Hop {
  readonly to: string;
  /** Days before today the file was sent on this hop. */
  readonly daysAgo: number;
  readonly remarks: string;
  /** Days after sending it is due, or null. */
  readonly dueInDays: number | null;
  readonly priority: Priority;
  /** The sender writes a noting before sending. */
  readonly noteFirst: boolean;
}

export interface FilePlan {
  readonly kind: 'file';
  readonly recordId: string;
  readonly office: string;
  readonly category: Category;
  readonly subject: string;
  /** Placeholder values for this file's notings. */
  readonly vars: Readonly<Record<string, string>>;
  readonly createdDaysAgo: number;
  readonly hops: readonly Hop[];
  readonly ending: Ending;
}

export interface DakPlan {
  readonly kind: 'receipt';
  readonly recordId: string;
  readonly office: string;
  readonly letter: DakLetter;
  readonly vars: Readonly<Record<string, string>>;
  readonly diarisedDaysAgo: number;
  readonly letterNumber: string;
}

const FILES_PER_OFFICE: readonly (readonly [string, number])[] = [
  ['vikasnagar', 30],
  ['chakrata', 15],
  ['tyuni', 15],
];
const DAK_PER_OFFICE: readonly (readonly [string, number])[] = [
  ['vikasnagar', 5],
  ['chakrata', 3],
  ['tyuni', 2],
];
/** Endings by file index mod 10: 12 stuck, 6 fresh, 6 closed, 6 parked, the rest in motion. */
const ENDINGS: readonly Ending[] = [
  'normal',
  'fresh',
  'normal',
  'stuck',
  'normal',
  'closed',
  'normal',
  'stuck',
  'parked',
  'normal',
];
const MAX_NOTINGS = 6;

export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

function varsFor(rng: SeedRandom, office: string): Record<string, string> {
  return {
    name: rng.pick(NAMES),
    village: rng.pick(VILLAGES[office] ?? ['—']),
    khasra: `${rng.int(101, 2480)}${rng.chance(0.3) ? `/${rng.int(1, 4)}` : ''}`,
    caseNo: `${rng.int(12, 240)}/2025`,
    staff: rng.pick(STAFF),
  };
}

/** Positions in the office chain the file visits, desk (0) first. */
function route(rng: SeedRandom, office: string, ending: Ending): number[] {
  const top = (CHAINS[office]?.length ?? 2) - 1;
  const tehsildar = Math.min(3, top);
  if (ending === 'stuck') return top === 1 ? [0, 1] : rng.chance(0.5) ? [0, 1, 2, 3] : [0, 2, 3];
  if (ending === 'closed') return top === 1 ? [0, 1, 0] : [0, 1, tehsildar, 0];
  const path = [0];
  const hops = rng.int(1, top === 1 ? 3 : 4);
  for (let i = 0; i < hops; i++) path.push(nextStop(rng, path[path.length - 1] ?? 0, top));
  return path;
}

function nextStop(rng: SeedRandom, at: number, top: number): number {
  if (top === 1) return at === 0 ? 1 : 0;
  if (at === top) return at - 1; // ADM sends back to the SDM
  if (at === 4) return rng.chance(0.3) ? 5 : 3; // SDM: up to the ADM or back to the tehsildar
  if (at >= 2 && rng.chance(0.25)) return 0; // back to the desk with instructions
  return at + 1;
}

/** When each hop happened: spread from creation to the last move, oldest first. */
function timeline(
  rng: SeedRandom,
  ending: Ending,
  hops: number,
): { start: number; days: number[] } {
  const last =
    ending === 'stuck' ? rng.int(20, 35) : ending === 'fresh' ? rng.int(1, 2) : rng.int(1, 12);
  const start = Math.min(60, last + rng.int(hops * 2, hops * 2 + 30));
  const days = Array.from({ length: hops }, (_, k) =>
    Math.round(start - ((start - last) * (k + 1)) / hops),
  );
  return { start, days };
}

function priorityFor(rng: SeedRandom, category: Category): Priority {
  if (category === 'disasterRelief' && rng.chance(0.5)) return 'urgent';
  return rng.chance(0.04) ? 'mostUrgent' : rng.chance(0.1) ? 'urgent' : 'normal';
}

function planFile(rng: SeedRandom, office: string, index: number): FilePlan {
  const category = CATEGORIES[index % CATEGORIES.length] ?? 'others';
  const ending = ENDINGS[index % ENDINGS.length] ?? 'normal';
  const vars = varsFor(rng, office);
  const chain = CHAINS[office] ?? [];
  const path = route(rng, office, ending);
  const { start, days } = timeline(rng, ending, path.length - 1);
  let notings = 1;
  const hops = path.slice(1).map((pos, k): Hop => {
    const noteFirst = k > 0 && notings < MAX_NOTINGS && rng.chance(0.65);
    if (noteFirst) notings++;
    return {
      to: chain[pos] ?? '',
      daysAgo: days[k] ?? 1,
      remarks: rng.pick(SEND_REMARKS),
      dueInDays: rng.chance(0.4) ? rng.int(5, 15) : null,
      priority: priorityFor(rng, category),
      noteFirst,
    };
  });
  return {
    kind: 'file',
    recordId: rng.uuid(),
    office,
    category,
    subject: fill(rng.pick(SUBJECTS[category]), vars),
    vars,
    createdDaysAgo: start,
    hops,
    ending,
  };
}

function planDak(rng: SeedRandom, office: string, index: number): DakPlan {
  const letter = DAK_LETTERS[index % DAK_LETTERS.length] ?? DAK_LETTERS[0];
  if (letter === undefined) throw new RangeError('no demo letters');
  return {
    kind: 'receipt',
    recordId: rng.uuid(),
    office,
    letter,
    vars: varsFor(rng, office),
    diarisedDaysAgo: rng.int(1, 10),
    letterNumber: `${rng.int(105, 990)}/${rng.pick(['आ.प्र.', 'रा.', 'स.क.', 'सा.प्र.'])}/2026`,
  };
}

/** Every demo record's plan, in a fixed order for the given random source. */
export function planDemo(rng: SeedRandom): { files: FilePlan[]; dak: DakPlan[] } {
  let i = 0;
  const files = FILES_PER_OFFICE.flatMap(([office, n]) =>
    Array.from({ length: n }, () => planFile(rng, office, i++)),
  );
  let j = 0;
  const dak = DAK_PER_OFFICE.flatMap(([office, n]) =>
    Array.from({ length: n }, () => planDak(rng, office, j++)),
  );
  return { files, dak };
}
