import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../hooks/useI18n.ts';

interface Props {
  readonly title: string;
  readonly children: ReactNode;
  /** Fields to fill before going ahead, shown after the description (not part of it). */
  readonly fields?: ReactNode;
  /** The button that goes ahead, e.g. "Yes, close the file". */
  readonly confirm: string;
  /** The button that stays; "Cancel" unless given. */
  readonly cancel?: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * Asks before something a person may regret (closing a file, signing out with
 * unsent work). Focus starts on the button that stays, so a stray tap or Enter
 * does nothing; Escape stays too. When the question goes, focus returns to the
 * button that asked (if it is still there), not to the top of the page.
 */
export function ConfirmDialog({
  title,
  children,
  fields,
  confirm,
  cancel,
  onConfirm,
  onCancel,
}: Props) {
  const { t } = useI18n();
  const ids = useId();
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The button that asked; the question gives focus back to it when it goes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stay.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <div className="backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${ids}-h`}
        aria-describedby={`${ids}-d`}
        className="dialog"
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2 id={`${ids}-h`}>{title}</h2>
        <div id={`${ids}-d`}>{children}</div>
        {fields}
        <div className="row">
          <button type="button" className="primary" onClick={onConfirm}>
            {confirm}
          </button>
          <button type="button" ref={stay} onClick={onCancel}>
            {cancel ?? t('confirm.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
