import type { MessageKey } from '@i18n/hi.ts';
import type { AttachError } from '@storage/scans/index.ts';
import { LIMITS } from '@domain/events.ts';

/** The message for a refused attach; every code ends in a sentence the person can act on. */
export function attachErrorMessage(code: AttachError): {
  readonly key: MessageKey;
  readonly params?: Record<string, number>;
} {
  switch (code) {
    case 'tooLarge':
      return {
        key: 'scan.error.tooLarge',
        params: { limit: Math.round(LIMITS.attachmentBytes / (1024 * 1024)) },
      };
    case 'typeMismatch':
      return { key: 'scan.error.typeMismatch' };
    case 'unsupported':
      return { key: 'scan.error.unsupported' };
    case 'quotaExceeded':
      return { key: 'scan.error.quota' };
    case 'unreadable':
    case 'invalidInput':
      return { key: 'scan.error.unreadable' };
    default:
      return { key: 'scan.error.notAllowed' };
  }
}
