import type { Message } from '../message.ts';
import type { hiRetention } from './retention.hi.ts';

/** Records life cycle: retention at closing, files due for review or weeding. (English.) */
export const enRetention = {
  'retention.category': 'Retention category',
  'retention.choose': 'Choose a category',
  'retention.cat.A': 'A — keep permanently and microfilm',
  'retention.cat.B': 'B — keep permanently, no microfilm',
  'retention.cat.C': {
    one: 'C-{count} — keep {count} year, then weed',
    other: 'C-{count} — keep {count} years, then weed',
  },
  'retention.reviewDate': 'Review date',
  'retention.reviewHint':
    'Set from the closing date and the category; you may move it later, but a C file not before its period ends.',
  'retention.needed': 'Choose a retention category before closing the file.',
  'retention.onFile': 'Retention: category {category}, review date {date}',
  'retention.nav': 'Record retention',
  'retention.title': 'Files due for review or weeding',
  'retention.intro':
    'Closed files of the office on this tablet, by review date. A and B: reviewed after 25 years for the archives; C-n: weeded after n years.',
  'retention.office': 'Office',
  'retention.list': 'Due for review or weeding',
  'retention.none': 'No closed file of this office with a review date is on this tablet.',
  'retention.dueCount': {
    one: '{count} file due by today',
    other: '{count} files due by today',
  },
  'retention.col.number': 'File number',
  'retention.col.subject': 'Subject',
  'retention.col.category': 'Category',
  'retention.col.closedOn': 'Closed on',
  'retention.col.reviewDate': 'Review date',
  'retention.col.action': 'Action',
  'retention.col.state': 'State',
  'retention.actionReview': 'Review for the archives',
  'retention.actionWeed': 'Weed',
  'retention.due': 'Due',
  'retention.notYet': 'Not yet due',
  'refusal.retentionInvalid':
    'The retention category or review date given when closing the file is not valid. Close the file again with a valid category and date.',
} as const satisfies Record<keyof typeof hiRetention, Message>;
