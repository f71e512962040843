// Replica state machine (Kafka's ZkReplicaStateMachine): one state per (partition, replica).
// OnlineReplica sends the replica the partition's current state; OfflineReplica stops it and
// removes it from the ISR in ZooKeeper (leader -1 if it led, the last ISR member kept), telling
// the remaining replicas; ReplicaDeletionStarted sends StopReplica with delete.

import type { Logger } from '../common/logger';
import { logEvent } from '../common/control-plane-events';
import type { PartitionStateStore } from './partition-state-store';
import { ReplicaState, type ControllerContext } from './controller-context';
import { removeReplicaFromIsr } from './elections';
import { writeLeaderAndIsr } from './leader-and-isr-writer';
import type { ControllerRequestBatch } from './request-batch';
import { isValidReplicaTransition } from './state-transitions';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';

export interface PartitionReplica {
  tp: TopicPartition;
  replica: number;
}

export interface ReplicaStateMachineDeps {
  context: ControllerContext;
  zk: PartitionStateStore;
  controllerId: number;
  logger: Logger;
  stateChangeLogger: Logger;
}

const replicaKey = (r: PartitionReplica) => `${topicPartitionKey(r.tp.topic, r.tp.partition)}:${r.replica}`;

export class ReplicaStateMachine {
  constructor(private readonly deps: ReplicaStateMachineDeps) {}

  private get prefix(): string {
    return `[Controller id=${this.deps.controllerId} epoch=${this.deps.context.epoch}]`;
  }

  /** All replicas of a partition, as PartitionReplica entries. */
  replicasOf(tp: TopicPartition): PartitionReplica[] {
    return this.deps.context.replicasFor(tp.topic, tp.partition).map((replica) => ({ tp, replica }));
  }

  /**
   * After failover (Kafka's initializeReplicaState): replicas on live brokers are Online, the
   * others ReplicaDeletionIneligible. Returns both lists: startup then moves the online ones to
   * OnlineReplica and the offline ones to OfflineReplica, which takes them out of the ISR.
   */
  initializeStates(): { online: PartitionReplica[]; offline: PartitionReplica[] } {
    const { context } = this.deps;
    const online: PartitionReplica[] = [];
    const offline: PartitionReplica[] = [];
    for (const tp of context.allPartitions()) {
      for (const r of this.replicasOf(tp)) {
        const live = context.liveBrokers.has(r.replica);
        context.replicaStates.set(replicaKey(r), live ? ReplicaState.OnlineReplica : ReplicaState.ReplicaDeletionIneligible);
        (live ? online : offline).push(r);
      }
    }
    return { online, offline };
  }

  async handleStateChanges(replicas: readonly PartitionReplica[], target: ReplicaState, batch: ControllerRequestBatch): Promise<void> {
    const { context, stateChangeLogger } = this.deps;
    const valid = replicas.filter((r) => {
      const from = context.replicaState(r.tp, r.replica);
      if (isValidReplicaTransition(from, target)) return true;
      stateChangeLogger.error(`${this.prefix} Replica ${r.replica} for partition ${topicPartitionKey(r.tp.topic, r.tp.partition)} should not move from ${from} to ${target}`);
      return false;
    });
    if (valid.length === 0) return;
    switch (target) {
      case ReplicaState.NewReplica:
        // A replica added by a reassignment starts following the current leader (isNew: its log is created).
        for (const r of valid) {
          const leadership = context.leadershipOf(r.tp);
          if (leadership?.leader === r.replica) {
            stateChangeLogger.error(`${this.prefix} Replica ${r.replica} for partition ${topicPartitionKey(r.tp.topic, r.tp.partition)} cannot be moved to NewReplica state as it is being requested to become leader`);
            continue;
          }
          if (leadership !== undefined) batch.addLeaderAndIsr([r.replica], r.tp, leadership, true);
          this.setState(r, target);
        }
        return;
      case ReplicaState.OnlineReplica:
        for (const r of valid) {
          const leadership = context.leadershipOf(r.tp);
          if (leadership !== undefined && context.replicaState(r.tp, r.replica) !== ReplicaState.NewReplica) {
            batch.addLeaderAndIsr([r.replica], r.tp, leadership, false);
          }
          this.setState(r, target);
        }
        return;
      case ReplicaState.OfflineReplica:
        await this.takeOffline(valid, batch);
        return;
      case ReplicaState.ReplicaDeletionStarted:
        for (const r of valid) {
          batch.addStopReplica([r.replica], r.tp, true);
          this.setState(r, target);
        }
        return;
      default:
        for (const r of valid) this.setState(r, target);
    }
  }

  private setState(r: PartitionReplica, state: ReplicaState): void {
    const from = this.deps.context.replicaState(r.tp, r.replica);
    if (state === ReplicaState.NonExistentReplica) this.deps.context.replicaStates.delete(replicaKey(r));
    else this.deps.context.replicaStates.set(replicaKey(r), state);
    logEvent(
      this.deps.stateChangeLogger,
      'info',
      { kind: 'replica-state-change', topic: r.tp.topic, partition: r.tp.partition, broker: r.replica, replica: r.replica, from, to: state, trigger: this.deps.context.trigger },
      `${this.prefix} Changed state of replica ${r.replica} for partition ${topicPartitionKey(r.tp.topic, r.tp.partition)} from ${from} to ${state}`,
    );
  }

  /**
   * Kafka's OfflineReplica transition: StopReplica to the replica, then, one broker at a time (each
   * broker's replicas in one ZooKeeper round), the replica leaves the ISR of every partition that
   * has it; a partition whose ISR does not have it keeps its state as it is. Either way the other
   * replicas get the partition's state. A partition without a state znode yet only gets an
   * UpdateMetadata round.
   */
  private async takeOffline(replicas: PartitionReplica[], batch: ControllerRequestBatch): Promise<void> {
    const { context, zk } = this.deps;
    for (const r of replicas) batch.addStopReplica([r.replica], r.tp, false);
    const byBroker = new Map<number, TopicPartition[]>();
    for (const r of replicas) {
      if (context.leadershipOf(r.tp) === undefined) {
        batch.addUpdateMetadata(context.liveOrShuttingDownBrokerIds(), [r.tp]);
        this.setState(r, ReplicaState.OfflineReplica);
        continue;
      }
      byBroker.set(r.replica, [...(byBroker.get(r.replica) ?? []), r.tp]);
    }
    for (const [broker, partitions] of byBroker) {
      const written = await writeLeaderAndIsr(
        zk,
        context,
        partitions,
        (_tp, current) => (current.isr.includes(broker) ? removeReplicaFromIsr(current.leader, current.isr, broker) : { keep: true }),
        this.deps.logger,
      );
      for (const { tp, leadership } of [...written.updated, ...written.kept]) {
        if (!context.isTopicQueuedForDeletion(tp.topic)) {
          const others = context.replicasFor(tp.topic, tp.partition).filter((id) => id !== broker);
          batch.addLeaderAndIsr(others, tp, leadership, false);
        }
        this.setState({ tp, replica: broker }, ReplicaState.OfflineReplica);
      }
      for (const { tp, reason } of written.failed) {
        this.deps.stateChangeLogger.error(`${this.prefix} Controller failed to change state of replica ${broker} for partition ${topicPartitionKey(tp.topic, tp.partition)} to OfflineReplica: ${reason}`);
      }
    }
  }
}
