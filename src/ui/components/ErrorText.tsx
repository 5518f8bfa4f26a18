import { errorKey, type UiError } from '../errors.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** A form or action error, announced to screen readers; `id` for a field it describes. */
export function ErrorText({ error, id }: { readonly error: UiError | null; readonly id?: string }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p id={id} role="alert" className="error">
      {t(errorKey(error))}
    </p>
  );
}
