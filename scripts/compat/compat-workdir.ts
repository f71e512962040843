// Where the peer suites are fetched and built: `.compat/` in the repository (git ignores it), or
// $COMPAT_DIR. Nothing under it is ever committed: it holds other projects' code.

import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export function compatDir(...parts: string[]): string {
  const dir = path.join(process.env.COMPAT_DIR ?? path.join(REPO_ROOT, '.compat'), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
