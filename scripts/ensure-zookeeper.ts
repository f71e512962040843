// Makes sure a ZooKeeper server can be started (installing Debian's package when root), before
// the integration tests or the local cluster need it. Exits non-zero with advice otherwise.
import { ensureZooKeeperClasspath, ZooKeeperUnavailableError } from '../src/launcher/zookeeper-install';

try {
  ensureZooKeeperClasspath();
} catch (error) {
  if (!(error instanceof ZooKeeperUnavailableError)) throw error;
  console.error(error.message);
  process.exit(1);
}
