import type { EventBase } from './event-base.ts';
import type { RecordId } from './ids.ts';

/**
 * Events of a file attached under another (issue 17, file-attach.ts): one on
 * each file, made together by the person who holds both.
 */

/** On the main file: `file` (numbered `number`) is attached under it and moves with it. */
export interface FileAttachedEvent extends EventBase {
  readonly type: 'fileAttached';
  readonly file: RecordId;
  readonly number: string;
  readonly subject: string;
}

/** On the main file: `file` is detached and moves on its own again. */
export interface FileDetachedEvent extends EventBase {
  readonly type: 'fileDetached';
  readonly file: RecordId;
}

/** On the attached file: it is attached under `file` (numbered `number`). */
export interface AttachedUnderEvent extends EventBase {
  readonly type: 'attachedUnder';
  readonly file: RecordId;
  readonly number: string;
}

/** On the attached file: it is detached from `file`. */
export interface DetachedFromEvent extends EventBase {
  readonly type: 'detachedFrom';
  readonly file: RecordId;
}

export type FileAttachEvent =
  FileAttachedEvent | FileDetachedEvent | AttachedUnderEvent | DetachedFromEvent;
