// Partition reassignment on the controller, as Kafka 2.4.1 runs it (KafkaController's
// onPartitionReassignment and its triggers). RS is the replica set, ORS the original one, TRS the
// target; AR = TRS − ORS are being added, RR = ORS − TRS removed.
//
//   U. The topic znode gets RS = TRS + ORS with AR/RR first (so a new controller can resume),
//      then memory; replicas a superseded reassignment was adding are stopped.
//   A. While TRS is not all in the ISR: bump the leader epoch, send LeaderAndIsr with the new RS
//      to every replica, start AR as NewReplica (they create their logs and follow).
//   B. Once TRS is in the ISR (the leader's ISR write to the partition state znode, which the
//      controller watches during a reassignment): AR go online, RS = TRS in memory, a new leader
//      from TRS if the current one is not in it (else a leader epoch bump), RR go Offline (out of
//      the ISR) and NonExistent (StopReplica with delete), the topic znode gets RS = TRS, the
//      partition leaves /admin/reassign_partitions, and every broker gets UpdateMetadata.
//
// Triggers: /admin/reassign_partitions being created, AlterPartitionReassignments, the ISR watch,
// a broker of a target set coming up, and controller failover (from the topic znodes).

import type { Logger } from '../common/logger';
import { ErrorCode } from '../protocol/errors';
import { partitionStatePath, replicaAssignment as replicaAssignmentOf, type KafkaZkClient, type ReplicaAssignment, type ZkWatchHandle } from '../zk';
import { ReplicaState, type ControllerContext } from './controller-context';
import { writeLeaderAndIsr } from './leader-and-isr-writer';
import type { PartitionStateMachine } from './partition-state-machine';
import { PartitionState } from './controller-context';
import { isBeingReassigned, originReplicas, reassignTo, sameAssignment, targetReplicas } from './replica-assignment';
import type { ReplicaStateMachine } from './replica-state-machine';
import type { ControllerRequestBatch } from './request-batch';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';

export interface ReassignmentError {
  errorCode: number;
  errorMessage: string | null;
}

export interface PartitionReassignmentsDeps {
  context: ControllerContext;
  zk: KafkaZkClient;
  replicaStateMachine: ReplicaStateMachine;
  partitionStateMachine: PartitionStateMachine;
  newBatch(): ControllerRequestBatch;
  /** Deletion of the topic may go on (a reassignment of its partitions finished). */
  resumeTopicDeletion(): Promise<void>;
  /** The partition's state znode changed while it is being reassigned (queue the ISR-change event). */
  onReassigningPartitionStateChange(tp: TopicPartition): void;
  logger: Logger;
  prefix(): string;
}

const NONE: ReassignmentError = { errorCode: ErrorCode.NONE, errorMessage: null };
const NO_SUCH_PARTITION: ReassignmentError = { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'The partition does not exist.' };

export class PartitionReassignments {
  /** Partition state znode watches of the partitions being reassigned. */
  private readonly isrWatches = new Map<string, ZkWatchHandle>();

  constructor(private readonly deps: PartitionReassignmentsDeps) {}

  /** Controller failover: reassignments through ZooKeeper first (they supplant), then the ones the topic znodes show in flight. */
  async initialize(): Promise<void> {
    const { context } = this.deps;
    for (const tp of context.allPartitions()) {
      if (isBeingReassigned(this.assignmentOf(tp))) context.partitionsBeingReassigned.add(topicPartitionKey(tp.topic, tp.partition));
    }
    const resumedFromZk = await this.processZkPartitionReassignment();
    await this.maybeResume((tp) => !resumedFromZk.has(topicPartitionKey(tp.topic, tp.partition)));
  }

  /** A broker came up: reassignments whose target includes it may go on. */
  async onBrokerStartup(newBrokers: readonly number[]): Promise<void> {
    await this.maybeResume((_tp, assignment) => targetReplicas(assignment).some((id) => newBrokers.includes(id)));
  }

  /** The controller resigned: stop watching. */
  stop(): void {
    for (const watch of this.isrWatches.values()) watch.cancel();
    this.isrWatches.clear();
  }

  /** /admin/reassign_partitions appeared (or existed at failover): start what it lists. Returns the partitions started. */
  async processZkPartitionReassignment(): Promise<Set<string>> {
    const requested = await this.deps.zk.getPartitionReassignment();
    if (requested === null) return new Set();
    const results = new Map<string, ReassignmentError>();
    const toReassign = new Map<string, { tp: TopicPartition; assignment: ReplicaAssignment }>();
    for (const r of requested) {
      const tp = { topic: r.topic, partition: r.partition };
      const assignment = this.maybeBuildReassignment(tp, r.replicas);
      if (assignment === null) results.set(topicPartitionKey(r.topic, r.partition), { errorCode: ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, errorMessage: null });
      else toReassign.set(topicPartitionKey(tp.topic, tp.partition), { tp, assignment });
    }
    for (const [key, error] of await this.maybeTriggerPartitionReassignment([...toReassign.values()])) results.set(key, error);
    const failed = [...results].filter(([, e]) => e.errorCode !== ErrorCode.NONE).map(([key]) => key);
    if (failed.length > 0) {
      this.deps.logger.warn(`${this.deps.prefix()} Failed reassignment through zk of partitions ${failed.join(',')}`);
      await this.maybeRemoveFromZkReassignment((tp) => failed.includes(topicPartitionKey(tp.topic, tp.partition)));
    }
    return new Set([...results].filter(([, e]) => e.errorCode === ErrorCode.NONE).map(([key]) => key));
  }

  /**
   * AlterPartitionReassignments: replicas to move to, or null to cancel. The latest request wins,
   * so the partitions named leave any ZooKeeper-triggered reassignment first.
   */
  async processApiPartitionReassignment(requests: ReadonlyArray<{ tp: TopicPartition; replicas: number[] | null }>): Promise<Map<string, ReassignmentError>> {
    const results = new Map<string, ReassignmentError>();
    const toReassign: Array<{ tp: TopicPartition; assignment: ReplicaAssignment }> = [];
    for (const { tp, replicas } of requests) {
      const key = topicPartitionKey(tp.topic, tp.partition);
      if (!this.replicasAreValid(tp, replicas)) {
        results.set(key, { errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'Replica assignment is invalid.' });
        continue;
      }
      const assignment = this.maybeBuildReassignment(tp, replicas);
      if (assignment === null) results.set(key, { errorCode: ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, errorMessage: 'No partition reassignment is in progress.' });
      else toReassign.push({ tp, assignment });
    }
    const named = new Set(toReassign.map(({ tp }) => topicPartitionKey(tp.topic, tp.partition)));
    await this.maybeRemoveFromZkReassignment((tp) => named.has(topicPartitionKey(tp.topic, tp.partition)));
    for (const [key, error] of await this.maybeTriggerPartitionReassignment(toReassign)) results.set(key, error);
    return results;
  }

  /** The ISR of a reassigning partition changed: finish the reassignment once the target is all in it. */
  async processIsrChange(tp: TopicPartition): Promise<void> {
    if (!this.deps.context.isBeingReassigned(tp)) return;
    const assignment = this.assignmentOf(tp);
    if (await this.isReassignmentComplete(tp, assignment)) {
      this.deps.logger.info(`${this.deps.prefix()} Target replicas ${targetReplicas(assignment).join(',')} have all caught up with the leader for reassigning partition ${topicPartitionKey(tp.topic, tp.partition)}`);
      await this.onPartitionReassignment(tp, assignment);
    }
  }

  /** ListPartitionReassignments: the partitions asked (null: all) that are being reassigned, with their assignment. */
  list(partitions: readonly TopicPartition[] | null): Array<{ tp: TopicPartition; assignment: ReplicaAssignment }> {
    const { context } = this.deps;
    const candidates = partitions ?? context.allPartitions().filter((tp) => context.isBeingReassigned(tp));
    return candidates.map((tp) => ({ tp, assignment: this.assignmentOf(tp) })).filter(({ assignment }) => isBeingReassigned(assignment));
  }

  // ------------------------------------------------------------------ the algorithm

  private assignmentOf(tp: TopicPartition): ReplicaAssignment {
    return this.deps.context.assignmentFor(tp.topic, tp.partition) ?? replicaAssignmentOf([]);
  }

  private async maybeResume(shouldResume: (tp: TopicPartition, assignment: ReplicaAssignment) => boolean): Promise<void> {
    const { context } = this.deps;
    for (const tp of context.allPartitions().filter((p) => context.isBeingReassigned(p))) {
      const assignment = this.assignmentOf(tp);
      if (shouldResume(tp, assignment)) await this.onPartitionReassignment(tp, assignment);
    }
  }

  private replicasAreValid(tp: TopicPartition, replicas: number[] | null): boolean {
    if (replicas === null) return true;
    if (replicas.length === 0 || new Set(replicas).size !== replicas.length || replicas.some((r) => r < 0)) return false;
    // New replicas must be on live brokers.
    return reassignTo(this.assignmentOf(tp), replicas).addingReplicas.every((id) => this.deps.context.liveBrokers.has(id));
  }

  /** The assignment a request leads to; null for a cancellation of a partition not being reassigned. */
  private maybeBuildReassignment(tp: TopicPartition, replicas: number[] | null): ReplicaAssignment | null {
    const current = this.assignmentOf(tp);
    if (isBeingReassigned(current)) return reassignTo(current, replicas ?? originReplicas(current));
    return replicas === null ? null : reassignTo(current, replicas);
  }

  private async maybeTriggerPartitionReassignment(reassignments: ReadonlyArray<{ tp: TopicPartition; assignment: ReplicaAssignment }>): Promise<Map<string, ReassignmentError>> {
    const { context } = this.deps;
    const results = new Map<string, ReassignmentError>();
    for (const { tp, assignment } of reassignments) {
      const key = topicPartitionKey(tp.topic, tp.partition);
      if (context.isTopicQueuedForDeletion(tp.topic)) {
        this.deps.logger.info(`${this.deps.prefix()} Skipping reassignment of ${key} since the topic is currently being deleted`);
        results.set(key, NO_SUCH_PARTITION);
      } else if (context.replicasFor(tp.topic, tp.partition).length === 0) {
        results.set(key, NO_SUCH_PARTITION);
      } else {
        await this.onPartitionReassignment(tp, assignment);
        results.set(key, NONE);
      }
    }
    return results;
  }

  private async onPartitionReassignment(tp: TopicPartition, reassignment: ReplicaAssignment): Promise<void> {
    const { context, replicaStateMachine } = this.deps;
    // While a reassignment is in progress, deletion is not allowed.
    if (context.isTopicQueuedForDeletion(tp.topic)) context.topicsIneligibleForDeletion.add(tp.topic);
    await this.updateCurrentReassignment(tp, reassignment);
    const adding = reassignment.addingReplicas.map((replica) => ({ tp, replica }));
    if (!(await this.isReassignmentComplete(tp, reassignment))) {
      await this.updateLeaderEpochAndSendRequest(tp, reassignment); // A1
      await this.sendBatch((batch) => replicaStateMachine.handleStateChanges(adding, ReplicaState.NewReplica, batch)); // A2
      return;
    }
    await this.sendBatch((batch) => replicaStateMachine.handleStateChanges(adding, ReplicaState.OnlineReplica, batch)); // B1
    const completed = replicaAssignmentOf(targetReplicas(reassignment));
    context.setAssignment(tp.topic, tp.partition, completed); // B2
    await this.moveLeaderIfRequired(tp, completed); // B3
    await this.stopRemovedReplicas(tp, reassignment.removingReplicas); // B4, B5
    await this.updateReplicaAssignmentForPartition(tp, completed); // B6
    await this.removePartitionFromReassigningPartitions(tp, completed); // B7
    await this.sendBatch(async (batch) => batch.addUpdateMetadata(context.liveOrShuttingDownBrokerIds(), [tp])); // B8
    this.deps.logger.info(`${this.deps.prefix()} Completed reassignment of partition ${topicPartitionKey(tp.topic, tp.partition)} to ${completed.replicas.join(',')}`);
    await this.deps.resumeTopicDeletion();
  }

  /** Step U: the new assignment to ZooKeeper, then memory; replicas a previous reassignment was adding and this one does not want stop. */
  private async updateCurrentReassignment(tp: TopicPartition, reassignment: ReplicaAssignment): Promise<void> {
    const { context } = this.deps;
    const current = this.assignmentOf(tp);
    if (!sameAssignment(current, reassignment)) {
      await this.updateReplicaAssignmentForPartition(tp, reassignment);
      context.setAssignment(tp.topic, tp.partition, reassignment);
      const unneeded = current.replicas.filter((r) => !reassignment.replicas.includes(r));
      if (unneeded.length > 0) await this.stopRemovedReplicas(tp, unneeded);
    }
    const key = topicPartitionKey(tp.topic, tp.partition);
    if (!this.isrWatches.has(key)) {
      this.isrWatches.set(
        key,
        this.deps.zk.zk.watchData(partitionStatePath(tp.topic, tp.partition), (event) => {
          if (event.type === 'dataChanged') this.deps.onReassigningPartitionStateChange(tp);
        }),
      );
    }
    context.partitionsBeingReassigned.add(key);
  }

  private async isReassignmentComplete(tp: TopicPartition, assignment: ReplicaAssignment): Promise<boolean> {
    if (!isBeingReassigned(assignment)) return true;
    const stored = (await this.deps.zk.getPartitionStates([tp])).get(topicPartitionKey(tp.topic, tp.partition));
    return stored !== undefined && targetReplicas(assignment).every((r) => stored.state.isr.includes(r));
  }

  /** Kafka's updateLeaderEpochAndSendRequest: same leader and ISR, leader epoch + 1, LeaderAndIsr to every replica of `assignment`. */
  private async updateLeaderEpochAndSendRequest(tp: TopicPartition, assignment: ReplicaAssignment): Promise<void> {
    const { context, zk } = this.deps;
    const written = await writeLeaderAndIsr(zk, context, [tp], (_tp, current) => ({ leader: current.leader, isr: current.isr }), this.deps.logger);
    const updated = written.updated[0];
    if (updated === undefined) {
      this.deps.logger.error(`${this.deps.prefix()} Failed to send LeaderAndIsr request with new replica assignment ${assignment.replicas.join(',')} to leader for partition being reassigned ${topicPartitionKey(tp.topic, tp.partition)}`);
      return;
    }
    await this.sendBatch(async (batch) => batch.addLeaderAndIsr(assignment.replicas, tp, updated.leadership, false));
  }

  /** Step B3: a leader outside the target set (or dead) is replaced from it; otherwise the leader epoch goes up. */
  private async moveLeaderIfRequired(tp: TopicPartition, completed: ReplicaAssignment): Promise<void> {
    const { context, partitionStateMachine } = this.deps;
    const leader = context.leadershipOf(tp)?.leader ?? -1;
    const key = topicPartitionKey(tp.topic, tp.partition);
    if (completed.replicas.includes(leader) && context.isBrokerLive(leader)) {
      this.deps.logger.info(`${this.deps.prefix()} Leader ${leader} for partition ${key} being reassigned, is already in the new list of replicas ${completed.replicas.join(',')} and is alive`);
      await this.updateLeaderEpochAndSendRequest(tp, completed);
      return;
    }
    this.deps.logger.info(`${this.deps.prefix()} Leader ${leader} for partition ${key} being reassigned, is not in the new list of replicas ${completed.replicas.join(',')} or is dead. Re-electing leader`);
    await this.sendBatch((batch) => partitionStateMachine.handleStateChanges([tp], PartitionState.OnlinePartition, 'reassign', batch));
  }

  /** Steps B4/B5: out of the ISR, then deleted from their brokers. */
  private async stopRemovedReplicas(tp: TopicPartition, removed: readonly number[]): Promise<void> {
    const { replicaStateMachine } = this.deps;
    const replicas = removed.map((replica) => ({ tp, replica }));
    for (const state of [ReplicaState.OfflineReplica, ReplicaState.ReplicaDeletionStarted, ReplicaState.ReplicaDeletionSuccessful, ReplicaState.NonExistentReplica]) {
      await this.sendBatch((batch) => replicaStateMachine.handleStateChanges(replicas, state, batch));
    }
  }

  private async updateReplicaAssignmentForPartition(tp: TopicPartition, assignment: ReplicaAssignment): Promise<void> {
    const { context, zk } = this.deps;
    const topicAssignment = context.topicAssignment(tp.topic);
    topicAssignment.set(tp.partition, assignment);
    await zk.setTopicAssignment(tp.topic, topicAssignment, context.epochZkVersion);
    this.deps.logger.info(`${this.deps.prefix()} Successfully updated assignment of partition ${topicPartitionKey(tp.topic, tp.partition)} to ReplicaAssignment(replicas=${assignment.replicas.join(',')}, addingReplicas=${assignment.addingReplicas.join(',')}, removingReplicas=${assignment.removingReplicas.join(',')})`);
  }

  private async removePartitionFromReassigningPartitions(tp: TopicPartition, completed: ReplicaAssignment): Promise<void> {
    const key = topicPartitionKey(tp.topic, tp.partition);
    this.isrWatches.get(key)?.cancel();
    this.isrWatches.delete(key);
    const same = (a: readonly number[]) => a.length === completed.replicas.length && a.every((r, i) => r === completed.replicas[i]);
    await this.maybeRemoveFromZkReassignment((p, replicas) => topicPartitionKey(p.topic, p.partition) === key && same(replicas));
    this.deps.context.partitionsBeingReassigned.delete(key);
  }

  /** Drops partitions from /admin/reassign_partitions, deleting the znode once none is left. */
  private async maybeRemoveFromZkReassignment(shouldRemove: (tp: TopicPartition, replicas: number[]) => boolean): Promise<void> {
    const { zk, context } = this.deps;
    const current = await zk.getPartitionReassignment();
    if (current === null) return;
    const remaining = current.filter((r) => !shouldRemove({ topic: r.topic, partition: r.partition }, r.replicas));
    if (remaining.length === current.length) return;
    if (remaining.length === 0) {
      this.deps.logger.info(`${this.deps.prefix()} No more partitions need to be reassigned. Deleting zk path /admin/reassign_partitions`);
      await zk.deletePartitionReassignment(context.epochZkVersion);
    } else {
      await zk.setPartitionReassignment(remaining, context.epochZkVersion);
    }
  }

  private async sendBatch(fill: (batch: ControllerRequestBatch) => Promise<unknown>): Promise<void> {
    const batch = this.deps.newBatch();
    await fill(batch);
    batch.send();
  }
}
