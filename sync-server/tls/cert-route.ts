import type { FastifyInstance } from 'fastify';

/**
 * GET /cert.crt: the classroom CA certificate, for tablets to install
 * (Settings → Security → Encryption & credentials → Install a certificate →
 * CA certificate). Public on purpose: it is a certificate, not a key.
 *
 * With the deployment's own certificate (PATRAVALI_TLS_CERT) there is nothing
 * to install: its authority (the state's or a public one) is trusted already, or
 * is installed by the state's device management, never by hand from the server
 * it vouches for. The path then says so (404), rather than falling through to
 * the app's page.
 */
export const CERT_PATH = '/cert.crt';

const NOTHING_TO_INSTALL =
  'This server’s certificate is issued by a certificate authority the tablets already trust: there is nothing to install.\n' +
  'इस सर्वर का प्रमाणपत्र ऐसे प्राधिकरण ने जारी किया है जिस पर टैबलेट पहले से भरोसा करते हैं: कुछ भी इंस्टॉल नहीं करना है।\n';

export function registerCertRoute(app: FastifyInstance, caCert: string | undefined): void {
  app.get(CERT_PATH, async (_request, reply) =>
    caCert === undefined
      ? reply.code(404).type('text/plain; charset=utf-8').send(NOTHING_TO_INSTALL)
      : reply
          .type('application/x-x509-ca-cert')
          .header('Content-Disposition', 'attachment; filename="patravali-classroom.crt"')
          .header('Cache-Control', 'no-cache')
          .send(caCert),
  );
}
