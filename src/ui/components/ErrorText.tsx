import { errorKey, type UiError } from '../errors.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** A form or action error, announced to screen readers. */
export function ErrorText({ error }: { readonly error: UiError | null }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {t(errorKey(error))}
    </p>
  );
}
