import type { Directory } from '@domain/directory.ts';
import { nodeVerifier } from '../auth/device-keys.ts';
import type { StoredDeviceKey } from '../storage/types.ts';
import { createDocRules } from './doc-rules.ts';
import type { JudgeAnswer, JudgeTask } from './judge-pool.ts';
import { judge, pushChecks } from './judge-update.ts';

/**
 * Judging one pushed update in a worker thread (judge-pool.ts). The worker keeps
 * the device keys and the directory, each sent again only when it changes (a
 * district's keys are thousands, its pushes one record each; an office relay's
 * directory changes when the district's does).
 */

const verify = nodeVerifier();
let keys: { readonly version: string; readonly list: readonly StoredDeviceKey[] } | null = null;
let held: { readonly version: string; readonly directory: Directory } | null = null;

export default function judgeTask(task: JudgeTask): JudgeAnswer {
  startedOn(task);
  return judgeStarted(task);
}

/** The time budget counts from here, not from the wait in the pool's queue. */
export function startedOn(task: JudgeTask): void {
  task.started.postMessage(null);
  task.started.close();
}

/**
 * The keys and the directory the task names, kept from this task or an earlier
 * one; null when the worker does not hold them (the pool sends them again).
 */
export function heldFor(
  task: JudgeTask,
): { readonly keys: readonly StoredDeviceKey[]; readonly directory: Directory } | null {
  if (task.deviceKeys !== undefined) keys = { version: task.keysVersion, list: task.deviceKeys };
  if (task.directory !== undefined)
    held = { version: task.directoryVersion, directory: task.directory };
  if (keys === null || keys.version !== task.keysVersion) return null;
  if (held === null || held.version !== task.directoryVersion) return null;
  return { keys: keys.list, directory: held.directory };
}

export function judgeStarted(task: JudgeTask): JudgeAnswer {
  const data = heldFor(task);
  if (data === null) return { needData: true };
  const { directory } = data;
  const checks = pushChecks(
    {
      deviceKeys: data.keys,
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
    { rules, directory, relayOffice: task.relayOffice },
    checks,
    task.receipt,
  );
  return { needData: false, verdict };
}
