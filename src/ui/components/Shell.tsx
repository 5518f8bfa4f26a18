import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { MessageKey } from '@i18n/hi.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import { useUnsentCount } from '../hooks/useUnsentCount.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { QuarantineList } from './QuarantineList.tsx';
import { StorageWarning } from './StorageWarning.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';
import { PracticeOfflineSwitch } from './trainer/PracticeOfflineSwitch.tsx';
import { TrainingStrip } from './trainer/TrainingStrip.tsx';

const NAV: readonly { readonly href: string; readonly label: MessageKey }[] = [
  { href: '/', label: 'nav.inbox' },
  { href: '/new', label: 'nav.newFile' },
  { href: '/dak', label: 'nav.dak' },
  { href: '/pendency', label: 'nav.pendency' },
  { href: '/settings', label: 'settings.nav' },
  { href: '/training', label: 'training.nav' },
];

/** The signed-in frame: header with navigation, sync status, language and sign-out. */
export function Shell({ children }: { readonly children: ReactNode }) {
  const { t, lang } = useI18n();
  const { session, signOut } = useSignedIn();
  const [, navigate] = useLocation();
  const me = session.person;
  // "Signed in offline — will sync" holds only while nothing has synced: once an
  // exchange succeeds the light says Synced, and the two must never show together.
  const syncState = useSyncStatus(useEnv().syncStatus).state;
  const unsent = useUnsentCount();
  const [asking, setAsking] = useState(false);
  // The next person on this tablet starts at their own inbox, not at the last page seen.
  const leave = () => {
    setAsking(false);
    navigate('/');
    void signOut();
  };
  // Unsent work is not lost by signing out (its signed events are sent by the next
  // sync, whoever is signed in), but the person should know before handing the tablet on.
  const askOrLeave = () => (unsent > 0 ? setAsking(true) : leave());
  return (
    <div className="shell">
      <a className="skip" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className={(active) => (active ? 'active' : '')}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <SyncIndicator />
        <PracticeOfflineSwitch />
        <div className="me">
          <span>
            {t('auth.signedInAs', { name: me.name[lang], designation: me.designation[lang] })}
          </span>
          {!session.online && syncState === 'offline' && (
            <small className="offline-note">{t('auth.offlineNotice')}</small>
          )}
        </div>
        <LanguageToggle />
        <button type="button" onClick={askOrLeave}>
          {t('auth.signOut')}
        </button>
        {asking && (
          <ConfirmDialog
            title={t('signOut.pendingTitle')}
            confirm={t('signOut.confirm')}
            cancel={t('signOut.stay')}
            onConfirm={leave}
            onCancel={() => setAsking(false)}
          >
            <p>{t('signOut.pendingText', { count: unsent })}</p>
          </ConfirmDialog>
        )}
      </header>
      <TrainingStrip />
      <StorageWarning />
      <main id="content" tabIndex={-1}>
        <QuarantineList />
        {children}
      </main>
    </div>
  );
}
