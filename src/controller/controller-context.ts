// What the active controller knows (Kafka's ControllerContext): live brokers with their epochs,
// every topic's replica assignment, the leader/ISR of every partition as last written to
// ZooKeeper, and the state-machine state of every partition and replica. Loaded from ZooKeeper
// on failover and kept current by the event loop; nothing else writes it.

import { topicPartitionKey, type TopicPartition } from '../common/topic-partition';

export interface LiveBroker {
  id: number;
  /** czxid of /brokers/ids/<id> (KIP-380). */
  epoch: bigint;
  host: string;
  port: number;
  rack: string | null;
  /** Listener name → endpoint, for UpdateMetadata. */
  endpoints: Array<{ listener: string; host: string; port: number; securityProtocol: number }>;
}

export interface LeaderIsrAndControllerEpoch {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** dataVersion of the partition state znode: the "zkVersion" in LeaderAndIsr. */
  zkVersion: number;
  controllerEpoch: number;
}

export interface ReplicaAssignment {
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

export enum PartitionState {
  NonExistentPartition = 'NonExistentPartition',
  NewPartition = 'NewPartition',
  OnlinePartition = 'OnlinePartition',
  OfflinePartition = 'OfflinePartition',
}

export enum ReplicaState {
  NonExistentReplica = 'NonExistentReplica',
  NewReplica = 'NewReplica',
  OnlineReplica = 'OnlineReplica',
  OfflineReplica = 'OfflineReplica',
  ReplicaDeletionStarted = 'ReplicaDeletionStarted',
  ReplicaDeletionSuccessful = 'ReplicaDeletionSuccessful',
  ReplicaDeletionIneligible = 'ReplicaDeletionIneligible',
}

export class ControllerContext {
  epoch = 0;
  /** Version of /controller_epoch after our election: the fencing token of every controller write. */
  epochZkVersion = 0;
  /** Why the controller is doing what it does now: the event being processed, in Kafka's terms. */
  trigger = '';
  readonly liveBrokers = new Map<number, LiveBroker>();
  readonly shuttingDownBrokerIds = new Set<number>();
  readonly allTopics = new Set<string>();
  /** topic → partition → assignment. */
  readonly assignments = new Map<string, Map<number, ReplicaAssignment>>();
  readonly leadership = new Map<string, LeaderIsrAndControllerEpoch>();
  readonly partitionStates = new Map<string, PartitionState>();
  /** `topic-partition:brokerId` → state. */
  readonly replicaStates = new Map<string, ReplicaState>();
  readonly topicsToBeDeleted = new Set<string>();
  readonly topicsIneligibleForDeletion = new Set<string>();
  /** `topic-partition` keys of the partitions with a reassignment in flight. */
  readonly partitionsBeingReassigned = new Set<string>();

  reset(): void {
    this.partitionsBeingReassigned.clear();
    this.liveBrokers.clear();
    this.shuttingDownBrokerIds.clear();
    this.allTopics.clear();
    this.assignments.clear();
    this.leadership.clear();
    this.partitionStates.clear();
    this.replicaStates.clear();
    this.topicsToBeDeleted.clear();
    this.topicsIneligibleForDeletion.clear();
  }

  /** Registered and not shutting down: what elections may choose. */
  isBrokerLive(id: number): boolean {
    return this.liveBrokers.has(id) && !this.shuttingDownBrokerIds.has(id);
  }

  liveOrShuttingDownBrokerIds(): number[] {
    return [...this.liveBrokers.keys()];
  }

  replicasFor(topic: string, partition: number): number[] {
    return this.assignments.get(topic)?.get(partition)?.replicas ?? [];
  }

  assignmentFor(topic: string, partition: number): ReplicaAssignment | undefined {
    return this.assignments.get(topic)?.get(partition);
  }

  setAssignment(topic: string, partition: number, assignment: ReplicaAssignment): void {
    let partitions = this.assignments.get(topic);
    if (partitions === undefined) this.assignments.set(topic, (partitions = new Map()));
    partitions.set(partition, assignment);
  }

  /** The topic's partitions and their assignments (what its topic znode holds). */
  topicAssignment(topic: string): Map<number, ReplicaAssignment> {
    return new Map(this.assignments.get(topic) ?? []);
  }

  isBeingReassigned(tp: TopicPartition): boolean {
    return this.partitionsBeingReassigned.has(topicPartitionKey(tp.topic, tp.partition));
  }

  partitionsForTopic(topic: string): TopicPartition[] {
    return [...(this.assignments.get(topic)?.keys() ?? [])].sort((a, b) => a - b).map((partition) => ({ topic, partition }));
  }

  allPartitions(): TopicPartition[] {
    return [...this.assignments.keys()].flatMap((t) => this.partitionsForTopic(t));
  }

  partitionsOnBroker(brokerId: number): TopicPartition[] {
    return this.allPartitions().filter((tp) => this.replicasFor(tp.topic, tp.partition).includes(brokerId));
  }

  partitionsLedByBroker(brokerId: number): TopicPartition[] {
    return this.allPartitions().filter((tp) => this.leadership.get(topicPartitionKey(tp.topic, tp.partition))?.leader === brokerId);
  }

  leadershipOf(tp: TopicPartition): LeaderIsrAndControllerEpoch | undefined {
    return this.leadership.get(topicPartitionKey(tp.topic, tp.partition));
  }

  partitionState(tp: TopicPartition): PartitionState {
    return this.partitionStates.get(topicPartitionKey(tp.topic, tp.partition)) ?? PartitionState.NonExistentPartition;
  }

  replicaState(tp: TopicPartition, brokerId: number): ReplicaState {
    return this.replicaStates.get(`${topicPartitionKey(tp.topic, tp.partition)}:${brokerId}`) ?? ReplicaState.NonExistentReplica;
  }

  isTopicQueuedForDeletion(topic: string): boolean {
    return this.topicsToBeDeleted.has(topic);
  }

  removeTopic(topic: string): void {
    for (const tp of this.partitionsForTopic(topic)) {
      const key = topicPartitionKey(tp.topic, tp.partition);
      this.leadership.delete(key);
      this.partitionStates.delete(key);
      for (const replica of this.replicasFor(tp.topic, tp.partition)) this.replicaStates.delete(`${key}:${replica}`);
    }
    this.assignments.delete(topic);
    this.allTopics.delete(topic);
    this.topicsToBeDeleted.delete(topic);
    this.topicsIneligibleForDeletion.delete(topic);
    for (const key of [...this.partitionsBeingReassigned]) if (key.startsWith(`${topic}-`) && /^\d+$/.test(key.slice(topic.length + 1))) this.partitionsBeingReassigned.delete(key);
  }
}
