// The first version of each response that carries throttle_time_ms (Kafka 2.4.1's message
// specs, clients/src/main/resources/common/message/*Response.json). A request quota writes its
// throttle time only where the field exists; older versions simply don't say it (the connection
// is muted all the same, as 2.4.1's broker does for every version).

const FIRST_VERSION_WITH_THROTTLE_TIME: ReadonlyMap<number, number> = new Map([
  [0, 1], // Produce
  [1, 1], // Fetch
  [2, 2], // ListOffsets
  [3, 3], // Metadata
  [8, 3], // OffsetCommit
  [9, 3], // OffsetFetch
  [10, 1], // FindCoordinator
  [11, 2], // JoinGroup
  [12, 1], // Heartbeat
  [13, 1], // LeaveGroup
  [14, 1], // SyncGroup
  [15, 1], // DescribeGroups
  [16, 1], // ListGroups
  [18, 1], // ApiVersions
  [19, 2], // CreateTopics
  [20, 1], // DeleteTopics
  [21, 0], // DeleteRecords
  [22, 0], // InitProducerId
  [23, 2], // OffsetForLeaderEpoch
  [24, 0], // AddPartitionsToTxn
  [25, 0], // AddOffsetsToTxn
  [26, 0], // EndTxn
  [28, 0], // TxnOffsetCommit
  [29, 0], // DescribeAcls
  [30, 0], // CreateAcls
  [31, 0], // DeleteAcls
  [32, 0], // DescribeConfigs
  [33, 0], // AlterConfigs
  [34, 0], // AlterReplicaLogDirs
  [35, 0], // DescribeLogDirs
  [37, 0], // CreatePartitions
  [38, 0], // CreateDelegationToken
  [39, 0], // RenewDelegationToken
  [40, 0], // ExpireDelegationToken
  [41, 0], // DescribeDelegationToken
  [42, 0], // DeleteGroups
  [43, 0], // ElectLeaders
  [44, 0], // IncrementalAlterConfigs
  [45, 0], // AlterPartitionReassignments
  [46, 0], // ListPartitionReassignments
  [47, 0], // OffsetDelete
]);

/** Whether the response of `apiKey` at `version` has a throttle_time_ms field. */
export function hasThrottleTimeField(apiKey: number, version: number): boolean {
  const first = FIRST_VERSION_WITH_THROTTLE_TIME.get(apiKey);
  return first !== undefined && version >= first;
}

/** The API keys whose responses carry throttle_time_ms in some version (for tests). */
export function apiKeysWithThrottleTime(): number[] {
  return [...FIRST_VERSION_WITH_THROTTLE_TIME.keys()];
}
