// One import for e2e tests: the server as `npm start` runs it, Chromium "tablets", and
// page helpers named after the accessible names of DESIGN.md §8.
export { ensureBuilt, startServer } from './harness/server.ts';
export type { RunningServer, ServerOptions } from './harness/server.ts';
export { launchBrowser, launchTabletContext, TABLET_PORTRAIT } from './harness/browser.ts';
export type { Tablet, TabletBrowser } from './harness/browser.ts';
export { shareServerAndBrowser } from './harness/shared.ts';
export type { SharedServerAndBrowser } from './harness/shared.ts';
export {
  buttonWords,
  createFile,
  inboxItem,
  inboxRegion,
  menuButton,
  navigate,
  openMenu,
  noteSheet,
  openApp,
  passwordField,
  pendencyRegion,
  saveDraftNoting,
  sendFile,
  showsDevanagari,
  signIn,
  signInButton,
  signOut,
  signOutButton,
  passSignOutWarning,
  syncStatus,
  usernameField,
  waitForSyncStatus,
  wordsBelowButton,
} from './harness/app.ts';
export type { Lang, NavLink, SendOptions } from './harness/app.ts';
