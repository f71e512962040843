// The request version range Kafka 2.4.1 advertises for each API key, copied from
// /work/shared/reference/kafka-2.4.1-api-versions.txt (kafka-broker-api-versions.sh against a
// 2.4.1 broker). The registry refuses handlers whose range differs, so we advertise exactly what
// Kafka advertises for the APIs we implement and nothing for the others.

export interface ApiVersionRange {
  readonly apiKey: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
}

function range(apiKey: number, name: string, minVersion: number, maxVersion: number): ApiVersionRange {
  return { apiKey, name, minVersion, maxVersion };
}

/** Indexed by api key (0..47). */
export const KAFKA_2_4_1_API_RANGES: readonly ApiVersionRange[] = [
  range(0, 'Produce', 0, 8),
  range(1, 'Fetch', 0, 11),
  range(2, 'ListOffsets', 0, 5),
  range(3, 'Metadata', 0, 9),
  range(4, 'LeaderAndIsr', 0, 4),
  range(5, 'StopReplica', 0, 2),
  range(6, 'UpdateMetadata', 0, 6),
  range(7, 'ControlledShutdown', 0, 3),
  range(8, 'OffsetCommit', 0, 8),
  range(9, 'OffsetFetch', 0, 6),
  range(10, 'FindCoordinator', 0, 3),
  range(11, 'JoinGroup', 0, 6),
  range(12, 'Heartbeat', 0, 4),
  range(13, 'LeaveGroup', 0, 4),
  range(14, 'SyncGroup', 0, 4),
  range(15, 'DescribeGroups', 0, 5),
  range(16, 'ListGroups', 0, 3),
  range(17, 'SaslHandshake', 0, 1),
  range(18, 'ApiVersions', 0, 3),
  range(19, 'CreateTopics', 0, 5),
  range(20, 'DeleteTopics', 0, 4),
  range(21, 'DeleteRecords', 0, 1),
  range(22, 'InitProducerId', 0, 2),
  range(23, 'OffsetForLeaderEpoch', 0, 3),
  range(24, 'AddPartitionsToTxn', 0, 1),
  range(25, 'AddOffsetsToTxn', 0, 1),
  range(26, 'EndTxn', 0, 1),
  range(27, 'WriteTxnMarkers', 0, 0),
  range(28, 'TxnOffsetCommit', 0, 2),
  range(29, 'DescribeAcls', 0, 1),
  range(30, 'CreateAcls', 0, 1),
  range(31, 'DeleteAcls', 0, 1),
  range(32, 'DescribeConfigs', 0, 2),
  range(33, 'AlterConfigs', 0, 1),
  range(34, 'AlterReplicaLogDirs', 0, 1),
  range(35, 'DescribeLogDirs', 0, 1),
  range(36, 'SaslAuthenticate', 0, 1),
  range(37, 'CreatePartitions', 0, 1),
  range(38, 'CreateDelegationToken', 0, 2),
  range(39, 'RenewDelegationToken', 0, 1),
  range(40, 'ExpireDelegationToken', 0, 1),
  range(41, 'DescribeDelegationToken', 0, 1),
  range(42, 'DeleteGroups', 0, 2),
  range(43, 'ElectLeaders', 0, 2),
  range(44, 'IncrementalAlterConfigs', 0, 1),
  range(45, 'AlterPartitionReassignments', 0, 0),
  range(46, 'ListPartitionReassignments', 0, 0),
  range(47, 'OffsetDelete', 0, 0),
];

/** Kafka 2.4.1's range for `apiKey`, or undefined for a key 2.4.1 does not have. */
export function kafka241ApiRange(apiKey: number): ApiVersionRange | undefined {
  return Number.isInteger(apiKey) && apiKey >= 0 ? KAFKA_2_4_1_API_RANGES[apiKey] : undefined;
}
