// The Debian packages the peer suites build with: dpkg-source for librdkafka's source package,
// the compression and TLS headers its configure finds, and Debian's librdkafka (2.0.2, the
// version node-rdkafka 2.15.0 bundles) for node-rdkafka to link against.

import { execFileSync } from 'node:child_process';
import { ensureDebianPackages } from '../debian-packages';

function installed(name: string): boolean {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
}

const NEEDED = ['dpkg-dev', 'build-essential', 'pkg-config', 'libssl-dev', 'zlib1g-dev', 'libzstd-dev', 'liblz4-dev', 'librdkafka-dev'];

export function ensureCompatPackages(): void {
  ensureDebianPackages(NEEDED.map((name) => ({ name, present: () => installed(name) })));
}
