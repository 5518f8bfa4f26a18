import { DAY_MS, istDate } from '@domain/calendar.ts';
import type { ReceiptMode } from '@domain/events.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { Category } from '@domain/record.ts';

/**
 * "Today's post" of the demo district: the incoming letters lying on each
 * tehsil's dak table, waiting to be diarised, so a class has realistic post to
 * practise on. A letter is not in the system until it is diarised, so these
 * are plain data, never seeded as records; the demo seed's receipts are
 * already diarised and are different letters.
 *
 * Pure and fixed: the same office and day give the same letters on every
 * tablet (and in server tests); letter dates fall within the last week.
 * Offices outside the demo district have no demo post.
 */

export interface IncomingLetter {
  /** Stable within the office, e.g. `vikasnagar-3`. */
  readonly id: string;
  readonly from: string;
  readonly letterNumber: string;
  /** `YYYY-MM-DD` (IST). */
  readonly letterDate: string;
  readonly subject: string;
  readonly mode: ReceiptMode;
  readonly category: Category;
}

interface Tehsil {
  /** Hindi place name as it appears on letters. */
  readonly place: string;
  /** First letter number; each template adds its own step so numbers differ per tehsil. */
  readonly base: number;
  readonly villages: readonly [string, string, string];
}

const TEHSILS: Readonly<Record<string, Tehsil>> = {
  vikasnagar: { place: 'विकासनगर', base: 311, villages: ['सभावाला', 'ढकरानी', 'कुल्हाल'] },
  chakrata: { place: 'चकराता', base: 127, villages: ['लाखामंडल', 'साहिया', 'कोटी कनासर'] },
  tyuni: { place: 'त्यूणी', base: 58, villages: ['हनोल', 'अटाल', 'मैंद्रथ'] },
};

interface Template {
  readonly from: string;
  /** `{n}` = letter number, `{y}` = year of the letter date. */
  readonly number: string;
  readonly subject: string;
  readonly mode: ReceiptMode;
  readonly category: Category;
  readonly daysAgo: number;
}

// `{place}` and `{v0}`…`{v2}` are the tehsil's name and villages.
const TEMPLATES: readonly Template[] = [
  {
    from: 'उपजिलाधिकारी {place}',
    number: 'उ.जि./{n}/रीडर/{y}',
    subject: 'तहसील दिवस में प्राप्त शिकायतों पर आख्या उपलब्ध कराने के संबंध में',
    mode: 'hand',
    category: 'revenue',
    daysAgo: 1,
  },
  {
    from: 'मुख्य चिकित्साधिकारी देहरादून',
    number: 'मु.चि.अ./{n}/डेंगू/{y}',
    subject: 'ग्राम {v0} में डेंगू नियंत्रण हेतु जागरूकता शिविर आयोजित करने के संबंध में',
    mode: 'post',
    category: 'others',
    daysAgo: 3,
  },
  {
    from: 'श्री रमेश चन्द, ग्राम {v1}',
    number: 'प्रार्थना पत्र-{n}',
    subject: 'खसरा संख्या 214 की खतौनी में नाम की त्रुटि ठीक करने हेतु प्रार्थना पत्र',
    mode: 'hand',
    category: 'landRecords',
    daysAgo: 0,
  },
  {
    from: 'जिला आपदा प्रबंधन अधिकारी देहरादून',
    number: 'आ.प्र.प्रा./{n}/{y}',
    subject: 'अतिवृष्टि से क्षतिग्रस्त आवासीय भवनों की क्षति का आकलन भेजने के संबंध में',
    mode: 'email',
    category: 'disasterRelief',
    daysAgo: 2,
  },
  {
    from: 'जिला समाज कल्याण अधिकारी देहरादून',
    number: 'स.क./पेंशन/{n}/{y}',
    subject: 'वृद्धावस्था पेंशन के लंबित आवेदनों का सत्यापन कराने के संबंध में',
    mode: 'post',
    category: 'pensions',
    daysAgo: 4,
  },
  {
    from: 'लोक सूचना अधिकारी, कलेक्ट्रेट देहरादून',
    number: 'सू.अ./{n}/अंतरण/{y}',
    subject: 'सूचना का अधिकार अधिनियम 2005 के अंतर्गत अंतरित आवेदन — ग्राम {v2} के पट्टों की सूचना',
    mode: 'speedPost',
    category: 'rti',
    daysAgo: 5,
  },
  {
    from: 'श्रीमती कमला देवी, ग्राम {v2}',
    number: 'प्रार्थना पत्र-{n}',
    subject: 'पति की मृत्यु के उपरांत भूमि पर विरासत दर्ज करने हेतु प्रार्थना पत्र',
    mode: 'hand',
    category: 'landRecords',
    daysAgo: 1,
  },
  {
    from: 'सिविल जज (जू.डि.) विकासनगर',
    number: 'मूलवाद {n}/{y}',
    subject: 'मूलवाद में तहसील के राजस्व अभिलेख न्यायालय में प्रस्तुत करने हेतु सम्मन',
    mode: 'courier',
    category: 'courtCases',
    daysAgo: 6,
  },
  {
    from: 'कोषाधिकारी देहरादून',
    number: 'को./स्था./{n}/{y}',
    subject: 'कर्मचारियों के माह के वेतन बिल समय से प्रस्तुत करने के संबंध में',
    mode: 'fax',
    category: 'establishment',
    daysAgo: 2,
  },
  {
    from: 'ग्राम प्रधान, ग्राम {v0}',
    number: 'ग्रा.पं./{n}/{y}',
    subject: 'ग्राम सभा की भूमि पर अवैध अतिक्रमण हटवाने हेतु',
    mode: 'post',
    category: 'revenue',
    daysAgo: 0,
  },
];

/** Today's post for an office as of `now` (ms); empty outside the demo district's tehsils. */
export function incomingPostFor(office: OfficeId, now: number): IncomingLetter[] {
  const tehsil = TEHSILS[office];
  if (tehsil === undefined) return [];
  return TEMPLATES.map((template, i) => letterOf(office, tehsil, template, i, now));
}

function letterOf(
  office: OfficeId,
  tehsil: Tehsil,
  template: Template,
  index: number,
  now: number,
): IncomingLetter {
  const letterDate = istDate(now - template.daysAgo * DAY_MS);
  const vars: Readonly<Record<string, string>> = {
    place: tehsil.place,
    v0: tehsil.villages[0],
    v1: tehsil.villages[1],
    v2: tehsil.villages[2],
    n: String(tehsil.base + index * 37),
    y: letterDate.slice(0, 4),
  };
  return {
    id: `${office}-${index + 1}`,
    from: fill(template.from, vars),
    letterNumber: fill(template.number, vars),
    letterDate,
    subject: fill(template.subject, vars),
    mode: template.mode,
    category: template.category,
  };
}

function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/**
 * The key a diarised receipt and an incoming letter share: the sender and the
 * sender's letter number, as a dak register tells letters apart. Trimmed, as
 * the Dak form trims what it stores.
 */
export function letterKey(from: string, letterNumber: string): string {
  return `${from.trim()}\u0000${letterNumber.trim()}`;
}
