import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIKASNAGAR } from './generate.ts';
import { syncUntilSynced } from './lib/device.ts';
import { startPatravaliServer } from './lib/server.ts';
import { newDevice, setupOffice } from './scenarios/office.ts';

/**
 * `node --import tsx tests/bench/join-pages.ts <dir>`: the join of `npm run bench -- --join`
 * (the generated 2,000-record Vikasnagar office, seed 1, a fresh device of its clerk, desk
 * first), with every sync exchange saved to <dir> as it crossed: `NNN.req` (the request
 * body as sent), `NNN.res` (the response frame decoded), plus `pages.json` (each response's
 * encoding, its body's bytes as sent and decoded) and `content.json` (every record's
 * meta and events, as the floors measure them). tests/bench/join-bytes.ts breaks them down.
 */

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: join-pages.ts <dir>');
mkdirSync(dir, { recursive: true });

const server = await startPatravaliServer();
try {
  const bench = await setupOffice(server, VIKASNAGAR, 2000, 1);
  writeFileSync(
    join(dir, 'content.json'),
    JSON.stringify(
      bench.office.records.map((r) => ({
        id: r.id,
        meta: r.steps[0]?.meta ?? null,
        events: r.steps.flatMap((s) => s.events),
      })),
    ),
  );
  const person = bench.office.spec.chain[0];
  if (person === undefined) throw new Error('office without people');
  const pages: { encoding: string | null; wire: number; raw: number; up: number }[] = [];
  const inner = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await inner(input, init);
    if (!String(input).endsWith('/sync')) return res;
    const n = String(pages.length).padStart(3, '0');
    const body = new Uint8Array(await res.arrayBuffer());
    const sent = init?.body instanceof Uint8Array ? init.body : new Uint8Array(0);
    const encoding = res.headers.get('content-encoding');
    const wire = encoding === null ? body.byteLength : Number(res.headers.get('content-length'));
    writeFileSync(join(dir, `${n}.req`), sent);
    writeFileSync(join(dir, `${n}.res`), body);
    pages.push({ encoding, wire, raw: body.byteLength, up: sent.byteLength });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const device = await newDevice(bench, person);
  await syncUntilSynced(device, 5);
  globalThis.fetch = inner;
  device.close();
  writeFileSync(join(dir, 'pages.json'), JSON.stringify(pages, null, 1));
  const down = pages.reduce((s, p) => s + p.wire, 0);
  const up = pages.reduce((s, p) => s + p.up, 0);
  console.log(`${pages.length} exchanges, up ${up} B, down ${down} B, total ${up + down} B`);
} finally {
  await server.stop();
}
