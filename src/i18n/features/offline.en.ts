import type { Message } from '../message.ts';
import type { hiOffline } from './offline.hi.ts';

/** Whether the tablet can work offline yet (OfflineReadyNote). (English.) */
export const enOffline = {
  'offline.preparing': 'Preparing this tablet to work offline… stay connected.',
  'offline.ready': 'Ready to work offline: Patravali now opens on this tablet without a network.',
  'offline.dismiss': 'OK',
} as const satisfies Record<keyof typeof hiOffline, Message>;
