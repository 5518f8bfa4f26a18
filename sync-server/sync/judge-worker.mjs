// A judging worker's entry (judge-pool.ts): plain JavaScript, so Node can start it
// without a loader; it registers tsx, then loads the TypeScript task module named in
// workerData (judge-worker.ts, or a test's wrapper around it).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const task = await import(workerData.module);
export default task.default;
