import { useId, useState, type FormEvent } from 'react';
import type { DeviceId } from '@domain/ids.ts';
import type { MessageKey } from '@i18n/hi.ts';
import { syncFallback } from '@storage/services.ts';
import { LanguageToggle } from '../components/LanguageToggle.tsx';
import { RevokedNotice } from '../components/RevokedNotice.tsx';
import { SignInAgainNotice } from '../components/SignInAgainNotice.tsx';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useLocalNetworkPermission } from '../hooks/useLocalNetworkPermission.ts';
import { ANSWER_TIMEOUT_MS } from '../services/api-client.ts';
import { signIn, type SignInError } from '../services/sign-in.ts';

/** What went wrong: the sign-in's answer, a form left empty, or a fault on this tablet. */
type FormError = SignInError | 'missingFields' | 'unexpected';

const ERROR_KEYS: Readonly<Record<FormError, MessageKey>> = {
  badCredentials: 'auth.error.badCredentials',
  tooManyAttempts: 'auth.error.tooManyAttempts',
  offlineNeverSignedIn: 'auth.error.offlineNeverSignedIn',
  offlineBadPassword: 'auth.error.offlineBadPassword',
  serverUnreachable: 'auth.error.serverUnreachable',
  missingFields: 'auth.error.missingFields',
  unexpected: 'auth.error.unexpected',
};

interface Props {
  readonly deviceId: DeviceId;
  readonly onSignedIn: () => void;
}

export function SignInPage({ deviceId, onSignedIn }: Props) {
  const env = useEnv();
  const { t, formatDateTime } = useI18n();
  const ids = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const [retryAt, setRetryAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [waitSeconds, setWaitSeconds] = useState(ANSWER_TIMEOUT_MS / 1000);
  // No server answered a person who never signed in here, while the tablet has a network:
  // with Chrome's Local Network Access refused, that may be why the office relay did not
  // (docs/RELAY.md section 6). Nothing of it when the tablet knows it has no network.
  const [deviceOffline, setDeviceOffline] = useState(false);
  const unreachable = error === 'offlineNeverSignedIn' && !deviceOffline;
  const localNetwork = useLocalNetworkPermission(env.permissions, unreachable);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!username.trim() || !password) return setError('missingFields');
    setBusy(true);
    setError(null);
    try {
      // With the district's own address kept (an office relay's tablet, decision 0015), a
      // request this address does not answer is tried there too, each for the whole time.
      const fallback = env.api.at === undefined ? null : await syncFallback(env.db);
      setWaitSeconds((ANSWER_TIMEOUT_MS / 1000) * (fallback === null ? 1 : 2));
      const outcome = await signIn(
        { db: env.db, api: env.api, deviceId, pbkdf2Iterations: env.pbkdf2Iterations },
        username.trim(),
        password,
      );
      if (outcome.ok) return onSignedIn();
      setRetryAt(env.now() + (outcome.retryAfterMs ?? 0));
      setDeviceOffline(typeof navigator !== 'undefined' && navigator.onLine === false);
      setError(outcome.error);
    } catch (e) {
      // The tablet itself failed (its database closed or full, its crypto refused): say
      // so and let the person try again, instead of a greyed-out button and silence.
      console.error('sign-in failed', e);
      setError('unexpected');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="content">
      <div className="sign-in-top">
        <LanguageToggle />
      </div>
      <h1>{t('auth.title')}</h1>
      <RevokedNotice />
      <SignInAgainNotice />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${ids}-u`}>{t('auth.username')}</label>
        <input
          id={`${ids}-u`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor={`${ids}-p`}>{t('auth.password')}</label>
        <input
          id={`${ids}-p`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          // One alert: the note on Chrome's refusal, which comes after the browser answers,
          // is announced as part of it (a status region added whole often is not).
          <div role="alert">
            {unreachable && localNetwork === 'denied' ? (
              <>
                {/* Not "No network": the note below says the network may be working. */}
                <p className="error">{t('auth.error.noAnswerNeverSignedIn')}</p>
                <p className="hint">{t('auth.localNetworkBlocked')}</p>
              </>
            ) : (
              <p className="error">{t(ERROR_KEYS[error], { time: formatDateTime(retryAt) })}</p>
            )}
          </div>
        )}
        {busy && (
          // A dead link beyond the office Wi-Fi keeps the request waiting (api-client.ts).
          <p role="status" className="hint">
            {t('auth.waitingForServer', { seconds: waitSeconds })}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </main>
  );
}
