import type { ReviewLabels, ReviewNames } from '@ui/review/labels.ts';

/** Hindi labels as the page would pass them from the catalog. */
export const HI_LABELS: ReviewLabels = {
  title: 'लंबितता समीक्षा',
  person: 'व्यक्ति',
  office: 'कार्यालय',
  total: 'कुल',
  files: 'पत्रावलियाँ',
  receipts: 'प्राप्तियाँ',
  parked: 'स्थगित',
  overdue: 'नियत तिथि पार',
  unverified: 'असत्यापित समय',
  oldestDays: 'सबसे पुरानी (दिन)',
  buckets: { '0-7': '0–7 दिन', '8-15': '8–15 दिन', '16-30': '16–30 दिन', '30+': '30 दिन से अधिक' },
  number: 'संख्या',
  subject: 'विषय',
  category: 'श्रेणी',
  kind: 'प्रकार',
  holder: 'किसके पास',
  since: 'कब से',
  days: 'दिन',
  dueDate: 'नियत तिथि',
  priority: 'प्राथमिकता',
  status: 'स्थिति',
  yes: 'हाँ',
  byOffice: 'कार्यालयवार',
  byPerson: 'व्यक्तिवार',
  records: 'लंबित अभिलेख',
  asOf: (t) => `${t} की स्थिति`,
  pageOf: (n, m) => `पृष्ठ ${n} / ${m}`,
};

export const NAMES: ReviewNames = {
  person: (id) => `नाम:${id}`,
  office: (id) => ({ vikasnagar: 'विकासनगर', chakrata: 'चकराता' })[id as string] ?? id,
  category: (c) => c,
  priority: (p) => p,
  kind: (k) => (k === 'file' ? 'पत्रावली' : 'प्राप्ति'),
  status: (s) => s,
  date: (d) => (typeof d === 'string' ? d : new Date(d).toISOString().slice(0, 10)),
  dateTime: (ms) => new Date(ms).toISOString(),
};
