import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { HOCUSPOCUS, prepareClientDocs, perDocReconnect, PLAIN } from '../baseline/client.ts';
import { writeDocsFile } from '../baseline/docs-file.ts';
import type { BenchDevice } from '../lib/device.ts';
import { syncUntilSynced } from '../lib/device.ts';
import type { Report } from '../lib/report.ts';
import { startBaselineServer } from '../lib/server.ts';
import { LOOPBACK, startShaper } from '../lib/shaper.ts';
import { counterDelta, snapshotCounter, type OfficeBench } from './office.ts';

/**
 * Reconnect with nothing changed: a device that already holds the office
 * syncs again. Patravali sends its cursor and gets "nothing new"; the
 * per-document baseline still runs a handshake for every record (plain, and
 * as a Hocuspocus provider would: a token per document, messages deflated).
 */
export async function benchIdle(
  bench: OfficeBench,
  device: BenchDevice,
  report: Report,
): Promise<void> {
  const n = bench.office.records.length;
  const shaper = await startShaper(bench.server.port, LOOPBACK, bench.random);
  device.setOrigin(shaper.origin);
  const before = snapshotCounter(device.counter);
  await syncUntilSynced(device, 3);
  const d = counterDelta(device.counter, before);
  await shaper.close();
  device.setOrigin(bench.server.origin);

  const dir = mkdtempSync(join(tmpdir(), 'patravali-perdoc-'));
  const file = join(dir, 'docs.bin');
  const states = new Map(
    bench.office.records.map((r) => [r.id as string, Y.encodeStateAsUpdate(r.doc)]),
  );
  writeDocsFile(file, states);
  const server = await startBaselineServer(file);
  try {
    const docs = new Map<string, Y.Doc>();
    for (const [id, state] of states) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      docs.set(id, doc);
    }
    const url = server.origin.replace('http', 'ws');
    const perdoc = await perDocReconnect(url, prepareClientDocs(docs, false), PLAIN);
    const hocus = await perDocReconnect(url, prepareClientDocs(docs, false), HOCUSPOCUS);
    const bytes = d.up + d.down;
    const tcp = shaper.stats.up + shaper.stats.down;
    report.table(
      `Idle reconnect, ${n} records, nothing changed (loopback)`,
      ['', 'Patravali', 'per-document', 'per-document as Hocuspocus'],
      [
        ['message/body bytes', bytes, perdoc.up + perdoc.down, hocus.up + hocus.down],
        ['on the socket (headers, framing, compression)', tcp, perdoc.wire, hocus.wire],
        ['requests / messages', d.requests, perdoc.messages, hocus.messages],
      ],
    );
    report.add(`sync.reconnect_idle_${n}.bytes_total`, bytes, 'bytes');
    report.add(`sync.reconnect_idle_${n}.bytes_with_headers`, tcp, 'bytes');
    report.add(`sync.reconnect_idle_${n}.bytes_perdoc`, perdoc.up + perdoc.down, 'bytes');
    report.add(`sync.reconnect_idle_${n}.bytes_perdoc_hocuspocus_wire`, hocus.wire, 'bytes');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
