import type { Plugin } from 'vite';
import { LATER_ASSET, LATER_LIST_URL } from '../src/pwa/later-assets.ts';

/**
 * Writes this build's list of later files (src/pwa/later-assets.ts) as
 * `later-assets.json`, for the page to store them after the service worker's
 * install. The list itself is precached (vite.config.ts), so a tab under the
 * worker reads the list of the build it runs.
 */
export function laterAssetsList(): Plugin {
  return {
    name: 'patravali-later-assets',
    apply: 'build',
    generateBundle(_options, bundle) {
      const urls = Object.keys(bundle)
        .map((fileName) => `/${fileName}`)
        .filter((url) => LATER_ASSET.test(url))
        .sort();
      this.emitFile({
        type: 'asset',
        fileName: LATER_LIST_URL.slice(1),
        source: `${JSON.stringify(urls, null, 1)}\n`,
      });
    },
  };
}
