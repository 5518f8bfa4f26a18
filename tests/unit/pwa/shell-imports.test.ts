import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The app shell is the entry and every module it imports statically: the bundler puts
// all of them in the chunks a first visit downloads before the sign-in form works
// (tests/bench/scenarios/bundle.ts measures it, issue 20). Records' Yjs documents and
// their fold are loaded on first use instead (storage/services.ts, records.ts), so a
// static import that reaches them again would put about 40 KB (gzip) back in the shell.

const ROOT = resolve(import.meta.dirname, '../../..');
const tsconfig = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config as {
  compilerOptions: { paths: Record<string, string[]> };
};
const ALIASES: readonly (readonly [string, string])[] = Object.entries(
  tsconfig.compilerOptions.paths,
).map(([from, [to]]) => [from.replace(/\*$/, ''), (to ?? '').replace(/\*$/, '')]);

/** Where `spec` leads from `file`: a path under the repository, or `package:<name>`. */
function resolveSpec(file: string, spec: string): string {
  for (const [from, to] of ALIASES)
    if (spec.startsWith(from)) return join(ROOT, to + spec.slice(from.length));
  if (spec.startsWith('.')) return resolve(dirname(file), spec);
  const parts = spec.split('/');
  return `package:${parts.slice(0, spec.startsWith('@') ? 2 : 1).join('/')}`;
}

/** Specifiers `file` imports or re-exports for its values (type-only imports are erased). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specs: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      const named = node.exportClause;
      const onlyTypes =
        named !== undefined &&
        ts.isNamedExports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specs;
}

/** Every module the entry reaches statically, each with the module that first imported it. */
function shellModules(entry: string): Map<string, string | null> {
  const from = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (file.startsWith('package:') || !existsSync(file) || !/\.tsx?$/.test(file)) continue;
    for (const spec of staticImports(file)) {
      const next = resolveSpec(file, spec);
      if (from.has(next)) continue;
      from.set(next, file);
      queue.push(next);
    }
  }
  return from;
}

function chain(from: ReadonlyMap<string, string | null>, target: string): string {
  const names: string[] = [];
  for (let at: string | null | undefined = target; at; at = from.get(at))
    names.unshift(at.startsWith('package:') ? at : relative(ROOT, at));
  return names.join(' -> ');
}

describe('the app shell (the entry and its static imports)', () => {
  const shell = shellModules(join(ROOT, 'src/main.tsx'));
  const reached = (target: string): string | null =>
    shell.has(target) ? chain(shell, target) : null;

  it('holds the sign-in form, the inbox and the device database', () => {
    for (const module of [
      'src/ui/pages/SignInPage.tsx',
      'src/ui/pages/InboxPage.tsx',
      'src/storage/db/device-db.ts',
      'src/storage/services.ts',
    ])
      expect(shell.has(join(ROOT, module)), module).toBe(true);
    expect(shell.has('package:dexie')).toBe(true);
  });

  it('reaches neither Yjs nor the record documents, their fold or the commands', () => {
    const heavy = [
      'package:yjs',
      join(ROOT, 'src/doc/record-doc.ts'),
      join(ROOT, 'src/domain/fold.ts'),
      join(ROOT, 'src/storage/records.ts'),
      join(ROOT, 'src/storage/db/record-store.ts'),
      join(ROOT, 'src/storage/commands/command-runner.ts'),
    ];
    expect(heavy.map(reached).filter((path) => path !== null)).toEqual([]);
  });

  it('holds the Hindi catalog, not the English one (loaded before anything is shown in it)', () => {
    expect(shell.has(join(ROOT, 'src/i18n/hi.ts'))).toBe(true);
    expect(reached(join(ROOT, 'src/i18n/en.ts'))).toBeNull();
  });
});
