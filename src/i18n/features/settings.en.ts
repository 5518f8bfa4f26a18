import type { Message } from '../message.ts';
import type { hiSettings } from './settings.hi.ts';

/** Settings, storage, backup and the update prompt. (English; same keys as the Hindi block.) */
export const enSettings = {
  'settings.nav': 'Settings',
  'settings.title': 'Settings and storage',
  'settings.storageHeading': 'Storage on this device',
  'settings.checking': 'Checking storage…',
  'settings.persistence': 'Persistent storage',
  'settings.persistentYes': 'Yes — the browser will keep this device’s data.',
  'settings.persistentNo': 'No — the browser may delete data when space runs short.',
  'settings.persistentUnknown': 'This browser does not say.',
  'settings.askPersist': 'Ask again to keep data',
  'settings.used': 'Used',
  'settings.available': 'Available',
  'settings.quota': 'Total allowed',
  'settings.unknownSize': 'Not known',
  'settings.appVersion': 'App version',
  'settings.quarantineHeading': 'Refused changes',
  'settings.quarantineNone': 'The server has refused no changes.',
  'settings.quarantineCount': {
    one: 'The server refused {count} change; it is kept on this device.',
    other: 'The server refused {count} changes; they are kept on this device.',
  },
  'settings.quarantineDownload': 'Download refused changes (for the help desk)',
  'backup.heading': 'Backup',
  'backup.intro':
    'Before a tablet is replaced or reset, save everything on it (files, dak, your draft notings, unsent and refused changes) to one file, and import it on the new tablet.',
  'backup.privacy':
    'The file holds your own draft notings only; other people’s stay on this tablet, and each can export their own. It holds the office’s files too: keep it as safe as the tablet.',
  'backup.export': 'Export backup',
  'backup.exporting': 'Preparing the backup…',
  'backup.exported': 'Backup saved as {fileName}.',
  'backup.import': 'Import backup',
  'backup.reading': 'Reading the file…',
  'backup.preview':
    'Backup made on {date} (app version {version}): {records}, {drafts}, {outbox}, {quarantine}.',
  'backup.confirm': 'Import this backup',
  'backup.cancel': 'Cancel',
  'backup.importing': 'Importing…',
  'backup.imported': 'Imported: {recordsUpdated}, {drafts}, {outbox}, {quarantine}, {settings}.',
  'backup.count.records': { one: '{count} record', other: '{count} records' },
  'backup.count.recordsUpdated': {
    one: '{count} record updated',
    other: '{count} records updated',
  },
  'backup.count.drafts': { one: '{count} draft noting', other: '{count} draft notings' },
  'backup.count.outbox': { one: '{count} unsent change', other: '{count} unsent changes' },
  'backup.count.quarantine': { one: '{count} refused change', other: '{count} refused changes' },
  'backup.count.settings': { one: '{count} setting', other: '{count} settings' },
  'backup.nothingNew': 'Nothing new: everything in this file is already on this device.',
  'backup.error.badMagic': 'This is not a Patravali backup file.',
  'backup.error.unsupportedVersion':
    'This backup was made by a newer version of the app. Update the app, then import it.',
  'backup.error.truncated': 'The backup file is incomplete (cut off while copying). Copy it again.',
  'backup.error.badChecksum':
    'The backup file is damaged (its checksum does not match). Copy it again.',
  'backup.error.malformed': 'The backup file is damaged and cannot be read.',
  'backup.error.otherGeneration':
    'This backup is from before the server’s data was reset; it cannot be mixed with this device’s data.',
  'backup.error.unknown': 'The backup could not be imported: {detail}',
  'update.applying': 'Saving drafts and updating the app…',
  'update.draftsKept': 'Your draft notings are saved before the update.',
  'update.saveFailed':
    'A draft could not be saved, so the app was not updated. Save it, then tap Update again.',
  'update.activatedElsewhere': 'The app was updated in another tab. Tap Update when you are ready.',
} as const satisfies { readonly [K in keyof typeof hiSettings]: Message };
