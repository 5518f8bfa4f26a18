import { intBetween, pick, seeded, type Random } from './lib/random.ts';

/**
 * Sentences of the kind a tehsil note sheet is made of: reports, references to
 * rules and records, proposals and orders. Notings are built by chaining them,
 * so the benchmark moves realistic Devanagari (3 bytes per character in UTF-8)
 * with realistic repetition (which is what gzip and Yjs see in practice).
 */

const VILLAGES = [
  'कालसी',
  'सहसपुर',
  'लांघा',
  'हरबर्टपुर',
  'कुल्हाल',
  'डाकपत्थर',
  'ढकरानी',
  'जीवनगढ़',
  'शंकरपुर',
  'भीमावाला',
  'नवाबगढ़',
  'रामपुर कलां',
];

const SUBJECTS = [
  'भूमि सीमांकन',
  'वरासत नामांतरण',
  'आय प्रमाण पत्र',
  'जाति प्रमाण पत्र',
  'आपदा राहत राशि',
  'वृद्धावस्था पेंशन',
  'अतिक्रमण की शिकायत',
  'खसरा खतौनी में संशोधन',
  'सूचना का अधिकार आवेदन',
  'राजस्व वाद',
  'भूस्खलन से क्षतिग्रस्त भवन',
  'कृषि भूमि का पट्टा',
];

const OPENERS = [
  'प्रस्तुत पत्रावली में {v} निवासी प्रार्थी द्वारा {s} हेतु आवेदन दिया गया है।',
  'कृपया पत्रावली का अवलोकन करने का कष्ट करें।',
  'उपजिलाधिकारी महोदय के पत्र दिनांक {d} के क्रम में आख्या प्रस्तुत है।',
  'ग्राम {v} के लेखपाल की आख्या पत्रावली पर संलग्न है।',
  'प्रकरण {s} से संबंधित है, जिसमें शासनादेश के अनुसार कार्यवाही अपेक्षित है।',
];

const BODY = [
  'राजस्व निरीक्षक द्वारा स्थलीय निरीक्षण दिनांक {d} को किया गया।',
  'निरीक्षण के समय प्रार्थी एवं पड़ोसी खातेदार उपस्थित रहे।',
  'खतौनी वर्ष {y} के अनुसार खसरा संख्या {n} प्रार्थी के नाम अंकित है।',
  'मौके पर लगभग {n} वर्ग मीटर भूमि पर अवैध निर्माण पाया गया।',
  'पटवारी हल्का {v} की रिपोर्ट के अनुसार आवेदक पात्र श्रेणी में आता है।',
  'आपदा प्रबंधन मद में उपलब्ध धनराशि से {n} रुपये की सहायता देय है।',
  'पूर्व में इसी प्रकरण में दिनांक {d} को नोटिस निर्गत किया गया था, जिसका उत्तर प्राप्त नहीं हुआ।',
  'संबंधित अभिलेख रिकॉर्ड रूम से मंगवाकर पत्रावली पर रखे गए हैं।',
  'प्रार्थी द्वारा प्रस्तुत शपथ पत्र एवं परिवार रजिस्टर की नकल का मिलान कर लिया गया है।',
  'भारी वर्षा के कारण मार्ग अवरुद्ध होने से स्थलीय सत्यापन में विलंब हुआ।',
  'उत्तराखंड भू-राजस्व अधिनियम की धारा {n} के अंतर्गत कार्यवाही की जा सकती है।',
  'वन विभाग से अनापत्ति प्रमाण पत्र अभी प्राप्त होना शेष है।',
  'तहसील स्तरीय समिति की बैठक दिनांक {d} में प्रकरण पर विचार किया गया।',
];

const CLOSERS = [
  'अतः आदेशार्थ प्रस्तुत है।',
  'कृपया अवलोकन कर उचित आदेश पारित करने का कष्ट करें।',
  'प्रस्ताव अनुमोदनार्थ प्रस्तुत है।',
  'आख्या सहित पत्रावली उच्च स्तर पर प्रेषित करने हेतु प्रस्तुत है।',
  'अनुमोदन की दशा में आदेश का आलेख संलग्न है।',
];

const ORDERS = [
  'देख लिया। नियमानुसार कार्यवाही करें।',
  'अनुमोदित। आदेश निर्गत करें।',
  'स्थलीय सत्यापन पुनः कराकर एक सप्ताह में आख्या प्रस्तुत करें।',
  'प्रार्थी को सुनवाई का अवसर देते हुए पत्रावली प्रस्तुत करें।',
];

function fill(random: Random, template: string): string {
  return template
    .replaceAll('{v}', pick(random, VILLAGES))
    .replaceAll('{s}', pick(random, SUBJECTS))
    .replaceAll('{y}', String(intBetween(random, 1395, 1432)))
    .replaceAll('{n}', String(intBetween(random, 12, 4800)))
    .replaceAll('{d}', `${intBetween(random, 1, 28)}.${intBetween(random, 1, 12)}.2026`);
}

export const MIN_NOTING_CHARS = 200;
export const MAX_NOTING_CHARS = 1500;

/** Target noting length in characters: 200–1,500, most of them short, as on real note sheets. */
export function notingLength(random: Random): number {
  const skewed = random() * random();
  return MIN_NOTING_CHARS + Math.round(skewed * (MAX_NOTING_CHARS - MIN_NOTING_CHARS));
}

const CONSONANTS = [...'कखगघचछजझटठडढतथदधनपफबभमयरलवशषसह'];
const MATRAS = ['', '', 'ा', 'ि', 'ी', 'ु', 'ू', 'े', 'ै', 'ो', 'ौ', 'ं', '्र'];

/**
 * Word list for free prose: the real words of the sentences above first (the
 * most frequent ranks), then made-up syllable words standing in for the long
 * tail of names, places and terms. Drawn with a Zipf law, this gives text
 * whose gzip ratio is close to real Hindi prose (about 4–5×); templates alone
 * would compress 25× and flatter every compressor.
 */
function vocabulary(): string[] {
  const real = new Set(
    [...OPENERS, ...BODY, ...CLOSERS, ...ORDERS, ...VILLAGES, ...SUBJECTS]
      .join(' ')
      .split(/[\s,।]+/)
      .filter((w) => w.length > 0 && !w.includes('{')),
  );
  const made = seeded(0x5eed);
  const words = [...real];
  while (words.length < 20_000) {
    const syllables = intBetween(made, 1, 4);
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(made, CONSONANTS) + pick(made, MATRAS);
    words.push(w);
  }
  return words;
}

/** Cumulative Zipf weights (s = 1.0) over the vocabulary, for binary-search sampling. */
function zipfTable(n: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= n; rank++) {
    total += 1 / rank;
    cumulative.push(total);
  }
  return cumulative.map((c) => c / total);
}

export interface Prose {
  readonly words: readonly string[];
  readonly cumulative: readonly number[];
}

/** Build once per generator (pure: same words every time). */
export function createProse(): Prose {
  const words = vocabulary();
  return { words, cumulative: zipfTable(words.length) };
}

function zipfWord(random: Random, prose: Prose): string {
  const x = random();
  let lo = 0;
  let hi = prose.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((prose.cumulative[mid] ?? 1) < x) lo = mid + 1;
    else hi = mid;
  }
  return prose.words[lo] ?? '';
}

function freeSentence(random: Random, prose: Prose): string {
  const n = intBetween(random, 7, 18);
  const words = Array.from({ length: n }, () => zipfWord(random, prose));
  if (random() < 0.3)
    words.splice(intBetween(random, 0, n), 0, String(intBetween(random, 2, 9999)));
  return `${words.join(' ')}।`;
}

/**
 * A Hindi noting of about `chars` characters: an opening formula, then a mix
 * of office formulae (15%) and free prose (85%), then a closing or an order.
 */
export function hindiNoting(random: Random, chars: number, prose: Prose): string {
  const closer = fill(random, pick(random, random() < 0.3 ? ORDERS : CLOSERS));
  const parts = [fill(random, pick(random, OPENERS))];
  let length = (parts[0]?.length ?? 0) + 1 + closer.length;
  while (length < chars) {
    const s = random() < 0.15 ? fill(random, pick(random, BODY)) : freeSentence(random, prose);
    parts.push(s);
    length += s.length + 1;
  }
  // One sentence past the target is fine, past the 1,500 ceiling is not.
  if (length > MAX_NOTING_CHARS && parts.length > 1) parts.pop();
  parts.push(closer);
  return parts.join(' ');
}

export function fileSubject(random: Random): string {
  return `${pick(random, SUBJECTS)} — ग्राम ${pick(random, VILLAGES)}`;
}

export function receiptSender(random: Random): string {
  return pick(random, [
    'उपजिलाधिकारी विकासनगर',
    'जिलाधिकारी कार्यालय देहरादून',
    'ग्राम प्रधान ' + pick(random, VILLAGES),
    'अधिशासी अभियंता लोक निर्माण विभाग',
    'प्रभागीय वनाधिकारी चकराता',
  ]);
}

export function sendRemarks(random: Random): string {
  return pick(random, ['कृपया देखें', 'आवश्यक कार्यवाही हेतु', 'आख्या हेतु', 'अवलोकनार्थ', '']);
}
