import type { Message } from '../message.ts';
import type { hiKeys } from './keys.hi.ts';

/** Device keys: access revoked (src/storage/session/revoked-access.ts), sign in again (session-upgrade.ts). (English.) */
export const enKeys = {
  'serverError.accessRevoked': 'The administrator revoked this person’s access on this device.',
  'revoked.label': 'Access revoked',
  'revoked.notice':
    'This device’s access for {name} was revoked by the administrator. Their data (drafts, unsent changes, and files nobody else here may read) has been removed from this tablet; other people’s data is kept.',
  'revoked.ask': 'If this is a mistake, contact your district administrator.',
  'revoked.dismiss': 'OK',
  'signInAgain.label': 'Sign in again',
  'signInAgain.signingKey':
    '{name}, please sign in again: this tablet now signs your work with a key of your own, made when you sign in.',
  'signInAgain.logKey':
    '{name}, please sign in again: to check that the server’s record only grows, this tablet needs the server’s log key, given at sign-in.',
  'signInAgain.kept':
    'Your drafts and unsent work are kept on this tablet and will be sent after you sign in.',
  'signature.device': 'Signed with the author’s device key · key {key}, device {device}',
  'signature.deviceKey': 'Signed with the author’s device key · key {key}',
  'signature.server': 'Attested by the server (from before device keys)',
} as const satisfies Record<keyof typeof hiKeys, Message>;
