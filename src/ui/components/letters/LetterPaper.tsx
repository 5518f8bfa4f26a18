import type { ReactNode } from 'react';
import { findOffice, findPerson } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import type { ApprovedLetter, LetterDispatch } from '@domain/letters.ts';
import type { RecordState } from '@domain/record.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useRegisterNumber } from '../../hooks/useRegisterNumber.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { QrCode } from './QrCode.tsx';

export interface LetterSealView {
  readonly matrix: readonly (readonly boolean[])[];
  readonly keyId: string;
}

interface Props {
  readonly state: RecordState;
  readonly letter: ApprovedLetter;
  readonly dispatch: LetterDispatch | null;
  readonly receiptStates: ReadonlyMap<RecordId, RecordState>;
  /** The approval's QR code; null when the approval carries no device signature. */
  readonly seal: LetterSealView | null;
}

/**
 * The approved letter on A4, as it leaves the office: letterhead in Hindi and
 * English, number and date, addressee, subject, reference, the approved text
 * (Hindi and English side by side when it has both), the approver's name and
 * designation, and the QR code of the signed approval (src/doc/letter-qr.ts)
 * that the Verify page and `npm run verify -- --letter` check offline.
 */
export function LetterPaper({ state, letter, dispatch, receiptStates, seal }: Props) {
  const { t, lang, formatDate, formatDateTime, formatIsoDate } = useI18n();
  const { directory } = useSignedIn().deviceContext;
  const office = findOffice(directory, state.meta.office);
  const registerNumber = useRegisterNumber(office);
  const approver = findPerson(directory, letter.approvedBy);
  const { content } = letter;
  const receipt = state.receipts.find((r) => r.receiptId === content.reference);
  const particulars = receipt ? receiptStates.get(receipt.receiptId)?.letter : undefined;
  const bilingual = content.english !== '';
  /**
   * An office keeping a running register prints the register number once known, the
   * tablet's number beside it (the one the signed event carries); before sync, the
   * tablet's number and that the register number comes after sync.
   */
  const dispatchNumbers = (): ReactNode => {
    if (dispatch === null) return null;
    const register = registerNumber(dispatch);
    if (register === null) return t('letterPrint.number', { number: dispatch.number });
    const tablet = t('runningRegister.tabletNumber', { number: dispatch.number });
    return dispatch.register === null ? (
      <>
        {t('letterPrint.number', { number: dispatch.number })}
        <br />
        <span className="letter-register-pending">{register}</span>
      </>
    ) : (
      <>
        {t('letterPrint.number', { number: register })}
        <br />
        <span className="letter-tablet-number">({tablet})</span>
      </>
    );
  };
  return (
    <div className="letter-paper" lang={lang}>
      <header className="letterhead">
        {office && (
          <>
            <p lang="hi">{office.name.hi}</p>
            <p lang="en">{office.name.en}</p>
          </>
        )}
      </header>
      <div className="letter-numbers">
        <p>
          {dispatch === null ? t('letterPrint.numberPending') : dispatchNumbers()}
          <br />
          {t('letterPrint.file', { number: state.meta.number })}
        </p>
        <p className="letter-date">
          {t('letterPrint.date', {
            date: dispatch === null ? formatDate(letter.approvedAt) : formatIsoDate(dispatch.date),
          })}
        </p>
      </div>
      <div className="letter-to-block">
        <p>{t('letterPrint.to')}</p>
        <p className="letter-addressee">{content.to}</p>
      </div>
      <p className="letter-subject">{t('letterPrint.subject', { subject: content.subject })}</p>
      {receipt && (
        <p>
          {particulars
            ? t('letterPrint.referenceLetter', {
                number: particulars.letterNumber,
                date: formatIsoDate(particulars.letterDate),
                diary: receipt.diaryNumber,
              })
            : t('letterPrint.reference', { diary: receipt.diaryNumber })}
        </p>
      )}
      <div className={bilingual ? 'letter-body bilingual' : 'letter-body'}>
        <p lang="hi">{content.hindi}</p>
        {bilingual && <p lang="en">{content.english}</p>}
      </div>
      <div className="letter-foot">
        {seal ? (
          <figure className="letter-seal">
            <QrCode matrix={seal.matrix} label={t('letterPrint.qrLabel')} />
            <figcaption>
              {t('letterPrint.qrCaption', { key: seal.keyId.slice(0, 8) })}
              <br />
              <span className="letter-hash">
                {t('letterPrint.hash', { hash: letter.textHash.slice(0, 16) })}
              </span>
            </figcaption>
          </figure>
        ) : (
          <p className="letter-seal">{t('letterPrint.unsigned')}</p>
        )}
        <div className="letter-signatory">
          <p className="letter-approver">{approver ? approver.name[lang] : letter.approvedBy}</p>
          {approver && <p>{approver.designation[lang]}</p>}
          {office && <p>{office.name[lang]}</p>}
          <p className="letter-approved-at">
            {t('letterPrint.approvedAt', { date: formatDateTime(letter.approvedAt) })}
          </p>
        </div>
      </div>
    </div>
  );
}
