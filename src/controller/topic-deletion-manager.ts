// Topic deletion (Kafka's TopicDeletionManager). A topic marked in /admin/delete_topics is queued;
// while any of its replicas sits on a dead broker it is ineligible and waits. Otherwise: every
// broker learns the partitions are going (UpdateMetadata with leader -2), the partitions go
// Offline → NonExistent, the replicas go Offline (StopReplica) → ReplicaDeletionStarted
// (StopReplica with delete). When every replica answered the delete, the znodes go in Kafka's
// order: /brokers/topics/T (recursively), /config/topics/T, /admin/delete_topics/T.

import type { Logger } from '../common/logger';
import { ErrorCode } from '../protocol/errors';
import type { KafkaZkClient } from '../zk';
import { PartitionState, ReplicaState, type ControllerContext } from './controller-context';
import type { PartitionStateMachine } from './partition-state-machine';
import type { ReplicaStateMachine } from './replica-state-machine';
import type { ControllerRequestBatch } from './request-batch';
import type { TopicPartition } from '../common/topic-partition';

export interface TopicDeletionManagerDeps {
  context: ControllerContext;
  zk: KafkaZkClient;
  controllerId: number;
  logger: Logger;
  partitionStateMachine: PartitionStateMachine;
  replicaStateMachine: ReplicaStateMachine;
  newBatch(): ControllerRequestBatch;
  onTopicDeleted(topic: string): void;
}

export class TopicDeletionManager {
  private enabled = true;

  constructor(private readonly deps: TopicDeletionManagerDeps) {}

  private get prefix(): string {
    return `[Topic Deletion Manager ${this.deps.controllerId}]`;
  }

  /** After failover: queue the marked topics (or drop every marker when deletion is disabled). */
  async init(markedTopics: string[], deleteTopicEnable: boolean): Promise<void> {
    this.enabled = deleteTopicEnable;
    await this.onDeletionMarkers(markedTopics, deleteTopicEnable, false);
  }

  /** New children of /admin/delete_topics. */
  async onDeletionMarkers(markedTopics: string[], deleteTopicEnable: boolean, resume = true): Promise<void> {
    const { context, zk } = this.deps;
    this.enabled = deleteTopicEnable;
    const unknown = markedTopics.filter((t) => !context.allTopics.has(t));
    const known = markedTopics.filter((t) => context.allTopics.has(t));
    if (unknown.length > 0) {
      this.deps.logger.info(`${this.prefix} Ignoring request to delete non-existing topics ${unknown.join(',')}`);
      await zk.deleteDeleteTopicMarkers(unknown, context.epochZkVersion);
    }
    if (!deleteTopicEnable) {
      if (known.length > 0) {
        this.deps.logger.info(`${this.prefix} Removing ${known.join(',')} since delete topic is disabled`);
        await zk.deleteDeleteTopicMarkers(known, context.epochZkVersion);
      }
      return;
    }
    for (const t of known) context.topicsToBeDeleted.add(t);
    if (resume) await this.resume();
  }

  /** Topics with replicas on these (dead) brokers must wait until the brokers return. */
  markIneligibleForBrokers(brokers: number[]): void {
    const { context } = this.deps;
    for (const topic of context.topicsToBeDeleted) {
      if (context.partitionsForTopic(topic).some((tp) => context.replicasFor(tp.topic, tp.partition).some((r) => brokers.includes(r)))) {
        context.topicsIneligibleForDeletion.add(topic);
      }
    }
  }

  /** Starts deleting every queued topic whose replicas are all on live brokers. */
  async resume(): Promise<void> {
    if (!this.enabled) return;
    const { context } = this.deps;
    for (const topic of [...context.topicsToBeDeleted]) {
      const partitions = context.partitionsForTopic(topic);
      const replicas = partitions.flatMap((tp) => this.deps.replicaStateMachine.replicasOf(tp));
      const allLive = replicas.every((r) => context.liveBrokers.has(r.replica));
      // A topic waits while replicas are down or a partition is being reassigned.
      if (!allLive || partitions.some((tp) => context.isBeingReassigned(tp))) {
        context.topicsIneligibleForDeletion.add(topic);
        continue;
      }
      context.topicsIneligibleForDeletion.delete(topic);
      if (replicas.every((r) => context.replicaState(r.tp, r.replica) === ReplicaState.ReplicaDeletionSuccessful)) {
        await this.completeDeletion(topic);
        continue;
      }
      const started = replicas.filter((r) => context.replicaState(r.tp, r.replica) === ReplicaState.ReplicaDeletionStarted);
      if (started.length > 0) continue; // waiting for StopReplica responses
      await this.startDeletion(topic, partitions);
    }
  }

  private async startDeletion(topic: string, partitions: TopicPartition[]): Promise<void> {
    const { context, partitionStateMachine, replicaStateMachine } = this.deps;
    this.deps.logger.info(`${this.prefix} Deletion of topic ${topic} (re)started`);
    const batch = this.deps.newBatch();
    batch.addUpdateMetadata(context.liveOrShuttingDownBrokerIds(), partitions);
    await partitionStateMachine.handleStateChanges(
      partitions.filter((tp) => context.partitionState(tp) !== PartitionState.OfflinePartition),
      PartitionState.OfflinePartition,
      'offline',
      batch,
    );
    await partitionStateMachine.handleStateChanges(partitions, PartitionState.NonExistentPartition, 'offline', batch);
    const replicas = partitions.flatMap((tp) => replicaStateMachine.replicasOf(tp));
    const toStop = replicas.filter((r) => context.replicaState(r.tp, r.replica) !== ReplicaState.ReplicaDeletionSuccessful);
    await replicaStateMachine.handleStateChanges(
      toStop.filter((r) => context.replicaState(r.tp, r.replica) !== ReplicaState.OfflineReplica),
      ReplicaState.OfflineReplica,
      batch,
    );
    await replicaStateMachine.handleStateChanges(toStop, ReplicaState.ReplicaDeletionStarted, batch);
    batch.send();
  }

  /** StopReplica(delete) answers: each replica is deleted, or ineligible to retry later. */
  async onStopReplicaResponse(brokerId: number, results: Array<{ tp: TopicPartition; errorCode: number }>): Promise<void> {
    const { context, replicaStateMachine } = this.deps;
    const batch = this.deps.newBatch();
    const relevant = results.filter((r) => context.isTopicQueuedForDeletion(r.tp.topic));
    const ok = relevant.filter((r) => r.errorCode === ErrorCode.NONE).map((r) => ({ tp: r.tp, replica: brokerId }));
    const failed = relevant.filter((r) => r.errorCode !== ErrorCode.NONE).map((r) => ({ tp: r.tp, replica: brokerId }));
    await replicaStateMachine.handleStateChanges(ok, ReplicaState.ReplicaDeletionSuccessful, batch);
    await replicaStateMachine.handleStateChanges(failed, ReplicaState.ReplicaDeletionIneligible, batch);
    for (const f of failed) context.topicsIneligibleForDeletion.add(f.tp.topic);
    batch.send();
    await this.resume();
  }

  private async completeDeletion(topic: string): Promise<void> {
    const { context, zk, replicaStateMachine } = this.deps;
    const batch = this.deps.newBatch();
    const replicas = context.partitionsForTopic(topic).flatMap((tp) => replicaStateMachine.replicasOf(tp));
    await replicaStateMachine.handleStateChanges(replicas, ReplicaState.NonExistentReplica, batch);
    this.deps.onTopicDeleted(topic);
    await zk.deleteTopicZNode(topic, context.epochZkVersion);
    await zk.deleteTopicConfigs([topic], context.epochZkVersion);
    await zk.deleteDeleteTopicMarker(topic, context.epochZkVersion);
    context.removeTopic(topic);
    this.deps.logger.info(`${this.prefix} Deletion of topic ${topic} successfully completed`);
  }
}
