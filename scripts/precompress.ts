import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Brotli (quality 11) and gzip (level 9) copies of the built app's text files,
 * written beside each one (`x.js.br`, `x.js.gz`), for the server to send to
 * browsers that accept them (@fastify/static `preCompressed`). A fresh tablet
 * on 2G then downloads the app shell and its precache at about a quarter of
 * their size, compressed once at build time rather than on every request.
 *
 * Fonts are left alone: woff2 is brotli inside, and woff's tables are deflated.
 * Build metadata in dot-folders (.vite/) is not served and is skipped.
 */

const COMPRESSIBLE = /\.(m?js|css|html|svg|webmanifest|json|txt|map)$/;

export interface Precompressed {
  readonly files: number;
  readonly bytes: number;
  readonly brotliBytes: number;
  readonly gzipBytes: number;
}

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return textFiles(path);
    return entry.isFile() && COMPRESSIBLE.test(entry.name) ? [path] : [];
  });
}

/** Writes `.br` and `.gz` beside every compressible file of `dir` that they make smaller. */
export function precompressDir(dir: string): Precompressed {
  let files = 0;
  let bytes = 0;
  let brotliBytes = 0;
  let gzipBytes = 0;
  for (const path of textFiles(dir)) {
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: 9 });
    // A file too small to gain (a few bytes) is sent as it is.
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
    files++;
    bytes += data.length;
    brotliBytes += Math.min(br.length, data.length);
    gzipBytes += Math.min(gz.length, data.length);
  }
  return { files, bytes, brotliBytes, gzipBytes };
}

/**
 * The Vite plugin: runs after every other plugin has finished writing the build
 * (the service worker of vite-plugin-pwa included), so sw.js is compressed too.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'patravali-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      handler() {
        precompressDir(outDir);
      },
    },
  };
}
