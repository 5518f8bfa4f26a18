import type { Message } from '../message.ts';

/** Security grades of files and receipts: the badge, the choice, the access list. (Hindi; the key set.) */
export const hiGrades = {
  'grade.label': 'सुरक्षा श्रेणी',
  'grade.normal': 'सामान्य',
  'grade.confidential': 'गोपनीय',
  'grade.secret': 'गुप्त',
  'grade.badge': 'श्रेणी: {grade}',
  'grade.hint':
    'गोपनीय या गुप्त अभिलेख केवल उन्हीं के टैबलेट पर पहुँचता है जो इसकी पहुँच सूची में हैं: बनाने वाला, जिनके पास यह रहा, और नामित अधिकारी।',
  'grade.accessList': 'पहुँच सूची',
  'grade.newGrade': 'नई श्रेणी',
  'grade.change': 'श्रेणी बदलें',
  'grade.reader': 'जोड़ा जाने वाला व्यक्ति',
  'grade.addReader': 'पाठक जोड़ें',
  'grade.notOnList':
    'यह अभिलेख गोपनीय है और आप इसकी पहुँच सूची में नहीं हैं। यह इस टैबलेट पर किसी अन्य व्यक्ति के लिए है जो इस पर काम करता है।',
  'grade.withheld': 'विषय गोपनीय',
  'event.gradeChanged': 'सुरक्षा श्रेणी बदली',
  'event.accessGranted': 'पहुँच सूची में जोड़ा',
  'refusal.gradeForbidden':
    'सुरक्षा श्रेणी या पहुँच सूची का यह परिवर्तन आप नहीं कर सकते: श्रेणी बढ़ाना और किसी को जोड़ना धारक का काम है, घटाना बनाने वाले या अधिकारी का।',
} as const satisfies Record<string, Message>;
