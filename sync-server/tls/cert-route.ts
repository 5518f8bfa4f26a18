import type { FastifyInstance } from 'fastify';

/**
 * GET /cert.crt: the classroom CA certificate, for tablets to install
 * (Settings → Security → Encryption & credentials → Install a certificate →
 * CA certificate). Public on purpose: it is a certificate, not a key.
 */
export const CERT_PATH = '/cert.crt';

export function registerCertRoute(app: FastifyInstance, caCert: string): void {
  app.get(CERT_PATH, async (_request, reply) =>
    reply
      .type('application/x-x509-ca-cert')
      .header('Content-Disposition', 'attachment; filename="patravali-classroom.crt"')
      .header('Cache-Control', 'no-cache')
      .send(caCert),
  );
}
