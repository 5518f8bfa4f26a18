import type { Message } from '../message.ts';

/** Volumes of a file (`Close volume`): the button, its question, the note sheet's boundaries. (Hindi; the key set.) */
export const hiVolumes = {
  'volume.close': 'खंड बंद करें',
  'volume.question':
    'खंड {volume} बंद होकर केवल पढ़ने हेतु रहेगा। पत्रावली इसी संख्या से खंड {next} में जारी रहेगी; अनुच्छेद संख्या आगे चलती रहेगी।',
  'volume.confirm': 'खंड {volume} बंद करें',
  'volume.cancel': 'रद्द करें',
  'volume.number': '{number} (खंड\u00a0{volume})',
  'volume.heading': 'खंड {volume}',
  'volume.current': 'खंड {volume} (चालू)',
  'volume.closedBy': '{name} द्वारा {date} को बंद; केवल पढ़ने हेतु',
  'volume.empty': 'इस खंड में अभी कोई अनुच्छेद नहीं।',
  'event.volumeClosed': 'खंड बंद किया',
  'refusal.volumeInvalid':
    'सर्वर ने खंड बंद करना नहीं लिया: केवल खुली पत्रावली का धारक, लिखे जा रहे खंड को, उसमें कम से कम एक अनुच्छेद होने पर, बंद कर सकता है।',
} as const satisfies Record<string, Message>;
