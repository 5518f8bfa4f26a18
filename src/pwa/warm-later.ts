import { LATER_ASSET, LATER_CACHE, LATER_LIST_URL } from './later-assets.ts';

/**
 * The second stage of storing the app for offline use (later-assets.ts): reads
 * this build's list of later files and stores each one not yet in the cache,
 * one request at a time, then drops files of earlier builds. True when every
 * file is stored (or there is none: a development server has no list); false
 * when the network failed on the way, to be tried again.
 */
export interface WarmLaterDeps {
  readonly fetch: typeof fetch;
  readonly caches: CacheStorage;
}

export async function warmLater({ fetch, caches }: WarmLaterDeps): Promise<boolean> {
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
    for (const url of urls) if ((await cache.match(url)) === undefined) await cache.add(url);
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
