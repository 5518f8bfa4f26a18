import type { Message } from '../message.ts';

/**
 * Reading and acting at a desk: inbox order and marks, send-dialog recipients,
 * confirmations before closing a file or signing out with unsent work, the
 * file page's correspondence and scans. (Hindi; the key set for this feature.)
 */
export const hiDesk = {
  'inbox.order': 'क्रम',
  'inbox.orderOldest': 'सबसे पुरानी लंबित पहले',
  'inbox.orderUrgent': 'तत्काल और नियत तिथि पार पहले',
} as const satisfies Record<string, Message>;
