import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestServer, tempDir } from '../integration/server-harness.ts';

/**
 * `/healthz` on PostgreSQL (issue 19): 200 while the instance's database answers;
 * once it is gone (dropped with its connections, as an outage cuts them) 503 with a
 * body that says so, so a balancer takes the instance out, and the instance itself
 * keeps running to answer the next check.
 */

describe('/healthz on PostgreSQL', () => {
  it('answers 200 while the database answers and 503 with a clear body once it is gone', async () => {
    const dir = await tempDir('patravali-health-');
    const server = await startTestServer({}, dir.path);
    try {
      const health = async () => {
        const res = await fetch(`${server.url}/healthz`);
        return { status: res.status, body: (await res.json()) as unknown };
      };
      expect(await health()).toEqual({ status: 200, body: { ok: true } });

      const name = new URL(server.config.databaseUrl ?? '').pathname.slice(1);
      const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
      await admin.connect();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();

      const down = {
        status: 503,
        body: {
          ok: false,
          error: 'databaseUnavailable',
          detail: 'the database did not answer; this instance cannot serve requests',
        },
      };
      expect(await health()).toEqual(down);
      expect(await health()).toEqual(down);
    } finally {
      await server.stop();
      await dir.remove();
    }
  });
});
