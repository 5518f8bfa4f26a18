import { fileURLToPath } from 'node:url';

/** The repository root; the server and the build run from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
