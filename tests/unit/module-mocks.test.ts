import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTEGRATION_MODULE_MOCKS, UNIT_MODULE_MOCKS } from '../module-mocks.ts';
import { SERVER_TESTS_ON_POSTGRES } from '../postgres/server-tests.ts';

// The unit, ui, integration and postgres projects share a worker's modules across files
// (isolate: false): a file that replaces a module with vi.mock must run in the unit-mocks
// or integration-mocks project, on modules of its own.
const MOCKS_A_MODULE = /\bvi\.(?:mock|doMock)\(/;

/** The test files under `dir` that replace a module. */
function mockingFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.test\.tsx?$/.test(name))
    .map((name) => join(dir, name).split('\\').join('/'))
    .filter((file) => MOCKS_A_MODULE.test(readFileSync(file, 'utf8')))
    .sort();
}

describe('test files that mock a module', () => {
  it('are, among the unit and ui files, exactly those unit-mocks runs', () => {
    expect(mockingFiles('tests/unit')).toEqual([...UNIT_MODULE_MOCKS].sort());
  });

  it('are none among the ui files (unit-mocks runs them under node, the ui project too)', () => {
    expect(mockingFiles('tests/unit').filter((file) => file.endsWith('.tsx'))).toEqual([]);
  });

  it('are, among the integration files, exactly those integration-mocks runs', () => {
    expect(mockingFiles('tests/integration')).toEqual([...INTEGRATION_MODULE_MOCKS].sort());
  });

  it('are none among the PostgreSQL files, nor the integration files run on PostgreSQL', () => {
    expect(mockingFiles('tests/postgres')).toEqual([]);
    const onPostgres = new Set(SERVER_TESTS_ON_POSTGRES);
    expect(mockingFiles('tests/integration').filter((file) => onPostgres.has(file))).toEqual([]);
  });
});
