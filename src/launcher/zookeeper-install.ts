// Finds the ZooKeeper server jars from Debian's `zookeeper` package, installing the package with
// apt when it is missing and we are root; otherwise explains how to get it.

import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const DEBIAN_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const DEBIAN_ZOOKEEPER_CONF = '/etc/zookeeper/conf';

export class ZooKeeperUnavailableError extends Error {}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function javaAvailable(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
}

/**
 * Returns the Java classpath that runs a ZooKeeper server. `ZOOKEEPER_CLASSPATH` overrides the
 * Debian location (for a tarball install, for instance).
 */
export function ensureZooKeeperClasspath(log: (line: string) => void = console.log): string {
  const override = process.env.ZOOKEEPER_CLASSPATH;
  if (override) return override;
  if (!existsSync(DEBIAN_ZOOKEEPER_JAR) || !javaAvailable()) {
    if (!isRoot()) {
      throw new ZooKeeperUnavailableError(
        'ZooKeeper is not installed. Install it with `sudo apt-get install zookeeper` (Debian/Ubuntu), ' +
          'or set ZOOKEEPER_CLASSPATH to the jars of a ZooKeeper 3.5+ server.',
      );
    }
    log('ZooKeeper not found: installing the Debian package `zookeeper` with apt-get...');
    aptInstall(['zookeeper']);
  }
  return `${DEBIAN_ZOOKEEPER_CONF}:${DEBIAN_ZOOKEEPER_JAR}`;
}
