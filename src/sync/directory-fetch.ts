import { parseDirectory } from '@domain/directory-parse.ts';
import { API } from '@protocol/api.ts';
import { AnswerTooLarge, readCapped } from '@protocol/transport.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';
import type { SyncTransportDeps } from './transport.ts';

/**
 * The directory (people, offices, roles) as it changes, not only at sign-in: after
 * a sync, the tablet asks GET /api/directory of the server it synced with (the
 * district, or its office relay) with the ETag of the one it holds; unchanged, the
 * answer is a 304 and nothing. A new one is kept only when it is a directory
 * (domain/directory-parse.ts) whose version is not lower than the held one's
 * (storage/session/kept-directory.ts); the screens read it from there.
 */

export type DirectoryFetch =
  /**
   * A new directory was kept; `pullAgain`: it widened the signed-in person's scope
   * (a transfer), and their next sync pulls it from the start (pull-again.ts).
   */
  | { readonly kind: 'kept'; readonly version: number; readonly pullAgain?: true }
  /** 304, or the same directory as the held one. */
  | { readonly kind: 'unchanged' }
  /**
   * Not taken, the held directory unchanged: older than it, not a directory, not JSON
   * (a captive portal's page) or larger than MAX_DIRECTORY_BYTES. The ETag it came
   * with (not a non-JSON one's) is asked with from now on, so it is not taken whole again.
   */
  | { readonly kind: 'refused'; readonly detail: string }
  /**
   * The server could not be asked, answered an error, or the store failed: asked again
   * after DIRECTORY_RETRY_MS (directory-schedule.ts).
   */
  | { readonly kind: 'failed'; readonly detail: string };

/**
 * A directory answer larger than this is refused unread: a district's people and
 * offices come to a few hundred kilobytes; a broken or hostile server must not fill
 * a cheap tablet's memory.
 */
export const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

type Port = Pick<SyncPort, 'directoryTag' | 'keepDirectory' | 'refuseDirectory'>;

/**
 * The engine's schedule for the directory (engine.ts), handed to each sync: whether
 * it is due at the end of this run (asked at most every DIRECTORY_EVERY_MS); `ask` is
 * handed the request, which the engine makes once the run has settled, beside the
 * syncs after it (neither Synced nor a sync asked for meanwhile waits for it).
 */
export interface DirectorySchedule {
  readonly due: () => boolean;
  readonly ask: (fetch: (signal: AbortSignal) => Promise<DirectoryFetch>) => void;
}

/**
 * At the end of a synced run: the directory's request handed to the engine, when due.
 * Never fails the run: a directory that cannot be had now is asked for again later.
 */
export function askDirectoryWhenDue(
  deps: SyncTransportDeps & { readonly port: Port; readonly directory?: DirectorySchedule },
  token: string,
): void {
  if (deps.directory?.due() === true)
    deps.directory.ask((signal) => refreshDirectory(deps, token, signal));
}

/** Never throws: a directory that cannot be had now leaves the held one as it is. */
export async function refreshDirectory(
  deps: SyncTransportDeps & { readonly port: Port },
  token: string,
  signal?: AbortSignal,
): Promise<DirectoryFetch> {
  const { port } = deps;
  if (port.directoryTag === undefined || port.keepDirectory === undefined)
    return { kind: 'unchanged' };
  let text: string;
  let tag: string | null;
  try {
    const held = await port.directoryTag();
    const res = await deps.fetch(deps.baseUrl + API.directory, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(held === null ? {} : { 'if-none-match': held }),
      },
      signal,
    });
    if (res.status === 304) return { kind: 'unchanged' };
    if (!res.ok) return { kind: 'failed', detail: `HTTP ${res.status}` };
    tag = res.headers.get('etag');
    try {
      text = new TextDecoder().decode(await readCapped(res, MAX_DIRECTORY_BYTES));
    } catch (e) {
      if (!(e instanceof AnswerTooLarge)) throw e;
      return await refused(port, tag, `larger than ${MAX_DIRECTORY_BYTES} bytes`);
    }
  } catch (e) {
    return { kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a captive portal's page): refused, and asked again after the usual wait.
    return { kind: 'refused', detail: 'not JSON' };
  }
  const parsed = parseDirectory(body);
  if (!parsed.ok)
    return await refused(port, tag, `not a directory: ${parsed.error.slice(0, 3).join('; ')}`);
  // What was checked is kept, not the body: fields the check does not know stay out.
  const directory = parsed.value;
  try {
    const kept = await port.keepDirectory(directory, tag);
    if (kept === 'older')
      return await refused(port, tag, `version ${directory.version} is older than the held one`);
    if (kept === 'same') return { kind: 'unchanged' };
    const version = directory.version;
    return kept === 'widened'
      ? { kind: 'kept', version, pullAgain: true }
      : { kind: 'kept', version };
  } catch (e) {
    return { kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A directory not taken: its ETag is asked with If-None-Match from now on, so the
 * same answer is not downloaded again (as an office relay does, relay-directory.ts);
 * a changed one is. The held directory stays.
 */
async function refused(port: Port, tag: string | null, detail: string): Promise<DirectoryFetch> {
  if (tag !== null) await port.refuseDirectory?.(tag).catch(() => undefined);
  return { kind: 'refused', detail };
}
