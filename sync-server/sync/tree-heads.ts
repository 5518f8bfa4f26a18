import type { SignedTreeHead } from '@doc/tree-head.ts';
import type { LogSigner } from '../auth/log-key.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * The latest signed head of the server's Merkle log, for every sync response
 * (docs/decisions/0003-merkle-log.md). A head is signed once per size: the
 * root is read (O(log n) lookups) for each response and signed again only
 * when the log grew (or, were the database changed under the running server,
 * when the root differs), so a storm of idle syncs costs no signatures.
 */

export interface TreeHeads {
  latest(): Promise<SignedTreeHead>;
  /** The head and the proof that the log of `deviceSize` leaves is a prefix of it. */
  forDevice(deviceSize: number): Promise<{
    readonly treeHead: SignedTreeHead;
    readonly consistency: readonly Uint8Array[];
  }>;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function createTreeHeads(
  storage: ServerStorage,
  signer: LogSigner,
  now: () => number,
): TreeHeads {
  let signed: SignedTreeHead | null = null;
  const latest = async (): Promise<SignedTreeHead> => {
    const tree = await storage.logTree();
    if (signed === null || signed.size !== tree.size || !sameBytes(signed.root, tree.root))
      signed = signer.sign({ size: tree.size, root: tree.root, time: now() });
    return signed;
  };
  return {
    latest,
    async forDevice(deviceSize) {
      const treeHead = await latest();
      // A device at 0 has nothing to prove; one past the head learns it shrank from the head.
      const consistency =
        deviceSize > 0 && deviceSize < treeHead.size
          ? await storage.logConsistency(deviceSize, treeHead.size)
          : [];
      return { treeHead, consistency };
    },
  };
}
