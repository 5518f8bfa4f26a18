import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { RefusalReason } from '@domain/refusals.ts';
import { err, type Result } from '@domain/result.ts';
import { ROOT } from './record-doc.ts';

/**
 * The Yjs layer of update validation (validate-update.ts): apply an update to a
 * scratch copy while recording every struct it inserted or deleted, and check
 * each one's place and kind (right root, plain content, append-only events,
 * write-once meta). What the inserted values mean is validate-update's job.
 */

type Refusal = Result<never, { readonly reason: RefusalReason; readonly detail: string }>;
const refuse = (reason: RefusalReason, detail: string): Refusal => err({ reason, detail });

type RootName = (typeof ROOT)[keyof typeof ROOT];
export const ROOT_NAMES: ReadonlySet<string> = new Set(Object.values(ROOT));

/** An item the update inserted, with the values it brought (each counted once). */
interface Inserted {
  readonly item: Y.Item;
  readonly values: readonly unknown[];
}

export interface Changes {
  readonly inserted: Inserted[];
  readonly deleted: Y.Item[];
}

/**
 * Whether anything may write into the `letter` Y.Text. Draft letters are
 * events (letterDrafted, letterRevised, …: signed, one per version, see
 * docs/decisions/0005-draft-letters.md), so the Y.Text stays unused and an
 * insert into it is refused by name rather than stored unchecked.
 */
export const LETTER_ENABLED = false;

/**
 * Apply `update` to `doc`, recording every struct it inserted or deleted.
 * Returns null when bytes follow the update (stored, they would reach every
 * device that pulls the record).
 */
export function applyAndRecord(doc: Y.Doc, update: Uint8Array): Changes | null {
  const inserted: Inserted[] = [];
  const deleted: Y.Item[] = [];
  // An update whose structs wait for others (a record's whole state, as a device joining
  // pulls it) integrates in several transactions, and Yjs merges adjacent items between
  // them: each value is taken once, by its id, when its transaction ends.
  const seen = new Set<string>();
  const onAfter = (tr: Y.Transaction): void => {
    for (const [client, structs] of doc.store.clients) {
      const before = tr.beforeState.get(client) ?? 0;
      for (const s of structs) {
        if (!(s instanceof Y.Item) || s.id.clock + s.length <= before) continue;
        const all = s.content.getContent();
        const values = all.filter((_, i) => {
          const key = `${client}:${s.id.clock + i}`;
          if (s.id.clock + i < before || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        if (values.length > 0 || (all.length === 0 && !seen.has(`${client}:${s.id.clock}`))) {
          seen.add(`${client}:${s.id.clock}`);
          inserted.push({ item: s, values });
        }
      }
    }
    Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
      if (s instanceof Y.Item) deleted.push(s);
    });
  };
  doc.on('afterTransaction', onAfter);
  const decoder = decoding.createDecoder(update);
  try {
    Y.readUpdate(decoder, doc, null);
  } finally {
    doc.off('afterTransaction', onAfter);
  }
  return decoding.hasContent(decoder) ? null : { inserted, deleted };
}

/** The root name an item lives under, or null if it sits in a nested type. */
export function rootOf(doc: Y.Doc, item: Y.Item): string | null {
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType) || parent._item !== null) return null;
  for (const [name, type] of doc.share) if (type === parent) return name;
  return null;
}

const ALLOWED_CONTENT: Readonly<
  Record<RootName, readonly (abstract new (...a: never[]) => unknown)[]>
> = {
  meta: [Y.ContentAny, Y.ContentDeleted],
  events: [Y.ContentAny, Y.ContentDeleted],
  letter: [Y.ContentString, Y.ContentDeleted],
};

/** Structural check of one inserted item: right root, right shape, plain content. */
export function checkInserted(doc: Y.Doc, item: Y.Item, metaExisted: boolean): Refusal | null {
  const root = rootOf(doc, item);
  if (root === null || !ROOT_NAMES.has(root)) {
    return refuse('unknownContent', `content outside meta/events/letter (${root ?? 'nested'})`);
  }
  const name = root as RootName;
  if (!ALLOWED_CONTENT[name].some((C) => item.content instanceof C)) {
    return refuse('unknownContent', `${item.content.constructor.name} inside ${name}`);
  }
  const keyed = item.parentSub !== null;
  if (keyed !== (name === 'meta')) return refuse('unknownContent', `wrong shape inside ${name}`);
  if (name === 'events' && item.deleted) return refuse('eventsDeleted', 'inserts a deleted event');
  if (name === 'letter' && !LETTER_ENABLED && !item.deleted)
    return refuse('letterNotEnabled', 'draft letters cannot be written yet');
  if (name === 'meta' && metaExisted) {
    return refuse('metaChanged', `writes meta.${item.parentSub ?? ''} after creation`);
  }
  return null;
}

export function checkDeleted(doc: Y.Doc, item: Y.Item): Refusal | null {
  const root = rootOf(doc, item);
  if (root === ROOT.letter) return null;
  if (root === ROOT.events) return refuse('eventsDeleted', 'deletes or rewrites an event');
  if (root === ROOT.meta) return refuse('metaChanged', `deletes meta.${item.parentSub ?? ''}`);
  return refuse('unknownContent', `deletes content outside meta/events/letter`);
}
