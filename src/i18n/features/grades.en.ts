import type { Message } from '../message.ts';
import type { hiGrades } from './grades.hi.ts';

/** Security grades of files and receipts: the badge, the choice, the access list. (English.) */
export const enGrades = {
  'grade.label': 'Security grade',
  'grade.normal': 'Normal',
  'grade.confidential': 'Confidential',
  'grade.secret': 'Secret',
  'grade.badge': 'Grade: {grade}',
  'grade.hint':
    'A confidential or secret record reaches only the tablets of the people on its access list: its creator, those who have held it, and named officers.',
  'grade.accessList': 'Access list',
  'grade.newGrade': 'New grade',
  'grade.change': 'Change grade',
  'grade.reader': 'Person to add',
  'grade.addReader': 'Add reader',
  'grade.notOnList':
    'This record is confidential and you are not on its access list. It is on this tablet for someone else who works on it.',
  'grade.withheld': 'Subject withheld (confidential)',
  'event.gradeChanged': 'Security grade changed',
  'event.accessGranted': 'Added to the access list',
  'refusal.gradeForbidden':
    'You may not make this change to the security grade or the access list: raising the grade and adding people is for the holder, lowering it for the creator or an officer.',
} as const satisfies Record<keyof typeof hiGrades, Message>;
