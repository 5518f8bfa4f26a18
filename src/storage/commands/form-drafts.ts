import type { RecordId } from '@domain/ids.ts';
import { readKv, writeKv } from '../db/db.ts';
import type { DeviceContext, Outcome } from './service-types.ts';

/**
 * Half-filled forms (Dak diarising, New file, the Send dialog), kept so an app
 * update, a reload or a closed tab does not lose what was typed (DESIGN.md
 * invariant 3).
 *
 * What is stored where: kv `formDraft:<personId>:<form>` holds a FormDraftRow —
 * the form's field values as strings and when they were saved. The person is
 * always the signed-in one, so another person on a shared tablet never sees
 * them. Submitting the form deletes the row.
 */

/** kv key prefix; kept here, beside its only reader and writer. */
export const FORM_DRAFT_PREFIX = 'formDraft:';

/** The forms that keep drafts; a Send dialog's draft belongs to its record. */
export type FormName = 'dak' | 'newFile' | `send:${string}`;

export type FormFields = Readonly<Record<string, string>>;

interface FormDraftRow {
  readonly version: 1;
  readonly fields: FormFields;
  readonly savedAt: number;
}

/** Far above any real field (notings have their own limit); refuses runaway input. */
export const MAX_FIELD_CHARS = 20_000;

export function sendFormName(recordId: RecordId): FormName {
  return `send:${recordId}`;
}

const keyOf = (ctx: DeviceContext, form: FormName): string =>
  `${FORM_DRAFT_PREFIX}${ctx.person.id}:${form}`;

export async function saveFormDraft(
  ctx: DeviceContext,
  form: FormName,
  fields: FormFields,
  /** When the values were taken (the typing's time); now unless given. */
  takenAt: number = ctx.now(),
): Promise<Outcome> {
  if (Object.values(fields).some((v) => v.length > MAX_FIELD_CHARS))
    return { ok: false, error: 'invalidInput', detail: 'form field too long' };
  const row: FormDraftRow = { version: 1, fields: { ...fields }, savedAt: takenAt };
  await writeKv(ctx.db, keyOf(ctx, form), row);
  return { ok: true, value: undefined };
}

/** My saved values for this form, or null. A row of an unknown shape reads as none. */
export async function getFormDraft(ctx: DeviceContext, form: FormName): Promise<FormFields | null> {
  const row = await readKv<unknown>(ctx.db, keyOf(ctx, form));
  return isRow(row) ? row.fields : null;
}

/** My saved values for this form with when they were taken, or null. */
export async function storedFormDraft(
  ctx: DeviceContext,
  form: FormName,
): Promise<{ readonly fields: FormFields; readonly savedAt: number } | null> {
  const row = await readKv<unknown>(ctx.db, keyOf(ctx, form));
  if (!isRow(row)) return null;
  return { fields: row.fields, savedAt: typeof row.savedAt === 'number' ? row.savedAt : 0 };
}

export async function clearFormDraft(ctx: DeviceContext, form: FormName): Promise<void> {
  await ctx.db.kv.delete(keyOf(ctx, form));
}

function isRow(value: unknown): value is FormDraftRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Partial<FormDraftRow>;
  if (row.version !== 1 || typeof row.fields !== 'object' || row.fields === null) return false;
  return Object.values(row.fields).every((v) => typeof v === 'string');
}
