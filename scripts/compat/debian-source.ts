// Fetches a Debian source package without touching /etc: a deb-src entry of our own, passed to
// apt-get through -o options together with private list and cache directories.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const DEB_SRC = 'deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main\n';

/** Unpacks `pkg`'s source into `<workDir>/<pkg>` (once) and returns that directory. */
export function debianSource(pkg: string, workDir: string): string {
  const tree = path.join(workDir, pkg);
  if (existsSync(tree)) return tree;
  const apt = path.join(workDir, 'apt');
  mkdirSync(path.join(apt, 'lists/partial'), { recursive: true });
  writeFileSync(path.join(apt, 'sources.list'), DEB_SRC);
  const options = [
    `Dir::Etc::SourceList=${path.join(apt, 'sources.list')}`,
    'Dir::Etc::SourceParts=/nonexistent',
    `Dir::State::Lists=${path.join(apt, 'lists')}`,
    `Dir::Cache=${path.join(apt, 'cache')}`,
  ].flatMap((o) => ['-o', o]);
  execFileSync('apt-get', [...options, 'update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', [...options, 'source', '--download-only', '-qq', pkg], { cwd: workDir, stdio: 'inherit' });
  const dsc = execFileSync('sh', ['-c', `ls ${pkg}_*.dsc`], { cwd: workDir, encoding: 'utf8' }).trim().split('\n')[0];
  execFileSync('dpkg-source', ['-x', dsc, pkg], { cwd: workDir, stdio: ['ignore', 'ignore', 'inherit'] });
  return tree;
}
