import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '@sync/status.ts';
import {
  localNetworkHint,
  localNetworkPermission,
  type PermissionsLike,
} from '@ui/services/local-network.ts';

/**
 * Chrome's Local Network Access permission, asked for where the browser has it, and
 * what the sync light says of it (src/ui/services/local-network.ts, docs/RELAY.md
 * section 6). The permissions object is a stand-in for navigator.permissions.
 */

/** A browser knowing the permissions named, in the states given; any other name throws. */
function permissions(states: Record<string, string>): PermissionsLike & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    query({ name }) {
      asked.push(name);
      const state = states[name];
      // As Chromium: an unknown name is not a PermissionName (a TypeError).
      if (state === undefined)
        return Promise.reject(new TypeError(`not a PermissionName: ${name}`));
      return Promise.resolve({ state });
    },
  };
}

const MISSED: SyncStatus = {
  state: 'offline',
  pending: 2,
  lastSyncedAt: null,
  progress: null,
  error: 'network',
  homeUnreachable: true,
};

describe('the Local Network Access permission', () => {
  it("is Chrome 145's `local-network` where the browser has it", async () => {
    for (const state of ['granted', 'denied', 'prompt']) {
      const browser = permissions({ 'local-network': state, 'local-network-access': 'granted' });
      expect((await localNetworkPermission(browser))?.state).toBe(state);
      expect(browser.asked).toEqual(['local-network']);
    }
  });

  it('is `local-network-access` in a Chrome that knows only that name (142 to 144)', async () => {
    const browser = permissions({ 'local-network-access': 'denied' });
    expect((await localNetworkPermission(browser))?.state).toBe('denied');
    expect(browser.asked).toEqual(['local-network', 'local-network-access']);
  });

  it('is unknown in a browser without it, without a Permissions API, or with a state it does not name', async () => {
    expect(await localNetworkPermission(permissions({}))).toBeNull();
    expect(await localNetworkPermission(undefined)).toBeNull();
    expect(await localNetworkPermission(permissions({ 'local-network': 'maybe' }))).toBeNull();
    const throwsAtOnce: PermissionsLike = {
      query() {
        throw new TypeError('Illegal invocation');
      },
    };
    expect(await localNetworkPermission(throwsAtOnce)).toBeNull();
  });
});

describe('what the sync light says of it', () => {
  it('how to allow it when refused', () => {
    expect(localNetworkHint(MISSED, 'denied')).toBe('blocked');
  });

  it('nothing when given, not yet asked (Chrome asks itself) or unknown', () => {
    expect(localNetworkHint(MISSED, 'granted')).toBeNull();
    expect(localNetworkHint(MISSED, 'prompt')).toBeNull();
    expect(localNetworkHint(MISSED, null)).toBeNull();
  });

  it("nothing when the tablet's own address was not what failed", () => {
    // The device without a network, the push channel's link lost, practice offline.
    const { homeUnreachable: _, ...notHome } = MISSED;
    expect(localNetworkHint(notHome, 'denied')).toBeNull();
    // The district refused, or the address answered: not a network failure.
    expect(localNetworkHint({ ...MISSED, error: 'busy' }, 'denied')).toBeNull();
    // Syncing again, or synced: the light says nothing of a past failure.
    expect(localNetworkHint({ ...MISSED, state: 'syncing' }, 'denied')).toBeNull();
    expect(localNetworkHint({ ...MISSED, state: 'synced' }, 'denied')).toBeNull();
  });
});
