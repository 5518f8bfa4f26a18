import { useEffect, useId, useRef, useState } from 'react';
import type { DemoResetResponse } from '@protocol/api.ts';
import type { DemoResetFailure } from '../../services/api-client.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import './trainer.css';

type Phase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'confirming' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly result: DemoResetResponse }
  | { readonly kind: 'failed'; readonly error: DemoResetFailure };

/**
 * Trainer controls: "Reset demo district" with a confirmation, calling
 * POST /api/demo/reset. Shown only to the `trainer` account; the server still
 * decides (403 for anyone else, or outside demo mode). Tablets learn of the
 * reset over the push channel or at their next sync and start clean.
 */
export function DemoResetPanel() {
  const { t } = useI18n();
  const { api } = useEnv();
  const { session } = useSignedIn();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const ids = useId();
  if (session.person.role !== 'trainer') return null;

  async function reset() {
    setPhase({ kind: 'busy' });
    const outcome = await api.demoReset(session.token);
    setPhase(
      outcome.ok
        ? { kind: 'done', result: outcome.value }
        : { kind: 'failed', error: outcome.error },
    );
  }

  return (
    <section aria-labelledby={`${ids}-h`} className="trainer-controls">
      <h2 id={`${ids}-h`}>{t('trainer.title')}</h2>
      <p>{t('trainer.explain')}</p>
      <button
        type="button"
        className="danger"
        disabled={phase.kind === 'busy'}
        onClick={() => setPhase({ kind: 'confirming' })}
      >
        {phase.kind === 'busy' ? t('trainer.resetting') : t('trainer.reset')}
      </button>
      {phase.kind === 'done' && (
        <p role="status">
          {t('trainer.resetDone', {
            records: phase.result.records,
            generation: phase.result.generation,
          })}
        </p>
      )}
      {phase.kind === 'failed' && <p role="alert">{t(`trainer.error.${phase.error}`)}</p>}
      {phase.kind === 'confirming' && (
        <ConfirmReset onConfirm={() => void reset()} onCancel={() => setPhase({ kind: 'idle' })} />
      )}
    </section>
  );
}

function ConfirmReset({
  onConfirm,
  onCancel,
}: {
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus the safe choice first: a stray tap must not wipe a class's work.
  useEffect(() => cancel.current?.focus(), []);
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
        <h2 id={`${ids}-h`}>{t('trainer.confirmTitle')}</h2>
        <p id={`${ids}-d`}>{t('trainer.confirmText')}</p>
        <div className="row">
          <button type="button" ref={cancel} onClick={onCancel}>
            {t('trainer.cancel')}
          </button>
          <button type="button" className="danger" onClick={onConfirm}>
            {t('trainer.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
