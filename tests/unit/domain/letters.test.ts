import { describe, expect, it } from 'vitest';
import { attachReceipt, send, open } from '@domain/commands.ts';
import type { LetterContent } from '@domain/events.ts';
import {
  approveLetter,
  dispatchLetter,
  draftLetter,
  letterActions,
  reviseLetter,
} from '@domain/letter-commands.ts';
import { templateContent } from '@domain/letter-templates.ts';
import {
  approvedLetter,
  approverRoles,
  changedFields,
  draftStage,
  formatDispatchNumber,
  letterHash,
  parseDispatchNumber,
  sameDayDispatch,
  toRoman,
} from '@domain/letters.ts';
import type { EventId } from '@domain/ids.ts';
import { CLERK, TEHSILDAR, meta, rid } from './builders.ts';
import { record } from './change-harness.ts';

const CONTENT: LetterContent = {
  to: 'उप जिलाधिकारी, विकासनगर',
  subject: 'खाता 112 का दाखिल-खारिज',
  reference: null,
  hindi: 'महोदय, आख्या संलग्न है।',
  english: '',
};
const TEHSIL = {};

/** A file with one draft begun by the clerk, sent to the tehsildar and opened. */
function fileWithDraft() {
  const r = record();
  const drafted = r.run(CLERK, (c) => draftLetter(c, { template: 'report', content: CONTENT }));
  if (!drafted.ok) throw new Error(drafted.error);
  const draft = drafted.value.id;
  r.run(CLERK, (c) => send(c, { to: TEHSILDAR, remarks: '', dueDate: null, priority: 'normal' }));
  r.run(TEHSILDAR, open);
  return { r, draft };
}

const approve = (draft: EventId) => (c: Parameters<typeof approveLetter>[0]) =>
  approveLetter(c, { draft, office: TEHSIL });

describe('draft letters', () => {
  it('the holder drafts and revises; every version says who made it, when, and its hash', () => {
    const { r, draft } = fileWithDraft();
    const revised = r.run(TEHSILDAR, (c) =>
      reviseLetter(c, { draft, content: { ...CONTENT, english: 'Sir, the report is enclosed.' } }),
    );
    expect(revised.ok).toBe(true);
    const d = r.state().drafts[0];
    expect(d?.versions.map((v) => v.by)).toEqual([CLERK, TEHSILDAR]);
    expect(d?.versions[1]?.english).toBe('Sir, the report is enclosed.');
    expect(d?.versions[1]?.hash).toBe(
      letterHash(meta().id, draft, { ...CONTENT, english: 'Sir, the report is enclosed.' }),
    );
    expect(changedFields(d?.versions[0], d!.versions[1]!)).toEqual(['english']);
    expect(draftStage(d!)).toBe('awaitingApproval');
  });

  it('an unchanged text records no new version', () => {
    const { r, draft } = fileWithDraft();
    expect(r.run(TEHSILDAR, (c) => reviseLetter(c, { draft, content: CONTENT }))).toEqual({
      ok: true,
      value: null,
    });
    expect(r.state().drafts[0]?.versions).toHaveLength(1);
  });

  it('someone who does not hold the file can neither draft nor revise', () => {
    const { r, draft } = fileWithDraft();
    expect(
      r.run(CLERK, (c) => reviseLetter(c, { draft, content: { ...CONTENT, hindi: 'x' } })),
    ).toMatchObject({ ok: false, error: 'notHolder' });
    expect(
      r.run(CLERK, (c) => draftLetter(c, { template: 'blank', content: CONTENT })),
    ).toMatchObject({ ok: false, error: 'notHolder' });
  });

  it('approval freezes the text: no new version, no second approval', () => {
    const { r, draft } = fileWithDraft();
    expect(r.run(TEHSILDAR, approve(draft), 'tehsildar').ok).toBe(true);
    const d = r.state().drafts[0]!;
    expect(d.approval).toMatchObject({
      by: TEHSILDAR,
      version: draft,
      textHash: d.versions[0]?.hash,
    });
    expect(draftStage(d)).toBe('approved');
    expect(
      r.run(TEHSILDAR, (c) => reviseLetter(c, { draft, content: { ...CONTENT, hindi: 'बदला' } })),
    ).toMatchObject({ ok: false, error: 'notAllowed' });
    expect(r.run(TEHSILDAR, approve(draft), 'tehsildar')).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(r.state().drafts[0]?.versions).toHaveLength(1);
  });

  it('a role that may not approve for the office is refused; the directory can change the list', () => {
    const { r, draft } = fileWithDraft();
    expect(r.run(TEHSILDAR, approve(draft), 'naibTehsildar')).toMatchObject({
      ok: false,
      error: 'roleForbidden',
    });
    const naibApproves = { approverRoles: ['naibTehsildar'] as const };
    expect(approverRoles(naibApproves)).toEqual(['naibTehsildar']);
    expect(
      r.run(TEHSILDAR, (c) => approveLetter(c, { draft, office: naibApproves }), 'tehsildar'),
    ).toMatchObject({ ok: false, error: 'roleForbidden' });
    expect(r.state().drafts[0]?.approval).toBeNull();
  });

  it('an approval naming another text than its version is a conflict, not an approval', () => {
    const { r, draft } = fileWithDraft();
    const forged = r.run(TEHSILDAR, (c) =>
      c.add({ type: 'letterApproved', draft, version: draft, textHash: 'a'.repeat(64) }),
    );
    expect(forged).toMatchObject({ ok: false, error: 'notAllowed' });
  });

  it('only an approved draft is dispatched, once, under a number not used on the file', () => {
    const { r, draft } = fileWithDraft();
    const number = 'VKN/DSP/2026/3-5(I)';
    const dispatch = (c: Parameters<typeof dispatchLetter>[0]) =>
      dispatchLetter(c, { draft, mode: 'registeredPost', date: '2026-01-06', number });
    expect(r.run(TEHSILDAR, dispatch)).toMatchObject({ ok: false, error: 'notAllowed' });
    r.run(TEHSILDAR, approve(draft), 'tehsildar');
    expect(r.run(TEHSILDAR, dispatch).ok).toBe(true);
    expect(r.run(TEHSILDAR, dispatch)).toMatchObject({ ok: false, error: 'notAllowed' });
    const d = r.state().drafts[0]!;
    expect(draftStage(d)).toBe('dispatched');
    expect(d.dispatch).toMatchObject({ number, mode: 'registeredPost', date: '2026-01-06' });
  });

  it('approvedLetter gives the approved text, its hash and the approval event', () => {
    const { r, draft } = fileWithDraft();
    expect(approvedLetter(meta().id, r.state().drafts[0]!)).toBeNull();
    const approval = r.run(TEHSILDAR, approve(draft), 'tehsildar');
    const a = approvedLetter(meta().id, r.state().drafts[0]!);
    expect(a).toEqual({
      recordId: meta().id,
      draftId: draft,
      content: CONTENT,
      textHash: letterHash(meta().id, draft, CONTENT),
      approvedBy: TEHSILDAR,
      approvedAt: expect.any(Number),
      approvalEventId: approval.ok ? approval.value.id : null,
    });
  });

  it('a reply refers to one of the file’s receipts only', () => {
    const r = record();
    const reply = { ...CONTENT, reference: rid(6) };
    expect(
      r.run(CLERK, (c) => draftLetter(c, { template: 'reply', content: reply })),
    ).toMatchObject({ ok: false, error: 'notAllowed' });
    r.run(CLERK, (c) =>
      attachReceipt(c, { receiptId: rid(6), diaryNumber: 'VKN/D/2026/3-5', subject: 'Relief' }),
    );
    expect(r.run(CLERK, (c) => draftLetter(c, { template: 'reply', content: reply })).ok).toBe(
      true,
    );
  });

  it('letterActions offers what the rules and the role allow', () => {
    const { r, draft } = fileWithDraft();
    const s = r.state();
    const mine = letterActions(s, TEHSILDAR, 'tehsildar', TEHSIL);
    expect(mine.draft).toBe(true);
    expect([...mine.revise, ...mine.approve]).toEqual([draft, draft]);
    expect(mine.dispatch.size).toBe(0);
    expect(letterActions(s, TEHSILDAR, 'naibTehsildar', TEHSIL).approve.size).toBe(0);
    const clerk = letterActions(s, CLERK, 'deskAssistant', TEHSIL);
    expect([clerk.draft, clerk.revise.size, clerk.approve.size]).toEqual([false, 0, 0]);
  });
});

describe('dispatch numbers', () => {
  it('format and parse round-trip, with the part in Roman numerals', () => {
    const p = { officeCode: 'VKN', year: 2026, deviceNumber: 3, seq: 5, part: 2 };
    expect(formatDispatchNumber(p)).toBe('VKN/DSP/2026/3-5(II)');
    expect(parseDispatchNumber('VKN/DSP/2026/3-5(II)')).toEqual({ ok: true, value: p });
    expect(parseDispatchNumber('VKN/DSP/2026/3-5').ok).toBe(false);
    expect(parseDispatchNumber('VKN/DSP/2026/3-5(IIII)').ok).toBe(false);
    expect([1, 4, 9, 14, 40, 49, 50].map(toRoman)).toEqual([
      'I',
      'IV',
      'IX',
      'XIV',
      'XL',
      'XLIX',
      'L',
    ]);
  });

  it('a second letter from one file on one day takes the next part of the same number', () => {
    const at = { officeCode: 'VKN', deviceNumber: 3, date: '2026-01-06' };
    expect(sameDayDispatch([], at)).toBeNull();
    const used = [
      { number: 'VKN/DSP/2026/3-5(I)', date: '2026-01-06' },
      { number: 'VKN/DSP/2026/4-9(I)', date: '2026-01-06' },
      { number: 'VKN/DSP/2026/3-2(I)', date: '2026-01-05' },
    ];
    expect(sameDayDispatch(used, at)).toEqual({
      officeCode: 'VKN',
      year: 2026,
      deviceNumber: 3,
      seq: 5,
      part: 2,
    });
    expect(sameDayDispatch(used, { ...at, date: '2026-01-07' })).toBeNull();
  });
});

describe('templates', () => {
  const facts = {
    office: { hi: 'तहसील विकासनगर', en: 'Tehsil Vikasnagar' },
    parentOffice: { hi: 'जिलाधिकारी कार्यालय देहरादून', en: 'Collectorate Dehradun' },
    fileNumber: 'VKN/REV/2026/3-17',
    subject: 'Mutation',
    receipt: {
      id: rid(6),
      from: 'SDM Vikasnagar',
      letterNumber: '45/ST',
      letterDate: '2026-01-02',
    },
  };

  it('a reply is addressed to the receipt’s writer and cites its number and date', () => {
    const c = templateContent('reply', facts);
    expect(c.to).toBe('SDM Vikasnagar');
    expect(c.reference).toBe(rid(6));
    expect(c.hindi).toContain('45/ST, दिनांक 2026-01-02');
    expect(c.english).toBe('');
  });

  it('an order is bilingual; a report goes to the district', () => {
    const order = templateContent('order', facts);
    expect(order.hindi).toContain('आदेश');
    expect(order.english).toContain('ORDER');
    expect(order.english).toContain('VKN/REV/2026/3-17');
    expect(templateContent('report', facts).to).toBe('जिलाधिकारी कार्यालय देहरादून');
    expect(templateContent('blank', facts).hindi).toBe('');
  });
});
