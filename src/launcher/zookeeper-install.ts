// Finds the ZooKeeper server jars from Debian's `zookeeper` package, installing the package with
// apt when it is missing and we are root; otherwise explains how to get it.

import { existsSync } from 'node:fs';
import { commandSucceeds, ensureDebianPackages, MissingPackagesError, type DebianPackage } from './debian-packages';

const DEBIAN_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const DEBIAN_ZOOKEEPER_CONF = '/etc/zookeeper/conf';

export class ZooKeeperUnavailableError extends Error {}

export const ZOOKEEPER_PACKAGE: DebianPackage = {
  name: 'zookeeper',
  present: () => existsSync(DEBIAN_ZOOKEEPER_JAR) && commandSucceeds('java', ['-version']),
};

/**
 * Returns the Java classpath that runs a ZooKeeper server. `ZOOKEEPER_CLASSPATH` overrides the
 * Debian location (for a tarball install, for instance).
 */
export function ensureZooKeeperClasspath(log: (line: string) => void = console.log): string {
  const override = process.env.ZOOKEEPER_CLASSPATH;
  if (override) return override;
  try {
    ensureDebianPackages([ZOOKEEPER_PACKAGE], log);
  } catch (error) {
    if (!(error instanceof MissingPackagesError)) throw error;
    throw new ZooKeeperUnavailableError(
      'ZooKeeper is not installed. Install it with `sudo apt-get install zookeeper` (Debian/Ubuntu), ' +
        'or set ZOOKEEPER_CLASSPATH to the jars of a ZooKeeper 3.5+ server.',
    );
  }
  return `${DEBIAN_ZOOKEEPER_CONF}:${DEBIAN_ZOOKEEPER_JAR}`;
}
