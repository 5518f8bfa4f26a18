import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Directory, Person } from '@domain/directory.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { PushedUpdate } from '@protocol/messages.ts';
import type { Scope, StoredDeviceKey } from '../storage/types.ts';
import { refuse, type PushKeys, type RecordView, type Verdict } from './judge-update.ts';
import type { Receipt } from './sync-log.ts';

/**
 * Pushed updates are judged in worker threads (issue 15): applying a Yjs update
 * is synchronous, and one crafted to be slow would otherwise hold the server's
 * only thread while every office waits. Each check has a time budget counted
 * from when a worker starts on it; past it the worker is stopped (Piscina starts
 * another) and the update is refused as too complex, with nothing stored.
 * Piscina (docs/DEPENDENCIES.md) keeps the pool, its queue and the stopping.
 */

/** One update to judge, as data a worker can be sent (no functions). */
export interface JudgeRequest {
  readonly update: PushedUpdate;
  readonly view: RecordView;
  readonly person: Person;
  readonly scope: Scope;
  readonly receipt: Receipt;
  readonly keys: PushKeys;
  /** At an office relay: its office (SyncDeps.relayOffice). */
  readonly relayOffice?: OfficeId | undefined;
}

/**
 * What a worker is sent: the device keys and the directory only when it does not
 * hold these versions (both then, as a worker new to the pool holds neither).
 */
export interface JudgeTask extends Omit<JudgeRequest, 'keys'> {
  readonly requireSignatures: boolean;
  readonly keysVersion: string;
  readonly deviceKeys?: readonly StoredDeviceKey[];
  readonly directoryVersion: string;
  readonly directory?: Directory;
  /** Told when the worker starts on this task. */
  readonly started: MessagePort;
}

/** `needData`: the worker does not hold the task's keys or directory; sent again with them. */
export type JudgeAnswer =
  { readonly needData: true } | { readonly needData: false; readonly verdict: Verdict };

export interface JudgePool {
  judge(request: JudgeRequest): Promise<Verdict>;
  close(): Promise<void>;
}

export interface JudgePoolOptions {
  /** The directory now (an office relay's changes while it runs: relay/relay-directory.ts). */
  readonly directory: () => Directory;
  /** How long one check may run (ms); see ServerConfig.checkBudgetMs. */
  readonly budgetMs: number;
  readonly threads?: number;
  /** The task module (judge-worker.ts unless a test wraps it) and more data for it. */
  readonly worker?: { readonly module: URL; readonly data?: Readonly<Record<string, unknown>> };
}

const ENTRY = new URL('./judge-worker.mjs', import.meta.url);
const TASK_MODULE = new URL('./judge-worker.ts', import.meta.url);
/** A check that needs more heap than this is refused like a slow one. */
const WORKER_HEAP_MB = 512;
/** Workers start on the first push (about a second) and stop after this long without one. */
const IDLE_MS = 30 * 60 * 1000;

/** Versions of key lists already hashed: one list serves every update of a request. */
const versions = new WeakMap<readonly StoredDeviceKey[], string>();
/** Versions of directories already hashed: one is replaced whole, never changed. */
const directoryVersions = new WeakMap<Directory, string>();

/** Changes whenever the directory is replaced by a different one. */
export function directoryVersion(directory: Directory): string {
  const known = directoryVersions.get(directory);
  if (known !== undefined) return known;
  const version = createHash('sha256').update(JSON.stringify(directory)).digest('base64url');
  directoryVersions.set(directory, version);
  return version;
}

/** Changes whenever a key is registered, revoked or replaced. */
export function keysVersion(keys: readonly StoredDeviceKey[]): string {
  const known = versions.get(keys);
  if (known !== undefined) return known;
  const hash = createHash('sha256');
  for (const k of keys) hash.update(`${k.id}\n${k.person}\n${k.revokedAt ?? ''}\n`);
  const version = hash.digest('base64url');
  versions.set(keys, version);
  return version;
}

const outOfMemory = (e: unknown): boolean =>
  e instanceof Error && (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';

export function createJudgePool(options: JudgePoolOptions): JudgePool {
  const threads = options.threads ?? Math.max(2, availableParallelism());
  const pool = new Piscina({
    filename: ENTRY.href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: IDLE_MS,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    workerData: {
      ...options.worker?.data,
      module: (options.worker?.module ?? TASK_MODULE).href,
    },
  });

  async function run(request: JudgeRequest, directory: Directory, withData: boolean) {
    const { port1, port2 } = new MessageChannel();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    port1.once('message', () => {
      if (!settled) timer = setTimeout(() => abort.abort(), options.budgetMs);
    });
    const { keys, ...rest } = request;
    const task: JudgeTask = {
      ...rest,
      requireSignatures: keys.requireSignatures,
      keysVersion: keysVersion(keys.deviceKeys),
      directoryVersion: directoryVersion(directory),
      ...(withData ? { deviceKeys: keys.deviceKeys, directory } : {}),
      started: port2,
    };
    try {
      return (await pool.run(task, { transferList: [port2], signal: abort.signal })) as JudgeAnswer;
    } catch (e) {
      const state = request.view.state;
      if (abort.signal.aborted) {
        const detail = `checking this update took longer than ${options.budgetMs} ms`;
        return { needData: false, verdict: refuse('updateTooComplex', detail, state) } as const;
      }
      if (outOfMemory(e)) {
        const detail = 'checking this update needed more memory than a check may use';
        return { needData: false, verdict: refuse('updateTooComplex', detail, state) } as const;
      }
      throw e;
    } finally {
      settled = true;
      clearTimeout(timer);
      port1.close();
    }
  }

  return {
    async judge(request) {
      // One directory for both tries: the second sends what the first named.
      const directory = options.directory();
      const first = await run(request, directory, false);
      if (!first.needData) return first.verdict;
      const second = await run(request, directory, true);
      if (second.needData)
        throw new Error('a judging worker refused the keys and directory it was sent');
      return second.verdict;
    },
    close: () => pool.destroy(),
  };
}
