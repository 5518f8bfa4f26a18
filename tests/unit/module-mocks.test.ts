import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIT_MODULE_MOCKS } from '../unit-module-mocks.ts';

// The unit and ui projects share a worker's modules across files (isolate: false): a file
// that replaces a module with vi.mock must run in the unit-mocks project, on modules of its own.
const MOCKS_A_MODULE = /\bvi\.(?:mock|doMock)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.test\.tsx?$/.test(name))
    .map((name) => join(dir, name).split('\\').join('/'));
}

describe('unit files that mock a module', () => {
  it('are exactly the files the unit-mocks project runs on modules of their own', () => {
    const mocking = testFiles('tests/unit').filter((file) =>
      MOCKS_A_MODULE.test(readFileSync(file, 'utf8')),
    );
    expect(mocking.sort()).toEqual([...UNIT_MODULE_MOCKS].sort());
  });
});
