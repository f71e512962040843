// The API keys a Kafka 2.4.1 *client* knows (org.apache.kafka.common.protocol.ApiKeys), which is
// what NodeApiVersions measures a broker against: "usable" is the newest version both sides
// speak, a key the broker leaves out prints UNSUPPORTED, a key the client does not know prints
// UNKNOWN. ApiKeys' names are its own (ListOffsets, where the message spec says ListOffset), so
// they are listed here; its oldest version is 0 for every key and its latest is the number of
// request schemas minus one, which is the range of our codecs generated from the same specs.

import { API_BY_KEY } from '../../protocol/generated';

export interface ClientApiKey {
  readonly apiKey: number;
  readonly name: string;
  readonly oldestVersion: number;
  readonly latestVersion: number;
}

/** ApiKeys' names in id order (0..47). */
const API_KEY_NAMES: readonly string[] = [
  'Produce',
  'Fetch',
  'ListOffsets',
  'Metadata',
  'LeaderAndIsr',
  'StopReplica',
  'UpdateMetadata',
  'ControlledShutdown',
  'OffsetCommit',
  'OffsetFetch',
  'FindCoordinator',
  'JoinGroup',
  'Heartbeat',
  'LeaveGroup',
  'SyncGroup',
  'DescribeGroups',
  'ListGroups',
  'SaslHandshake',
  'ApiVersions',
  'CreateTopics',
  'DeleteTopics',
  'DeleteRecords',
  'InitProducerId',
  'OffsetForLeaderEpoch',
  'AddPartitionsToTxn',
  'AddOffsetsToTxn',
  'EndTxn',
  'WriteTxnMarkers',
  'TxnOffsetCommit',
  'DescribeAcls',
  'CreateAcls',
  'DeleteAcls',
  'DescribeConfigs',
  'AlterConfigs',
  'AlterReplicaLogDirs',
  'DescribeLogDirs',
  'SaslAuthenticate',
  'CreatePartitions',
  'CreateDelegationToken',
  'RenewDelegationToken',
  'ExpireDelegationToken',
  'DescribeDelegationToken',
  'DeleteGroups',
  'ElectLeaders',
  'IncrementalAlterConfigs',
  'AlterPartitionReassignments',
  'ListPartitionReassignments',
  'OffsetDelete',
];

function clientApiKey(apiKey: number, name: string): ClientApiKey {
  const codec = API_BY_KEY[apiKey];
  if (codec === undefined) throw new Error(`no codec for api key ${apiKey} (${name})`);
  return { apiKey, name, oldestVersion: 0, latestVersion: codec.request.maxVersion };
}

/** ApiKeys.values(): every key a 2.4.1 client knows, in id order. */
export const KAFKA_2_4_1_CLIENT_API_KEYS: readonly ClientApiKey[] = API_KEY_NAMES.map((name, apiKey) => clientApiKey(apiKey, name));
