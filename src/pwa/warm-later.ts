import { LATER_ASSET, LATER_CACHE, LATER_LIST_URL } from './later-assets.ts';

/**
 * The second stage of storing the app for offline use (later-assets.ts): reads
 * the running build's list of later files (precached with the build, so a tab
 * under the service worker reads its own build's list, never a newer deploy's),
 * stores each one not yet in the cache, one request at a time, then drops files
 * of earlier builds. True when every file is stored (or there is none: a
 * development server has no list); false when the network failed on the way,
 * to be tried again.
 */
export interface WarmLaterDeps {
  readonly fetch: typeof fetch;
  readonly caches: CacheStorage;
  /** Called once, before the first download, when a file is missing (the tablet is not ready). */
  readonly onMissing?: () => void;
}

/** One file on 2G takes about a minute (pdf.js' worker, 300 KB); a stalled one is given up. */
export const LATER_FILE_TIMEOUT_MS = 5 * 60_000;

const isHtml = (res: Response): boolean =>
  (res.headers.get('content-type') ?? '').includes('text/html');

export async function warmLater({ fetch, caches, onMissing }: WarmLaterDeps): Promise<boolean> {
  let urls: string[];
  try {
    const res = await fetch(LATER_LIST_URL, { cache: 'no-cache' });
    // Without a build's list the server answers the app's page: nothing to store.
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return true;
    urls = laterUrls(await res.json());
  } catch {
    return false;
  }
  try {
    const cache = await caches.open(LATER_CACHE);
    const missing: string[] = [];
    for (const url of urls) if ((await cache.match(url)) === undefined) missing.push(url);
    if (missing.length > 0) onMissing?.();
    for (const url of missing) {
      const res = await fetch(url, { signal: AbortSignal.timeout(LATER_FILE_TIMEOUT_MS) });
      // Never keep the app's page under a script's name (a server without the file).
      if (!res.ok || isHtml(res)) return false;
      await cache.put(url, res);
    }
    for (const request of await cache.keys()) {
      if (!urls.includes(new URL(request.url).pathname)) await cache.delete(request);
    }
    return true;
  } catch {
    return false;
  }
}

/** The list's paths that name later files; anything else in it is ignored. */
export function laterUrls(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.filter((u): u is string => typeof u === 'string' && LATER_ASSET.test(u));
}
