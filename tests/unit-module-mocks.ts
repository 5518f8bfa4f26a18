/**
 * Unit test files that replace a module with vi.mock. They run in the `unit-mocks` project,
 * each file with its own modules; the `unit` project's files share their worker's modules
 * (isolate: false), where a module another file loaded first would keep the real one and
 * the mock would leak into the files after. tests/unit/module-mocks.test.ts checks the list.
 */
export const UNIT_MODULE_MOCKS = [
  'tests/unit/pwa/register.test.ts',
  'tests/unit/storage/fold-once.test.ts',
];
