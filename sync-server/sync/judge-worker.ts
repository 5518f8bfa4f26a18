import type { Directory } from '@domain/directory.ts';
import { workerData } from 'node:worker_threads';
import { nodeVerifier } from '../auth/device-keys.ts';
import type { StoredDeviceKey } from '../storage/types.ts';
import { createDocRules } from './doc-rules.ts';
import type { JudgeAnswer, JudgeTask } from './judge-pool.ts';
import { judge, pushChecks } from './judge-update.ts';

/**
 * Judging one pushed update in a worker thread (judge-pool.ts). The worker keeps
 * the directory (given at start) and the device keys (sent again only when they
 * change: a district's keys are thousands, its pushes one record each).
 */

const { directory } = workerData as { readonly directory: Directory };
const verify = nodeVerifier();
let keys: { readonly version: string; readonly list: readonly StoredDeviceKey[] } | null = null;

export default function judgeTask(task: JudgeTask): JudgeAnswer {
  startedOn(task);
  return judgeStarted(task);
}

/** The time budget counts from here, not from the wait in the pool's queue. */
export function startedOn(task: JudgeTask): void {
  task.started.postMessage(null);
  task.started.close();
}

export function judgeStarted(task: JudgeTask): JudgeAnswer {
  if (task.deviceKeys !== undefined) keys = { version: task.keysVersion, list: task.deviceKeys };
  if (keys === null || keys.version !== task.keysVersion) return { needKeys: true };
  const checks = pushChecks(
    {
      deviceKeys: keys.list,
      requireSignatures: task.requireSignatures,
    },
    task.person,
    directory,
    verify,
  );
  const rules = createDocRules(() => task.receipt.at);
  const verdict = judge(
    task.update,
    task.view,
    task.person,
    task.scope,
    { rules, directory },
    checks,
    task.receipt,
  );
  return { needKeys: false, verdict };
}
