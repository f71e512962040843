// Where the observatory's web page lives on disk, and which files of node_modules it loads as
// ES modules (preact, htm, uPlot): the server serves PAGE_DIR under /page/ and VENDOR_FILES under
// /vendor/<name>, so the page needs no bundler and nothing from the internet.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * src/observatory/page. From a build in dist/ (dist/src/observatory), where tsc copies no .html/.js
 * files, the page is still the repository's own.
 */
export const PAGE_DIR: string = findPageDir();

function findPageDir(): string {
  const beside = path.join(__dirname, 'page');
  if (existsSync(path.join(beside, 'index.html'))) return beside;
  const inRepo = path.resolve(__dirname, '..', '..', '..', 'src', 'observatory', 'page');
  return existsSync(path.join(inRepo, 'index.html')) ? inRepo : beside;
}

/** The directory of an installed package (the nearest package.json above its main entry that names it). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package directory of ${name}`);
    dir = parent;
  }
}

/** Vendor URL name (GET /vendor/<name>) → absolute file path. The page's import map names these. */
export const VENDOR_FILES: Record<string, string> = {
  'preact.mjs': path.join(packageDir('preact'), 'dist', 'preact.mjs'),
  'preact-hooks.mjs': path.join(packageDir('preact'), 'hooks', 'dist', 'hooks.mjs'),
  'htm.mjs': path.join(packageDir('htm'), 'dist', 'htm.mjs'),
  'uPlot.esm.js': path.join(packageDir('uplot'), 'dist', 'uPlot.esm.js'),
  'uPlot.min.css': path.join(packageDir('uplot'), 'dist', 'uPlot.min.css'),
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The Content-Type to serve a page or vendor file with (ES modules must be served as JavaScript). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
