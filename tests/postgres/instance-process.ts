import { fork, type ChildProcess } from 'node:child_process';
import { forkModule } from '../server-bundle.ts';

/**
 * A server instance in its own process (the benchmark's server script: the real
 * buildServer, configured from its environment), so a test can kill it outright
 * (SIGKILL by its pid: no graceful close, connections and transactions cut).
 */

export interface InstanceProcess {
  readonly origin: string;
  readonly pid: number;
  /** SIGKILL, as a crashed machine: nothing is flushed or closed. */
  kill(): Promise<void>;
  /** A graceful close (what a deployment's rolling restart does). */
  stop(): Promise<void>;
}

export async function startInstance(env: Record<string, string>): Promise<InstanceProcess> {
  const { module, execArgv } = forkModule('server-process');
  const child: ChildProcess = fork(module, [], {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (msg) => {
      const p = (msg as { port?: unknown }).port;
      if (typeof p === 'number') resolve(p);
      else reject(new Error(`unexpected message ${JSON.stringify(msg)}`));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const pid = child.pid ?? 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    pid,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.send('close');
      await exited;
    },
  };
}
