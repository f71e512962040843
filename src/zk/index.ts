// Public surface of the ZooKeeper layer: the client wrapper, KafkaZkClient, and the znode codecs.

export * from './zk-errors';
export * from './json/znode-decode-error';
export * from './zk-types';
export * from './zk-client';
export { expireSession, type SessionCredentials } from './zk-session-expiry';
export * from './kafka-zk-client';
export * from './znodes/paths';
export * from './znodes/cluster-id';
export * from './znodes/controller';
export * from './znodes/controller-epoch';
export * from './znodes/broker-registration';
export * from './znodes/topic-assignment';
export * from './znodes/partition-state';
export * from './znodes/delete-topic-marker';
export * from './znodes/topic-partition-list';
export * from './znodes/preferred-replica-election';
export * from './znodes/reassign-partitions';
export * from './znodes/isr-change-notification';
export * from './znodes/log-dir-event-notification';
export * from './znodes/entity-config';
export * from './znodes/config-change-notification';
export * from './znodes/producer-id-block';
export * from './znodes/acl-resource';
export * from './znodes/acl-change-notification';
