/**
 * The counters of the hand-made sync clients (server-sync-client, signed-client,
 * confidential-client): the ids, file numbers and claimed times they make start again in
 * every test file. Files share their worker's modules (isolate: false), and each client
 * claims a time a second later per item, from 09:00 or 09:40 towards the test server's
 * clock, 10:00: carried over from the files before, a claim passed 10:05 and the server
 * refused the item as clockAhead (check-claims.ts).
 */
export interface FileCounter {
  value: number;
}

const counters: FileCounter[] = [];

/** A counter at 0, set back to 0 before every test file (restart-file-counters.ts). */
export function fileCounter(): FileCounter {
  const c = { value: 0 };
  counters.push(c);
  return c;
}

export function restartFileCounters(): void {
  for (const c of counters) c.value = 0;
}
