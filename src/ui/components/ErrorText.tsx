import { errorKey, type UiError } from '../errors.ts';
import { useI18n } from '../hooks/useI18n.ts';

interface Props {
  readonly error: UiError | null;
  /** For a field it describes (aria-describedby). */
  readonly id?: string;
  /** False: not announced as it appears, as the field it describes is focused (read there). */
  readonly alert?: boolean;
}

/** A form or action error, announced to screen readers. */
export function ErrorText({ error, id, alert = true }: Props) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={id} role={alert ? 'alert' : undefined} className="error">
      {t(errorKey(error))}
    </p>
  );
}
