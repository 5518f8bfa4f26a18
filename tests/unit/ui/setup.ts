// jsdom + IndexedDB for component tests: jest-dom matchers, an in-memory
// IndexedDB (fake-indexeddb), patient waits, and DOM cleanup between tests.
import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { loadCatalog } from '@i18n/translate.ts';

// English is a chunk of its own in the app (I18nProvider waits for it); components
// under test render in either language from their first frame.
await loadCatalog('en');

// Under vitest's jsdom environment, structuredClone (which fake-indexeddb uses for
// every stored value) returns typed arrays from Node's realm, which Yjs/lib0 in the
// test realm cannot read. Real browsers have one realm; bring clones back into ours.
const nativeClone = globalThis.structuredClone;
globalThis.structuredClone = <T>(value: T, options?: StructuredSerializeOptions): T =>
  intoThisRealm(nativeClone(value, options)) as T;

function intoThisRealm(value: unknown): unknown {
  if (
    ArrayBuffer.isView(value) &&
    Object.prototype.toString.call(value) === '[object Uint8Array]'
  ) {
    return value instanceof Uint8Array
      ? value
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) return value.map(intoThisRealm);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.prototype.toString.call(value) === '[object Object]'
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = intoThisRealm(v);
    return out;
  }
  return value;
}

// findBy* and waitFor wait for a condition; their default of 1 s flaked on a fully
// loaded 2-core machine, where one IndexedDB transaction can take longer.
configure({ asyncUtilTimeout: 20_000 });

afterEach(() => {
  cleanup();
});
