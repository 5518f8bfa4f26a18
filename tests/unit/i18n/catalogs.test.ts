import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi, type Message } from '@i18n/hi.ts';
import { catalogLoaded, createTranslator, loadCatalog } from '@i18n/translate.ts';
import { REFUSAL_REASONS, ERROR_CODES } from '@protocol/messages.ts';
import { CATEGORIES } from '@domain/record.ts';
import { PRIORITIES, RECEIPT_MODES } from '@domain/events.ts';

const texts = (m: Message): string[] => (typeof m === 'string' ? [m] : [m.one, m.other]);
const placeholders = (s: string): string[] =>
  [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1] ?? '').sort();

describe('catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(hi).sort());
  });

  it('have no empty values', () => {
    for (const catalog of [hi, en]) {
      for (const [key, message] of Object.entries(catalog)) {
        for (const text of texts(message)) expect(text.trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(hi) as (keyof typeof hi)[]) {
      const hiSet = new Set(texts(hi[key]).flatMap(placeholders));
      const enSet = new Set(texts(en[key]).flatMap(placeholders));
      expect([...enSet].sort(), key).toEqual([...hiSet].sort());
    }
  });

  it('call an office file पत्रावली in Hindi, and only a computer file फ़ाइल', () => {
    // Linked and attached files, copies and volumes said फ़ाइल beside पत्रावली on one page.
    const aboutComputerFiles = (key: string): boolean =>
      ['backup.', 'verify.', 'scan.error.'].some((p) => key.startsWith(p)) ||
      key === 'settings.quarantineDownload';
    const saysFile = Object.entries(hi)
      .filter(([key, m]) => !aboutComputerFiles(key) && texts(m).some((x) => /फ़?ाइल/.test(x)))
      .map(([key]) => key);
    expect(saysFile).toEqual([]);
    expect(hi['link.heading']).toBe('लिंक की गई पत्रावलियाँ');
    expect(hi['attachFile.button']).toBe('पत्रावली संलग्न करें');
  });

  it('cover every refusal reason, version error, category, priority and receipt mode', () => {
    const keys = new Set(Object.keys(hi));
    for (const r of REFUSAL_REASONS) expect(keys.has(`refusal.${r}`), r).toBe(true);
    expect(keys.has('version.clientTooOld')).toBe(true);
    expect(keys.has('version.serverTooOld')).toBe(true);
    for (const c of ERROR_CODES.filter((c) => c !== 'clientTooOld' && c !== 'serverTooOld')) {
      expect(keys.has(`serverError.${c}`), c).toBe(true);
    }
    for (const c of CATEGORIES) expect(keys.has(`category.${c}`), c).toBe(true);
    for (const p of PRIORITIES) expect(keys.has(`priority.${p}`), p).toBe(true);
    for (const m of RECEIPT_MODES) expect(keys.has(`mode.${m}`), m).toBe(true);
  });

  it('keep the exact English accessible names of DESIGN.md §8', () => {
    expect(en['nav.inbox']).toBe('Inbox');
    expect(en['nav.newFile']).toBe('New file');
    expect(en['sync.label']).toBe('Sync status');
    expect(en['file.closeFile']).toBe('Close file');
    expect(en['dak.diarise']).toBe('Diarise');
  });
});

describe('translator', () => {
  beforeAll(() => loadCatalog('en'));

  it('interpolates and chooses plural forms in English', () => {
    const { t } = createTranslator('en');
    expect(t('pending.days', { count: 1 })).toBe('pending 1 day');
    expect(t('pending.days', { count: 12 })).toBe('pending 12 days');
    expect(t('pending.days', { count: 0 })).toBe('pending 0 days');
    expect(t('sync.pending', { count: 3 })).toBe('3 pending');
  });

  it('formats Hindi with the Hindi template and Indian grouping', () => {
    const { t, formatNumber } = createTranslator('hi');
    expect(t('pending.days', { count: 4 })).toBe('4 दिन से लंबित');
    expect(formatNumber(1234567)).toBe('12,34,567');
    expect(t('sync.pending', { count: 2 })).toBe('2 लंबित परिवर्तन');
  });

  it('formats dates with Intl for each locale', () => {
    const ms = Date.UTC(2026, 10, 24, 10, 0);
    const enT = createTranslator('en', { timeZone: 'Asia/Kolkata' });
    const hiT = createTranslator('hi', { timeZone: 'Asia/Kolkata' });
    expect(enT.formatDate(ms)).toMatch(/24.*2026/);
    expect(enT.formatDate(ms)).toMatch(/Nov/);
    expect(hiT.formatDate(ms)).toMatch(/[\u0900-\u097F]/);
    expect(enT.formatIsoDate('2026-12-01')).toMatch(/1 Dec 2026/);
  });

  it('writes Hindi times on the 24-hour clock, never with a Latin am/pm', () => {
    const afternoon = Date.UTC(2026, 10, 24, 14, 5); // 19:35 in India
    const hiT = createTranslator('hi', { timeZone: 'Asia/Kolkata' });
    expect(hiT.formatDateTime(afternoon)).toContain('19:35');
    expect(hiT.formatDateTime(afternoon)).not.toMatch(/am|pm/i);
    expect(createTranslator('en', { timeZone: 'Asia/Kolkata' }).formatDateTime(afternoon)).toMatch(
      /7:35\s?pm/i,
    );
  });

  it('leaves unknown placeholders visible rather than dropping text', () => {
    const { t } = createTranslator('en');
    expect(t('dak.diarised')).toBe('Diary number: {number}');
  });
});

describe('catalogs at hand', () => {
  it('has Hindi with the app and English once loaded', async () => {
    expect(catalogLoaded('hi')).toBe(true);
    await loadCatalog('en');
    expect(catalogLoaded('en')).toBe(true);
    expect(createTranslator('en').t('file.closeFile')).toBe('Close file');
  });
});
