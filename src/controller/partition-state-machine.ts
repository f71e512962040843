// Partition state machine (Kafka's ZkPartitionStateMachine). Every transition goes through
// handleStateChanges, which checks the table of legal previous states, writes ZooKeeper when the
// transition needs a leader (initial election, or an election by strategy), logs one state-change
// line per partition, and adds LeaderAndIsr/UpdateMetadata to the caller's batch.

import type { Logger } from '../common/logger';
import type { PartitionStateStore } from './partition-state-store';
import { PartitionState, type ControllerContext, type LeaderIsrAndControllerEpoch } from './controller-context';
import {
  controlledShutdownPartitionLeaderElection,
  newPartitionLeaderElection,
  offlinePartitionLeaderElection,
  preferredReplicaPartitionLeaderElection,
  reassignPartitionLeaderElection,
} from './elections';
import { writeLeaderAndIsr, type Decision } from './leader-and-isr-writer';
import type { ControllerRequestBatch } from './request-batch';
import { isValidPartitionTransition } from './state-transitions';
import { electionKind } from './event-causes';
import { logEvent, type EventFields } from '../common/control-plane-events';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';
import type { ControllerMetrics } from '../metrics/controller-metrics';

/** 'offlineUnclean' is ElectLeaders' UNCLEAN: an out-of-sync replica may lead whatever the topic config says. */
export type ElectionStrategy = 'offline' | 'offlineUnclean' | 'preferred' | 'controlledShutdown' | 'reassign';

export interface PartitionStateMachineDeps {
  context: ControllerContext;
  zk: PartitionStateStore;
  controllerId: number;
  logger: Logger;
  stateChangeLogger: Logger;
  /** Topic config, then broker config: may the topic elect an out-of-sync replica? */
  uncleanLeaderElectionEnabled(topic: string): Promise<boolean>;
  /** Counts unclean elections (UncleanLeaderElectionsPerSec). */
  metrics?: ControllerMetrics;
}

export class PartitionStateMachine {
  constructor(private readonly deps: PartitionStateMachineDeps) {}

  private get prefix(): string {
    return `[Controller id=${this.deps.controllerId} epoch=${this.deps.context.epoch}]`;
  }

  /** Sets the starting state of every known partition after failover. */
  initializeStates(): void {
    const { context } = this.deps;
    for (const tp of context.allPartitions()) {
      const leadership = context.leadershipOf(tp);
      const state =
        leadership === undefined
          ? PartitionState.NewPartition
          : context.isBrokerLive(leadership.leader)
            ? PartitionState.OnlinePartition
            : PartitionState.OfflinePartition;
      context.partitionStates.set(topicPartitionKey(tp.topic, tp.partition), state);
    }
  }

  /** Elects leaders for every New or Offline partition (of `topic`, else of all topics) not being deleted. */
  async triggerOnlinePartitionStateChange(batch: ControllerRequestBatch, topic?: string): Promise<void> {
    const { context } = this.deps;
    const candidates = (topic === undefined ? context.allPartitions() : context.partitionsForTopic(topic))
      .filter((tp) => !context.isTopicQueuedForDeletion(tp.topic))
      .filter((tp) => [PartitionState.NewPartition, PartitionState.OfflinePartition].includes(context.partitionState(tp)));
    await this.handleStateChanges(candidates, PartitionState.OnlinePartition, 'offline', batch);
  }

  /** Moves `partitions` to `target`; returns the partitions that could not make it, with why. */
  async handleStateChanges(
    partitions: readonly TopicPartition[],
    target: PartitionState,
    strategy: ElectionStrategy,
    batch: ControllerRequestBatch,
  ): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    const { context, stateChangeLogger } = this.deps;
    const valid = partitions.filter((tp) => {
      const from = context.partitionState(tp);
      if (isValidPartitionTransition(from, target)) return true;
      stateChangeLogger.error(`${this.prefix} Partition ${topicPartitionKey(tp.topic, tp.partition)} should be in one of [${from}] states before moving to ${target} state. Instead it is in ${from} state`);
      failures.set(topicPartitionKey(tp.topic, tp.partition), `illegal transition from ${from}`);
      return false;
    });
    if (target !== PartitionState.OnlinePartition) {
      for (const tp of valid) this.setState(tp, target);
      return failures;
    }
    const fresh = valid.filter((tp) => context.partitionState(tp) === PartitionState.NewPartition);
    const existing = valid.filter((tp) => context.partitionState(tp) !== PartitionState.NewPartition);
    await this.initializeLeaderAndIsr(fresh, batch, failures);
    await this.electLeaders(existing, strategy, batch, failures);
    return failures;
  }

  /** The one place a partition changes state: the state-change line, and the event it records. */
  private setState(tp: TopicPartition, state: PartitionState, detail = '', election?: Omit<EventFields, 'kind'>): void {
    const { context } = this.deps;
    const from = context.partitionState(tp);
    context.partitionStates.set(topicPartitionKey(tp.topic, tp.partition), state);
    const kind = election !== undefined ? 'leader-elected' : state === PartitionState.OfflinePartition ? 'partition-offline' : 'partition-state-change';
    const fields: EventFields = { kind, topic: tp.topic, partition: tp.partition, from, to: state, trigger: context.trigger, cause: context.trigger, ...election };
    logEvent(this.deps.stateChangeLogger, 'info', fields, `${this.prefix} Changed partition ${topicPartitionKey(tp.topic, tp.partition)} state from ${from} to ${state}${detail}`);
  }

  /** NewPartition → OnlinePartition: the first live replica leads, the state znode is created. */
  private async initializeLeaderAndIsr(partitions: TopicPartition[], batch: ControllerRequestBatch, failures: Map<string, string>): Promise<void> {
    const { context, zk } = this.deps;
    const creations: Array<TopicPartition & { state: { leader: number; leaderEpoch: number; isr: number[]; controllerEpoch: number } }> = [];
    for (const tp of partitions) {
      const elected = newPartitionLeaderElection(context.replicasFor(tp.topic, tp.partition), (id) => context.isBrokerLive(id));
      if (elected === null) {
        const reason = `no replica of ${context.replicasFor(tp.topic, tp.partition).join(',')} is alive`;
        this.deps.stateChangeLogger.error(`${this.prefix} Controller failed to elect a leader for new partition ${topicPartitionKey(tp.topic, tp.partition)}: ${reason}`);
        failures.set(topicPartitionKey(tp.topic, tp.partition), reason);
        continue;
      }
      creations.push({ ...tp, state: { leader: elected.leader, leaderEpoch: 0, isr: elected.isr, controllerEpoch: context.epoch } });
    }
    if (creations.length === 0) return;
    const results = await zk.createPartitionStates(creations, context.epochZkVersion);
    results.forEach((r, i) => {
      const tp = { topic: r.topic, partition: r.partition };
      if (!r.ok) {
        failures.set(topicPartitionKey(tp.topic, tp.partition), r.error.message);
        this.deps.stateChangeLogger.error(`${this.prefix} Failed to create the state znode of ${topicPartitionKey(tp.topic, tp.partition)}: ${r.error.message}`);
        return;
      }
      const { state } = creations[i];
      const leadership: LeaderIsrAndControllerEpoch = { ...state, zkVersion: r.zkVersion };
      context.leadership.set(topicPartitionKey(tp.topic, tp.partition), leadership);
      batch.addLeaderAndIsr(state.isr, tp, leadership, true);
      this.setState(tp, PartitionState.OnlinePartition, ` with state LeaderAndIsr(leader=${state.leader}, leaderEpoch=0, isr=${state.isr.join(',')}, zkVersion=${r.zkVersion})`, {
        election: 'new-partition',
        leader: state.leader,
        previousLeader: -1,
        leaderEpoch: 0,
        isr: state.isr,
        zkVersion: r.zkVersion,
      });
    });
  }

  /** Offline/Online → OnlinePartition by election; the new state goes to the live replicas. */
  private async electLeaders(partitions: TopicPartition[], strategy: ElectionStrategy, batch: ControllerRequestBatch, failures: Map<string, string>): Promise<void> {
    if (partitions.length === 0) return;
    const { context, zk } = this.deps;
    const isLive = (id: number) => context.isBrokerLive(id);
    const previousLeaders = new Map<string, number>();
    const unclean = new Set<string>();
    const decide = async (tp: TopicPartition, current: LeaderIsrAndControllerEpoch): Promise<Decision> => {
      const replicas = context.replicasFor(tp.topic, tp.partition);
      previousLeaders.set(topicPartitionKey(tp.topic, tp.partition), current.leader);
      switch (strategy) {
        case 'offline':
        case 'offlineUnclean': {
          let elected = offlinePartitionLeaderElection(replicas, current.isr, isLive, false);
          if (elected === null && (strategy === 'offlineUnclean' || (await this.deps.uncleanLeaderElectionEnabled(tp.topic)))) {
            elected = offlinePartitionLeaderElection(replicas, current.isr, isLive, true);
            if (elected !== null) {
              unclean.add(topicPartitionKey(tp.topic, tp.partition));
              this.deps.metrics?.uncleanLeaderElection();
              this.deps.stateChangeLogger.warn(`${this.prefix} Unclean leader election: ${elected.leader} becomes leader of ${topicPartitionKey(tp.topic, tp.partition)} although it is not in ISR ${current.isr.join(',')}; data may be lost`);
            }
          }
          if (elected !== null) return elected;
          if (strategy === 'offlineUnclean') return { failure: `no replica of ${replicas.join(',')} is alive` };
          return { failure: `no replica in ISR ${current.isr.join(',')} is alive and unclean leader election is disabled` };
        }
        case 'preferred':
          return preferredReplicaPartitionLeaderElection(replicas, current.isr, isLive) ?? { failure: `preferred replica ${replicas[0]} is not alive or not in ISR ${current.isr.join(',')}` };
        case 'reassign': {
          // The assignment is already the target one here (the reassignment's step B2).
          const live = (id: number) => context.isBrokerLive(id);
          return reassignPartitionLeaderElection(replicas, current.isr, live) ?? { failure: `no replica of the target ${replicas.join(',')} is alive and in ISR ${current.isr.join(',')}` };
        }
        case 'controlledShutdown':
          return (
            controlledShutdownPartitionLeaderElection(replicas, current.isr, (id) => context.liveBrokers.has(id), context.shuttingDownBrokerIds) ?? {
              failure: `no in-sync replica other than shutting-down brokers ${[...context.shuttingDownBrokerIds].join(',')}`,
            }
          );
      }
    };
    const written = await writeLeaderAndIsr(zk, context, partitions, decide, this.deps.logger);
    for (const { tp, reason } of written.failed) {
      failures.set(topicPartitionKey(tp.topic, tp.partition), reason);
      this.deps.stateChangeLogger.error(`${this.prefix} Controller failed to elect a leader for partition ${topicPartitionKey(tp.topic, tp.partition)} (${strategy}): ${reason}`);
      // A partition that has no leader now is offline until one can be elected.
      if (context.partitionState(tp) !== PartitionState.OfflinePartition && strategy.startsWith('offline')) this.setState(tp, PartitionState.OfflinePartition);
    }
    for (const { tp, leadership } of written.updated) {
      const recipients = context.replicasFor(tp.topic, tp.partition).filter((id) => context.liveBrokers.has(id));
      batch.addLeaderAndIsr(recipients, tp, leadership, false);
      const key = topicPartitionKey(tp.topic, tp.partition);
      this.setState(tp, PartitionState.OnlinePartition, ` with state LeaderAndIsr(leader=${leadership.leader}, leaderEpoch=${leadership.leaderEpoch}, isr=${leadership.isr.join(',')}, zkVersion=${leadership.zkVersion})`, {
        election: electionKind(strategy, unclean.has(key)),
        leader: leadership.leader,
        previousLeader: previousLeaders.get(key) ?? -1,
        leaderEpoch: leadership.leaderEpoch,
        isr: leadership.isr,
        zkVersion: leadership.zkVersion,
      });
    }
  }
}
