// The ZooKeeper reads and writes of the partition and replica state machines: the partition state
// znodes and nothing else (Kafka's ZkPartitionStateMachine and ZkReplicaStateMachine use the same
// three KafkaZkClient calls). Narrow, so the state machines can be tested on their own.

import type { KafkaZkClient } from '../zk';

export type PartitionStateStore = Pick<KafkaZkClient, 'getPartitionStates' | 'createPartitionStates' | 'updateLeaderAndIsr'>;
