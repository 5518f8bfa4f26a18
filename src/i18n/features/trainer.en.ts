import type { Message } from '../message.ts';
import type { hiTrainer } from './trainer.hi.ts';

/** Trainer mode: reset, practice offline, the guided exercise. (English; same keys as the Hindi block.) */
export const enTrainer = {
  'sync.signInAgain': 'Sign in again to sync',
  'practice.switch': 'Practice offline',
  'practice.banner': 'Practice offline is on',
  'practice.bannerHint':
    'Sync is paused on this device. Work continues here and reconciles when you switch it off.',
  'training.nav': 'Training',
  'training.title': 'Training',
  'exercise.title': 'Guided exercise: one office day',
  'exercise.intro':
    'Do each step in the app as you would at your desk. A step is ticked when this device has really recorded it.',
  'exercise.start': 'Start exercise',
  'exercise.reset': 'Reset progress',
  'exercise.startedAt': 'Started {time}',
  'exercise.progress': '{done} of {total} steps done',
  'exercise.stepDone': 'done',
  'exercise.stepTodo': 'not yet',
  'exercise.complete': 'Well done — the office day is complete.',
  'exercise.step.diarise': 'Diarise a letter',
  'exercise.step.diariseHint': 'Dak → fill in the letter’s particulars → Diarise.',
  'exercise.step.openFile': 'Open a file',
  'exercise.step.openFileHint': 'New file, or put the diarised receipt in a file.',
  'exercise.step.noting': 'Write a noting',
  'exercise.step.notingHint':
    'On the file’s note sheet, write your noting (it is saved as a draft).',
  'exercise.step.send': 'Send the file',
  'exercise.step.sendHint': 'Send it to the tehsildar with remarks and a due date.',
  'exercise.step.approve': 'The tehsildar approves',
  'exercise.step.approveHint':
    'The tehsildar opens the file, adds a noting and sends it back (on this tablet or another).',
  'exercise.step.pendency': 'See it in pendency',
  'exercise.step.pendencyHint': 'After sending, open Pendency and find the file.',
  'post.title': 'Today’s post',
  'post.intro':
    'Letters that reached the tehsil and wait to be diarised. Choose one: the Dak form opens with its particulars filled in; check them and press Diarise.',
  'post.count': '{done} of {total} letters diarised',
  'post.letterLine': 'Letter no. {number} dated {date}',
  'post.diarise': 'Diarise this letter',
  'post.done': 'Diarised',
  'post.waiting': 'Waiting to be diarised',
  'trainer.title': 'Trainer controls',
  'trainer.explain':
    'Puts the demo district back to its starting state for the next batch. Accounts and passwords stay.',
  'trainer.reset': 'Reset demo district',
  'trainer.confirmTitle': 'Reset the demo district?',
  'trainer.confirmText':
    'Every file, dak entry and noting the class made will be deleted on the server, and each tablet starts clean at its next sync. This cannot be undone.',
  'trainer.confirm': 'Yes, reset',
  'trainer.cancel': 'Cancel',
  'trainer.resetting': 'Resetting…',
  'trainer.resetDone':
    'Demo district reset: {records} demo records (data generation {generation}).',
  'trainer.error.forbidden':
    'Refused: only the trainer can reset, and only when the server runs the demo district.',
  'trainer.error.unauthenticated': 'Sign in again (online) to reset the demo district.',
  'trainer.error.network':
    'The server could not be reached. Reset needs the network (is Practice offline on?).',
  'trainer.error.server': 'The server could not reset the demo district. Try again.',
} as const satisfies { readonly [K in keyof typeof hiTrainer]: Message };
