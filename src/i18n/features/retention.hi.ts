import type { Message } from '../message.ts';

/** Records life cycle: retention at closing, files due for review or weeding. (Hindi; the key set.) */
export const hiRetention = {
  'retention.category': 'प्रतिधारण श्रेणी',
  'retention.choose': 'श्रेणी चुनें',
  'retention.cat.A': 'A — स्थायी रूप से रखें, माइक्रोफ़िल्म करें',
  'retention.cat.B': 'B — स्थायी रूप से रखें, माइक्रोफ़िल्म नहीं',
  'retention.cat.C': {
    one: 'C-{count} — {count} वर्ष रखें, फिर विनष्ट करें',
    other: 'C-{count} — {count} वर्ष रखें, फिर विनष्ट करें',
  },
  'retention.reviewDate': 'समीक्षा तिथि',
  'retention.reviewHint':
    'बंद करने की तिथि और श्रेणी से निकाली गई; आप इसे आगे बढ़ा सकते हैं, C श्रेणी में अवधि से पहले नहीं।',
  'retention.needed': 'पत्रावली बंद करने से पहले प्रतिधारण श्रेणी चुनें।',
  'retention.onFile': 'प्रतिधारण: श्रेणी {category}, समीक्षा तिथि {date}',
  'retention.nav': 'अभिलेख प्रतिधारण',
  'retention.title': 'समीक्षा या विनष्टीकरण हेतु पत्रावलियाँ',
  'retention.intro':
    'इस टैबलेट पर कार्यालय की बंद पत्रावलियाँ, समीक्षा तिथि के क्रम में। A और B: 25 वर्ष बाद अभिलेखागार हेतु समीक्षा; C-n: n वर्ष बाद विनष्टीकरण।',
  'retention.office': 'कार्यालय',
  'retention.list': 'समीक्षा या विनष्टीकरण हेतु देय',
  'retention.none': 'इस कार्यालय की कोई बंद पत्रावली समीक्षा तिथि सहित इस टैबलेट पर नहीं है।',
  'retention.dueCount': {
    one: 'आज तक {count} पत्रावली देय',
    other: 'आज तक {count} पत्रावलियाँ देय',
  },
  'retention.col.number': 'पत्रावली संख्या',
  'retention.col.subject': 'विषय',
  'retention.col.category': 'श्रेणी',
  'retention.col.closedOn': 'बंद करने की तिथि',
  'retention.col.reviewDate': 'समीक्षा तिथि',
  'retention.col.action': 'कार्य',
  'retention.col.state': 'स्थिति',
  'retention.actionReview': 'अभिलेखागार हेतु समीक्षा',
  'retention.actionWeed': 'विनष्टीकरण',
  'retention.due': 'देय',
  'retention.notYet': 'अभी देय नहीं',
  'refusal.retentionInvalid':
    'पत्रावली बंद करते समय दी गई प्रतिधारण श्रेणी या समीक्षा तिथि मान्य नहीं है। सही श्रेणी व तिथि के साथ पत्रावली फिर से बंद करें।',
} as const satisfies Record<string, Message>;
