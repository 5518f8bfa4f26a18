import { afterAll, describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { createJudgePool, type JudgeRequest } from '../../sync-server/sync/judge-pool.ts';

/**
 * The judging workers check pushes against the directory as it is now (an office
 * relay's changes while it runs, sync-server/relay/relay-directory.ts): a worker
 * is sent the directory with the keys when it does not hold that version, and
 * only then.
 */

const WORKER = new URL('../fixtures/directory-judge-worker.ts', import.meta.url);

describe('the judging workers and a directory that changes', () => {
  let directory: Directory = DEMO_DIRECTORY;
  const pool = createJudgePool({
    directory: () => directory,
    budgetMs: 60_000,
    threads: 1,
    worker: { module: WORKER },
  });
  afterAll(() => pool.close());

  const request = {
    update: { ref: 1, recordId: 'r1', update: new Uint8Array([0, 0]) },
    view: { state: new Uint8Array(0) },
    person: DEMO_DIRECTORY.people[0],
    scope: { kind: 'district' },
    receipt: { at: 1 },
    keys: { deviceKeys: [], requireSignatures: true },
  } as unknown as JudgeRequest;
  const judgedBy = async () => {
    const verdict = await pool.judge(request);
    return verdict.ok ? 'taken' : verdict.detail;
  };

  it('judges by the directory of the moment, sent to the worker once per version', async () => {
    expect(await judgedBy()).toBe(`directory ${DEMO_DIRECTORY.version}, sent`);
    expect(await judgedBy()).toBe(`directory ${DEMO_DIRECTORY.version}`);
    directory = { ...DEMO_DIRECTORY, version: 7 };
    expect(await judgedBy()).toBe('directory 7, sent');
    expect(await judgedBy()).toBe('directory 7');
  });
});
