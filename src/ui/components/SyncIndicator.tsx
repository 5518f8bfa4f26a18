import type { LogAlarm } from '@doc/log-check.ts';
import type { SyncStatus } from '@sync/status.ts';
import type { I18n } from '../app-context.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useLocalNetworkPermission } from '../hooks/useLocalNetworkPermission.ts';
import { useSyncStatus } from '../hooks/useSyncStatus.ts';
import { useRelayClaims } from '../hooks/useRelayClaims.ts';
import { useWaitingAtRelay } from '../hooks/useWaitingAtRelay.ts';
import { homeUnreachable, localNetworkHint } from '../services/local-network.ts';
import { PullAlarmLine } from './PullAlarm.tsx';

/** The `Sync status` indicator of DESIGN.md §8: Offline / Syncing / Synced / N pending. */
export function SyncIndicator() {
  const i18n = useI18n();
  const env = useEnv();
  const status = useSyncStatus(env.syncStatus);
  // Asked only once this tablet's own address did not answer (Chrome's Local Network Access).
  const permission = useLocalNetworkPermission(env.permissions, homeUnreachable(status));
  const waiting = useWaitingAtRelay();
  const claims = useRelayClaims(status.lastSyncedAt);
  const { long } = claims;
  const message =
    statusMessage(status, i18n) ??
    localNetworkMessage(status, permission, i18n) ??
    relayNote(status, long, 'sync.longAtRelay', i18n) ??
    relayNote(status, waiting, 'sync.waitingAtRelay', i18n);
  // A light that carries a message takes a header row of its own (styles.css).
  const wide = message === null ? '' : ' sync-with-message';
  return (
    <>
      <div
        role="status"
        aria-label={i18n.t('sync.label')}
        className={`sync sync-${status.state}${wide}`}
      >
        <span>
          {/* Not "Synced" alone while work waits at the relay: the district does not have it. */}
          {status.state === 'synced' && waiting + long > 0
            ? i18n.t('sync.syncedAtRelay')
            : syncText(status, i18n)}
        </span>
        {status.progress && (
          <progress value={status.progress.done} max={Math.max(1, status.progress.total)} />
        )}
        {message}
        <PullAlarmLine />
      </div>
      {status.logAlarm !== undefined && <LogAlarmBanner alarm={status.logAlarm} />}
      {claims.refuted + claims.dropped + claims.disordered > 0 && <RelayClaimsBanner {...claims} />}
    </>
  );
}

/** When this tablet last synced; in the header's menu, the light itself stays short. */
export function LastSynced() {
  const { t, formatDateTime } = useI18n();
  const at = useSyncStatus(useEnv().syncStatus).lastSyncedAt;
  if (at === null) return null;
  return <p className="sync-last">{t('sync.lastSynced', { time: formatDateTime(at) })}</p>;
}

/** The server's log did not only grow: said at once (role alert), with what was found. */
function LogAlarmBanner({ alarm }: { readonly alarm: LogAlarm }) {
  const { t } = useI18n();
  return (
    <div role="alert" aria-label={t('logAlarm.label')} className="log-alarm">
      <strong>{t('logAlarm.title')}</strong>
      <p>{t(`logAlarm.${alarm}`)}</p>
      <p>{t('logAlarm.kept')}</p>
    </div>
  );
}

/**
 * The district's own record lacks work the office relay said it had, the relay took
 * this tablet's work without logging it, or served a file's changes in another order
 * than the district's log (decision 0020).
 */
function RelayClaimsBanner(props: {
  readonly refuted: number;
  readonly dropped: number;
  readonly disordered: number;
}) {
  const { t } = useI18n();
  return (
    <div role="alert" aria-label={t('relayClaims.label')} className="log-alarm">
      <strong>{t('relayClaims.title')}</strong>
      {props.refuted > 0 && <p>{t('relayClaims.detail', { count: props.refuted })}</p>}
      {props.dropped > 0 && <p>{t('relayClaims.dropped', { count: props.dropped })}</p>}
      {props.disordered > 0 && <p>{t('relayClaims.disordered', { count: props.disordered })}</p>}
      <p>{t(props.refuted + props.dropped > 0 ? 'relayClaims.todo' : 'relayClaims.todoOrder')}</p>
    </div>
  );
}

export function syncText(status: SyncStatus, { t }: I18n): string {
  const pending = status.pending > 0 ? t('sync.pending', { count: status.pending }) : null;
  switch (status.state) {
    case 'syncing':
      return t('sync.syncing');
    case 'synced':
      return t('sync.synced');
    case 'pending':
      return pending ?? t('sync.synced');
    case 'versionMismatch':
      return t('sync.versionMismatch');
    case 'signedOut':
      // The server refused this session's token (expired, revoked, or none kept from an
      // offline sign-in): work goes on offline; signing in online again resumes sync.
      return t('sync.signInAgain');
    case 'offline':
      return pending ? `${t('sync.offline')} · ${pending}` : t('sync.offline');
    case 'logAlarm':
      return t('sync.logAlarm');
  }
}

function statusMessage(status: SyncStatus, { t }: I18n) {
  if (status.error === 'dailyLimit')
    return <p className="sync-error">{t('serverError.dailyLimit')}</p>;
  if (status.error === 'tooManyRequests')
    return <p className="sync-error">{t('serverError.tooManyRequests')}</p>;
  if (status.error === 'busy') return <p className="sync-error">{t('serverError.busy')}</p>;
  if (status.error === 'provisionalSession')
    return <p className="sync-error">{t('sync.provisionalSignInAgain')}</p>;
  if (status.error === 'otherOfficeRelay')
    return <p className="sync-error">{t('sync.otherOfficeRelay')}</p>;
  if (status.error === 'clientTooOld')
    return <p className="sync-error">{t('version.clientTooOld')}</p>;
  if (status.error === 'serverTooOld')
    return <p className="sync-error">{t('version.serverTooOld')}</p>;
  // Synced at the district's own address, this network's relay being another office's.
  if (status.viaDistrict === 'otherOfficeRelay' && linkWorks(status))
    return <p className="sync-note">{t('sync.viaDistrictOtherOffice')}</p>;
  return null;
}

/** This tablet's address did not answer, and Chrome's Local Network Access may be why. */
function localNetworkMessage(status: SyncStatus, permission: string | null, { t }: I18n) {
  switch (localNetworkHint(status, permission)) {
    case 'blocked':
      return <p className="sync-error">{t('sync.localNetworkBlocked')}</p>;
    case null:
      return null;
  }
}

/** The tablet reaches its server (what it says of the relay's link beyond is news then). */
function linkWorks(status: SyncStatus): boolean {
  return status.state === 'synced' || status.state === 'pending' || status.state === 'syncing';
}

/**
 * What an office relay holds of this tablet's files, said under the light while the link
 * works (`count` 0: nothing):
 * - `sync.longAtRelay`: this tablet's changes it took over a day ago that the district's
 *   proofs have not shown since (decision 0020); said first, since a relay that withholds
 *   work may also say it passed it on;
 * - `sync.waitingAtRelay`: work it has not passed on to the district yet (decision 0010,
 *   amendment 4): "Synced" alone would say it is there.
 */
function relayNote(
  status: SyncStatus,
  count: number,
  key: 'sync.longAtRelay' | 'sync.waitingAtRelay',
  { t }: I18n,
) {
  if (count === 0 || !linkWorks(status)) return null;
  // Not announced at each change (aria-live off inside the status): it comes and goes with
  // every save while the relay passes work on; the light itself still says Synced.
  return (
    <p className="sync-note" aria-live="off">
      {t(key, { count })}
    </p>
  );
}
