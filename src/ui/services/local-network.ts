import type { SyncStatus } from '@sync/status.ts';

/**
 * Chrome's Local Network Access (Chrome 142+; docs/RELAY.md section 6). A page that came
 * from the district's public address and stays open while the tablets' one host name
 * starts resolving to the office relay's private address needs the person's permission
 * for its requests there: Chrome asks, or, once refused, fails them as any network
 * failure does (a TypeError "Failed to fetch"; only the console names the permission).
 * The page cannot tell the two apart from the request, so the sync light asks the
 * browser for the permission's state when this tablet's own address did not answer.
 */

/** What navigator.permissions.query answers; only `state` and its change are read. */
export interface PermissionStatusLike {
  readonly state: string;
  addEventListener?(type: 'change', listener: () => void): void;
  removeEventListener?(type: 'change', listener: () => void): void;
}

/** navigator.permissions, or a test's stand-in. */
export interface PermissionsLike {
  query(descriptor: { readonly name: string }): Promise<PermissionStatusLike>;
}

/**
 * The permission's names, newest first: `local-network` (Chrome 145+, a public page's
 * requests to the LAN; the one Chromium 156 enforces for them), then
 * `local-network-access` (Chrome 142–144; kept as a name since, but a state set on it
 * alone no longer lets those requests through in Chromium 156). A browser that knows
 * neither throws on the query (not a PermissionName).
 */
export const LOCAL_NETWORK_PERMISSIONS = ['local-network', 'local-network-access'] as const;

/**
 * The Local Network Access permission's status where the browser has one, else null
 * (Firefox, Safari, Chrome before 142, no Permissions API): nothing is said then.
 */
export async function localNetworkPermission(
  permissions: PermissionsLike | undefined,
): Promise<PermissionStatusLike | null> {
  if (permissions === undefined) return null;
  for (const name of LOCAL_NETWORK_PERMISSIONS) {
    try {
      const status = await permissions.query({ name });
      if (isState(status.state)) return status;
    } catch {
      // Not a permission this browser knows: the older name, or nothing.
    }
  }
  return null;
}

function isState(state: string): state is 'granted' | 'denied' | 'prompt' {
  return state === 'granted' || state === 'denied' || state === 'prompt';
}

/** The last sync failed for the network without one answer from this tablet's own address. */
export function homeUnreachable(status: SyncStatus): boolean {
  return (
    status.state === 'offline' && status.error === 'network' && status.homeUnreachable === true
  );
}

/**
 * What the light adds to "Offline" about Local Network Access: `blocked` when the
 * person refused it (it may be why; how to allow it); nothing when it is given, not yet
 * asked (`prompt`: Chrome asks the person itself, and it is the state of every tablet
 * that was never asked, so a note would stand beside every relay that is merely off),
 * unknown, or when the tablet's address was not what failed (no network at all,
 * practice offline, the district's refusal).
 */
export function localNetworkHint(status: SyncStatus, permission: string | null): 'blocked' | null {
  if (!homeUnreachable(status)) return null;
  if (permission === 'denied') return 'blocked';
  return null;
}
