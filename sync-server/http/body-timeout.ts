import type { FastifyInstance } from 'fastify';

/**
 * A request whose body has not fully arrived `ms` after its headers is answered
 * 408 and its connection closed, so a client trickling a body a byte at a time
 * cannot hold a socket and a parser for ever. The default leaves a 2G tablet
 * room for the largest body it sends (a 256 KB scan chunk at ~20 kbit/s).
 */
export function registerBodyTimeout(app: FastifyInstance, ms: number): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw;
    if (raw.complete) return;
    const timer = setTimeout(() => {
      if (raw.complete) return;
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(408, { 'content-type': 'application/json', connection: 'close' });
        reply.raw.end(JSON.stringify({ error: 'badRequest', detail: 'request body too slow' }));
      }
      raw.socket.destroySoon();
    }, ms);
    timer.unref();
    const clear = (): void => clearTimeout(timer);
    raw.once('end', clear);
    raw.once('close', clear);
    reply.raw.once('finish', clear);
  });
}
