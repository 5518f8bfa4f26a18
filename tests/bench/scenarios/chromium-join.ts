import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import { VIKASNAGAR } from '../generate.ts';
import {
  launchTablet,
  serverHead,
  fillSignIn,
  waitForCursor,
  type Tablet,
} from '../lib/chromium.ts';
import type { Report } from '../lib/report.ts';
import { procCpuSeconds, startPatravaliServer } from '../lib/server.ts';
import { CPU_SLOWDOWN } from './chromium-throttled.ts';
import { setupOffice } from './office.ts';

/**
 * Issue 20's "applying a 2,000-record join ≤ 60 s of device CPU": a fresh
 * tablet in Chromium, its CPU slowed 4× from the first page load, signs in as
 * the clerk of the 2,000-record office (the join bench's, seed 1) on loopback
 * and syncs until it holds everything. The app syncs on the page's main thread
 * (no worker), so CDP's `TaskDuration` (time the main thread spent in tasks,
 * stretched by the slowdown as on a slow tablet) is the device's CPU; wall time
 * and the server's CPU say what else the join waited on. IndexedDB's own work
 * runs in the browser process, which the slowdown does not touch.
 */

const CLERK = 'clerk.vikasnagar';

type Metrics = ReadonlyMap<string, number>;

async function metrics(
  cdp: Awaited<ReturnType<Tablet['context']['newCDPSession']>>,
): Promise<Metrics> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return new Map(list.map((m) => [m.name, m.value] as const));
}

export async function benchChromiumJoin(
  report: Report,
  appDir: string,
  records = 2000,
): Promise<void> {
  const executablePath = await ensureChromium();
  const server = await startPatravaliServer(appDir);
  const profile = mkdtempSync(join(tmpdir(), 'patravali-chromium-'));
  let tablet: Tablet | null = null;
  try {
    const bench = await setupOffice(server, VIKASNAGAR, records, 1);
    const head = await serverHead(bench);
    tablet = await launchTablet(executablePath, profile);
    const { page } = tablet;
    await page.goto(`${server.origin}/?lang=en`);
    const cdp = await tablet.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await fillSignIn(page, CLERK);
    const serverCpu0 = procCpuSeconds(server.pid);
    const before = await metrics(cdp);
    const t0 = performance.now();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await waitForCursor(page, head);
    const wallS = (performance.now() - t0) / 1000;
    const after = await metrics(cdp);
    const serverS = procCpuSeconds(server.pid) - serverCpu0;
    const delta = (name: string) => (after.get(name) ?? NaN) - (before.get(name) ?? NaN);
    const taskS = delta('TaskDuration');
    report.table(
      `A fresh tablet joins ${records} records in Chromium, CPU slowed ${CPU_SLOWDOWN}× (the clerk, loopback)`,
      ['what', 's', 'goal s'],
      [
        ['wall: Sign in tapped until the tablet holds every record', wallS, '–'],
        ["the page's main thread in tasks (the device's CPU)", taskS, 60],
        ['… of it in scripts', delta('ScriptDuration'), '–'],
        [
          '… of it in style and layout',
          delta('RecalcStyleDuration') + delta('LayoutDuration'),
          '–',
        ],
        ["the server's CPU meanwhile", serverS, '–'],
      ],
    );
    const tag = `device.cpu${CPU_SLOWDOWN}x_join_${records}`;
    report.add(`${tag}.task_time`, taskS * 1000, 'ms');
    report.add(`${tag}.wall_time`, wallS * 1000, 'ms');
    report.add(`${tag}.server_cpu`, serverS * 1000, 'ms');
    await cdp.detach();
  } finally {
    await tablet?.context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
