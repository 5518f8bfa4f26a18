import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import type { LetterDispatch } from '@domain/letters.ts';
import type { RegisterNumber } from '@domain/running-register.ts';
import {
  approveLetter,
  createFile,
  dispatchLetter,
  draftLetter,
  recordStateQuery,
} from '@storage/services.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';
import { createClock, eventually } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { seeded, tablet, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * The running dispatch register across an office relay (decision 0010, amendment 1):
 * Vikasnagar keeps one (the demo directory). With the WAN cut, the tehsildar
 * dispatches a letter on her tablet at the relay while the SDM, at the district on
 * mobile data, dispatches another. The relay numbers nothing of its own: its tablets
 * show no register number until the district's arrives. With the WAN back, the
 * district numbers the relay's dispatch after the SDM's, and every tablet, at the
 * relay and at the district, shows the same one number for each dispatch.
 */

/** A server the tablet harness reaches at `url` (the processes run on their own). */
const at = (url: string, dataDir: string): TestServer => ({
  origin: () => url,
  dataDir,
  restart: async () => undefined,
  close: async () => undefined,
});

describe('the running register across an office relay', () => {
  const clock = createClock(Date.now());
  const random = seeded(80);
  const dirs: { remove: () => Promise<void> }[] = [];
  const today = new Date(clock.now()).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  /** At the relay: the tehsildar dispatches, the clerk only pulls. */
  let tehsildar: Tablet;
  let clerk: Tablet;
  /** At the district: the SDM dispatches, the naib tehsildar only pulls. */
  let sdm: Tablet;
  let naib: Tablet;
  let atRelay: { file: RecordId; dispatch: string };
  let atDistrict: { file: RecordId; dispatch: string };

  /** A file of the officer's, a letter drafted, approved and dispatched there today. */
  async function dispatched(officer: Tablet, subject: string) {
    const ctx = await officer.context();
    const file = await createFile(ctx, { subject, category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    const content = {
      to: 'जिलाधिकारी, देहरादून',
      subject,
      reference: null,
      hindi: 'आख्या संलग्न है।',
      english: '',
    };
    const draft = await draftLetter(ctx, file.value.id, { template: 'report', content });
    if (!draft.ok) throw new Error(draft.error);
    expect((await approveLetter(ctx, file.value.id, draft.value)).ok).toBe(true);
    expect(
      (await dispatchLetter(ctx, file.value.id, draft.value, { mode: 'post', date: today })).ok,
    ).toBe(true);
    const d = await dispatchOn(officer, file.value.id);
    if (d === undefined) throw new Error('no dispatch');
    return { file: file.value.id, dispatch: d.eventId as string };
  }

  /** The file's dispatch as the tablet's fold has it (its log entries included). */
  async function dispatchOn(t: Tablet, file: RecordId): Promise<LetterDispatch | undefined> {
    const state = await recordStateQuery(t.db, file, clock.now());
    return state?.drafts.find((d) => d.dispatch !== null)?.dispatch ?? undefined;
  }

  /** The register number each dispatch shows on `t` (undefined: not held). */
  async function numbersOn(t: Tablet) {
    const of = async (x: { file: RecordId }) => (await dispatchOn(t, x.file))?.register;
    return { atRelay: await of(atRelay), atDistrict: await of(atDistrict) };
  }

  beforeAll(async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayDir = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayDir);
    district = await startDistrict(districtDir.path);
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    wan = await startWanProxy(district.url);
    // The test's tablets sync every 20 ms while they wait: no per-person limit at the relay.
    relay = await startRelay(relayDir.path, wan.origin, 'VKN', key, {
      PATRAVALI_SYNC_PER_MINUTE: '0',
    });
    tehsildar = tablet(at(relay.url, relayDir.path), clock, random);
    clerk = tablet(at(relay.url, relayDir.path), clock, random);
    sdm = tablet(at(district.url, districtDir.path), clock, random);
    naib = tablet(at(district.url, districtDir.path), clock, random);
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await wan?.close();
    for (const d of dirs) await d.remove();
  });

  it('tablets sign in at the relay and at the district while the WAN is up', async () => {
    for (const [t, who] of [
      [tehsildar, 'tehsildar.vikasnagar'],
      [clerk, 'clerk.vikasnagar'],
      [sdm, 'sdm.vikasnagar'],
      [naib, 'naib.vikasnagar'],
    ] as const) {
      expect(await t.signIn(who)).toMatchObject({ ok: true, online: true });
      expect(await t.sync()).toBe('synced');
    }
  });

  it('with the WAN cut, the relay takes a dispatch and gives it no register number of its own', async () => {
    wan.cut();
    atRelay = await dispatched(tehsildar, 'खसरा 12 की आख्या');
    expect(await tehsildar.sync()).toBe('synced');
    // The relay logged it (the tablet learnt its entry), with no number: only the district numbers.
    expect(await dispatchOn(tehsildar, atRelay.file)).toMatchObject({
      logged: true,
      register: null,
    });
    expect(await clerk.sync()).toBe('synced');
    expect(await dispatchOn(clerk, atRelay.file)).toMatchObject({ logged: true, register: null });
  });

  it('meanwhile the district numbers a dispatch made there', async () => {
    atDistrict = await dispatched(sdm, 'बाढ़ राहत की आख्या');
    expect(await sdm.sync()).toBe('synced');
    const first: RegisterNumber = { year, serial: 1 };
    expect((await dispatchOn(sdm, atDistrict.file))?.register).toEqual(first);
  });

  it('with the WAN back, every tablet shows the same one number for each dispatch', async () => {
    wan.restore();
    // The district took the SDM's dispatch first: the relay's is its second of the year.
    const expected = { atDistrict: { year, serial: 1 }, atRelay: { year, serial: 2 } };
    for (const t of [tehsildar, clerk, sdm, naib])
      await eventually(async () => {
        if ((await t.sync()) !== 'synced') return false;
        const shown = await numbersOn(t);
        // On the way no tablet shows another number: none, or the district's.
        expect([undefined, 2]).toContain(shown.atRelay?.serial);
        expect([undefined, 1]).toContain(shown.atDistrict?.serial);
        return shown.atRelay?.serial === 2 && shown.atDistrict?.serial === 1;
      }, 60_000);
    for (const t of [tehsildar, clerk, sdm, naib]) expect(await numbersOn(t)).toEqual(expected);
    expect(relay.output()).not.toContain('refused');
  });
});
