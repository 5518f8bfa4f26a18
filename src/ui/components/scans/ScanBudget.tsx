import { useState } from 'react';
import { useI18n } from '../../hooks/useI18n.ts';
import { useScanBudget } from '../../hooks/useScanBudget.ts';

const MB = 1024 * 1024;

/** How much room scans from the server may take on this device; the person can change it. */
export function ScanBudget() {
  const { t, formatNumber } = useI18n();
  const view = useScanBudget();
  const [draft, setDraft] = useState<string | null>(null);
  if (view === undefined) return null;
  const budgetMb = Math.round(view.budget / MB);
  const save = (): void => {
    const mb = Number(draft);
    if (draft !== null && Number.isFinite(mb) && mb >= 0) void view.setBudget(mb * MB);
    setDraft(null);
  };
  return (
    <section aria-labelledby="scan-budget" className="settings-card">
      <h2 id="scan-budget">{t('scan.region')}</h2>
      <label>
        {t('scan.budget')}{' '}
        <input
          type="number"
          min={0}
          step={10}
          inputMode="numeric"
          value={draft ?? String(budgetMb)}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onBlur={save}
        />
      </label>
      <p>
        {t('scan.budgetUsed', {
          used: formatNumber(Math.round((view.used / MB) * 10) / 10),
          budget: formatNumber(budgetMb),
        })}
      </p>
    </section>
  );
}
