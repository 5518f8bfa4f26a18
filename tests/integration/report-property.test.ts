import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRecordDoc } from '@doc/record-doc.ts';
import { beginChange, type ChangeContext, type RecordChange } from '@domain/change.ts';
import { close, createRecord, note, open, park, pullBack, reopen, send } from '@domain/commands.ts';
import { PRIORITIES } from '@domain/events.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import { projectRecord } from '@domain/projection.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { EventId, PersonId } from '@domain/ids.ts';
import { CATEGORIES } from '@domain/record.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { buildReview, officeLookup, reviewReachOf } from '@domain/review.ts';
import type { ReviewFilter } from '@domain/review.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { pendencyReport } from '../../sync-server/reports/pendency-report.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { foldSummary } from '../../sync-server/sync/doc-rules.ts';

/**
 * The server's report (real SQLite projection, records folded by the server's
 * code) equals the device-side computation (the domain fold and buildReview
 * over the same histories), for random histories, reaches, filters and clocks.
 */

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1, 4, 30);
const PEOPLE = DEMO_DIRECTORY.people;
const root = mkdtempSync(join(tmpdir(), 'patravali-report-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Step = {
  readonly action: number;
  readonly actor: number;
  readonly to: number;
  readonly gapMs: number;
  readonly verified: boolean;
  readonly priority: number;
  readonly due: number | null;
};
type RecordSpec = {
  readonly creator: number;
  readonly receipt: boolean;
  readonly category: number;
  readonly verified: boolean;
  readonly steps: readonly Step[];
};

const stepArb: fc.Arbitrary<Step> = fc.record({
  action: fc.nat(6),
  actor: fc.nat(3),
  to: fc.nat(PEOPLE.length - 1),
  gapMs: fc.integer({ min: 0, max: 20 * DAY }),
  verified: fc.boolean(),
  priority: fc.nat(PRIORITIES.length - 1),
  due: fc.option(fc.integer({ min: -10, max: 40 }), { nil: null }),
});
const recordArb: fc.Arbitrary<RecordSpec> = fc.record({
  creator: fc.nat(PEOPLE.length - 1),
  receipt: fc.boolean(),
  category: fc.nat(CATEGORIES.length - 1),
  verified: fc.boolean(),
  steps: fc.array(stepArb, { maxLength: 8 }),
});

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Who tries the step: usually the holder, sometimes the last sender or the creator (then often refused). */
function actorOf(state: RecordState, pick: number): PersonId {
  const options = [
    state.holder,
    state.holder,
    state.hops.at(-1)?.from ?? state.holder,
    state.meta.createdBy,
  ];
  return options[pick] ?? state.holder;
}

/** Runs the step's command on the change; a refused one adds nothing. */
function command(c: RecordChange, state: RecordState, step: Step, t: number): void {
  const to = PEOPLE[step.to]?.id ?? state.holder;
  switch (step.action) {
    case 0:
      note(c, { text: 'टिप्पणी' });
      return;
    case 1:
    case 2: {
      const dueDate = step.due === null ? null : isoDay(t + step.due * DAY);
      send(c, { to, remarks: '', dueDate, priority: PRIORITIES[step.priority] ?? 'normal' });
      return;
    }
    case 3:
      open(c);
      return;
    case 4:
      pullBack(c);
      return;
    case 5:
      if (step.gapMs % 2 === 0) park(c);
      else close(c);
      return;
    default:
      reopen(c);
  }
}

/** One tick at `t` on the test's single device, as `actor`. */
function contextAt(actor: PersonId, t: number, verified: boolean, newEventId: () => EventId) {
  return {
    actor,
    tick: () => ({
      hlc: formatHlc({ wallMs: t, counter: 0, node: 'dev' }),
      deviceTime: t,
      clockVerified: verified,
    }),
    newEventId,
    now: t,
  } satisfies ChangeContext;
}

/** A record history built with the domain's commands; refused steps are skipped. */
function history(spec: RecordSpec, index: number, run: number) {
  let ids = 0;
  const newEventId = () =>
    asEventId(
      `00000000-0000-4000-8${run.toString(16).padStart(3, '0')}-${(index * 1000 + ++ids).toString(16).padStart(12, '0')}`,
    );
  const creator = PEOPLE[spec.creator] ?? PEOPLE[0];
  if (creator === undefined) throw new Error('empty directory');
  let t = START + index * DAY;
  const made = createRecord(
    beginChange(null, contextAt(creator.id, t, spec.verified, newEventId)),
    {
      kind: spec.receipt ? 'receipt' : 'file',
      id: asRecordId(
        `00000000-0000-4000-9${run.toString(16).padStart(3, '0')}-${index.toString(16).padStart(12, '0')}`,
      ),
      number: `R/${run}/${index}`,
      subject: `विषय ${index}`,
      category: CATEGORIES[spec.category] ?? 'others',
      office: creator.office,
    },
  );
  if (!made.ok) throw new Error(made.error);
  const meta: RecordMeta = made.value;
  const events: RecordEvent[] = [];
  for (const step of spec.steps) {
    t += step.gapMs + 1;
    const state = foldRecord(meta, events, t);
    const ctx = contextAt(actorOf(state, step.actor), t, step.verified, newEventId);
    const change = beginChange({ meta, events }, ctx);
    command(change, state, step, t);
    events.push(...change.events);
  }
  return { meta, events, last: t };
}

const filterArb: fc.Arbitrary<ReviewFilter> = fc.record(
  {
    category: fc.constantFrom(...CATEGORIES),
    priority: fc.constantFrom(...PRIORITIES),
    office: fc.constantFrom(...DEMO_DIRECTORY.offices.map((o) => o.id)),
    kind: fc.constantFrom('file' as const, 'receipt' as const),
  },
  { requiredKeys: [] },
);

describe('server report equals the device-side computation', () => {
  it('on random histories, reaches, filters and clocks', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 6 }),
        // Half the runs as the DM, whose district reach sees every record.
        fc.oneof(fc.constant(PEOPLE.findIndex((p) => p.role === 'dm')), fc.nat(PEOPLE.length - 1)),
        fc.oneof(
          { weight: 2, arbitrary: fc.constant<ReviewFilter>({}) },
          { weight: 3, arbitrary: filterArb },
        ),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 30 * DAY }),
        async (specs, viewer, filter, weeks, after) => {
          run++;
          const records = specs.map((s, i) => history(s, i, run));
          const now = Math.max(...records.map((r) => r.last)) + after;
          const person = PEOPLE[viewer];
          const reach = person === undefined ? null : reviewReachOf(person, DEMO_DIRECTORY);
          if (reach === null) throw new Error('every demo person has a review');

          const device = buildReview(
            records.map((r) => projectRecord(foldRecord(r.meta, r.events, now))),
            { now, officeOf: officeLookup(DEMO_DIRECTORY), reach, filter, weeks },
          );

          const storage = openSqliteStorage(join(root, `run-${run}`));
          try {
            for (const r of records) {
              const doc = createRecordDoc(r.meta, r.events);
              const update = Y.encodeStateAsUpdate(doc);
              doc.destroy();
              const folded = foldSummary(update, now);
              await storage.commit(
                [
                  {
                    recordId: r.meta.id,
                    office: r.meta.office,
                    author: r.meta.createdBy,
                    update,
                    summary: folded.summary,
                    access: folded.participants,
                    resequence: false,
                  },
                ],
                now,
              );
            }
            const server = await pendencyReport({
              storage,
              directory: DEMO_DIRECTORY,
              reach,
              viewer: asPersonId('dm.dehradun'),
              query: { filter, weeks },
              now,
            });
            expect(server.asOf).toBe(now);
            expect(server.report).toEqual(device);
          } finally {
            await storage.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
