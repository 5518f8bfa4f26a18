/**
 * The app's largest optional files — pdf.js and its worker (scanned letters),
 * pdfkit and the two .woff fonts it embeds (exports), the pendency charts — are
 * stored for offline use in a second stage, after the service worker has
 * installed, not in its install. Chromium ends any service worker event that
 * runs longer than five minutes, the install included: on a 2G link the whole
 * precache (1.3 MB) took 4.7 minutes to arrive, a breath from never installing
 * at all. The install now holds the shell, the pages and the fonts on screen;
 * the page then fills `LATER_CACHE` with these files one request at a time
 * (warm-later.ts), and the service worker answers them from there, cache first.
 */

/** Cache Storage name of the second stage; the service worker reads it (vite.config.ts). */
export const LATER_CACHE = 'patravali-later';

/** The list the build writes of this build's later files (vite.config.ts, not precached). */
export const LATER_LIST_URL = '/later-assets.json';

/** Paths of later files: content-hashed, so a cached copy never goes stale. */
export const LATER_ASSET =
  /^\/assets\/(?:(?:pdf\.worker\.min|pdfkit\.standalone|pdf|PendencyCharts)-[\w-]+\.m?js|noto-sans-devanagari-(?:devanagari|latin)-400-normal-[\w-]+\.woff)$/;
