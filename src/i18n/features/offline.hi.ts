import type { Message } from '../message.ts';

/** Whether the tablet can work offline yet (OfflineReadyNote). (Hindi; the key set.) */
export const hiOffline = {
  'offline.preparing': 'यह टैबलेट बिना नेटवर्क के काम के लिए तैयार किया जा रहा है… नेटवर्क से जुड़े रहें।',
  'offline.ready': 'यह टैबलेट अब बिना नेटवर्क के काम कर सकता है: पत्रावली नेटवर्क न होने पर भी खुलेगी।',
  'offline.dismiss': 'ठीक है',
} as const satisfies Record<string, Message>;
