// The broker's API table: every handler this broker serves, wired to its services. ApiVersions
// answers from this same registry, so what is advertised is exactly what is registered.

import type { AdminZkClient, TopicDefaults } from '../zk/admin/admin-zk-client';
import type { Logger } from '../common/logger';
import { GroupCoordinator, type GroupConfig } from '../coordinator/group/group-coordinator';
import { GroupMetadataManager, type GroupMetadataManagerConfig } from '../coordinator/group/group-metadata-manager';
import { GROUP_METADATA_TOPIC_NAME } from '../coordinator/group/offsets-topic';
import type { KafkaZkClient } from '../zk';
import { ApiRegistry, createApiVersionsHandler } from './apis';
import { createProduceHandler } from './apis/00-produce';
import { createFetchHandler } from './apis/01-fetch';
import { createListOffsetsHandler } from './apis/02-list-offsets';
import { createSaslHandshakeHandler } from './apis/17-sasl-handshake';
import { createSaslAuthenticateHandler } from './apis/36-sasl-authenticate';
import { createMetadataHandler } from './apis/03-metadata';
import { createLeaderAndIsrHandler } from './apis/04-leader-and-isr';
import { createStopReplicaHandler } from './apis/05-stop-replica';
import { createUpdateMetadataHandler } from './apis/06-update-metadata';
import { createControlledShutdownHandler, type ControlledShutdownService } from './apis/07-controlled-shutdown';
import { createOffsetCommitHandler } from './apis/08-offset-commit';
import { createOffsetFetchHandler } from './apis/09-offset-fetch';
import { createFindCoordinatorHandler } from './apis/10-find-coordinator';
import { createJoinGroupHandler } from './apis/11-join-group';
import { createHeartbeatHandler } from './apis/12-heartbeat';
import { createLeaveGroupHandler } from './apis/13-leave-group';
import { createSyncGroupHandler } from './apis/14-sync-group';
import { createDescribeGroupsHandler } from './apis/15-describe-groups';
import { createListGroupsHandler } from './apis/16-list-groups';
import { createDeleteGroupsHandler } from './apis/42-delete-groups';
import { createOffsetDeleteHandler } from './apis/47-offset-delete';
import { createTxnOffsetCommitHandler } from './apis/28-txn-offset-commit';
import { createInitProducerIdHandler, type ProducerIdService } from './apis/22-init-producer-id';
import { createAddPartitionsToTxnHandler } from './apis/24-add-partitions-to-txn';
import { createAddOffsetsToTxnHandler } from './apis/25-add-offsets-to-txn';
import { createEndTxnHandler } from './apis/26-end-txn';
import { createWriteTxnMarkersHandler } from './apis/27-write-txn-markers';
import type { TransactionCoordinator } from '../coordinator/transaction/transaction-coordinator';
import { TRANSACTION_STATE_TOPIC_NAME } from '../coordinator/transaction/transaction-log';
import { createCoordinatorOffsetsLog } from './coordinator-offsets-log';
import { createOffsetForLeaderEpochHandler } from './apis/23-offset-for-leader-epoch';
import { createAlterReplicaLogDirsHandler } from './apis/34-alter-replica-log-dirs';
import { createDescribeLogDirsHandler } from './apis/35-describe-log-dirs';
import { createDeleteRecordsHandler } from './apis/21-delete-records';
import { createCreateTopicsHandler } from './apis/19-create-topics';
import { createDeleteTopicsHandler } from './apis/20-delete-topics';
import { createCreatePartitionsHandler } from './apis/37-create-partitions';
import { createElectLeadersHandler, type ElectLeadersService } from './apis/43-elect-leaders';
import { createDescribeConfigsHandler } from './apis/32-describe-configs';
import { createAlterConfigsHandler } from './apis/33-alter-configs';
import { createIncrementalAlterConfigsHandler } from './apis/44-incremental-alter-configs';
import type { ConfigAdmin } from './dynamic-config/config-admin';
import { createAlterPartitionReassignmentsHandler, type ReassignmentService } from './apis/45-alter-partition-reassignments';
import { createListPartitionReassignmentsHandler, type ReassignmentListing } from './apis/46-list-partition-reassignments';
import type { MetadataCache } from './metadata-cache';
import type { ReplicaManager } from './replica-manager';
import type { BrokerTopicMetrics } from '../metrics/broker-topic-metrics';
import type { AclAdmin } from '../security/acl/acl-authorizer';
import { createDescribeAclsHandler } from './apis/29-describe-acls';
import { createCreateAclsHandler } from './apis/30-create-acls';
import { createDeleteAclsHandler } from './apis/31-delete-acls';
import type { ClientQuotas } from './quota/client-quotas';

export interface BrokerApiServices {
  replicaManager: ReplicaManager;
  metadataCache: MetadataCache;
  clusterId: string;
  brokerEpoch(): bigint;
  autoCreateTopicsEnable: boolean;
  autoCreateTopics(topics: string[]): Promise<void>;
  /** Loads what creating these topics' logs needs (their configs) before LeaderAndIsr applies. */
  prepareTopics?(topics: string[]): Promise<void>;
  logger: Logger;
  /** Fetch's BytesOutPerSec; none in tests that don't look. */
  topicMetrics?: BrokerTopicMetrics;
  /** Client quotas for Produce and Fetch (the request quota is the dispatcher's); none in tests that don't look. */
  clientQuotas?: ClientQuotas;
  /** The control-plane APIs (served by the active controller); absent in data-plane-only tests. */
  admin?: {
    controller: ControlledShutdownService & ElectLeadersService & ReassignmentService & ReassignmentListing;
    adminZk: AdminZkClient;
    topicDefaults: TopicDefaults;
    deleteTopicEnable: boolean;
    /** DescribeConfigs, AlterConfigs and IncrementalAlterConfigs. */
    configAdmin: ConfigAdmin;
  };
  /** InitProducerId; absent in data-plane-only tests. */
  producerIds?: ProducerIdService;
  /** authorizer.class.name's ACL authorizer for CreateAcls/DescribeAcls/DeleteAcls; none: SECURITY_DISABLED. */
  aclAdmin?: AclAdmin | null;
  /** The transaction coordinator and WriteTxnMarkers; absent in data-plane-only tests. */
  transactions?: {
    coordinator: TransactionCoordinator;
    /** Creates __transaction_state when a FindCoordinator finds it missing. */
    createTransactionStateTopic(): Promise<void>;
    /** request.timeout.ms: how long a marker append waits for the ISR. */
    requestTimeoutMs: number;
  };
  /** The group coordinator's settings; absent in data-plane-only tests. */
  groups?: {
    config: GroupConfig & GroupMetadataManagerConfig;
    /** For OffsetCommit/OffsetFetch v0 (offsets in ZooKeeper). */
    zk?: KafkaZkClient;
    /** Creates __consumer_offsets when a FindCoordinator finds it missing. */
    createOffsetsTopic(): Promise<void>;
  };
}

export interface BrokerApis {
  registry: ApiRegistry;
  groupCoordinator: GroupCoordinator | null;
}

export function createBrokerApis(services: BrokerApiServices): BrokerApis {
  const { replicaManager, metadataCache } = services;
  const groupCoordinator = createGroupCoordinator(services);
  const registry = new ApiRegistry();
  registry
    .register(createProduceHandler({ replicaManager, quotas: services.clientQuotas }))
    .register(createFetchHandler({ replicaManager, topicMetrics: services.topicMetrics, quotas: services.clientQuotas }))
    .register(createListOffsetsHandler({ replicaManager }))
    .register(createSaslHandshakeHandler())
    .register(createSaslAuthenticateHandler())
    .register(
      createMetadataHandler({
        metadataCache,
        clusterId: services.clusterId,
        autoCreateTopicsEnable: services.autoCreateTopicsEnable,
        autoCreateTopics: services.autoCreateTopics,
        createOffsetsTopic: services.groups?.createOffsetsTopic,
        logger: services.logger,
      }),
    )
    .register(
      createLeaderAndIsrHandler({
        replicaManager,
        brokerEpoch: services.brokerEpoch,
        beforeApply: services.prepareTopics,
        onLeadershipChange: (_request, response) => {
          const txnCoordinator = services.transactions?.coordinator;
          for (const p of response.partitionErrors) {
            if (p.errorCode !== 0) continue;
            // Kafka's onLeadershipChange: a new leader of a coordinator partition loads it, a follower drops it.
            const partition = replicaManager.getPartition(p.topicName, p.partitionIndex);
            if (groupCoordinator !== null && p.topicName === GROUP_METADATA_TOPIC_NAME) {
              if (partition?.isLeader) groupCoordinator.onElection(p.partitionIndex);
              else groupCoordinator.onResignation(p.partitionIndex);
            } else if (txnCoordinator !== undefined && p.topicName === TRANSACTION_STATE_TOPIC_NAME && partition !== undefined) {
              // The coordinator epoch is the partition's leader epoch.
              if (partition.isLeader) txnCoordinator.onElection(p.partitionIndex, partition.leaderEpoch);
              else txnCoordinator.onResignation(p.partitionIndex, partition.leaderEpoch);
            }
          }
        },
      }),
    )
    .register(createOffsetForLeaderEpochHandler(replicaManager))
    .register(createAlterReplicaLogDirsHandler(replicaManager))
    .register(createDescribeLogDirsHandler(replicaManager))
    .register(createDeleteRecordsHandler({ replicaManager, metadataCache }))
    .register(createStopReplicaHandler({ replicaManager, brokerEpoch: services.brokerEpoch }))
    .register(
      createUpdateMetadataHandler({
        metadataCache,
        replicaManager,
        brokerEpoch: services.brokerEpoch,
        onPartitionsDeleted: (partitions) => {
          partitions.forEach((p) => replicaManager.completeDelayedRequests(p.topic, p.partition));
          groupCoordinator?.handleDeletedPartitions(partitions);
        },
      }),
    );
  const admin = services.admin;
  if (admin !== undefined) {
    const { controller, adminZk } = admin;
    registry
      .register(createControlledShutdownHandler(controller))
      .register(createCreateTopicsHandler({ controller, admin: adminZk, metadataCache, defaults: admin.topicDefaults, configAdmin: admin.configAdmin, logger: services.logger }))
      .register(createDeleteTopicsHandler({ controller, admin: adminZk, metadataCache, deleteTopicEnable: admin.deleteTopicEnable }))
      .register(createCreatePartitionsHandler({ controller, admin: adminZk, metadataCache }))
      .register(createElectLeadersHandler({ controller, metadataCache }))
      .register(createDescribeConfigsHandler(admin.configAdmin))
      .register(createAlterConfigsHandler(admin.configAdmin))
      .register(createIncrementalAlterConfigsHandler(admin.configAdmin))
      .register(createAlterPartitionReassignmentsHandler(controller))
      .register(createListPartitionReassignmentsHandler(controller));
  }
  const groups = services.groups;
  if (groupCoordinator !== null && groups !== undefined) {
    const deps = { coordinator: groupCoordinator, metadataCache, zk: groups.zk };
    registry
      .register(createOffsetCommitHandler(deps))
      .register(createOffsetFetchHandler(deps))
      .register(createFindCoordinatorHandler({ ...deps, createOffsetsTopic: groups.createOffsetsTopic, transactions: transactionTopic(services) }))
      .register(createJoinGroupHandler(deps))
      .register(createHeartbeatHandler(deps))
      .register(createLeaveGroupHandler(deps))
      .register(createSyncGroupHandler(deps))
      .register(createDescribeGroupsHandler(deps))
      .register(createListGroupsHandler(deps))
      .register(createDeleteGroupsHandler(deps))
      .register(createOffsetDeleteHandler(deps))
      .register(createTxnOffsetCommitHandler(deps));
  }
  if (services.producerIds !== undefined) registry.register(createInitProducerIdHandler(services.producerIds));
  const transactions = services.transactions;
  if (transactions !== undefined) {
    const deps = { coordinator: transactions.coordinator, metadataCache };
    registry
      .register(createAddPartitionsToTxnHandler(deps))
      .register(createEndTxnHandler(deps))
      .register(
        createWriteTxnMarkersHandler({
          replicaManager,
          requestTimeoutMs: transactions.requestTimeoutMs,
          onOffsetsTransactionCompleted: (producerId, partitions, result) => groupCoordinator?.scheduleHandleTxnCompletion(producerId, partitions, result),
        }),
      );
    if (groupCoordinator !== null) registry.register(createAddOffsetsToTxnHandler({ ...deps, offsetsPartitionFor: (groupId) => groupCoordinator.partitionFor(groupId) }));
  }
  const aclAdmin = services.aclAdmin ?? null;
  registry.register(createDescribeAclsHandler(aclAdmin)).register(createCreateAclsHandler(aclAdmin)).register(createDeleteAclsHandler(aclAdmin));
  registry.register(createApiVersionsHandler(registry));
  return { registry, groupCoordinator };
}

function transactionTopic(services: BrokerApiServices) {
  const transactions = services.transactions;
  if (transactions === undefined) return undefined;
  return { partitionFor: (id: string) => transactions.coordinator.partitionFor(id), createTransactionStateTopic: transactions.createTransactionStateTopic };
}

function createGroupCoordinator(services: BrokerApiServices): GroupCoordinator | null {
  if (services.groups === undefined) return null;
  const offsetsLog = createCoordinatorOffsetsLog(services.replicaManager);
  const manager = new GroupMetadataManager(services.groups.config, offsetsLog, services.logger);
  return new GroupCoordinator(services.groups.config, manager, services.logger);
}
