import { Link } from 'wouter';
import type { Office } from '@domain/directory.ts';
import type { DispatchEntry } from '@domain/dispatch-register.ts';
import { keepsRunningRegister } from '@domain/running-register.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useRegisterNumber } from '../../hooks/useRegisterNumber.ts';

/**
 * The register's rows: serial, dispatch number (the tablet's), the running-register
 * number when the office keeps one, date, mode, addressee, subject, file.
 */
export function DispatchRegisterTable({
  entries,
  caption,
  links,
  office,
}: {
  readonly entries: readonly DispatchEntry[];
  readonly caption: string;
  /** Files as links on screen; plain text on paper. */
  readonly links: boolean;
  readonly office: Office | undefined;
}) {
  const { t, formatIsoDate, formatNumber } = useI18n();
  const registerNumber = useRegisterNumber(office);
  const running = keepsRunningRegister(office);
  return (
    <table className="dispatch-register">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('register.serial')}</th>
          <th scope="col">{t('letters.dispatchNumber')}</th>
          {running && <th scope="col">{t('runningRegister.number')}</th>}
          <th scope="col">{t('register.date')}</th>
          <th scope="col">{t('letters.dispatchMode')}</th>
          <th scope="col">{t('letters.to')}</th>
          <th scope="col">{t('letters.subject')}</th>
          <th scope="col">{t('register.file')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={e.number}>
            <td>{formatNumber(i + 1)}</td>
            <td className="register-number">{e.number}</td>
            {running && (
              <td className={e.register === null ? 'register-running pending' : 'register-running'}>
                {registerNumber(e, true)}
              </td>
            )}
            <td>{formatIsoDate(e.date)}</td>
            <td>{t(`letters.mode.${e.mode}`)}</td>
            <td className="register-to">{e.to}</td>
            <td>{e.subject}</td>
            <td className="register-file">
              {links ? <Link href={`/r/${e.fileId}`}>{e.fileNumber}</Link> : e.fileNumber}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
