// Where the ZooKeeper server's jars are: ZOOKEEPER_CLASSPATH when set (a tarball install, for
// instance), else Debian's `zookeeper` package. Installing it is not the launcher's business:
// bin/kafka-local-cluster and `npm test` run scripts/ensure-zookeeper.ts and
// scripts/ensure-test-tools.ts first, which use apt when root.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const DEBIAN_ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const DEBIAN_ZOOKEEPER_CONF = '/etc/zookeeper/conf';

export class ZooKeeperUnavailableError extends Error {}

function javaRuns(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Debian's zookeeper package is installed and java runs. */
export function debianZooKeeperPresent(): boolean {
  return existsSync(DEBIAN_ZOOKEEPER_JAR) && javaRuns();
}

/** The Java classpath that runs a ZooKeeper server, or a ZooKeeperUnavailableError saying how to get one. */
export function zooKeeperClasspath(): string {
  const override = process.env.ZOOKEEPER_CLASSPATH;
  if (override) return override;
  if (!debianZooKeeperPresent()) {
    throw new ZooKeeperUnavailableError(
      'ZooKeeper is not installed. Install it with `sudo apt-get install zookeeper` (Debian/Ubuntu), ' +
        'or set ZOOKEEPER_CLASSPATH to the jars of a ZooKeeper 3.5+ server.',
    );
  }
  return `${DEBIAN_ZOOKEEPER_CONF}:${DEBIAN_ZOOKEEPER_JAR}`;
}
