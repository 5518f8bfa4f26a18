import type { Message } from '../message.ts';
import type { hiVolumes } from './volumes.hi.ts';

/** Volumes of a file (`Close volume`): the button, its question, the note sheet's boundaries. (English.) */
export const enVolumes = {
  'volume.close': 'Close volume',
  'volume.question':
    'Volume {volume} will be closed and kept read-only. The file continues in volume {next} under the same number; paragraph numbers continue.',
  'volume.confirm': 'Close volume {volume}',
  'volume.cancel': 'Cancel',
  'volume.number': '{number} (Vol.\u00a0{volume})',
  'volume.heading': 'Volume {volume}',
  'volume.current': 'Volume {volume} (current)',
  'volume.closedBy': 'closed by {name}, {date}; read-only',
  'volume.empty': 'No paragraphs in this volume yet.',
  'event.volumeClosed': 'Volume closed',
  'refusal.volumeInvalid':
    'The server did not take a volume close: only the holder of an open file closes the volume being written, once it has a paragraph.',
} as const satisfies Record<keyof typeof hiVolumes, Message>;
