import { useEffect, useState } from 'react';
import { localNetworkPermission, type PermissionsLike } from '../services/local-network.ts';

/**
 * The Local Network Access permission's state (`granted`, `denied`, `prompt`), asked for
 * each time `wanted` turns true and followed while it stays so (a person who allows it
 * in the site settings sees the hint go); null while not wanted, before the answer, and
 * where the browser has no such permission.
 */
export function useLocalNetworkPermission(
  permissions: PermissionsLike | undefined,
  wanted: boolean,
): string | null {
  const [state, setState] = useState<string | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    let unfollow = () => {};
    void localNetworkPermission(permissions).then((status) => {
      if (!live || status === null) return;
      const changed = () => setState(status.state);
      changed();
      status.addEventListener?.('change', changed);
      unfollow = () => status.removeEventListener?.('change', changed);
    });
    return () => {
      live = false;
      unfollow();
      // Not followed any more: asked afresh the next time it is wanted.
      setState(null);
    };
  }, [permissions, wanted]);
  return state;
}
