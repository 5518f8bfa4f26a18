import type { MessageKey } from '@i18n/hi.ts';
import type { CommandError } from '@storage/services.ts';

/** Every error the UI can show: service codes plus the form checks the UI makes itself. */
export type UiError =
  | CommandError
  | 'subjectRequired'
  | 'recipientRequired'
  | 'dueDatePast'
  | 'dakRequired'
  | 'groupNameRequired';

const KEYS: Readonly<Record<UiError, MessageKey>> = {
  staleBasis: 'errors.staleBasis',
  roleForbidden: 'errors.roleForbidden',
  unknownOffice: 'errors.unknownOffice',
  notFound: 'errors.notFound',
  wrongKind: 'errors.wrongKind',
  notHolder: 'errors.notHolder',
  recordClosed: 'errors.recordClosed',
  notAllowed: 'errors.notAllowed',
  copyOnly: 'errors.copyOnly',
  linkInvalid: 'errors.linkInvalid',
  withdrawInvalid: 'errors.withdrawInvalid',
  unlinkInvalid: 'errors.unlinkInvalid',
  attachClosed: 'errors.attachClosed',
  attachedElsewhere: 'errors.attachedElsewhere',
  attachCycle: 'errors.attachCycle',
  attachNested: 'errors.attachNested',
  groupForbidden: 'errors.groupForbidden',
  groupInvalid: 'errors.groupInvalid',
  emptyDraft: 'errors.emptyDraft',
  invalidInput: 'errors.invalidInput',
  unknownPerson: 'errors.unknownPerson',
  noDeviceNumber: 'errors.noDeviceNumber',
  subjectRequired: 'newFile.subjectRequired',
  recipientRequired: 'send.recipientRequired',
  dueDatePast: 'send.dueDatePast',
  dakRequired: 'dak.required',
  groupNameRequired: 'groups.nameRequired',
};

export function errorKey(error: UiError): MessageKey {
  return KEYS[error];
}
