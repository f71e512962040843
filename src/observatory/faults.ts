// Fault injection for clusters the observatory (or kafka-local-cluster) started, and what each
// fault will make Kafka do, told before and after pressing the button from the current state.

import type { ClusterState, FaultAction } from './api-types';

/** What the observatory can do to the brokers of a cluster it started. */
export interface FaultTarget {
  brokerIds(): number[];
  /** SIGKILL: no controlled shutdown, the ZooKeeper session lingers until it times out. */
  kill(broker: number): Promise<void>;
  /** SIGSTOP: the process freezes; its sockets stay open. */
  pause(broker: number): void;
  resume(broker: number): void;
  /** SIGTERM: controlled shutdown through the controller, then a clean stop. */
  shutdown(broker: number): Promise<void>;
  /** Stops the broker if it runs (controlled shutdown) and starts it again on the same data. */
  restart(broker: number): Promise<void>;
  /** Ends the broker's ZooKeeper session at the ensemble (the broker then registers again). */
  expireSession(broker: number): void;
  isRunning(broker: number): boolean;
  /** zookeeper.session.timeout.ms of the brokers, for the explanations. */
  sessionTimeoutMs: number;
}

export async function applyFault(target: FaultTarget, action: FaultAction, broker: number): Promise<void> {
  switch (action) {
    case 'kill':
      return target.kill(broker);
    case 'pause':
      return target.pause(broker);
    case 'resume':
      return target.resume(broker);
    case 'shutdown':
      return target.shutdown(broker);
    case 'restart':
      return target.restart(broker);
    case 'expire-session':
      return target.expireSession(broker);
  }
}

function list(items: string[]): string {
  if (items.length === 0) return 'none';
  return items.length > 6 ? `${items.slice(0, 6).join(', ')} and ${items.length - 6} more` : items.join(', ');
}

/** What Kafka 2.4 will do next after `action` on `broker`, in its own terms. */
export function expectedOutcome(action: FaultAction, broker: number, state: ClusterState, sessionTimeoutMs: number): string {
  const isController = state.controller.brokerId === broker;
  const led = state.partitions.filter((p) => p.leader === broker).map((p) => `${p.topic}-${p.partition}`);
  const followed = state.partitions.filter((p) => p.leader !== broker && p.isr.includes(broker)).map((p) => `${p.topic}-${p.partition}`);
  const controllerPart = isController
    ? ` It is the controller: /controller goes with its session, the other brokers race to create it, and the winner increments /controller_epoch to ${state.controller.epoch + 1}, reads the cluster state from ZooKeeper and sends LeaderAndIsr and UpdateMetadata to everyone.`
    : '';
  const elections = led.length > 0 ? ` The controller then elects new leaders from the ISR for the partitions it led (${list(led)}): an offline election bumps each leader epoch and writes the state znodes.` : ' It leads no partition, so no leader changes.';
  const isr = followed.length > 0 ? ` It also leaves the ISR of ${list(followed)}.` : '';
  switch (action) {
    case 'kill':
      return `kill -9 broker ${broker}: no controlled shutdown. Its ZooKeeper session lingers until zookeeper.session.timeout.ms (${sessionTimeoutMs} ms) passes; then /brokers/ids/${broker} is deleted and the controller sees a BrokerChange.${controllerPart}${elections}${isr}`;
    case 'pause':
      return `SIGSTOP broker ${broker}: it stops heartbeating to ZooKeeper and stops fetching. Its followers fall out of the ISR after replica.lag.time.max.ms; if the pause outlasts zookeeper.session.timeout.ms (${sessionTimeoutMs} ms) its session expires like a crash (a zombie: it does not know yet).${controllerPart}${elections}`;
    case 'resume':
      return `SIGCONT broker ${broker}: it runs again. If its session expired meanwhile it learns so now, registers again with a new broker epoch (czxid) and the controller treats it as a new broker; otherwise it catches up and rejoins the ISR of the partitions it follows.`;
    case 'shutdown':
      return `Controlled shutdown of broker ${broker}: it asks the controller (ControlledShutdown request), which moves leadership of ${list(led)} to other in-sync replicas (a controlled-shutdown election) before the broker stops and deletes its registration.${isController ? ' As the controller it resigns; another broker is elected with a new epoch.' : ''}`;
    case 'restart':
      return `Restart broker ${broker}: controlled shutdown first (leaders move away), then it starts on the same data, registers /brokers/ids/${broker} with a new broker epoch, truncates to the leaders' epochs, catches up and rejoins the ISRs; preferred leaders come back after the auto leader rebalance (leader.imbalance.check.interval.seconds).`;
    case 'expire-session':
      return `Expire broker ${broker}'s ZooKeeper session: its ephemeral /brokers/ids/${broker}${isController ? ' and /controller' : ''} vanish at once; the controller sees it as failed.${controllerPart}${elections} The broker then opens a new session and registers again with a new broker epoch, and the controller treats it as a broker that restarted.`;
  }
}
