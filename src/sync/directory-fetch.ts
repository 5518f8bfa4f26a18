import type { Directory } from '@domain/directory.ts';
import { parseDirectory } from '@domain/directory-parse.ts';
import { API } from '@protocol/api.ts';
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
  /** A new directory was kept. */
  | { readonly kind: 'kept'; readonly version: number }
  /** 304, or the same directory as the held one. */
  | { readonly kind: 'unchanged' }
  /** Not taken, nothing changed: older than the held one, or not a directory. */
  | { readonly kind: 'refused'; readonly detail: string }
  /** The server could not be asked, answered an error, or the store failed: asked again later. */
  | { readonly kind: 'failed'; readonly detail: string };

type Port = Pick<SyncPort, 'directoryTag' | 'keepDirectory'>;

/** Never throws: a directory that cannot be had now leaves the held one as it is. */
export async function refreshDirectory(
  deps: SyncTransportDeps & { readonly port: Port },
  token: string,
  signal?: AbortSignal,
): Promise<DirectoryFetch> {
  const { port } = deps;
  if (port.directoryTag === undefined || port.keepDirectory === undefined)
    return { kind: 'unchanged' };
  let body: unknown;
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
    body = await res.json();
  } catch (e) {
    return { kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
  const parsed = parseDirectory(body);
  if (!parsed.ok)
    return { kind: 'refused', detail: `not a directory: ${parsed.error.slice(0, 3).join('; ')}` };
  // Kept as sent, so fields of a newer server reach the screens of a newer app.
  const directory = body as Directory;
  try {
    const kept = await port.keepDirectory(directory, tag);
    if (kept === 'older')
      return { kind: 'refused', detail: `version ${directory.version} is older than the held one` };
    return kept === 'kept' ? { kind: 'kept', version: directory.version } : { kind: 'unchanged' };
  } catch (e) {
    return { kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
  }
}
