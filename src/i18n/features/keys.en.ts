import type { Message } from '../message.ts';
import type { hiKeys } from './keys.hi.ts';

/** Device keys: access revoked by the administrator (src/storage/revoked-access.ts). (English.) */
export const enKeys = {
  'revoked.label': 'Access revoked',
  'revoked.notice':
    'This device’s access for {name} was revoked by the administrator. Their data (drafts, unsent changes, and files nobody else here may read) has been removed from this tablet; other people’s data is kept.',
  'revoked.ask': 'If this is a mistake, contact your district administrator.',
  'revoked.dismiss': 'OK',
} as const satisfies Record<keyof typeof hiKeys, Message>;
