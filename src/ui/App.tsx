import { Suspense, useEffect, useRef } from 'react';
import { Route, Router, Switch, useLocation, type BaseLocationHook } from 'wouter';
import { EnvContext, SignedInContext, type AppEnv } from './app-context.ts';
import { I18nProvider } from './I18nProvider.tsx';
import { useDeviceSession } from './hooks/useDeviceSession.ts';
import { useI18n } from './hooks/useI18n.ts';
import { Shell } from './components/Shell.tsx';
import { PageErrorBoundary } from './components/PageErrorBoundary.tsx';
import { OfflineReadyNote } from './components/OfflineReadyNote.tsx';
import { UpdatePrompt } from './components/UpdatePrompt.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import {
  DakPage,
  NewFilePage,
  PendencyPage,
  RecordPage,
  SettingsPage,
  TrainingPage,
  VerifyPage,
  RetentionPage,
  DispatchRegisterPage,
} from './lazy-pages.ts';

interface AppProps {
  readonly env: AppEnv;
  /** wouter location hook; tests pass memoryLocation().hook, the browser uses its default. */
  readonly locationHook?: BaseLocationHook;
}

export function App({ env, locationHook }: AppProps) {
  return (
    <EnvContext value={env}>
      <I18nProvider
        search={env.search}
        prefs={env.prefs}
        {...(env.timeZone ? { timeZone: env.timeZone } : {})}
      >
        <Router {...(locationHook ? { hook: locationHook } : {})}>
          {env.updates && <UpdatePrompt updates={env.updates} />}
          {env.offline && <OfflineReadyNote offline={env.offline} />}
          <SessionGate env={env} />
        </Router>
      </I18nProvider>
    </EnvContext>
  );
}

function SessionGate({ env }: { readonly env: AppEnv }) {
  const { t } = useI18n();
  const { state, reload } = useDeviceSession(env);
  const [location] = useLocation();
  const session = state.phase === 'signedIn' ? state.signedIn.session : null;
  const { onSignedIn } = env;
  // The background sync starts per sign-in (token and person), not per session object: a
  // new role or office the directory brought rewrites the session (useDeviceSession), and
  // restarting would reconnect the push channel and start the scan transfer again.
  const latest = useRef(session);
  // Declared first: effects run in order, so the one below reads this render's session.
  useEffect(() => {
    latest.current = session;
  }, [session]);
  const token = session?.token ?? null;
  const personId = session?.person.id ?? null;
  useEffect(() => {
    const current = latest.current;
    return current !== null && onSignedIn ? onSignedIn(current) : undefined;
  }, [token, personId, onSignedIn]);

  if (state.phase === 'loading') return <p className="loading">{t('app.loading')}</p>;
  if (state.phase === 'signedOut')
    return <SignInPage deviceId={state.deviceId} onSignedIn={reload} />;
  return (
    <SignedInContext value={state.signedIn}>
      <Shell>
        {/* The inbox is in the shell; other pages arrive as chunks (lazy-pages.ts). */}
        {/* Keyed by path: leaving a page that failed clears the failure. */}
        <PageErrorBoundary key={location}>
          <Suspense fallback={<PageLoading />}>
            <Switch>
              <Route path="/" component={InboxPage} />
              <Route path="/new" component={NewFilePage} />
              <Route path="/r/:id">
                {(params) => <RecordPage key={params.id} id={params.id} />}
              </Route>
              <Route path="/dak" component={DakPage} />
              <Route path="/pendency" component={PendencyPage} />
              <Route path="/settings" component={SettingsPage} />
              <Route path="/training" component={TrainingPage} />
              <Route path="/verify" component={VerifyPage} />
              <Route path="/retention" component={RetentionPage} />
              <Route path="/dispatch" component={DispatchRegisterPage} />
              <Route>
                <p>{t('app.notFound')}</p>
              </Route>
            </Switch>
          </Suspense>
        </PageErrorBoundary>
      </Shell>
    </SignedInContext>
  );
}

/** Shown while a page's chunk loads (from the precache when offline): announced, not silent. */
function PageLoading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}
