import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '../db/db.ts';

/**
 * The "practice offline" switch of trainer mode: while on, this device's sync
 * is paused (src/ui/services/practice-offline.ts pauses the engine).
 *
 * What is stored where: kv `practiceOffline` (boolean), per device, not per
 * person — it survives reload and sign-out, like pulling the network cable would.
 */

export async function isPracticeOffline(db: PatravaliDb): Promise<boolean> {
  return (await readKv<boolean>(db, KV_KEYS.practiceOffline)) === true;
}

export async function setPracticeOffline(db: PatravaliDb, on: boolean): Promise<void> {
  await writeKv(db, KV_KEYS.practiceOffline, on);
}
