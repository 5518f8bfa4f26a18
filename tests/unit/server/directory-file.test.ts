import { describe, expect, it } from 'vitest';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import {
  parseDirectoryFile,
  parseDirectoryText,
} from '../../../sync-server/directory/directory-file.ts';

const valid = {
  version: 3,
  district: { id: 'dehradun', name: { hi: 'देहरादून', en: 'Dehradun' } },
  offices: [
    {
      id: 'dehradun',
      code: 'DDN',
      kind: 'collectorate',
      name: { hi: 'कलेक्ट्रेट', en: 'Collectorate' },
    },
    {
      id: 'vikasnagar',
      code: 'VKN',
      kind: 'tehsil',
      name: { hi: 'तहसील विकासनगर', en: 'Tehsil Vikasnagar' },
      parent: 'dehradun',
    },
  ],
  people: [
    {
      id: 'clerk.vikasnagar',
      name: { hi: 'सुनीता रावत', en: 'Sunita Rawat' },
      designation: { hi: 'पटल सहायक', en: 'Desk Assistant' },
      role: 'deskAssistant',
      office: 'vikasnagar',
      initialPassword: 'change-me-soon',
    },
    {
      id: 'dm.dehradun',
      name: { hi: 'आलोक', en: 'Alok' },
      designation: { hi: 'जिलाधिकारी', en: 'District Magistrate' },
      role: 'dm',
      office: 'dehradun',
    },
  ],
};

describe('directory file', () => {
  it('accepts a valid file and separates credentials from the directory', () => {
    const r = parseDirectoryFile(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.directory.people[0]).not.toHaveProperty('initialPassword');
    expect(r.value.directory.offices[1]?.parent).toBe('dehradun');
    expect(r.value.credentials).toEqual([
      { person: 'clerk.vikasnagar', kind: 'initial', initialPassword: 'change-me-soon' },
    ]);
  });

  it('accepts the demo directory shape', () => {
    expect(parseDirectoryFile(JSON.parse(JSON.stringify(DEMO_DIRECTORY))).ok).toBe(true);
  });

  it('lists every problem with its path', () => {
    const bad = structuredClone(valid) as Record<string, unknown> & typeof valid;
    const people = bad.people as Record<string, unknown>[];
    people[0] = { ...people[0], role: 'king', office: 'nowhere', initialPassword: 'short' };
    people[1] = { ...people[1], id: 'clerk.vikasnagar', passwordHash: 'plaintext' };
    (bad.offices as Record<string, unknown>[])[1] = {
      ...bad.offices[1],
      code: 'V1',
      parent: 'mars',
    };
    const r = parseDirectoryFile(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^people\[0\]\.role: must be one of deskAssistant/),
        expect.stringMatching(/^people\[0\]\.initialPassword: must be a string of at least 8/),
        expect.stringMatching(/^people\[1\]\.passwordHash: /),
        expect.stringMatching(/^offices\[1\]\.code: "V1" must match/),
        expect.stringMatching(/^offices\[1\]\.parent: unknown office "mars"/),
        expect.stringMatching(/^people\[1\]\.id: duplicate username/),
        expect.stringMatching(/^people\[0\]\.office: unknown office "nowhere"/),
      ]),
    );
  });

  it("reads an office's running register: true or false, absent by default, nothing else", () => {
    const withRegister = (value: unknown) => {
      const file = structuredClone(valid);
      const offices: Record<string, unknown>[] = file.offices;
      offices[1] = { ...offices[1], runningRegister: value };
      return parseDirectoryFile(file);
    };
    const on = withRegister(true);
    expect(on.ok && on.value.directory.offices[1]?.runningRegister).toBe(true);
    const off = withRegister(false);
    expect(off.ok && off.value.directory.offices[1]).not.toHaveProperty('runningRegister');
    const absent = parseDirectoryFile(valid);
    expect(absent.ok && absent.value.directory.offices[1]).not.toHaveProperty('runningRegister');
    for (const bad of ['yes', 1, null]) {
      const r = withRegister(bad);
      expect(r.ok ? [] : r.error).toEqual(['offices[1].runningRegister: must be true or false']);
    }
  });

  it("reads an office's saved groups of recipients, refusing unknown or missing members", () => {
    const withGroups = (value: unknown) => {
      const file = structuredClone(valid);
      const offices: Record<string, unknown>[] = file.offices;
      offices[1] = { ...offices[1], recipientGroups: value };
      return parseDirectoryFile(file);
    };
    const name = { hi: 'पटल', en: 'Desk' };
    const good = withGroups([{ name, members: ['clerk.vikasnagar'] }]);
    expect(good.ok && good.value.directory.offices[1]?.recipientGroups).toEqual([
      { name, members: ['clerk.vikasnagar'] },
    ]);
    const absent = parseDirectoryFile(valid);
    expect(absent.ok && absent.value.directory.offices[1]).not.toHaveProperty('recipientGroups');
    const problems = (value: unknown) => {
      const r = withGroups(value);
      return r.ok ? [] : r.error;
    };
    expect(problems([{ name, members: ['nobody.here'] }])).toEqual([
      'offices[1].recipientGroups[0].members: unknown username "nobody.here"',
    ]);
    expect(problems([{ name, members: [] }])).toEqual([
      'offices[1].recipientGroups[0].members: must be a non-empty list of usernames',
    ]);
    expect(problems([{ members: ['clerk.vikasnagar'] }])).toEqual([
      'offices[1].recipientGroups[0].name: must be an object { "hi": "…", "en": "…" }',
    ]);
    expect(problems('all')).toEqual([
      'offices[1].recipientGroups: must be a list of { "name": { "hi", "en" }, "members": [usernames] }',
    ]);
  });

  it('reports JSON syntax errors and missing sections', () => {
    const syntax = parseDirectoryText('{ "version": 1,');
    expect(syntax.ok ? [] : syntax.error[0]).toMatch(/^\(file\): not valid JSON/);
    const empty = parseDirectoryFile({ version: 1 });
    expect(empty.ok ? [] : empty.error).toEqual(
      expect.arrayContaining([
        'offices: must be a non-empty array',
        'people: must be a non-empty array',
      ]),
    );
  });
});
