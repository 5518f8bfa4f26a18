import type { Catalog } from './hi.ts';
import { enSettings } from './features/settings.en.ts';
import { enReview } from './features/review.en.ts';
import { enScans } from './features/scans.en.ts';
import { enTrainer } from './features/trainer.en.ts';
import { enConflicts } from './features/conflicts.en.ts';
import { enLogAlarm } from './features/log-alarm.en.ts';
import { enVerify } from './features/verify.en.ts';
import { enDesk } from './features/desk.en.ts';
import { enPullCheck } from './features/pullcheck.en.ts';
import { enKeys } from './features/keys.en.ts';
import { enAttach } from './features/attach.en.ts';
import { enNoteSheet } from './features/notesheet.en.ts';
import { enOffline } from './features/offline.en.ts';
import { enRelay } from './features/relay.en.ts';
import { enLetters } from './features/letters.en.ts';
import { enLetterPrint } from './features/letterprint.en.ts';
import { enRetention } from './features/retention.en.ts';
import { enGrades } from './features/grades.en.ts';
import { enRunningRegister } from './features/running-register.en.ts';
import { enCopies } from './features/copies.en.ts';
import { enLinks } from './features/links.en.ts';
import { enVolumes } from './features/volumes.en.ts';
import { enGroups } from './features/groups.en.ts';
import { enClosure } from './features/closure.en.ts';
import { enAttachFiles } from './features/attach-files.en.ts';
import { enDates } from './features/dates.en.ts';

/**
 * English catalog. `satisfies Catalog` makes a missing or extra key a type
 * error. Accessible names of DESIGN.md §8 are exact here (tests find controls by them).
 */
export const en = {
  'app.name': 'Patravali',
  'app.skipToContent': 'Skip to main content',
  'app.loading': 'Loading…',
  'app.pageFailed':
    'This page could not open. Your work is saved on this tablet; reload to try again.',
  'app.reload': 'Reload',
  'app.notFound': 'This page was not found.',
  'app.recordNotFound': 'This record is not on this device.',

  'lang.switch': 'हिन्दी',
  'lang.switchLabel': 'Change language: हिन्दी',

  'nav.label': 'Main navigation',
  'nav.inbox': 'Inbox',
  'nav.newFile': 'New file',
  'nav.dak': 'Dak',
  'nav.pendency': 'Pendency',
  'menu.button': 'Menu',

  'auth.title': 'Sign in to Patravali',
  'auth.username': 'Username',
  'auth.password': 'Password',
  'auth.signIn': 'Sign in',
  'auth.signingIn': 'Signing in…',
  'auth.waitingForServer':
    'Waiting for the server, at most {seconds} seconds; then, if you have signed in on this tablet before, it signs you in with what it remembers.',
  'auth.signOut': 'Sign out',
  'auth.signedInAs': '{name}, {designation}',
  'auth.error.badCredentials': 'Wrong username or password.',
  'auth.error.offlineNeverSignedIn':
    'No network, and you have never signed in on this tablet. Sign in once while online.',
  'auth.error.offlineBadPassword':
    'No network, and the password does not match the one remembered on this tablet.',
  'auth.error.serverUnreachable': 'The server could not be reached. Try again later.',
  'auth.error.missingFields': 'Enter your username and password.',
  'auth.error.unexpected':
    'Sign-in failed because of a problem on this tablet. Try again; if it keeps failing, close and reopen the browser or tell your administrator.',
  'auth.error.tooManyAttempts':
    'Too many wrong passwords for this account or this tablet. Try again after {time}.',
  'auth.offlineNotice': 'Signed in offline — changes will sync when the network returns.',

  'sync.label': 'Sync status',
  'sync.offline': 'Offline',
  'sync.syncing': 'Syncing',
  'sync.synced': 'Synced',
  'sync.pending': { one: '{count} pending', other: '{count} pending' },
  'sync.lastSynced': 'Last synced {time}',
  'sync.progress': '{done} of {total}',
  'sync.signedOut': 'Signed out',
  'sync.versionMismatch': 'Version mismatch',
  'sync.error.network': 'No network',
  'sync.error.server': 'Server error',

  'version.clientTooOld': 'This app is out of date. Please update the app (reload the page).',
  'version.serverTooOld':
    'The server needs updating. Keep working offline; your work is kept safe.',
  'version.updateReady': 'A new version of the app is ready.',
  'version.reload': 'Update',

  'serverError.unauthenticated': 'Your session has ended. Please sign in again.',
  'serverError.frameMalformed': 'The server said the request was malformed.',
  'serverError.frameTooLarge': 'The request was too large.',
  'serverError.forbidden': 'You are not allowed to do this.',
  'serverError.deviceMismatch': 'This device does not match the session. Sign in again.',
  'serverError.dailyLimit':
    'This account has sent more to the server today than an office sends in a day. Syncing stops until midnight; your work is kept safe on this tablet. If this is real work, ask the district administrator to raise the limit.',
  'serverError.busy':
    'The server was busy with the same records from other tablets. This tablet will sync again by itself in a moment; your work is kept safe.',
  'serverError.otherOffice':
    'The server answering on this network is the office relay of another office, not of yours. This tablet syncs again once it reaches your office relay or the district server; your work stays safe on it.',
  'serverError.tooManyRequests':
    'The server asked this tablet to slow down. It will sync again by itself shortly; your work is kept safe.',

  'refusal.title': 'Changes refused by the server',
  'refusal.intro':
    'The server refused these changes. Your work is kept on this device; the record was reset to the server’s state.',
  'refusal.export': 'Export refused changes',
  'refusal.unknownReason': 'Unknown reason: {reason}',
  'refusal.item': '{reason} — {date}',
  'refusal.upstream':
    'The office relay had taken this change; the district server refused it afterwards, so it never reached the district.',
  'refusal.upstreamWhole':
    'The district holds nothing of this record, so it is no longer on this tablet or at the office relay. What it said is kept here.',
  'refusal.draftKept':
    'Your draft noting on this record, never sent (only you see it). The record is no longer on this tablet; copy the text if you need it:',
  'refusal.eventsDeleted': 'The change deleted or rewrote earlier entries.',
  'refusal.metaChanged': 'The change altered the record’s particulars (number, subject…).',
  'refusal.metaInvalid': 'The new record’s particulars are missing or invalid.',
  'refusal.eventMalformed': 'An entry is not in a valid form.',
  'refusal.eventDuplicated': 'The same entry arrived twice with different content.',
  'refusal.actorMismatch': 'An entry was made in someone else’s name.',
  'refusal.roleForbidden': 'Your role may not perform this action.',
  'refusal.outOfScope': 'This record is outside your office’s scope.',
  'refusal.updateTooLarge': 'The change is too large.',
  'refusal.updateMalformed': 'The change could not be read.',
  'refusal.unknownContent': 'The change contains unknown content.',
  'refusal.missingDependencies': 'The change depends on entries the server does not have.',
  'refusal.updateTooComplex':
    'The change is built in too complex a way for the server to apply in time.',
  'refusal.notingTooLong':
    'The noting is too long (at most 6,000 characters). Shorten it or split it.',
  'refusal.letterNotEnabled': 'Draft letters cannot be written yet; this feature is not available.',
  'refusal.unsigned': 'The entry carries no device signature; sign in again on this tablet.',
  'refusal.keyUnknown': 'The entry is signed with a key not registered for its author.',
  'refusal.keyNotDevice': 'The entry is signed with a key of another device.',
  'refusal.keyRevoked': 'The entry is signed with a key that an administrator revoked.',
  'refusal.signatureInvalid':
    'The entry’s signature does not match: it was altered or belongs to another record.',
  'refusal.prevMissing': 'The entry follows entries that are not in this record.',
  'refusal.chainBroken': 'The entry does not follow its author’s earlier entries on this record.',
  'refusal.clockAhead':
    'The entry is dated ahead of the server’s time. Check the tablet’s date and time, then make the entry again.',
  'refusal.clockBehind':
    'The entry is dated before entries this tablet already had on the file. Check the tablet’s date and time, then make the entry again.',
  'refusal.recordDamaged':
    'The server’s copy of this file is damaged. Your change is kept on this tablet and sent again once an administrator repairs the file.',
  'refusal.recordDamagedUpstream':
    'The district server’s copy of this file is damaged, so it took nothing of this change from the office relay. Your change is kept here; make it again once an administrator has repaired the file at the district.',
  'refusal.numberTaken':
    'Another file or receipt of this office already has this number. The tablet’s numbering was reset (restored or reinstalled?): ask the administrator before creating more records.',

  'conflict.title': 'Conflicts',
  'conflict.intro': 'These actions made offline did not take effect, but are kept:',
  'conflict.item': '{action} — {actor}, {date}: {reason}',
  'conflict.staleBasis': 'another move happened first',
  'conflict.notHolder': 'the file was not with this person at the time',
  'conflict.recordClosed': 'the file was closed',
  'conflict.notAllowed': 'not allowed in that state',

  'event.noting': 'Noting',
  'event.sent': 'Sent',
  'event.opened': 'Opened',
  'event.pulledBack': 'Pulled back',
  'event.parked': 'Parked',
  'event.closed': 'Closed',
  'event.reopened': 'Reopened',
  'event.diarised': 'Diarised',
  'event.putInFile': 'Put in file',
  'event.receiptAttached': 'Receipt attached',

  'errors.notFound': 'This record was not found on this device.',
  'errors.wrongKind': 'This action does not apply to this kind of record.',
  'errors.notHolder': 'This record is not with you now.',
  'errors.recordClosed': 'The file is closed; reopen it first.',
  'errors.notAllowed': 'This action is not allowed now.',
  'errors.emptyDraft': 'The noting is empty.',
  'errors.invalidInput': 'Some of the details entered are not valid.',
  'errors.unknownPerson': 'This person is not in the directory.',
  'errors.noDeviceNumber':
    'This tablet has no device number yet, so it cannot give a new file, receipt or dispatch its number. The district gives the number once it confirms this tablet’s sign-in at the office relay (when the office’s link to the district is back), and the tablet takes it at its next sync. Until then you can note on and send on the files sent to you.',

  'errors.staleBasis': 'The file moved meanwhile; look again and retry.',
  'errors.roleForbidden': 'Your role may not perform this action.',
  'errors.unknownOffice': 'This office is not in the directory.',

  'command.staleBasis': 'The file moved meanwhile.',
  'command.notHolder': 'This file is not with you now.',
  'command.recordClosed': 'The file is closed; reopen it first.',
  'command.notAllowed': 'This action is not allowed now.',
  'command.noRecord': 'This record is not on this device.',
  'command.emptyText': 'The text is empty.',
  'command.textTooLong': 'The text is too long.',
  'command.invalidDate': 'The date is not valid.',
  'command.sendToSelf': 'You cannot send a file to yourself.',
  'command.invalidInput': 'Some of the details entered are not valid.',

  'inbox.title': 'Inbox',
  'inbox.tabWithMe': 'With me',
  'inbox.tabSent': 'Sent by me, pending',
  'inbox.empty': 'Nothing is pending with you.',
  'join.desk': 'Bringing your inbox to this tablet…',
  'join.label': 'The rest of the office arriving',
  'join.rest': 'Your inbox is here. The rest of the office is arriving in the background.',
  'join.left': {
    one: '{count} record and {size} left',
    other: '{count} records and {size} left',
  },
  'join.eta': 'about {time} more',
  'join.etaSoon': 'less than a minute more',
  'join.sentArriving':
    'Files you sent that are pending with others arrive with the rest of the office; this list is not complete yet.',
  'inbox.sentEmpty': 'Nothing you sent is pending with others.',
  'inbox.number': 'Number',
  'inbox.subject': 'Subject',
  'inbox.from': 'From',
  'inbox.with': 'With',
  'inbox.pending': 'Pending',
  'inbox.fromPerson': 'from {name}',
  'inbox.openedBy': 'opened by {name}',
  'inbox.withPerson': 'with {name}',
  'inbox.unopened': 'New',
  'search.label': 'Search',
  'search.placeholder': 'Number, subject, sender or noting; Hindi or Roman',
  'search.results': 'Search results',
  'search.none': 'No file or receipt on this tablet matches.',
  'search.limited': 'Showing the {count} most recently active; type more to narrow.',
  'search.server.results': 'On the server',
  'search.server.button': 'Search other offices on the server',
  'search.server.loading': 'Searching the server…',
  'search.server.failed': 'The server could not be reached; search again when online.',
  'search.server.none': 'Nothing more on the server.',
  'search.server.marker': '(on the server, not on this tablet)',
  'search.server.office': 'Office',
  'search.server.more': 'The server has more; type more to narrow.',
  'records.showMore': 'Show {count} more ({total} in all)',
  'inbox.overdue': 'Overdue',
  'pending.days': { one: 'pending {count} day', other: 'pending {count} days' },

  'kind.file': 'File',
  'kind.receipt': 'Receipt',

  'newFile.title': 'New file',
  'newFile.subject': 'Subject',
  'newFile.category': 'Category',
  'newFile.create': 'Create file',
  'newFile.subjectRequired': 'Enter a subject.',

  'category.revenue': 'Revenue',
  'category.landRecords': 'Land records',
  'category.disasterRelief': 'Disaster relief',
  'category.pensions': 'Pensions',
  'category.establishment': 'Establishment',
  'category.rti': 'RTI',
  'category.courtCases': 'Court cases',
  'category.others': 'Others',

  'priority.label': 'Priority',
  'priority.normal': 'Normal',
  'priority.urgent': 'Urgent',
  'priority.mostUrgent': 'Most urgent',

  'status.active': 'Active',
  'status.parked': 'Parked',
  'status.closed': 'Closed',

  'file.subject': 'Subject: {subject}',
  'file.category': 'Category: {category}',
  'file.holder': 'With {name} since {date}',
  'file.status': 'Status: {status}',
  'file.dueDate': 'Due date: {date}',
  'file.noteSheet': 'Note sheet',
  'file.noNotings': 'No final notings yet.',
  'file.paragraph': 'Para {n}',
  'file.unverifiedTime': '(device time, unverified)',
  'file.draftHeading': 'My draft noting',
  'file.noting': 'Noting',
  'file.saveDraft': 'Save draft',
  'file.draftSaved': 'Draft saved',
  'file.draftHint': 'Only you see your draft; sending makes it a final noting.',
  'file.send': 'Send',
  'file.pullBack': 'Pull back',
  'file.park': 'Park',
  'file.closeFile': 'Close file',
  'file.reopen': 'Reopen',
  'file.actions': 'Actions',
  'close.byOpener':
    'This file is closed by whoever opened it: {opener}, naming the officer who approved the closure. To have it closed, write your approval in a noting and send the file to them. Close volume only starts a new volume of the same file.',
  'file.correspondence': 'Correspondence',
  'file.noReceipts': 'No receipts in this file.',
  'file.movement': 'Movement history',
  'file.hop': '{holder}: from {since} to {until} ({duration})',
  'file.hopCurrent': '{holder}: since {since} ({duration})',
  'file.hopFrom': 'sent by {name}',
  'file.hopRemarks': 'Remarks: {remarks}',
  'file.hopPulledBack': 'pulled back before it was opened',
  'file.awaitingOpen': 'The recipient has not opened it yet.',
  'duration.days': { one: '{count} day', other: '{count} days' },
  'duration.hours': { one: '{count} hour', other: '{count} hours' },
  'duration.minutes': { one: '{count} minute', other: '{count} minutes' },

  'send.title': 'Send file',
  'send.to': 'Send to',
  'send.choose': '— choose —',
  'send.remarks': 'Remarks',
  'send.dueDate': 'Due date',
  'send.priority': 'Priority',
  'send.submit': 'Send',
  'send.cancel': 'Cancel',
  'send.recipientRequired': 'Choose a recipient.',
  'send.dueDatePast': 'The due date cannot be before today.',

  'dak.title': 'Dak',
  'dak.diariseHeading': 'Diarise a receipt',
  'dak.from': 'From',
  'dak.letterNumber': 'Letter number',
  'dak.letterDate': 'Letter date',
  'dak.subject': 'Subject',
  'dak.mode': 'Mode of receipt',
  'dak.category': 'Category',
  'dak.diarise': 'Diarise',
  'dak.diarised': 'Diary number: {number}',
  'dak.withMe': 'Receipts with me',
  'dak.empty': 'No receipts are with you.',
  'dak.required': 'Fill in From, Letter number, Letter date and Subject.',

  'mode.post': 'Post',
  'mode.speedPost': 'Speed post',
  'mode.hand': 'By hand',
  'mode.email': 'Email',
  'mode.fax': 'Fax',
  'mode.courier': 'Courier',

  'receipt.letter': 'Letter {letterNumber} dated {letterDate} from {from} ({mode})',
  'receipt.inFile': 'Put in file {number}',
  'receipt.putInNewFile': 'Put in a new file',
  'receipt.putInExistingFile': 'Put in file',
  'receipt.existingFile': 'Existing file',

  'pendency.title': 'Pendency',
  'pendency.person': 'Person',
  'pendency.office': 'Office',
  'pendency.total': 'Total',
  'pendency.bucket0to7': '0–7 days',
  'pendency.bucket8to15': '8–15 days',
  'pendency.bucket16to30': '16–30 days',
  'pendency.bucketOver30': 'Over 30 days',
  'pendency.empty': 'Nothing pending.',

  'storage.lowSpace': 'Storage space on this device is running low. Sync and free some space.',
  'storage.notPersistent':
    'The browser has not granted persistent storage; data could be evicted. Sync regularly.',

  ...enSettings,
  ...enReview,
  ...enScans,
  ...enTrainer,
  ...enConflicts,
  ...enLogAlarm,
  ...enVerify,
  ...enDesk,
  ...enPullCheck,
  ...enKeys,
  ...enNoteSheet,
  ...enAttach,
  ...enOffline,
  ...enRelay,
  ...enLetters,
  ...enLetterPrint,
  ...enRetention,
  ...enGrades,
  ...enRunningRegister,
  ...enCopies,
  ...enLinks,
  ...enVolumes,
  ...enGroups,
  ...enClosure,
  ...enAttachFiles,
  ...enDates,
} as const satisfies Catalog;
