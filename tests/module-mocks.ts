/**
 * Test files that replace a module with vi.mock. They run in the `unit-mocks` and
 * `integration-mocks` projects, each file with its own modules; the `unit` and
 * `integration` projects' files share their worker's modules (isolate: false), where a
 * module another file loaded first would keep the real one (and a count of calls through
 * the mock would stay 0 whatever the code does), and the mock would leak into the files
 * after. tests/unit/module-mocks.test.ts checks the lists.
 */
export const UNIT_MODULE_MOCKS = [
  'tests/unit/pwa/register.test.ts',
  'tests/unit/storage/fold-once.test.ts',
];

export const INTEGRATION_MODULE_MOCKS = ['tests/integration/projection-rows.test.ts'];
