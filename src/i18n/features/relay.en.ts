import type { Message } from '../message.ts';
import type { hiRelay } from './relay.hi.ts';

/** The office relay and the tiers as a tablet meets them (docs/RELAY.md). (English.) */
export const enRelay = {
  'auth.error.noAnswerNeverSignedIn':
    'No server answered, and you have never signed in on this tablet. Sign in once a server answers.',
  'auth.localNetworkBlocked':
    'The network may be working: Chrome is blocking this app from devices on the office network, so the office relay may not have answered. To allow it: tap the icon left of the address bar (or Chrome’s Settings → Site settings → Local network access → this site) and set it to Allow. Then sign in again.',
  'auth.provisionalNotice':
    'Provisional sign-in: the office relay checked it while the district server could not be reached. It works at the office relay. This note goes once the district has confirmed this tablet, after the link returns.',
  'sync.syncedAtRelay': 'Synced with the office relay',
  'sync.provisionalSignInAgain':
    'Your sign-in was provisional (the office relay checked it while the district server could not be reached), and the server answering now does not accept it. Sign in again to sync; your unsent work stays on this tablet and is sent once you have signed in.',
  'sync.otherOfficeRelay':
    'The server answering on this network is the office relay of another office, not of yours. This tablet syncs again once it reaches your office relay or the district server; your work stays safe on it.',
  'sync.viaDistrictOtherOffice':
    'The server answering on this network is the office relay of another office, not of yours, so this tablet syncs with the district server directly.',
  'sync.waitingAtRelay': {
    one: '{count} change is at the office relay and has not reached the district server yet.',
    other:
      '{count} changes on these files (yours and others’) are at the office relay and have not reached the district server yet.',
  },
  'relayClaims.label': 'Office relay alarm',
  'relayClaims.title': 'The office relay’s word does not hold',
  'relayClaims.detail': {
    one: 'The office relay said the district server has {count} change to your office’s files, but the district server’s own log, checked later, does not have it.',
    other:
      'The office relay said the district server has {count} changes to your office’s files, but the district server’s own log, checked later, does not have them.',
  },
  'relayClaims.dropped': {
    one: 'The office relay took {count} change from this tablet without entering it in its own log, so it may never pass it on to the district server.',
    other:
      'The office relay took {count} changes from this tablet without entering them in its own log, so it may never pass them on to the district server.',
  },
  'relayClaims.disordered': {
    one: 'The office relay gave the changes of {count} file in another order than the district server’s log, so this tablet may show its outcome differently from the district server.',
    other:
      'The office relay gave the changes of {count} files in another order than the district server’s log, so this tablet may show their outcome differently from the district server.',
  },
  'relayClaims.todoOrder':
    'Tell your district administrator. This tablet checks again at each sync, and this note goes once the office relay gives these changes in the district server’s order.',
  'relayClaims.todo':
    'Tell your district administrator. Your work stays on this tablet; this tablet checks again at each sync, and this note goes once the district server’s log has it.',
  'sync.longAtRelay': {
    one: '{count} change made on this tablet reached the office relay over a day ago, and the district server has not confirmed it yet.',
    other:
      '{count} changes made on this tablet reached the office relay over a day ago, and the district server has not confirmed them yet.',
  },
  'sync.localNetworkBlocked':
    'This tablet cannot reach your office relay, and Chrome is set to block this app from devices on the local network, which may be why. To allow it: open this site’s settings (the icon left of the address, or Chrome’s Settings → Site settings), choose Local network access and set it to Allow. Your work is saved on this tablet; the app tries again by itself and sends it once it connects.',
} as const satisfies Record<keyof typeof hiRelay, Message>;
