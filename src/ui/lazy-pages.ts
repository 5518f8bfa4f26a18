import { createElement, lazy, useState, type ComponentType, type FunctionComponent } from 'react';

/**
 * Pages a tablet does not need to show the inbox. Each is its own chunk,
 * fetched the first time someone opens it, so the app shell a tablet must
 * download before the inbox is interactive stays small. Every chunk is still
 * in the service worker's precache (vite.config.ts globPatterns), so an
 * installed tablet opens any of these pages with no network.
 */

/** A page whose code can be fetched ahead of its first showing. */
export type PreloadablePage<P> = FunctionComponent<P> & {
  /** Fetches and runs the page's chunk; a failure is forgotten, so the next try fetches again. */
  preload(): Promise<unknown>;
};

/**
 * React.lazy, plus `preload`: once the chunk has run, the page is shown at
 * once. A lazy page shows its fallback first even when its code is already
 * here, and React then holds the page back for up to 300 ms after that
 * fallback (its throttle on revealing suspended content); on a slow tablet
 * that was most of Pendency's first visit (docs/BENCHMARKS.md).
 */
export function preloadablePage<P extends object = object>(
  load: () => Promise<ComponentType<P>>,
): PreloadablePage<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<{ readonly default: ComponentType<P> }> | null = null;
  const preload = () =>
    (loading ??= load().then(
      (page) => {
        loaded = page;
        return { default: page };
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const Lazy = lazy(preload);
  const Page = (props: P) => {
    // Chosen once per mount: a page first committed through Lazy (React can replay a
    // suspended lazy page in place) must not become another component type later,
    // which would remount it and lose what was typed.
    const [type] = useState(() => loaded ?? Lazy);
    return createElement(type, props);
  };
  return Object.assign(Page, { preload });
}

export const NewFilePage = preloadablePage(() =>
  import('./pages/NewFilePage.tsx').then((m) => m.NewFilePage),
);
export const RecordPage = preloadablePage(() =>
  import('./pages/RecordPage.tsx').then((m) => m.RecordPage),
);
export const DakPage = preloadablePage(() => import('./pages/DakPage.tsx').then((m) => m.DakPage));
export const PendencyPage = preloadablePage(() =>
  import('./pages/PendencyPage.tsx').then((m) => m.PendencyPage),
);
export const SettingsPage = preloadablePage(() =>
  import('./pages/SettingsPage.tsx').then((m) => m.SettingsPage),
);
export const TrainingPage = preloadablePage(() =>
  import('./pages/TrainingPage.tsx').then((m) => m.TrainingPage),
);
export const VerifyPage = preloadablePage(() =>
  import('./pages/VerifyPage.tsx').then((m) => m.VerifyPage),
);
export const RetentionPage = preloadablePage(() =>
  import('./pages/RetentionPage.tsx').then((m) => m.RetentionPage),
);
export const DispatchRegisterPage = preloadablePage(() =>
  import('./pages/DispatchRegisterPage.tsx').then((m) => m.DispatchRegisterPage),
);

/** The pages used every day, fetched ahead in idle time after a start (useAhead.ts). */
export const DAILY_PAGES: readonly { preload(): Promise<unknown> }[] = [
  RecordPage,
  DakPage,
  NewFilePage,
  PendencyPage,
];
