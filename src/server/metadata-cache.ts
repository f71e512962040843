// Every broker's view of the cluster (Kafka's MetadataCache): live brokers with their endpoints
// and the leader/ISR of every partition, replaced by each UpdateMetadata from the controller.
// Metadata responses are built from it, never from ZooKeeper.

import { LEADER_DURING_DELETE } from '../protocol/constants';
import { ErrorCode } from '../protocol/errors';
import type {
  MetadataResponseBroker,
  MetadataResponsePartition,
  UpdateMetadataPartitionState,
  UpdateMetadataRequest,
} from '../protocol/generated';

export { LEADER_DURING_DELETE };

export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

export interface BrokerEndpoint {
  host: string;
  port: number;
  securityProtocol: number;
}

export interface CachedBroker {
  id: number;
  rack: string | null;
  /** Listener name → endpoint. */
  endpoints: Map<string, BrokerEndpoint>;
}

export type PartitionState = Omit<UpdateMetadataPartitionState, 'topicName'>;

export interface TopicPartitionMetadata {
  errorCode: number;
  partitions: MetadataResponsePartition[];
}

export class MetadataCache {
  private brokers = new Map<number, CachedBroker>();
  private readonly partitions = new Map<string, Map<number, PartitionState>>();
  private _controllerId = -1;

  constructor(readonly brokerId: number) {}

  get controllerId(): number {
    return this._controllerId;
  }

  /**
   * Applies an UpdateMetadata request. Returns the partitions it removed (topics being deleted)
   * so the caller can complete their delayed operations.
   */
  update(request: UpdateMetadataRequest): Array<{ topic: string; partition: number }> {
    this._controllerId = request.controllerId;
    const brokers = new Map<number, CachedBroker>();
    for (const b of request.liveBrokers) {
      const endpoints = new Map<string, BrokerEndpoint>();
      for (const e of b.endpoints) endpoints.set(e.listener, { host: e.host, port: e.port, securityProtocol: e.securityProtocol });
      brokers.set(b.id, { id: b.id, rack: b.rack, endpoints });
    }
    this.brokers = brokers;

    const deleted: Array<{ topic: string; partition: number }> = [];
    const states = [
      ...request.ungroupedPartitionStates.map((s) => [s.topicName, s] as const),
      ...request.topicStates.flatMap((t) => t.partitionStates.map((s) => [t.topicName, s] as const)),
    ];
    for (const [topic, state] of states) {
      if (state.leader === LEADER_DURING_DELETE) {
        const topicPartitions = this.partitions.get(topic);
        if (topicPartitions?.delete(state.partitionIndex)) deleted.push({ topic, partition: state.partitionIndex });
        if (topicPartitions?.size === 0) this.partitions.delete(topic);
        continue;
      }
      let topicPartitions = this.partitions.get(topic);
      if (topicPartitions === undefined) this.partitions.set(topic, (topicPartitions = new Map()));
      topicPartitions.set(state.partitionIndex, state);
    }
    return deleted;
  }

  aliveBrokerIds(): number[] {
    return [...this.brokers.keys()];
  }

  isBrokerAlive(id: number): boolean {
    return this.brokers.has(id);
  }

  broker(id: number): CachedBroker | undefined {
    return this.brokers.get(id);
  }

  /** Live brokers reachable on `listener`, as the Metadata response lists them. */
  aliveBrokersFor(listener: string): MetadataResponseBroker[] {
    const result: MetadataResponseBroker[] = [];
    for (const b of this.brokers.values()) {
      const e = b.endpoints.get(listener);
      if (e) result.push({ nodeId: b.id, host: e.host, port: e.port, rack: b.rack });
    }
    return result;
  }

  topics(): string[] {
    return [...this.partitions.keys()];
  }

  contains(topic: string): boolean {
    return this.partitions.has(topic);
  }

  partitionState(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(topic)?.get(partition);
  }

  partitionCount(topic: string): number {
    return this.partitions.get(topic)?.size ?? 0;
  }

  /**
   * Per-partition metadata of a known topic as Kafka 2.4 answers it: LEADER_NOT_AVAILABLE when the
   * leader is not a live broker (or, before v6, lacks the listener; LISTENER_NOT_FOUND from v6);
   * REPLICA_NOT_AVAILABLE only for v0, which lists live replicas alone.
   */
  topicMetadata(topic: string, listener: string, apiVersion: number): TopicPartitionMetadata | undefined {
    const topicPartitions = this.partitions.get(topic);
    if (topicPartitions === undefined) return undefined;
    const errorUnavailableEndpoints = apiVersion === 0;
    const errorUnavailableListeners = apiVersion >= 6;
    const reachable = (id: number) => this.brokers.get(id)?.endpoints.has(listener) ?? false;
    const listed = (ids: number[]) => (errorUnavailableEndpoints ? ids.filter(reachable) : [...ids]);

    const partitions: MetadataResponsePartition[] = [];
    for (const [partitionIndex, state] of [...topicPartitions].sort((a, b) => a[0] - b[0])) {
      const replicaNodes = listed(state.replicas);
      const isrNodes = listed(state.isr);
      const offlineReplicas = listed(state.offlineReplicas);
      let errorCode: number = ErrorCode.NONE;
      let leaderId = state.leader;
      let leaderEpoch = state.leaderEpoch;
      if (!reachable(state.leader)) {
        errorCode =
          this.brokers.has(state.leader) && errorUnavailableListeners ? ErrorCode.LISTENER_NOT_FOUND : ErrorCode.LEADER_NOT_AVAILABLE;
        leaderId = -1;
        leaderEpoch = -1;
      } else if (replicaNodes.length < state.replicas.length || isrNodes.length < state.isr.length) {
        errorCode = ErrorCode.REPLICA_NOT_AVAILABLE;
      }
      partitions.push({ errorCode, partitionIndex, leaderId, leaderEpoch, replicaNodes, isrNodes, offlineReplicas });
    }
    return { errorCode: ErrorCode.NONE, partitions };
  }
}
