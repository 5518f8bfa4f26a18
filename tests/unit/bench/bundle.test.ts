import { describe, expect, it } from 'vitest';
import {
  classifyUrl,
  precacheUrls,
  shellCodeFiles,
  type BuildManifest,
} from '../../bench/scenarios/bundle.ts';

// A small build: the entry imports a vendor chunk statically (which imports a
// runtime chunk), and loads two pages and pdf.js dynamically; one page shares
// the vendor chunk and brings its own stylesheet.
const manifest: BuildManifest = {
  'index.html': {
    file: 'assets/index-A.js',
    isEntry: true,
    imports: ['_vendor-B.js'],
    css: ['assets/index-A.css'],
  },
  '_vendor-B.js': { file: 'assets/vendor-B.js', imports: ['_runtime-C.js'] },
  '_runtime-C.js': { file: 'assets/runtime-C.js' },
  'src/ui/pages/PendencyPage.tsx': {
    file: 'assets/PendencyPage-D.js',
    imports: ['_vendor-B.js', 'index.html', '_charts-E.js'],
    css: ['assets/PendencyPage-D.css'],
  },
  '_charts-E.js': { file: 'assets/charts-E.js' },
  'node_modules/pdfjs-dist/build/pdf.mjs': { file: 'assets/pdf-F.js' },
};

describe('app shell: entry and its static imports', () => {
  const shell = shellCodeFiles(manifest);

  it('follows static imports transitively, with their stylesheets', () => {
    expect([...shell].sort()).toEqual([
      'assets/index-A.css',
      'assets/index-A.js',
      'assets/runtime-C.js',
      'assets/vendor-B.js',
    ]);
  });

  it('leaves lazily loaded pages, their chunks and stylesheets out', () => {
    expect(classifyUrl('assets/PendencyPage-D.js', shell)).toBe('lazy');
    expect(classifyUrl('assets/PendencyPage-D.css', shell)).toBe('lazy');
    expect(classifyUrl('assets/charts-E.js', shell)).toBe('lazy');
    expect(classifyUrl('assets/pdf-F.js', shell)).toBe('lazy');
  });

  it('counts a worker the manifest does not list as lazy', () => {
    expect(classifyUrl('assets/pdf.worker.min-G.js', shell)).toBe('lazy');
  });

  it('counts the page, the web manifest and icons as shell, fonts apart', () => {
    expect(classifyUrl('index.html', shell)).toBe('shell');
    expect(classifyUrl('manifest.webmanifest', shell)).toBe('shell');
    expect(classifyUrl('icon-192.png', shell)).toBe('shell');
    expect(classifyUrl('assets/vendor-B.js', shell)).toBe('shell');
    expect(classifyUrl('assets/noto-400-H.woff2', shell)).toBe('font');
  });

  it('has no shell code without an entry', () => {
    const { 'index.html': _entry, ...rest } = manifest;
    expect(shellCodeFiles(rest).size).toBe(0);
  });
});

describe('precache manifest of sw.js', () => {
  it('reads minified and unminified entries, each file once', () => {
    const sw =
      'e.precacheAndRoute([{url:"index.html",revision:"1"},{url:"icon.svg",revision:"2"},' +
      '{"url": "assets/index-A.js","revision":null},{url:"icon.svg",revision:"2"}])';
    expect(precacheUrls(sw)).toEqual(['index.html', 'icon.svg', 'assets/index-A.js']);
  });
});
