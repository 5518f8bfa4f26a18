import type { LetterQrVerdict } from './letter-qr.ts';
import type { ExportVerdict } from './verify-export.ts';

/**
 * The verdict in plain English lines, as `npm run verify` prints it: first
 * `Signature valid` or `NOT VALID`, then each failed check (which check, about
 * what, why), then what the export could not prove, then what was checked.
 */

const NOTICES = {
  notLogged: (n: number) => `${n} item(s) have no inclusion proof in the server's log`,
  unsignedItems: (n: number) => `${n} item(s) predate device keys: attested by the server only`,
  reportUnsigned: () => 'the hash report carries no exporter signature',
} as const;

export function verdictLines(verdict: ExportVerdict): string[] {
  const lines = [verdict.ok ? 'Signature valid' : 'NOT VALID'];
  for (const f of verdict.findings) lines.push(`  ${f.check}: ${f.subject}: ${f.detail}`);
  for (const n of verdict.notices) lines.push(`  note: ${NOTICES[n.notice](n.count)}`);
  const s = verdict.summary;
  if (s !== null) {
    lines.push(
      `  file ${s.number} (${s.recordId}): ${s.events} event(s), ${s.signedItems} signed item(s), ` +
        `${s.provenItems} proven in a log of ${s.treeSize ?? 0}`,
    );
    if (s.logKey !== null) lines.push(`  log key ${s.logKey}`);
  }
  return lines;
}

/** A letter's QR verdict in plain English lines, as `npm run verify -- --letter` prints it. */
export function letterVerdictLines(verdict: LetterQrVerdict): string[] {
  if (!verdict.ok) {
    const lines = [`NOT VALID: ${verdict.problem}`, `  ${verdict.detail}`];
    const e = verdict.claimed?.approval;
    if (e !== undefined) lines.push(`  the code claims approval by ${e.actor} (event ${e.id})`);
    return lines;
  }
  const f = verdict.facts;
  const clock = f.clockVerified
    ? 'device clock checked against the server'
    : 'device clock unchecked';
  const lines = [
    'Signature valid',
    `  approved by ${f.approvedBy} at ${new Date(f.approvedAt).toISOString()} (${clock})`,
    `  letter text hash (SHA-256) ${f.textHash}`,
    `  record ${f.recordId}, draft ${f.draftId}, version ${f.versionId}`,
    `  key ${f.keyId} of device ${f.device}`,
  ];
  if (f.keyRevokedAt !== null)
    lines.push(
      `  key revoked at ${new Date(f.keyRevokedAt).toISOString()} (after signing stays valid)`,
    );
  return lines;
}
