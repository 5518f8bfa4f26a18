import { useId, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { isIsoDate, istDate } from '@domain/calendar.ts';
import { findOffice } from '@domain/directory.ts';
import { filterRegister, NO_FILTER, type RegisterFilter } from '@domain/dispatch-register.ts';
import { DISPATCH_MODES, type DispatchMode } from '@domain/events.ts';
import { asRecordId } from '@domain/ids.ts';
import { keepsRunningRegister } from '@domain/running-register.ts';
import { DateField } from '../components/DateField.tsx';
import { DispatchRegisterTable } from '../components/letters/DispatchRegisterTable.tsx';
import { useDispatchRegister } from '../hooks/useDispatchRegister.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useRegisterNumber } from '../hooks/useRegisterNumber.ts';
import { usePrinting } from '../hooks/usePrinting.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { csvFileName, toCsv } from '../review/csv.ts';
import '../components/letters/register-print.css';

/**
 * `/dispatch`: the office's dispatch register (issue 16), from the files on
 * this tablet: every dispatched letter with its number, date, mode, addressee,
 * subject and file; filtered by dates, mode and file; printed on A4 (only the
 * register, no buttons) or saved as CSV. The numbers are those made on the
 * dispatching tablets; an office keeping one running register also shows each
 * dispatch's register number, or that it comes after sync (decision 0008).
 */
export function DispatchRegisterPage() {
  const { t, lang, formatIsoDate } = useI18n();
  const { now, download } = useEnv();
  const { person, directory } = useSignedIn().deviceContext;
  const id = useId();
  const office = findOffice(directory, person.office);
  const all = useDispatchRegister(person.office);
  const [filter, setFilter] = useState<RegisterFilter>(NO_FILTER);
  const { printing, print } = usePrinting();
  const running = keepsRunningRegister(office);
  const registerNumber = useRegisterNumber(office);
  const rows = useMemo(() => filterRegister(all ?? [], filter), [all, filter]);
  const files = useMemo(
    () => [...new Map((all ?? []).map((e) => [e.fileId, e.fileNumber])).entries()],
    [all],
  );
  const set = (patch: Partial<RegisterFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // What the date fields hold; the register filters only by the real dates among them.
  const [dates, setDates] = useState({ from: '', to: '' });
  const setDate = (end: 'from' | 'to', value: string) => {
    setDates((d) => ({ ...d, [end]: value }));
    set({ [end]: isIsoDate(value) ? value : null });
  };
  const title = t('register.title', { office: office?.name[lang] ?? '' });
  const span =
    filter.from !== null || filter.to !== null
      ? t('register.span', {
          from: filter.from === null ? '…' : formatIsoDate(filter.from),
          to: filter.to === null ? '…' : formatIsoDate(filter.to),
        })
      : t('register.allDates');
  const exportCsv = () =>
    download?.(
      csvFileName('dispatch-register', istDate(now())),
      toCsv(
        [
          t('register.serial'),
          t('letters.dispatchNumber'),
          ...(running ? [t('runningRegister.number')] : []),
          t('register.date'),
          t('letters.dispatchMode'),
          t('letters.to'),
          t('letters.subject'),
          t('register.file'),
        ],
        rows.map((e, i) => [
          i + 1,
          e.number,
          ...(running ? [registerNumber(e, true) ?? ''] : []),
          e.date,
          t(`letters.mode.${e.mode}`),
          e.to,
          e.subject,
          e.fileNumber,
        ]),
      ),
    );
  return (
    <section className="register-page" aria-labelledby={`${id}-h`}>
      <h1 id={`${id}-h`}>{title}</h1>
      <p className="hint">{t(running ? 'runningRegister.intro' : 'register.intro')}</p>
      <div className="register-filters row">
        <div>
          <label htmlFor={`${id}-from`}>{t('register.from')}</label>
          <DateField id={`${id}-from`} value={dates.from} onChange={(d) => setDate('from', d)} />
        </div>
        <div>
          <label htmlFor={`${id}-to`}>{t('register.to')}</label>
          <DateField id={`${id}-to`} value={dates.to} onChange={(d) => setDate('to', d)} />
        </div>
        <label>
          {t('letters.dispatchMode')}
          <select
            value={filter.mode ?? ''}
            onChange={(e) =>
              set({ mode: e.target.value === '' ? null : (e.target.value as DispatchMode) })
            }
          >
            <option value="">{t('register.any')}</option>
            {DISPATCH_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`letters.mode.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('register.file')}
          <select
            value={filter.file ?? ''}
            onChange={(e) =>
              set({ file: e.target.value === '' ? null : asRecordId(e.target.value) })
            }
          >
            <option value="">{t('register.any')}</option>
            {files.map(([fileId, number]) => (
              <option key={fileId} value={fileId}>
                {number}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <button type="button" onClick={print}>
          {t('register.print')}
        </button>
        {download && (
          <button type="button" onClick={exportCsv}>
            {t('review.exportCsv')}
          </button>
        )}
      </div>
      {all === undefined ? (
        <p>{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('register.none')}</p>
      ) : (
        // A tablet in portrait may be narrower than the register: it scrolls sideways, by
        // touch or, focused, by keyboard.
        <div className="register-scroll" tabIndex={0} role="group" aria-label={title}>
          <DispatchRegisterTable
            entries={rows}
            caption={`${span} · ${t('register.count', { count: rows.length })}`}
            links
            office={office}
          />
        </div>
      )}
      {printing &&
        createPortal(
          <div className="register-paper" lang={lang}>
            <h1>{title}</h1>
            <DispatchRegisterTable
              entries={rows}
              caption={`${span} · ${t('register.count', { count: rows.length })}`}
              links={false}
              office={office}
            />
          </div>,
          document.body,
        )}
    </section>
  );
}
