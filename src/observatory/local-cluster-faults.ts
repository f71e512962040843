// The fault buttons for a LocalCluster's broker processes: signals to the processes it started.

import type { LocalCluster } from '../launcher/local-cluster';
import type { FaultTarget } from './faults';

/** Kafka 2.4.1's zookeeper.session.timeout.ms default. */
const DEFAULT_SESSION_TIMEOUT_MS = 6000;

export function localClusterFaults(cluster: LocalCluster, sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS): FaultTarget {
  const broker = (id: number) => cluster.broker(id);
  const running = (id: number) => {
    if (!broker(id).isRunning) throw new Error(`broker ${id} is not running`);
    return broker(id);
  };
  return {
    sessionTimeoutMs,
    brokerIds: () => cluster.brokers.map((b) => b.id),
    isRunning: (id) => broker(id).isRunning,
    kill: (id) => running(id).kill(),
    pause: (id) => running(id).pause(),
    resume: (id) => running(id).resume(),
    shutdown: async (id) => {
      const b = running(id);
      b.resume();
      await b.stop('SIGTERM', 60_000);
    },
    restart: async (id) => {
      const b = broker(id);
      b.resume();
      await b.stop('SIGTERM', 60_000);
      await b.start();
    },
    expireSession: (id) => running(id).signal('SIGUSR2'),
  };
}
