// A judging worker's entry (judge-pool.ts): plain JavaScript, so Node can start it
// without a loader. A TypeScript task module named in workerData (judge-worker.ts, or a
// test's wrapper around it) is loaded through tsx, registered first; a plain JavaScript
// one (a bundle of judge-worker.ts, as the tests' in-process servers use) without it.
import { workerData } from 'node:worker_threads';

if (/\.[cm]?tsx?$/.test(workerData.module)) {
  const { register } = await import('tsx/esm/api');
  register();
}
const task = await import(workerData.module);
export default task.default;
