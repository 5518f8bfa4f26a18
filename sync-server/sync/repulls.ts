/**
 * Devices pulling everything again. A device's own pushes are left out of its
 * pulls (it holds them), except when it pulls from cursor 0: a tablet whose
 * records were wiped (a reset, revoked access) needs them back. That pull runs
 * over several pages, and only the first has cursor 0, so the device is kept
 * here from its cursor-0 request until its cursor reaches the head it started
 * at. In memory: after a restart mid-way the rest of its own rows are left out
 * as before, until it next pulls from 0.
 */
export interface Repulls {
  /** Whether this pull (cursor, head now) must include the device's own pushes. */
  includesOwn(deviceId: string, cursor: number, headSeq: number): boolean;
}

export function createRepulls(): Repulls {
  const until = new Map<string, number>();
  return {
    includesOwn(deviceId, cursor, headSeq) {
      if (cursor === 0) {
        until.set(deviceId, headSeq);
        return true;
      }
      const end = until.get(deviceId);
      if (end === undefined) return false;
      if (cursor < end) return true;
      until.delete(deviceId);
      return false;
    },
  };
}
