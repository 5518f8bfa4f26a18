import { fork } from 'node:child_process';
import { asDeviceId } from '@domain/ids.ts';
import { perDocReconnect, prepareClientDocs, type PerDocMode } from '../baseline/client.ts';
import { readDocsFile } from '../baseline/docs-file.ts';
import * as Y from 'yjs';
import { createHttpFetch } from './http-fetch.ts';
import { pullAll } from './wire.ts';

/**
 * The storm's lean clients, run in a process of their own (forked by
 * runStormClients, this file is also the child's script). In the benchmark
 * process they shared a heap of hundreds of MiB with the office, the week and
 * the links that ran before them, and garbage collection of that heap was
 * counted as storm time: 300 pulls took 6.1 s of client CPU there against
 * 1.7 s in a fresh process. A district's devices are separate machines; a
 * fresh process for each side's devices is the nearer model, and it treats
 * both servers alike.
 */

export type StormClients =
  | {
      readonly kind: 'patravali';
      readonly sessions: readonly {
        readonly origin: string;
        readonly token: string;
        readonly deviceId: string;
      }[];
      readonly cursor: number;
    }
  | {
      readonly kind: 'perdoc';
      readonly url: string;
      /** The devices' documents (writeDocsFile); every device holds the same. */
      readonly docsFile: string;
      readonly devices: number;
      readonly mode: PerDocMode;
    };

export interface StormClientsResult {
  readonly seconds: number;
  /** Each device's time from the start until it was caught up, in ms. */
  readonly latencies: number[];
  /** CPU seconds of the clients' process during the storm. */
  readonly clientCpu: number;
}

type ToChild = { readonly start: StormClients } | 'go';
type FromChild = 'ready' | { readonly done: StormClientsResult } | { readonly failed: string };

const NODE_ARGS = ['--import', 'tsx', '--max-old-space-size=4096'];

/**
 * Forks the clients, lets them prepare, then calls `started` and lets them all
 * go at once; resolves with their timings when every device is done.
 */
export function runStormClients(
  clients: StormClients,
  started: () => void,
): Promise<StormClientsResult> {
  const child = fork(new URL(import.meta.url).pathname, [], {
    execArgv: NODE_ARGS,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<StormClientsResult>((resolve, reject) => {
    child.on('message', (msg: FromChild) => {
      if (msg === 'ready') {
        started();
        child.send('go' satisfies ToChild);
      } else if ('done' in msg) {
        resolve(msg.done);
        child.disconnect();
      } else {
        reject(new Error(`storm clients failed: ${msg.failed}`));
        child.disconnect();
      }
    });
    child.on('exit', (code) => reject(new Error(`storm clients exited with ${code}`)));
    child.send({ start: clients } satisfies ToChild);
  });
}

async function prepare(clients: StormClients): Promise<(() => Promise<unknown>)[]> {
  if (clients.kind === 'patravali') {
    const httpFetch = createHttpFetch();
    return clients.sessions.map((s) => {
      const session = { ...s, deviceId: asDeviceId(s.deviceId), fetch: httpFetch };
      return () => pullAll(session, clients.cursor);
    });
  }
  const docs = new Map<string, Y.Doc>();
  for (const [id, state] of readDocsFile(clients.docsFile)) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    docs.set(id, doc);
  }
  const prepared = prepareClientDocs(docs, true);
  return Array.from(
    { length: clients.devices },
    () => () => perDocReconnect(clients.url, prepared, clients.mode),
  );
}

async function run(runs: readonly (() => Promise<unknown>)[]): Promise<StormClientsResult> {
  const cpuBefore = process.cpuUsage();
  const t0 = performance.now();
  const latencies = await Promise.all(
    runs.map(async (r) => {
      await r();
      return performance.now() - t0;
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    seconds: (performance.now() - t0) / 1000,
    latencies,
    clientCpu: (cpu.user + cpu.system) / 1e6,
  };
}

function childMain(): void {
  let runs: (() => Promise<unknown>)[] = [];
  const send = (msg: FromChild): void => {
    process.send?.(msg);
  };
  const fail = (e: unknown): void => send({ failed: e instanceof Error ? e.message : String(e) });
  process.on('message', (msg: ToChild) => {
    if (msg === 'go') {
      run(runs).then((done) => send({ done }), fail);
    } else {
      prepare(msg.start).then((r) => {
        runs = r;
        send('ready');
      }, fail);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send !== undefined && process.argv[1] === new URL(import.meta.url).pathname)
  childMain();
