import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { MessageKey } from '@i18n/hi.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useProvisionalSession } from '../hooks/useProvisionalSession.ts';
import { useAhead } from '../hooks/useAhead.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import { useUnsentCount } from '../hooks/useUnsentCount.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { HeaderMenu } from './HeaderMenu.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';
import { QuarantineList } from './QuarantineList.tsx';
import { StorageWarning } from './StorageWarning.tsx';
import { LastSynced, SyncIndicator } from './SyncIndicator.tsx';
import { PracticeOfflineSwitch } from './trainer/PracticeOfflineSwitch.tsx';
import { TrainingStrip } from './trainer/TrainingStrip.tsx';

interface NavItem {
  readonly href: string;
  readonly label: MessageKey;
}
/** The daily pages, always in sight (DESIGN.md §8 names them). */
const NAV: readonly NavItem[] = [
  { href: '/', label: 'nav.inbox' },
  { href: '/new', label: 'nav.newFile' },
  { href: '/dak', label: 'nav.dak' },
  { href: '/pendency', label: 'nav.pendency' },
];
/** Pages opened now and then, behind the header's menu button. */
const MENU_NAV: readonly NavItem[] = [
  { href: '/settings', label: 'settings.nav' },
  { href: '/training', label: 'training.nav' },
  { href: '/verify', label: 'verify.nav' },
  { href: '/retention', label: 'retention.nav' },
  { href: '/dispatch', label: 'register.nav' },
];

function NavLinks({ items }: { readonly items: readonly NavItem[] }) {
  const { t } = useI18n();
  return (
    <ul className="nav">
      {items.map((item) => (
        <li key={item.href}>
          <Link href={item.href} className={(active) => (active ? 'active' : '')}>
            {t(item.label)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/**
 * Work done ahead of use (useAhead.ts), apart from the header: its join
 * progress changes with every page a joining tablet pulls.
 */
function Ahead() {
  useAhead();
  return null;
}

/**
 * The signed-in frame: one header row with the daily pages, the sync light, the
 * language and a menu (who is signed in, settings, training, sign-out).
 */
export function Shell({ children }: { readonly children: ReactNode }) {
  const { t, lang } = useI18n();
  const { session, signOut } = useSignedIn();
  const [, navigate] = useLocation();
  const me = session.person;
  // "Signed in offline — will sync" holds only while nothing has synced: once an
  // exchange succeeds the light says Synced, and the two must never show together.
  const syncState = useSyncStatus(useEnv().syncStatus).state;
  const unsent = useUnsentCount();
  const provisional = useProvisionalSession();
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
      <Ahead />
      <a className="skip" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <NavLinks items={NAV} />
        </nav>
        <SyncIndicator />
        <LanguageToggle />
        <HeaderMenu>
          <p className="me">
            {t('auth.signedInAs', { name: me.name[lang], designation: me.designation[lang] })}
          </p>
          {provisional && <p className="provisional-note">{t('auth.provisionalNotice')}</p>}
          <LastSynced />
          <NavLinks items={MENU_NAV} />
          <PracticeOfflineSwitch />
          <button type="button" onClick={askOrLeave}>
            {t('auth.signOut')}
          </button>
        </HeaderMenu>
        {!session.online && syncState === 'offline' && (
          <p className="offline-note">{t('auth.offlineNotice')}</p>
        )}
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
