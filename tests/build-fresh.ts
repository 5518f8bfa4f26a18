import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * True when `dist/index.html` under `root` exists and no file under `src/`,
 * nor `index.html` or `vite.config.ts`, is newer: the built app is the code
 * as it stands. The e2e harness and the benchmarks rebuild otherwise.
 */
export function isBuildFresh(root: string): boolean {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const sources = [join(root, 'index.html'), join(root, 'vite.config.ts')];
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }))
    sources.push(join(root, 'src', entry));
  // A file deleted while we walk (another build, an editor) is not a reason to rebuild.
  return sources.every(
    (source) => (statSync(source, { throwIfNoEntry: false })?.mtimeMs ?? 0) <= builtAt,
  );
}
