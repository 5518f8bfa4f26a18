import qrcode from 'qrcode-terminal';
import { CERT_PATH } from './cert-route.ts';

/**
 * What the terminal shows a trainer when the server serves HTTPS: the LAN
 * address to open on the tablets, as text and as a QR code to scan, and where
 * the certificate to trust is.
 */

export function qrOf(text: string): Promise<string> {
  return new Promise((resolve) => qrcode.generate(text, { small: true }, resolve));
}

export async function classroomBanner(
  port: number,
  lanAddresses: readonly string[],
): Promise<string[]> {
  const host = lanAddresses[0] ?? 'localhost';
  const url = `https://${host}:${port}/`;
  return [
    '',
    `Classroom / कक्षा: open ${url} on the tablets (scan the code):`,
    await qrOf(url),
    `First trust the certificate on each tablet: ${`https://${host}:${port}${CERT_PATH}`}`,
    'पहले हर टैबलेट पर प्रमाणपत्र इंस्टॉल करें (README: "Classroom (HTTPS on the LAN)").',
    '',
  ];
}
