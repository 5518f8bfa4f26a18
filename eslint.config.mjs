// Lint: zero warnings (npm run lint passes --max-warnings 0).
// The dependency direction of DESIGN.md §7 is enforced here with no-restricted-imports;
// circular imports (type-only ones too) are checked by dpdm in the same npm script.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

const PURE = 'domain, protocol and doc are pure: no browser, Node, UI or storage imports';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'dev-dist/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/domain/**'],
    rules: layer(
      [
        '@protocol/*',
        '@doc/*',
        '@storage/*',
        '@sync/*',
        '@ui/*',
        '@i18n/*',
        '@pwa/*',
        'node:*',
        'yjs',
        'dexie',
        'react',
        '**/protocol/**',
        '**/doc/**',
        '**/storage/**',
        '**/sync/**',
        '**/ui/**',
      ],
      PURE,
    ),
  },
  {
    files: ['src/protocol/**'],
    rules: layer(
      [
        '@doc/*',
        '@storage/*',
        '@sync/*',
        '@ui/*',
        '@i18n/*',
        '@pwa/*',
        'node:*',
        'dexie',
        'react',
        'yjs',
      ],
      PURE,
    ),
  },
  {
    files: ['src/doc/**'],
    rules: layer(
      [
        '@protocol/*',
        '@storage/*',
        '@sync/*',
        '@ui/*',
        '@i18n/*',
        '@pwa/*',
        'node:*',
        'dexie',
        'react',
      ],
      PURE,
    ),
  },
  {
    files: ['src/storage/**'],
    rules: layer(
      ['@sync/*', '@ui/*', '@pwa/*', 'react', 'node:*'],
      'storage sits below sync and ui',
    ),
  },
  {
    // The UI reaches storage only through its façades (#13): src/storage/services.ts
    // and the index.ts of a job folder that only lazy pages use; never a module inside.
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@storage/|(\\.\\./)+storage/)(?!services\\.ts$|[a-z-]+/index\\.ts$)',
              message:
                'ui imports storage only from @storage/services.ts or a job folder index.ts (its façade)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sync/**'],
    rules: layer(['@ui/*', '@pwa/*', 'react', 'node:*'], 'sync sits below ui'),
  },
  {
    files: ['sync-server/**'],
    rules: layer(
      [
        '@storage/*',
        '@sync/*',
        '@ui/*',
        '@i18n/*',
        '@pwa/*',
        '**/src/storage/**',
        '**/src/sync/**',
        '**/src/ui/**',
        'dexie',
        'react',
      ],
      'sync-server may import domain, protocol and doc only',
    ),
  },
);
