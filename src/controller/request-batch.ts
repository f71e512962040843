// Collects what one controller decision must tell the brokers (Kafka's
// ControllerBrokerRequestBatch): LeaderAndIsr for the replicas of changed partitions,
// StopReplica for replicas going away, UpdateMetadata for everyone. State machines add to the
// batch; one send at the end turns it into at most one request of each kind per broker.
//
// Versions are the ones a 2.4 controller (inter.broker.protocol.version 2.4) sends:
// LeaderAndIsr v4, UpdateMetadata v6, StopReplica v2.

import type { Logger } from '../common/logger';
import { logEvent } from '../common/control-plane-events';
import {
  Apis,
  type LeaderAndIsrPartitionState,
  type LeaderAndIsrResponse,
  type StopReplicaResponse,
  type UpdateMetadataPartitionState,
} from '../protocol/generated';
import type { RequestSender } from './channel-manager';
import { type ControllerContext, type LeaderIsrAndControllerEpoch } from './controller-context';
import { LEADER_DURING_DELETE } from '../protocol/constants';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';

export const LEADER_AND_ISR_VERSION = 4;
export const UPDATE_METADATA_VERSION = 6;
export const STOP_REPLICA_VERSION = 2;

export interface RequestBatchCallbacks {
  onLeaderAndIsrResponse?: (brokerId: number, response: LeaderAndIsrResponse) => void;
  onStopReplicaResponse?: (brokerId: number, response: StopReplicaResponse, deletePartitions: boolean) => void;
}

export class ControllerRequestBatch {
  private readonly leaderAndIsr = new Map<number, Map<string, LeaderAndIsrPartitionState>>();
  private readonly stopReplica = new Map<number, Map<string, TopicPartition & { deletePartition: boolean }>>();
  private readonly updateMetadataBrokers = new Set<number>();
  private readonly updateMetadataPartitions = new Map<string, TopicPartition>();

  constructor(
    private readonly context: ControllerContext,
    private readonly channel: RequestSender,
    private readonly controllerId: number,
    private readonly stateChangeLogger: Logger,
    private readonly callbacks: RequestBatchCallbacks = {},
  ) {}

  get isEmpty(): boolean {
    return this.leaderAndIsr.size === 0 && this.stopReplica.size === 0 && this.updateMetadataBrokers.size === 0;
  }

  addLeaderAndIsr(brokerIds: readonly number[], tp: TopicPartition, leadership: LeaderIsrAndControllerEpoch, isNew: boolean): void {
    const assignment = this.context.assignmentFor(tp.topic, tp.partition);
    for (const brokerId of brokerIds) {
      if (brokerId < 0) continue;
      let states = this.leaderAndIsr.get(brokerId);
      if (states === undefined) this.leaderAndIsr.set(brokerId, (states = new Map()));
      const previous = states.get(topicPartitionKey(tp.topic, tp.partition));
      states.set(topicPartitionKey(tp.topic, tp.partition), {
        topicName: tp.topic,
        partitionIndex: tp.partition,
        controllerEpoch: leadership.controllerEpoch,
        leader: leadership.leader,
        leaderEpoch: leadership.leaderEpoch,
        isr: [...leadership.isr],
        zkVersion: leadership.zkVersion,
        replicas: [...(assignment?.replicas ?? [])],
        addingReplicas: [...(assignment?.addingReplicas ?? [])],
        removingReplicas: [...(assignment?.removingReplicas ?? [])],
        isNew: isNew || (previous?.isNew ?? false),
      });
    }
    // Every leadership change is also news for every broker's metadata cache.
    this.addUpdateMetadata(this.context.liveOrShuttingDownBrokerIds(), [tp]);
  }

  addStopReplica(brokerIds: readonly number[], tp: TopicPartition, deletePartition: boolean): void {
    for (const brokerId of brokerIds) {
      let partitions = this.stopReplica.get(brokerId);
      if (partitions === undefined) this.stopReplica.set(brokerId, (partitions = new Map()));
      const key = topicPartitionKey(tp.topic, tp.partition);
      // A delete request wins over a plain stop for the same replica.
      partitions.set(key, { ...tp, deletePartition: deletePartition || (partitions.get(key)?.deletePartition ?? false) });
    }
  }

  /** `partitions` empty: a brokers-only update (e.g. a broker joined or left). */
  addUpdateMetadata(brokerIds: readonly number[], partitions: readonly TopicPartition[]): void {
    for (const id of brokerIds) this.updateMetadataBrokers.add(id);
    for (const tp of partitions) this.updateMetadataPartitions.set(topicPartitionKey(tp.topic, tp.partition), tp);
  }

  /** Sends everything collected and starts a new, empty batch. */
  send(): void {
    const epoch = this.context.epoch;
    for (const [brokerId, states] of this.leaderAndIsr) this.sendLeaderAndIsr(brokerId, [...states.values()], epoch);
    if (this.updateMetadataBrokers.size > 0) this.sendUpdateMetadata(epoch);
    for (const [brokerId, partitions] of this.stopReplica) this.sendStopReplica(brokerId, [...partitions.values()], epoch);
    this.leaderAndIsr.clear();
    this.stopReplica.clear();
    this.updateMetadataBrokers.clear();
    this.updateMetadataPartitions.clear();
  }

  private sendLeaderAndIsr(brokerId: number, states: LeaderAndIsrPartitionState[], epoch: number): void {
    const byTopic = new Map<string, LeaderAndIsrPartitionState[]>();
    for (const s of states) {
      logEvent(
        this.stateChangeLogger,
        'info',
        { kind: 'request-sent', request: 'LeaderAndIsr', broker: brokerId, topic: s.topicName, partition: s.partitionIndex, leader: s.leader, isr: s.isr, leaderEpoch: s.leaderEpoch, zkVersion: s.zkVersion, trigger: this.context.trigger },
        `[Controller id=${this.controllerId} epoch=${epoch}] Sending ${s.leader === brokerId ? 'become-leader' : 'become-follower'} LeaderAndIsr request (Leader:${s.leader},ISR:${s.isr.join(',')},LeaderEpoch:${s.leaderEpoch},ZkVersion:${s.zkVersion},replicas:${s.replicas.join(',')},isNew:${s.isNew}) to broker ${brokerId} for partition ${s.topicName}-${s.partitionIndex}`,
      );
      const list = byTopic.get(s.topicName) ?? [];
      list.push({ ...s, topicName: '' });
      byTopic.set(s.topicName, list);
    }
    const leaders = new Set(states.map((s) => s.leader));
    const liveLeaders = [...leaders]
      .map((id) => this.context.liveBrokers.get(id))
      .filter((b) => b !== undefined)
      .map((b) => ({ brokerId: b.id, hostName: b.host, port: b.port }));
    this.channel.send(
      brokerId,
      Apis.LeaderAndIsr,
      LEADER_AND_ISR_VERSION,
      {
        controllerId: this.controllerId,
        controllerEpoch: epoch,
        brokerEpoch: this.context.liveBrokers.get(brokerId)?.epoch ?? -1n,
        ungroupedPartitionStates: [],
        topicStates: [...byTopic].map(([topicName, partitionStates]) => ({ topicName, partitionStates })),
        liveLeaders,
      },
      (response) => this.callbacks.onLeaderAndIsrResponse?.(brokerId, response),
    );
  }

  private updateMetadataState(tp: TopicPartition): UpdateMetadataPartitionState | null {
    const leadership = this.context.leadershipOf(tp);
    if (leadership === undefined) return null;
    const replicas = this.context.replicasFor(tp.topic, tp.partition);
    const deleting = this.context.isTopicQueuedForDeletion(tp.topic);
    return {
      topicName: '',
      partitionIndex: tp.partition,
      controllerEpoch: leadership.controllerEpoch,
      leader: deleting ? LEADER_DURING_DELETE : leadership.leader,
      leaderEpoch: leadership.leaderEpoch,
      isr: [...leadership.isr],
      zkVersion: leadership.zkVersion,
      replicas: [...replicas],
      offlineReplicas: replicas.filter((id) => !this.context.liveBrokers.has(id)),
    };
  }

  private sendUpdateMetadata(epoch: number): void {
    const byTopic = new Map<string, UpdateMetadataPartitionState[]>();
    for (const tp of this.updateMetadataPartitions.values()) {
      const state = this.updateMetadataState(tp);
      if (state === null) continue;
      const list = byTopic.get(tp.topic) ?? [];
      list.push(state);
      byTopic.set(tp.topic, list);
    }
    const liveBrokers = [...this.context.liveBrokers.values()].map((b) => ({
      id: b.id,
      v0Host: '',
      v0Port: 0,
      endpoints: b.endpoints.map((e) => ({ port: e.port, host: e.host, listener: e.listener, securityProtocol: e.securityProtocol })),
      rack: b.rack,
    }));
    const topicStates = [...byTopic].map(([topicName, partitionStates]) => ({ topicName, partitionStates }));
    const partitionCount = topicStates.reduce((n, t) => n + t.partitionStates.length, 0);
    for (const brokerId of this.updateMetadataBrokers) {
      if (!this.context.liveBrokers.has(brokerId)) continue;
      // Kafka writes these per partition at TRACE; one line per request keeps the log readable.
      logEvent(
        this.stateChangeLogger,
        'info',
        { kind: 'request-sent', request: 'UpdateMetadata', broker: brokerId, partitions: partitionCount, trigger: this.context.trigger },
        `[Controller id=${this.controllerId} epoch=${epoch}] Sending UpdateMetadata request to broker ${brokerId} for ${partitionCount} partitions`,
      );
      this.channel.send(brokerId, Apis.UpdateMetadata, UPDATE_METADATA_VERSION, {
        controllerId: this.controllerId,
        controllerEpoch: epoch,
        brokerEpoch: this.context.liveBrokers.get(brokerId)?.epoch ?? -1n,
        ungroupedPartitionStates: [],
        topicStates,
        liveBrokers,
      });
    }
  }

  private sendStopReplica(brokerId: number, partitions: Array<TopicPartition & { deletePartition: boolean }>, epoch: number): void {
    // StopReplica v2 carries one delete flag per request, so deletes and plain stops go separately.
    for (const deletePartitions of [false, true]) {
      const chosen = partitions.filter((p) => p.deletePartition === deletePartitions);
      if (chosen.length === 0) continue;
      const byTopic = new Map<string, number[]>();
      for (const p of chosen) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
      const names = chosen.map((p) => topicPartitionKey(p.topic, p.partition));
      logEvent(
        this.stateChangeLogger,
        'info',
        { kind: 'request-sent', request: 'StopReplica', broker: brokerId, partitions: names, deletePartitions, trigger: this.context.trigger },
        `[Controller id=${this.controllerId} epoch=${epoch}] Sending StopReplica request (delete=${deletePartitions}) to broker ${brokerId} for partitions ${names.join(',')}`,
      );
      this.channel.send(
        brokerId,
        Apis.StopReplica,
        STOP_REPLICA_VERSION,
        {
          controllerId: this.controllerId,
          controllerEpoch: epoch,
          brokerEpoch: this.context.liveBrokers.get(brokerId)?.epoch ?? -1n,
          deletePartitions,
          ungroupedPartitions: [],
          topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
        },
        (response) => this.callbacks.onStopReplicaResponse?.(brokerId, response, deletePartitions),
      );
    }
  }
}
