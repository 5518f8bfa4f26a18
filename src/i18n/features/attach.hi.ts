import type { Message } from '../message.ts';

/** Attach receipt on a file (AttachReceipt). (Hindi; the key set.) */
export const hiAttach = {
  'attach.button': 'प्राप्ति संलग्न करें',
  'attach.find': 'प्राप्ति खोजें',
  'attach.none': 'आपके पास ऐसी कोई प्राप्ति नहीं है जो किसी पत्रावली में न हो।',
  'attach.noMatch': 'कोई प्राप्ति मेल नहीं खाती।',
  'attach.from': '{from} से',
  'attach.short': 'संलग्न करें',
  'attach.one': '{number} इस पत्रावली में संलग्न करें',
  'attach.done': '{number} इस पत्रावली में संलग्न की गई; यह पत्राचार में है।',
} as const satisfies Record<string, Message>;
