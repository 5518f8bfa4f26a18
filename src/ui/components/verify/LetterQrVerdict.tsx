import { useLiveQuery } from 'dexie-react-hooks';
import type { LetterApprovalFacts, LetterQrVerdict } from '@doc/letter-qr.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import { hlcWallMs } from '@domain/hlc.ts';
import { recordStateQuery } from '@storage/services.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';

/**
 * What a letter's QR code proved: `Signature valid` with who approved which
 * text and when, or `Not valid` with the reason by name.
 */
export function LetterQrVerdictView({ verdict }: { readonly verdict: LetterQrVerdict }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section
      role="region"
      aria-label={t('verifyLetter.result')}
      className={verdict.ok ? 'verify-ok' : 'verify-bad'}
    >
      <h2>{verdict.ok ? t('verify.valid') : t('verify.invalid')}</h2>
      {verdict.ok ? (
        <Facts facts={verdict.facts} />
      ) : (
        <>
          <p>
            {t(`verifyLetter.problem.${verdict.problem}`)} <code>{verdict.problem}</code>
          </p>
          {verdict.claimed && (
            <p>
              {t('verifyLetter.claims', {
                person: verdict.claimed.approval.actor,
                date: formatDateTime(hlcWallMs(verdict.claimed.approval.hlc)),
              })}
            </p>
          )}
          <p>
            <small>
              <code>{verdict.detail}</code>
            </small>
          </p>
        </>
      )}
    </section>
  );
}

function Facts({ facts }: { readonly facts: LetterApprovalFacts }) {
  const { t, lang, formatDateTime } = useI18n();
  const { db, now } = useEnv();
  const { directory } = useSignedIn().deviceContext;
  const person = findPerson(directory, facts.approvedBy);
  const office = person ? findOffice(directory, person.office) : undefined;
  const record = useLiveQuery(
    () => recordStateQuery(db, facts.recordId, now()),
    [db, facts.recordId, now],
  );
  const draft = record?.drafts.find((d) => d.id === facts.draftId);
  const here = draft?.approval?.textHash === facts.textHash;
  return (
    <>
      <p className="verify-letter-who">
        {t('verifyLetter.approvedBy', {
          name: person ? person.name[lang] : facts.approvedBy,
          designation: person ? person.designation[lang] : '',
          office: office ? office.name[lang] : '',
        })}
      </p>
      <p>
        {t('verifyLetter.approvedOn', { date: formatDateTime(facts.approvedAt) })}
        {!facts.clockVerified && ` ${t('file.unverifiedTime')}`}
      </p>
      <p>
        {t('verifyLetter.hash')} <code className="verify-hash">{facts.textHash}</code>
      </p>
      {record && here && draft && (
        <p>
          {t('verifyLetter.onTablet', {
            number: record.meta.number,
            subject: draft.versions.find((v) => v.eventId === facts.versionId)?.subject ?? '',
          })}
        </p>
      )}
      <p>
        <small>
          {t('verifyLetter.key', { key: facts.keyId, device: facts.device })}
          {facts.keyRevokedAt !== null &&
            ` ${t('verifyLetter.keyRevoked', { date: formatDateTime(facts.keyRevokedAt) })}`}
        </small>
      </p>
    </>
  );
}
