import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../hooks/useI18n.ts';

interface Props {
  readonly children: ReactNode;
}

interface State {
  readonly failed: boolean;
}

/**
 * Keeps the header and navigation up when a page cannot render — most often a
 * page chunk that could not be fetched (online, without the service worker,
 * after the server was updated mid-session). Drafts and outbox are already in
 * the device store, so reloading loses nothing; the message says so.
 */
export class PageErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const { t } = useI18n();
  return (
    <div role="alert" className="page-failed">
      <p>{t('app.pageFailed')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}
