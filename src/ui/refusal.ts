import { REFUSAL_REASONS, type RefusalReason } from '@protocol/messages.ts';

/** Reasons arrive as stored strings; only known ones have a catalog entry. */
export function isRefusalReason(value: string): value is RefusalReason {
  return (REFUSAL_REASONS as readonly string[]).includes(value);
}
