import type { Directory, Office } from '@domain/directory.ts';
import type { OfficeId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import { parseDirectoryFile } from '../directory/directory-file.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { PushHub } from '../sync/push-hub.ts';
import { officeNamed } from './relay-identity.ts';
import { changedPeople, switchDirectory, type LiveDirectory } from '../directory/live-directory.ts';
import { SESSION_ENDED, type Upstream } from './upstream-calls.ts';

/**
 * The district's directory at an office relay (people, offices, designations):
 * taken at each upstream run while the WAN is up, as the district serves it to
 * its devices (GET /api/directory; `304` while unchanged), and applied at once
 * to everything at the relay that reads it (sign-in checks, scope, validation),
 * without a restart. Kept in relay-state.json, so a relay started with the WAN
 * down starts from the newest one it took. A directory the district sends that
 * is not one, or does not hold the relay's office, is not taken: the relay keeps
 * the one it has and logs why (once while the district sends the same); nor is
 * one older (a lower `version`) than the one it has.
 */

/**
 * `json` as the relay's directory, or why not: a directory (the shape a directory
 * file has, docs/directory-format.md) that holds the relay's office (`office`: its
 * id or code, as the district names a relay's account). Kept as the district sent
 * it, so fields of a newer district reach the relay's tablets too.
 */
export function relayDirectoryOf(
  json: unknown,
  office: string,
): { readonly directory: Directory; readonly office: Office } | { readonly refused: string } {
  const parsed = parseDirectoryFile(json);
  if (!parsed.ok)
    return { refused: `it is not a directory (${parsed.error.slice(0, 3).join('; ')})` };
  const found = officeNamed(parsed.value.directory, office);
  if (found === undefined) return { refused: `it has no office "${office}", the relay's own` };
  return { directory: json as Directory, office: found };
}

/**
 * `taken`, unless its version is older than the relay's: a district of several
 * instances restarted one at a time can answer an older directory between newer
 * ones, and taking it would end the sessions of the people added since.
 */
function newerDirectory(
  taken: ReturnType<typeof relayDirectoryOf>,
  held: Directory,
): ReturnType<typeof relayDirectoryOf> {
  if ('refused' in taken || taken.directory.version >= held.version) return taken;
  return {
    refused: `its version ${taken.directory.version} is older than the relay's ${held.version}`,
  };
}

/**
 * The directory the district sent at the relay's start, against the one it kept
 * (null: its first start), taken as a run takes one: refused when it is not one, lacks
 * the relay's office, or is older than the kept one; `pullAgain` when someone joined
 * the office while the relay was off (what was sent to them before is at log
 * positions it had passed, as in applyDirectory).
 */
export function directoryAtStart(
  json: unknown,
  office: string,
  kept: Directory | null,
): { readonly directory: Directory; readonly pullAgain: boolean } | { readonly refused: string } {
  const sent = relayDirectoryOf(json, office);
  if (kept === null || 'refused' in sent)
    return 'refused' in sent ? sent : { directory: sent.directory, pullAgain: false };
  const taken = newerDirectory(sent, kept);
  if ('refused' in taken) return taken;
  const { joined } = changedPeople(kept, taken.directory, taken.office.id);
  return { directory: taken.directory, pullAgain: joined };
}

export interface DirectoryDeps extends Upstream {
  readonly ctx: {
    readonly storage: ServerStorage;
    readonly hub: Pick<PushHub, 'closePeople' | 'announceDirectory'>;
  };
  readonly office: OfficeId;
  readonly directory: LiveDirectory;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** The ETag of the district's directory last answered ('' at start: the first run takes it whole). */
  directoryTag: string;
  /** Why the district's directory was last not taken, logged once while it lasts (null: none). */
  directoryRefused: string | null;
}

/**
 * Kept in the relay's state file; `pullAgain`: in the same write, its pull position
 * set back to 0, so the next exchange pulls the office's scope from the start.
 */
export type KeepDirectory = (directory: Directory, pullAgain: boolean) => Promise<void>;

/**
 * Takes the district's directory if it changed: kept first (`keep`: the relay's
 * state file), then in the relay's storage and for everything at the relay; the
 * sessions at the relay of people no longer in it end (at the district, they
 * ended when its directory dropped them). When someone joins the relay's office
 * (added to it, or transferred into it), the relay pulls its scope again from the
 * start: what was sent to them before they joined is at log positions the relay
 * had passed (what it holds already is stored nothing again). Null when done, or when the district's
 * directory is not taken (logged); else why the district could not be asked
 * (SESSION_ENDED: the relay's session there ended).
 */
export async function refreshDirectory(
  deps: DirectoryDeps,
  token: string,
  keep: KeepDirectory,
): Promise<string | null> {
  let res: Response;
  let body: unknown;
  try {
    res = await deps.fetch(deps.url + API.directory, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(deps.directoryTag === '' ? {} : { 'if-none-match': deps.directoryTag }),
      },
    });
    if (res.status === 401) return SESSION_ENDED;
    if (res.status === 304) return null;
    body = res.ok ? await res.json().catch(() => undefined) : undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const before = deps.directory.get();
  const taken = res.ok
    ? newerDirectory(relayDirectoryOf(body, deps.office), before)
    : { refused: `the district answered HTTP ${res.status}` };
  if ('refused' in taken) {
    if (deps.directoryRefused !== taken.refused)
      deps.log(
        `relay: the district's directory is not taken: ${taken.refused}; the relay keeps the one it has`,
      );
    deps.directoryRefused = taken.refused;
    // The same directory is not asked for whole again (a changed one is); what was not
    // JSON (a body cut short, a proxy's page) is.
    if (res.ok && body !== undefined) deps.directoryTag = res.headers.get('etag') ?? '';
    return null;
  }
  deps.directoryRefused = null;
  if (JSON.stringify(before) !== JSON.stringify(taken.directory)) {
    await applyDirectory(deps, before, taken.directory, keep);
  }
  deps.directoryTag = res.headers.get('etag') ?? '';
  return null;
}

async function applyDirectory(
  deps: DirectoryDeps,
  before: Directory,
  next: Directory,
  keep: KeepDirectory,
): Promise<void> {
  const { added, removed, moved, changed, joined } = changedPeople(before, next, deps.office);
  await keep(next, joined);
  await deps.ctx.storage.saveDirectory(next);
  await switchDirectory({ ...deps.ctx, now: deps.now }, deps.directory, next, { removed, changed });
  const transfers = moved.map((m) => `${m.id} (${m.from} -> ${m.to})`);
  deps.log(
    `relay: took the district's directory (version ${before.version} -> ${next.version}): ` +
      `added ${added.join(', ') || 'nobody'}; transferred ${transfers.join(', ') || 'nobody'}; ` +
      `removed ${removed.join(', ') || 'nobody'}` +
      (joined ? `; pulls the office's files again from the start for who joined it` : ''),
  );
}
