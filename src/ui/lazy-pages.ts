import { lazy } from 'react';

/**
 * Pages a tablet does not need to show the inbox. Each is its own chunk,
 * fetched the first time someone opens it, so the app shell a tablet must
 * download before the inbox is interactive stays small. Every chunk is still
 * in the service worker's precache (vite.config.ts globPatterns), so an
 * installed tablet opens any of these pages with no network.
 */

export const NewFilePage = lazy(() =>
  import('./pages/NewFilePage.tsx').then((m) => ({ default: m.NewFilePage })),
);
export const RecordPage = lazy(() =>
  import('./pages/RecordPage.tsx').then((m) => ({ default: m.RecordPage })),
);
export const DakPage = lazy(() =>
  import('./pages/DakPage.tsx').then((m) => ({ default: m.DakPage })),
);
export const PendencyPage = lazy(() =>
  import('./pages/PendencyPage.tsx').then((m) => ({ default: m.PendencyPage })),
);
export const SettingsPage = lazy(() =>
  import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })),
);
export const TrainingPage = lazy(() =>
  import('./pages/TrainingPage.tsx').then((m) => ({ default: m.TrainingPage })),
);
export const VerifyPage = lazy(() =>
  import('./pages/VerifyPage.tsx').then((m) => ({ default: m.VerifyPage })),
);
export const RetentionPage = lazy(() =>
  import('./pages/RetentionPage.tsx').then((m) => ({ default: m.RetentionPage })),
);
export const DispatchRegisterPage = lazy(() =>
  import('./pages/DispatchRegisterPage.tsx').then((m) => ({ default: m.DispatchRegisterPage })),
);
