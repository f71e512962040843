// Replica leader elections on demand (Kafka 2.4's processReplicaLeaderElection, onReplicaElection
// and checkAndTriggerAutoLeaderRebalance). Three triggers share one path:
//   - ZkTriggered: `/admin/preferred_replica_election` appeared (or was pending at failover); the
//     node is deleted once the election ran, whatever its outcome, so the next one can be written.
//   - AdminClientTriggered: the ElectLeaders API; PREFERRED or UNCLEAN, with per-partition answers.
//   - AutoTriggered: the periodic imbalance check; never touches the znode.
// The decisions that need no ZooKeeper (which partitions are unknown, being deleted or already
// fine) are the pure planElection, unit-tested on its own.

import type { Logger } from '../common/logger';
import { ErrorCode } from '../protocol/errors';
import type { KafkaZkClient } from '../zk';
import { PartitionState, type ControllerContext } from './controller-context';
import { autoRebalanceCandidates } from './leader-imbalance';
import type { ElectionStrategy, PartitionStateMachine } from './partition-state-machine';
import type { ControllerRequestBatch } from './request-batch';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';
import { ElectionType } from '../protocol/election-type';

export type ElectionTrigger = 'ZkTriggered' | 'AdminClientTriggered' | 'AutoTriggered';

export interface PartitionElectionResult {
  tp: TopicPartition;
  errorCode: number;
  errorMessage: string | null;
  /** The elected leader, for errorCode NONE. */
  leader?: number;
}

/** What planElection needs to know about the cluster: a read-only view of the controller context. */
export interface ElectionView {
  exists(tp: TopicPartition): boolean;
  isTopicQueuedForDeletion(topic: string): boolean;
  replicasFor(tp: TopicPartition): readonly number[];
  /** -1 when the partition has no leader. */
  leaderOf(tp: TopicPartition): number;
  isBrokerLive(id: number): boolean;
}

export interface ElectionPlan {
  electable: TopicPartition[];
  /** Partitions answered without an election, with Kafka 2.4.1's error codes and messages. */
  answered: PartitionElectionResult[];
}

/** Errors.ELECTION_NOT_NEEDED's default message, which `new ApiError(error)` carries. */
const ELECTION_NOT_NEEDED_MESSAGE = 'Leader election not needed for topic partition';

/**
 * Splits the requested partitions the way Kafka does before electing: unknown ones answer
 * UNKNOWN_TOPIC_OR_PARTITION, ones of topics being deleted INVALID_TOPIC_EXCEPTION; PREFERRED
 * elects only where the preferred replica is not the leader, UNCLEAN only where there is no live
 * leader; the rest answer ELECTION_NOT_NEEDED.
 */
export function planElection(partitions: readonly TopicPartition[], electionType: ElectionType, view: ElectionView): ElectionPlan {
  const plan: ElectionPlan = { electable: [], answered: [] };
  for (const tp of partitions) {
    if (!view.exists(tp)) {
      plan.answered.push({ tp, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'The partition does not exist.' });
    } else if (view.isTopicQueuedForDeletion(tp.topic)) {
      plan.answered.push({ tp, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: 'The topic is being deleted' });
    } else if (needsElection(tp, electionType, view)) {
      plan.electable.push(tp);
    } else {
      plan.answered.push({ tp, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: ELECTION_NOT_NEEDED_MESSAGE });
    }
  }
  return plan;
}

function needsElection(tp: TopicPartition, electionType: ElectionType, view: ElectionView): boolean {
  const leader = view.leaderOf(tp);
  if (electionType === ElectionType.PREFERRED) return leader !== view.replicasFor(tp)[0];
  return leader === -1 || !view.isBrokerLive(leader);
}

/** The answer for a partition whose election failed: Kafka's StateChangeFailedException mapping. */
export function failedElectionResult(tp: TopicPartition, electionType: ElectionType): PartitionElectionResult {
  const strategy = electionType === ElectionType.PREFERRED ? 'PreferredReplicaPartitionLeaderElectionStrategy' : 'OfflinePartitionLeaderElectionStrategy(true)';
  return {
    tp,
    errorCode: electionType === ElectionType.PREFERRED ? ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE : ErrorCode.ELIGIBLE_LEADERS_NOT_AVAILABLE,
    errorMessage: `Failed to elect leader for partition ${topicPartitionKey(tp.topic, tp.partition)} under strategy ${strategy}`,
  };
}

export interface ReplicaLeaderElectionDeps {
  context: ControllerContext;
  zk: KafkaZkClient;
  partitionStateMachine: PartitionStateMachine;
  newBatch(): ControllerRequestBatch;
  leaderImbalancePerBrokerPercentage: number;
  logger: Logger;
  prefix(): string;
}

export class ReplicaLeaderElections {
  constructor(private readonly deps: ReplicaLeaderElectionDeps) {}

  private view(): ElectionView {
    const { context } = this.deps;
    return {
      exists: (tp) => context.assignmentFor(tp.topic, tp.partition) !== undefined,
      isTopicQueuedForDeletion: (topic) => context.isTopicQueuedForDeletion(topic),
      replicasFor: (tp) => context.replicasFor(tp.topic, tp.partition),
      leaderOf: (tp) => context.leadershipOf(tp)?.leader ?? -1,
      isBrokerLive: (id) => context.isBrokerLive(id),
    };
  }

  /**
   * The ElectLeaders API and the znode: plans, elects, and answers every requested partition.
   * `partitions` null (znode trigger only) means the partitions listed in the znode.
   */
  async processReplicaLeaderElection(partitions: readonly TopicPartition[] | null, electionType: ElectionType, trigger: ElectionTrigger): Promise<PartitionElectionResult[]> {
    const { logger } = this.deps;
    let requested = partitions;
    if (requested === null) {
      requested = (await this.deps.zk.getPreferredReplicaElection()) ?? null;
      // The node is gone already (our own delete, or a duplicate event): nothing to do.
      if (requested === null) return [];
    }
    const plan = planElection(requested, electionType, this.view());
    for (const r of plan.answered) {
      if (r.errorCode === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) logger.info(`${this.deps.prefix()} Skipping replica leader election (${ElectionType[electionType]}) for partition ${topicPartitionKey(r.tp.topic, r.tp.partition)} by ${trigger} since it doesn't exist.`);
      if (r.errorCode === ErrorCode.INVALID_TOPIC_EXCEPTION) logger.warn(`${this.deps.prefix()} Skipping replica leader election (${ElectionType[electionType]}) for partition ${topicPartitionKey(r.tp.topic, r.tp.partition)} by ${trigger} since the topic is being deleted`);
    }
    const elected = await this.onReplicaElection(plan.electable, electionType, trigger);
    return [...elected, ...plan.answered];
  }

  /**
   * Runs the election for partitions already chosen. For the znode trigger, the znode is deleted
   * afterwards (fenced), even when the election failed, exactly as Kafka's finally block does.
   */
  async onReplicaElection(partitions: readonly TopicPartition[], electionType: ElectionType, trigger: ElectionTrigger): Promise<PartitionElectionResult[]> {
    const { context, logger } = this.deps;
    logger.info(`${this.deps.prefix()} Starting replica leader election (${ElectionType[electionType]}) for partitions ${partitions.map((tp) => topicPartitionKey(tp.topic, tp.partition)).join(',')} triggered by ${trigger}`);
    try {
      // Kafka allows an unclean election only when an administrator asked for it through the API.
      const strategy: ElectionStrategy = electionType === ElectionType.PREFERRED ? 'preferred' : trigger === 'AdminClientTriggered' ? 'offlineUnclean' : 'offline';
      let failures = new Map<string, string>();
      if (partitions.length > 0) {
        const batch = this.deps.newBatch();
        failures = await this.deps.partitionStateMachine.handleStateChanges(partitions, PartitionState.OnlinePartition, strategy, batch);
        batch.send();
      }
      return partitions.map((tp) => {
        const failure = failures.get(topicPartitionKey(tp.topic, tp.partition));
        if (failure === undefined) return { tp, errorCode: ErrorCode.NONE, errorMessage: null, leader: context.leadershipOf(tp)?.leader ?? -1 };
        if (trigger !== 'AdminClientTriggered') logger.error(`${this.deps.prefix()} Error completing replica leader election (${ElectionType[electionType]}) for partition ${topicPartitionKey(tp.topic, tp.partition)}: ${failure}`);
        return failedElectionResult(tp, electionType);
      });
    } finally {
      if (trigger !== 'AdminClientTriggered') await this.removePartitionsFromPreferredReplicaElection(partitions, trigger === 'AutoTriggered');
    }
  }

  private async removePartitionsFromPreferredReplicaElection(partitions: readonly TopicPartition[], autoTriggered: boolean): Promise<void> {
    const { context, logger } = this.deps;
    for (const tp of partitions) {
      const leader = context.leadershipOf(tp)?.leader ?? -1;
      const preferred = context.replicasFor(tp.topic, tp.partition)[0];
      if (leader === preferred) logger.info(`${this.deps.prefix()} Partition ${topicPartitionKey(tp.topic, tp.partition)} completed preferred replica leader election. New leader is ${preferred}`);
      else logger.warn(`${this.deps.prefix()} Partition ${topicPartitionKey(tp.topic, tp.partition)} failed to complete preferred replica leader election to ${preferred}. Leader is still ${leader}`);
    }
    if (!autoTriggered) await this.deps.zk.deletePreferredReplicaElection(this.deps.context.epochZkVersion);
  }

  /**
   * At failover: the partitions of a pending znode that still need an election (Kafka's
   * fetchPendingPreferredReplicaElections); the caller runs them ZkTriggered, which deletes the node.
   * Null when there is no pending node.
   */
  async fetchPendingPreferredReplicaElections(): Promise<TopicPartition[] | null> {
    const { context, logger } = this.deps;
    const undergoing = await this.deps.zk.getPreferredReplicaElection();
    if (undergoing === null) return null;
    const completed = undergoing.filter((tp) => {
      const replicas = context.replicasFor(tp.topic, tp.partition);
      return replicas.length === 0 || context.leadershipOf(tp)?.leader === replicas[0];
    });
    const pendingIgnoringDeletion = undergoing.filter((tp) => !completed.includes(tp));
    const skipped = pendingIgnoringDeletion.filter((tp) => context.isTopicQueuedForDeletion(tp.topic));
    const pending = pendingIgnoringDeletion.filter((tp) => !skipped.includes(tp));
    const names = (list: TopicPartition[]) => list.map((tp) => topicPartitionKey(tp.topic, tp.partition)).join(',');
    logger.info(`${this.deps.prefix()} Partitions undergoing preferred replica election: ${names(undergoing)}`);
    logger.info(`${this.deps.prefix()} Partitions that completed preferred replica election: ${names(completed)}`);
    logger.info(`${this.deps.prefix()} Skipping preferred replica election for partitions due to topic deletion: ${names(skipped)}`);
    logger.info(`${this.deps.prefix()} Resuming preferred replica election for partitions: ${names(pending)}`);
    return pending;
  }

  /** One automatic check: a preferred election per broker whose leader imbalance is too high. */
  async checkAndTriggerAutoLeaderRebalance(): Promise<void> {
    const { context, logger } = this.deps;
    const partitions = context
      .allPartitions()
      .filter((tp) => !context.isTopicQueuedForDeletion(tp.topic))
      .map((tp) => ({ tp, replicas: context.replicasFor(tp.topic, tp.partition), leader: context.leadershipOf(tp)?.leader }));
    const candidates = autoRebalanceCandidates(partitions, this.deps.leaderImbalancePerBrokerPercentage, (broker) => context.isBrokerLive(broker));
    for (const c of candidates) {
      logger.info(`${this.deps.prefix()} Leader imbalance ratio for broker ${c.preferredBroker} is ${c.ratio}`);
      if (c.partitions.length > 0) await this.onReplicaElection(c.partitions, ElectionType.PREFERRED, 'AutoTriggered');
    }
  }
}
