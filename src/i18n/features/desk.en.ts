import type { Message } from '../message.ts';
import type { hiDesk } from './desk.hi.ts';

/** Reading and acting at a desk. (English; same keys as the Hindi block.) */
export const enDesk = {
  'inbox.order': 'Order',
  'inbox.orderOldest': 'Oldest waiting first',
  'inbox.orderUrgent': 'Urgent and overdue first',
} as const satisfies { readonly [K in keyof typeof hiDesk]: Message };
