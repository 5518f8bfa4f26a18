import { checkTreeHead, type HeadAnswer, type LogAlarm } from '@doc/log-check.ts';
import { decodeB64url, encodeB64url } from '@doc/signature.ts';
import { LOG_KEY_BYTES, type SignedTreeHead } from '@doc/tree-head.ts';
import { nodeVerifier } from '../auth/device-keys.ts';
import { keptJson } from './relay-state.ts';

/**
 * What an office relay keeps of its district's Merkle log (decision 0010,
 * amendment 2), in `relay-district-log.json` in its data directory: the
 * district's log key, taken from the relay's first sign-in answer that names one
 * and never replaced; the last tree head it verified; and the alarm standing, if
 * any. Every upstream sync answer is checked with the tablets' own check
 * (src/doc/log-check.ts) before anything of it is applied: its head must verify
 * under the kept key and extend the kept head (consistency proof). A failed
 * check keeps nothing of the answer; the alarm is logged once while it stands,
 * kept (so `/healthz` says it after a restart too) and ended by the first answer
 * that checks again. A sign-in answer naming another key is the alarm
 * `keyChanged`: the kept key stays, so the district's answers fail the check
 * until it signs with the kept key again. While an alarm stands the relay tells
 * the district nothing of its tablets' (no sign-ins, pushes, registrations) and
 * takes nothing from it but the answer to a check (upstream.ts, relay-sign-in.ts).
 * While no key is kept (the district could not be asked yet, or names none) that
 * is said once in the log and in `/healthz` as `noKey`.
 */

export const DISTRICT_LOG_FILE = 'relay-district-log.json';

/** The check's alarms, and a sign-in answer that names another key than the kept one. */
export type DistrictLogAlarm = LogAlarm | 'keyChanged';

export interface DistrictLogTrouble {
  readonly alarm: DistrictLogAlarm;
  /** When it was first found (the relay's clock, ms), kept while it stands. */
  readonly since: number;
}

/** What `/healthz` says: the alarm standing, or that no key is kept to check by. */
export interface DistrictLogReport {
  readonly alarm: DistrictLogAlarm | 'noKey';
  readonly since: number;
}

/** A tree head as kept in the file: its bytes in base64url. */
interface KeptHead {
  readonly size: number;
  readonly root: string;
  readonly time: number;
  readonly sig: string;
}

interface Kept {
  /** The district's log key, base64url raw Ed25519; null until a sign-in names one. */
  readonly key: string | null;
  readonly head: KeptHead | null;
  readonly alarm: DistrictLogTrouble | null;
}

export interface DistrictLog {
  /** The log key a sign-in answer of the district named (undefined: none, an older district). */
  takeKey(logKey: string | undefined, now: number): Promise<void>;
  /** Whether a key is kept (none: nothing can be checked yet). */
  hasKey(): boolean;
  /** The kept key (base64url), given to tablets as the district's; undefined while none. */
  keptKey(): string | undefined;
  /** No key could be had at this try: logged once, and `report()` says `noKey` until one is kept. */
  missingKey(now: number): void;
  /** The size of the last head verified: the request's `logSize`, so the answer proves from it. */
  logSize(): number;
  /**
   * Checks an answer before anything of it is applied: true when it may be applied
   * (its head is then kept); false when nothing of it may be (the alarm kept and logged).
   */
  check(answer: HeadAnswer, now: number): Promise<boolean>;
  /** The alarm standing, or null. */
  trouble(): DistrictLogTrouble | null;
  /** For `/healthz`: the alarm standing, else `noKey` once `missingKey` said so, else null. */
  report(): DistrictLogReport | null;
}

/** base64url characters of a 32-byte key. */
const KEY_CHARS = 43;

const WHY: Record<DistrictLogAlarm, string> = {
  headSignature: "its tree head is not signed by the district's log key the relay kept",
  headMissing: 'its answer carries no tree head, and the relay keeps its log key',
  logShrank: 'its tree head is smaller than the one the relay verified',
  logRootChanged:
    'its tree head has the size of the one the relay verified and another root: its history was rewritten',
  logInconsistent:
    'its consistency proof does not show the log the relay verified as the start of its log',
  keyChanged: "its sign-in names another log key than the district's the relay kept",
};

const keptHead = (h: SignedTreeHead): KeptHead => ({
  size: h.size,
  root: encodeB64url(h.root),
  time: h.time,
  sig: encodeB64url(h.sig),
});

function headOf(k: KeptHead | null): SignedTreeHead | null {
  if (k === null) return null;
  const root = decodeB64url(k.root, 43);
  const sig = decodeB64url(k.sig, 86);
  return root === null || sig === null ? null : { size: k.size, root, time: k.time, sig };
}

export function openDistrictLog(dataDir: string, log: (line: string) => void): DistrictLog {
  const kept = keptJson<Kept>(dataDir, DISTRICT_LOG_FILE, { key: null, head: null, alarm: null });
  const verify = nodeVerifier();
  /** Since when no key could be had (in memory: the next try after a restart says it again). */
  let noKeySince: number | null = null;
  const standing = kept.get().alarm;
  // A relay restarted with an alarm standing says so at once, not only in /healthz.
  if (standing !== null)
    log(
      `relay: ALARM standing since ${new Date(standing.since).toISOString()} (${standing.alarm}: ${WHY[standing.alarm]}); ` +
        'nothing the district answers is applied while it lasts',
    );

  /** Keeps the alarm, logged once while it stands; `keyChanged` is not renamed by what follows from it. */
  async function raise(alarm: DistrictLogAlarm, now: number): Promise<void> {
    const standing = kept.get().alarm;
    if (standing?.alarm === alarm) return;
    if (standing?.alarm === 'keyChanged' && alarm === 'headSignature') return;
    log(
      `relay: ALARM the district's log did not only grow (${alarm}: ${WHY[alarm]}); ` +
        'nothing the district answers is applied while it lasts; the relay keeps its copy and tries again',
    );
    await kept.change((k) => ({ ...k, alarm: { alarm, since: standing?.since ?? now } }));
  }

  return {
    async takeKey(logKey, now) {
      if (logKey === undefined) return;
      const { key } = kept.get();
      if (key === logKey) return;
      if (key !== null) return raise('keyChanged', now);
      if (decodeB64url(logKey, KEY_CHARS)?.length !== LOG_KEY_BYTES) {
        log(`relay: the district's sign-in names a log key that is not one (${logKey}); not kept`);
        return;
      }
      await kept.change((k) => ({ ...k, key: logKey }));
      log(
        `relay: keeping the district's log key ${logKey}; its tree heads are checked from now on`,
      );
    },
    hasKey: () => kept.get().key !== null,
    keptKey: () => kept.get().key ?? undefined,
    missingKey(now) {
      if (kept.get().key !== null || noKeySince !== null) return;
      noKeySince = now;
      log(
        'relay: no log key of the district is kept (it could not be asked, or names none): its answers are not checked until it names one; asked again at the next runs',
      );
    },
    logSize: () => kept.get().head?.size ?? 0,
    async check(answer, now) {
      const { key, head, alarm } = kept.get();
      // The district always sends a head: with a key kept, one missing is an alarm even
      // before any head was kept (the tablets' check takes it while they kept none).
      if (key !== null && answer.treeHead === undefined) {
        await raise('headMissing', now);
        return false;
      }
      const logKey = key === null ? null : decodeB64url(key, KEY_CHARS);
      const verdict = checkTreeHead(headOf(head), answer, logKey, verify);
      if (!verdict.ok) {
        await raise(verdict.alarm, now);
        return false;
      }
      if (verdict.head === null && alarm === null) return true;
      await kept.change((k) => ({
        ...k,
        ...(verdict.head === null ? {} : { head: keptHead(verdict.head) }),
        alarm: null,
      }));
      if (alarm !== null)
        log(
          `relay: the district's log checks again (${alarm.alarm} ended; its head has ${verdict.head?.size ?? 0} entries); its answers are applied`,
        );
      return true;
    },
    trouble: () => kept.get().alarm,
    report() {
      const { key, alarm } = kept.get();
      if (alarm !== null) return alarm;
      return key === null && noKeySince !== null ? { alarm: 'noKey', since: noKeySince } : null;
    },
  };
}
