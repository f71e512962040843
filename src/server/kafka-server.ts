// One broker's lifecycle (Kafka's KafkaServer). Startup follows Kafka 2.4's order: connect to
// ZooKeeper, create the top-level paths, get or create the cluster id, check meta.properties,
// load the logs, bind the sockets, register /brokers/ids/<id> (its czxid is the broker epoch),
// write meta.properties, start the controller (which campaigns for /controller) and the periodic
// tasks. Shutdown: controlled shutdown through the controller, then stop serving, stop the
// controller, checkpoint and close the logs (clean-shutdown marker), close the ZooKeeper session.

import { AdminZkClient } from '../zk/admin/admin-zk-client';
import {
  canonicalLocalHostName,
  ConfigError,
  endpointsForRegistration,
  parseApiVersion,
  type BrokerConfig,
} from '../common/config';
import type { BrokerLoggers } from '../common/logging';
import { sleep } from '../common/poll';
import { KafkaController } from '../controller/kafka-controller';
import { AdminError } from '../zk/admin/admin-zk-client';
import { GROUP_METADATA_TOPIC_NAME, offsetsTopicConfigs } from '../coordinator/group/offsets-topic';
import type { GroupCoordinator } from '../coordinator/group/group-coordinator';
import type { CompressionType } from '../protocol/records/batch-header';
import { LogManager, PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, writeBrokerMetadata } from '../log';
import { ProducerIdManager } from '../coordinator/transaction/producer-id-manager';
import { TransactionCoordinator } from '../coordinator/transaction/transaction-coordinator';
import { TRANSACTION_STATE_TOPIC_NAME, transactionStateTopicConfigs } from '../coordinator/transaction/transaction-log';
import { TransactionMarkerChannel } from '../coordinator/transaction/transaction-marker-channel';
import { TransactionStateManager } from '../coordinator/transaction/transaction-state-manager';
import { createCoordinatorOffsetsLog } from './coordinator-offsets-log';
import { BrokerTxnMarkerTransport } from './txn-marker-transport';
import { BrokerConnection, type BrokerClientSecurity } from '../network/broker-connection';
import { AclAuthorizer } from '../security/acl/acl-authorizer';
import { isSupportedAuthorizerClass, unsupportedAuthorizerMessage } from '../security/acl/authorizer-class-names';
import { buildBrokerSecurity } from './security/broker-security';
import { SaslAuthenticatingDispatcher } from './sasl/sasl-authenticator';
import { SocketServer } from '../network/socket-server';
import { ErrorCode, errorName } from '../protocol/errors';
import { Apis } from '../protocol/generated';
import { BrokerIdAlreadyRegisteredError, KafkaZkClient, expireSession } from '../zk';
import { ApiDispatcher } from './apis';
import { createBrokerApis } from './broker-apis';
import { ReplicaFetcherManager } from './replica-fetcher-manager';
import { MetadataCache } from './metadata-cache';
import { ReplicaManager } from './replica-manager';
import { TopicConfigs } from './topic-configs';
import { ConfigAdmin } from './dynamic-config/config-admin';
import { DynamicBrokerConfig } from './dynamic-config/dynamic-broker-config';
import { DynamicConfigManager } from './dynamic-config/dynamic-config-manager';
import { systemClock } from '../common/clock';
import { ReplicationQuotaManager } from './replication-quota';
import { ClientQuotas, clientQuotaSettings } from './quota/client-quotas';
import { topicPartitionKey } from '../common/topic-partition';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { BrokerHttpServer } from '../metrics/broker-http-server';
import { CONTROL_PLANE_EVENTS_PATH, serveControlPlaneEvents } from './control-plane-events-endpoint';

/** LogManager.InitialTaskDelayMs: retention, flushes and checkpoints first run 30 s after startup. */
const LOG_MANAGER_INITIAL_TASK_DELAY_MS = 30_000;

export class KafkaServer {
  private zk: KafkaZkClient | null = null;
  private logManager: LogManager | null = null;
  private socketServer: SocketServer | null = null;
  private controller: KafkaController | null = null;
  private replicaManager: ReplicaManager | null = null;
  private fetcherManager: ReplicaFetcherManager | null = null;
  private groupCoordinator: GroupCoordinator | null = null;
  private dynamicConfigManager: DynamicConfigManager | null = null;
  /** Internal topic creations in flight (__consumer_offsets, __transaction_state), shared by concurrent FindCoordinators. */
  private readonly internalTopicCreations = new Map<string, Promise<void>>();
  private transactionCoordinator: TransactionCoordinator | null = null;
  private txnMarkerTransport: BrokerTxnMarkerTransport | null = null;
  private authorizer: AclAuthorizer | null = null;
  /** TLS/SASL towards the other brokers' inter-broker listener (undefined for PLAINTEXT). */
  private interBrokerClient: BrokerClientSecurity | undefined;
  private brokerEpoch = -1n;
  private clusterId = '';
  private readonly timers: NodeJS.Timeout[] = [];
  private shuttingDown = false;
  /** Kept whether or not they are served, as Kafka keeps its MBeans without a JMX agent. */
  readonly metrics = new BrokerMetrics();
  private http: BrokerHttpServer | null = null;

  constructor(
    readonly config: BrokerConfig,
    private readonly loggers: BrokerLoggers,
  ) {}

  private get prefix(): string {
    return `[KafkaServer id=${this.config.brokerId}]`;
  }

  /** The bound port of a listener (useful when the config asked for port 0). */
  boundPort(listener: string): number | undefined {
    return this.socketServer?.boundPort(listener);
  }

  /** The /metrics endpoint (metrics.prometheus.port), for other parts to add routes to; null when not served. */
  get httpServer(): BrokerHttpServer | null {
    return this.http;
  }

  get isController(): boolean {
    return this.controller?.isActive ?? false;
  }

  async startup(): Promise<void> {
    const { config } = this;
    const log = this.loggers.server;
    log.info(`${this.prefix} starting`);
    for (const warning of config.unknownPropertyWarnings()) log.warn(`${this.prefix} ${warning}`);
    for (const name of config.ignoredPropertiesSet()) log.warn(`${this.prefix} Property ${name} is accepted for compatibility but has no effect in this broker`);
    if (config.brokerId < 0) throw new Error('broker.id must be set: generated broker ids (broker.id=-1) are not supported yet');
    // Stores, JAAS and mapping rules are read first, so that a bad one fails the startup at once.
    const security = buildBrokerSecurity(config, log);
    this.interBrokerClient = security.interBrokerClient;

    log.info(`${this.prefix} Connecting to zookeeper on ${config.zkConnect}`);
    const zk = await KafkaZkClient.connect({
      connectString: config.zkConnect,
      sessionTimeoutMs: config.zkSessionTimeoutMs,
      connectionTimeoutMs: config.zkConnectionTimeoutMs,
      createChroot: true,
      logger: log,
      name: '[ZooKeeperClient Kafka server]',
    });
    this.zk = zk;
    await zk.createTopLevelPaths();
    this.clusterId = await zk.getOrGenerateClusterId();
    log.info(`${this.prefix} Cluster ID = ${this.clusterId}`);
    const authorizer = await this.startAuthorizer(zk);

    const brokerConfig = new DynamicBrokerConfig(config, log);
    await brokerConfig.initialize(zk);
    const topicConfigs = new TopicConfigs(brokerConfig.topicDefaults(), zk);
    await topicConfigs.loadAll();
    const logManager = LogManager.open({ logDirs: [...config.logDirs], defaultConfig: topicConfigs.defaults, configFor: (t) => topicConfigs.get(t), logger: log, cleanerSettings: (name) => brokerConfig.value(name), producerIdExpirationMs: config.transactionalIdExpirationMs });
    this.logManager = logManager;
    logManager.checkBrokerMetadata(config.brokerId, this.clusterId);

    const metadataCache = new MetadataCache(config.brokerId);
    const quotaWindow = [config.get('replication.quota.window.num') as number, (config.get('replication.quota.window.size.seconds') as number) * 1000] as const;
    const alterLogDirsQuotaWindow = [config.get('alter.log.dirs.replication.quota.window.num') as number, (config.get('alter.log.dirs.replication.quota.window.size.seconds') as number) * 1000] as const;
    // QuotaFactory: the client quotas (byte rates and requests) beside the replication ones.
    const clientQuotas = new ClientQuotas(clientQuotaSettings(config), systemClock, log);
    const replicationQuotas = {
      leader: new ReplicationQuotaManager(systemClock, ...quotaWindow),
      follower: new ReplicationQuotaManager(systemClock, ...quotaWindow),
      alterLogDirs: new ReplicationQuotaManager(systemClock, ...alterLogDirsQuotaWindow),
    };
    this.fetcherManager = new ReplicaFetcherManager(
      {
        brokerId: config.brokerId,
        maxWaitMs: config.replicaFetchWaitMaxMs,
        minBytes: config.replicaFetchMinBytes,
        maxBytesPerPartition: config.replicaFetchMaxBytes,
        responseMaxBytes: config.replicaFetchResponseMaxBytes,
        backoffMs: config.replicaFetchBackoffMs,
        socketTimeoutMs: config.replicaSocketTimeoutMs,
        quota: replicationQuotas.follower,
        metrics: this.metrics.topics,
        clientSecurity: security.interBrokerClient,
      },
      log,
      (id) => metadataCache.broker(id)?.endpoints.get(config.interBrokerListenerName),
    );
    const replicaManager = new ReplicaManager({
      brokerId: config.brokerId,
      logManager,
      topicConfig: (t) => topicConfigs.get(t),
      logger: log,
      stateChangeLogger: this.loggers.stateChange,
      zk,
      replicaLagTimeMaxMs: config.replicaLagTimeMaxMs,
      followerFetching: this.fetcherManager,
      isBrokerAlive: (id) => metadataCache.isBrokerAlive(id),
      leaderQuota: replicationQuotas.leader,
      alterLogDirsQuota: replicationQuotas.alterLogDirs,
      replicaFetchMaxBytes: config.replicaFetchMaxBytes,
      metrics: this.metrics,
    });
    this.replicaManager = replicaManager;
    const adminZk = new AdminZkClient(zk);
    const topicDefaults = { numPartitions: config.numPartitions, replicationFactor: config.defaultReplicationFactor };
    const controller = new KafkaController({
      brokerId: config.brokerId,
      zk,
      interBrokerListenerName: config.interBrokerListenerName,
      deleteTopicEnable: config.deleteTopicEnable,
      uncleanLeaderElectionEnable: () => brokerConfig.value('unclean.leader.election.enable') === true,
      registerBroker: () => this.registerBroker(),
      logger: this.loggers.controller,
      stateChangeLogger: this.loggers.stateChange,
      requestTimeoutMs: config.controllerSocketTimeoutMs,
      autoLeaderRebalanceEnable: config.autoLeaderRebalanceEnable,
      leaderImbalancePerBrokerPercentage: config.leaderImbalancePerBrokerPercentage,
      leaderImbalanceCheckIntervalSeconds: config.leaderImbalanceCheckIntervalSeconds,
      metrics: this.metrics.controller,
      clientSecurity: security.interBrokerClient,
    });
    this.controller = controller;

    // Kafka's TransactionCoordinator.startup: this broker's first block of producer ids.
    const producerIds = await ProducerIdManager.start(config.brokerId, zk, log);
    const transactionCoordinator = this.createTransactionCoordinator(producerIds, replicaManager, metadataCache);

    const apis = createBrokerApis({
      aclAdmin: authorizer,
      replicaManager,
      metadataCache,
      clusterId: this.clusterId,
      brokerEpoch: () => this.brokerEpoch,
      autoCreateTopicsEnable: config.autoCreateTopicsEnable,
      autoCreateTopics: async (topics) => {
        for (const name of topics) {
          await adminZk.createTopic({ name, numPartitions: -1, replicationFactor: -1 }, metadataCache.aliveBrokerIds(), {
            numPartitions: config.numPartitions,
            // Kafka caps nothing here: a replication factor above the live brokers fails the creation.
            replicationFactor: config.defaultReplicationFactor,
          });
          log.info(`${this.prefix} Auto-created topic ${name}`);
        }
      },
      // A topic's first log here is created with its config read afresh, as Kafka's Partition does.
      prepareTopics: (topics) => topicConfigs.reload(topics.filter((t) => !logManager.allLogs().some((l) => l.topic === t))),
      logger: log,
      topicMetrics: this.metrics.topics,
      clientQuotas,
      producerIds: { initProducerId: (r) => transactionCoordinator.handleInitProducerId(r.transactionalId, r.transactionTimeoutMs) },
      transactions: {
        coordinator: transactionCoordinator,
        createTransactionStateTopic: () => this.createTransactionStateTopic(adminZk, metadataCache),
        requestTimeoutMs: config.requestTimeoutMs,
      },
      admin: {
        controller,
        adminZk,
        topicDefaults,
        deleteTopicEnable: config.deleteTopicEnable,
        configAdmin: new ConfigAdmin({ adminZk, brokerConfig, topicExists: (t) => metadataCache.contains(t) }),
      },
      groups: {
        config: {
          brokerId: config.brokerId,
          groupMinSessionTimeoutMs: config.groupMinSessionTimeoutMs,
          groupMaxSessionTimeoutMs: config.groupMaxSessionTimeoutMs,
          groupInitialRebalanceDelayMs: config.groupInitialRebalanceDelayMs,
          groupMaxSize: config.groupMaxSize,
          offsetsTopicNumPartitions: config.offsetsTopicNumPartitions,
          offsetsRetentionMs: config.offsetsRetentionMinutes * 60 * 1000,
          offsetsRetentionCheckIntervalMs: config.offsetsRetentionCheckIntervalMs,
          offsetCommitTimeoutMs: config.offsetsCommitTimeoutMs,
          offsetCommitRequiredAcks: config.offsetsCommitRequiredAcks,
          offsetsLoadBufferSize: config.offsetsLoadBufferSize,
          offsetMetadataMaxBytes: config.offsetMetadataMaxBytes,
          compression: config.offsetsTopicCompressionCodec as CompressionType,
        },
        zk,
        createOffsetsTopic: () => this.createOffsetsTopic(adminZk, metadataCache),
      },
    });
    this.groupCoordinator = apis.groupCoordinator;

    this.socketServer = new SocketServer({
      listeners: security.listeners,
      dispatcher: new SaslAuthenticatingDispatcher({
        listeners: security.saslListeners,
        inner: new ApiDispatcher(apis.registry, log, this.metrics.requests, authorizer, clientQuotas),
        failedAuthenticationDelayMs: config.get('connection.failed.authentication.delay.ms') as number,
        logger: log,
      }),
      principalForCertificate: security.principalForCertificate,
      logger: log,
      socketRequestMaxBytes: config.socketRequestMaxBytes,
      maxConnections: config.maxConnections,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
      maxConnectionsPerIpOverrides: config.maxConnectionsPerIpOverrides,
      connectionsMaxIdleMs: config.connectionsMaxIdleMs,
    });
    await this.socketServer.start();
    await this.startHttpServer();

    this.brokerEpoch = await this.registerBrokerAtStartup();
    for (const dir of config.logDirs) writeBrokerMetadata(dir, { brokerId: config.brokerId, clusterId: this.clusterId });
    replicaManager.startup();
    controller.startup();
    this.groupCoordinator?.startup();
    transactionCoordinator.startup();
    this.dynamicConfigManager = new DynamicConfigManager({
      zk,
      brokerConfig,
      topicConfigs,
      logManager,
      uncleanLeaderElectionEnabled: (topic) => controller.uncleanLeaderElectionEnabledByConfig(topic),
      replicationQuotas,
      clientQuotas,
      scramCredentials: security.scramCredentials,
      logger: log,
      time: systemClock,
    });
    await this.dynamicConfigManager.startup();
    this.schedulePeriodicTasks();
    log.info(`${this.prefix} started`);
  }

  /** authorizer.class.name's ACL authorizer, loaded from ZooKeeper and following its changes; null when unset. */
  private async startAuthorizer(zk: KafkaZkClient): Promise<AclAuthorizer | null> {
    const className = this.config.get('authorizer.class.name') as string;
    if (className === '') return null;
    if (!isSupportedAuthorizerClass(className)) throw new ConfigError('authorizer.class.name', unsupportedAuthorizerMessage(className));
    const props = this.config.originals;
    const authorizer = new AclAuthorizer({
      zk,
      className,
      superUsers: props['super.users'],
      allowEveryoneIfNoAclFound: (props['allow.everyone.if.no.acl.found'] ?? 'false').trim().toLowerCase() === 'true',
      logger: this.loggers.authorizer,
      serverLogger: this.loggers.server,
      time: systemClock,
      extendedAclSupport: parseApiVersion(this.config.interBrokerProtocolVersion)!.ordinal >= parseApiVersion('2.0-IV1')!.ordinal,
    });
    await authorizer.start();
    this.authorizer = authorizer;
    return authorizer;
  }

  /** Serves /metrics when metrics.prometheus.port is set. */
  private async startHttpServer(): Promise<void> {
    const { metricsPrometheusPort: port, metricsPrometheusHost: host } = this.config;
    if (port === null) return;
    this.metrics.collectProcessMetrics();
    const http = new BrokerHttpServer({ port, host, registry: this.metrics.registry, logger: this.loggers.server });
    http.route(CONTROL_PLANE_EVENTS_PATH, serveControlPlaneEvents(this.loggers.events));
    await http.start();
    this.http = http;
    this.loggers.server.info(`${this.prefix} Serving Prometheus metrics at http://${host}:${http.port}/metrics`);
  }

  /**
   * After a kill -9 the previous process's /brokers/ids/<id> lingers until ZooKeeper expires its
   * session. Kafka 2.4 fails at once in that case; we wait out one session timeout first, then fail
   * with the same clear error if the id is still registered — by a broker that really is alive.
   */
  private async registerBrokerAtStartup(): Promise<bigint> {
    const deadline = Date.now() + this.config.zkSessionTimeoutMs + 2000;
    for (;;) {
      try {
        return await this.registerBroker();
      } catch (error) {
        if (!(error instanceof BrokerIdAlreadyRegisteredError) || Date.now() > deadline) throw error;
        this.loggers.server.warn(`${this.prefix} ${error.message}; waiting for the previous ZooKeeper session to expire`);
        await sleep(500);
      }
    }
  }

  /**
   * Creates __consumer_offsets with offsets.topic.num.partitions and offsets.topic.replication.factor,
   * the replication factor capped to the live brokers when fewer are up (so a small or starting
   * cluster still gets its group coordinators).
   */
  private createOffsetsTopic(adminZk: AdminZkClient, metadataCache: MetadataCache): Promise<void> {
    const { config } = this;
    const alive = metadataCache.aliveBrokerIds();
    const replicationFactor = Math.min(config.offsetsTopicReplicationFactor, alive.length);
    if (replicationFactor < config.offsetsTopicReplicationFactor) {
      this.loggers.server.warn(`${this.prefix} Number of alive brokers '${alive.length}' does not meet the required replication factor '${config.offsetsTopicReplicationFactor}' for the offsets topic (configured via 'offsets.topic.replication.factor'); creating it with replication factor ${replicationFactor}`);
    }
    return this.createInternalTopic(adminZk, alive, { name: GROUP_METADATA_TOPIC_NAME, numPartitions: config.offsetsTopicNumPartitions, replicationFactor, config: offsetsTopicConfigs(config.offsetsTopicSegmentBytes) });
  }

  /**
   * Creates __transaction_state as 2.4.1's KafkaApis.createInternalTopic does: only once as many
   * brokers are alive as transaction.state.log.replication.factor asks for (until then the
   * FindCoordinator answer stays COORDINATOR_NOT_AVAILABLE).
   */
  private createTransactionStateTopic(adminZk: AdminZkClient, metadataCache: MetadataCache): Promise<void> {
    const { config } = this;
    const alive = metadataCache.aliveBrokerIds();
    if (alive.length < config.transactionStateLogReplicationFactor) {
      this.loggers.server.error(`${this.prefix} Number of alive brokers '${alive.length}' does not meet the required replication factor '${config.transactionStateLogReplicationFactor}' for the transactions state topic (configured via 'transaction.state.log.replication.factor'). This error can be ignored if the cluster is starting up and not all brokers are up yet.`);
      return Promise.resolve();
    }
    const topicConfig = transactionStateTopicConfigs(config.transactionStateLogMinIsr, config.transactionStateLogSegmentBytes);
    return this.createInternalTopic(adminZk, alive, { name: TRANSACTION_STATE_TOPIC_NAME, numPartitions: config.transactionStateLogNumPartitions, replicationFactor: config.transactionStateLogReplicationFactor, config: topicConfig });
  }

  private createInternalTopic(adminZk: AdminZkClient, alive: number[], topic: { name: string; numPartitions: number; replicationFactor: number; config: Map<string, string> }): Promise<void> {
    const inFlight = this.internalTopicCreations.get(topic.name);
    if (inFlight !== undefined) return inFlight;
    const { config } = this;
    const log = this.loggers.server;
    const creation = adminZk
      .createTopic(topic, alive, { numPartitions: config.numPartitions, replicationFactor: config.defaultReplicationFactor })
      .then(
        () => log.info(`${this.prefix} Auto creation of topic ${topic.name} with ${topic.numPartitions} partitions and replication factor ${topic.replicationFactor} is successful`),
        (error: Error) => {
          // Another broker may have created it first.
          if (!(error instanceof AdminError && error.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS)) log.error(`${this.prefix} Failed to create ${topic.name}: ${error.message}`);
        },
      )
      .finally(() => this.internalTopicCreations.delete(topic.name));
    this.internalTopicCreations.set(topic.name, creation);
    return creation;
  }

  private createTransactionCoordinator(producerIds: ProducerIdManager, replicaManager: ReplicaManager, metadataCache: MetadataCache): TransactionCoordinator {
    const { config } = this;
    const log = this.loggers.server;
    const stateManager = new TransactionStateManager(
      {
        transactionStateLogNumPartitions: config.transactionStateLogNumPartitions,
        transactionMaxTimeoutMs: config.transactionMaxTimeoutMs,
        transactionalIdExpirationMs: config.transactionalIdExpirationMs,
        transactionStateLogLoadBufferSize: config.transactionStateLogLoadBufferSize,
      },
      createCoordinatorOffsetsLog(replicaManager, TRANSACTION_STATE_TOPIC_NAME),
      systemClock,
      log,
    );
    this.txnMarkerTransport = new BrokerTxnMarkerTransport({ brokerId: config.brokerId, metadataCache, interBrokerListenerName: config.interBrokerListenerName, requestTimeoutMs: config.requestTimeoutMs, clientSecurity: this.interBrokerClient });
    const markers = new TransactionMarkerChannel(stateManager, this.txnMarkerTransport, log);
    this.transactionCoordinator = new TransactionCoordinator(
      {
        abortTimedOutTransactionsIntervalMs: config.transactionAbortTimedOutTransactionCleanupIntervalMs,
        removeExpiredTransactionalIdsIntervalMs: config.transactionRemoveExpiredTransactionCleanupIntervalMs,
      },
      producerIds,
      stateManager,
      markers,
      systemClock,
      log,
    );
    return this.transactionCoordinator;
  }

  /** Registers /brokers/ids/<id> with the advertised endpoints; returns the broker epoch. */
  private async registerBroker(): Promise<bigint> {
    const advertised = endpointsForRegistration(this.config.advertisedListeners, await canonicalLocalHostName());
    // A listener bound to port 0 advertises the port it actually got.
    const endpoints = advertised.map((e) => ({
      listenerName: e.name,
      host: e.host,
      port: e.port === 0 ? (this.socketServer?.boundPort(e.name) ?? 0) : e.port,
      securityProtocol: e.securityProtocol,
    }));
    this.brokerEpoch = await this.zk!.registerBroker({ id: this.config.brokerId, endpoints, rack: this.config.rack });
    this.loggers.server.info(`${this.prefix} Registered broker ${this.config.brokerId} at path /brokers/ids/${this.config.brokerId} with addresses: ${endpoints.map((e) => `${e.listenerName}://${e.host}:${e.port}`).join(',')}, czxid (broker epoch): ${this.brokerEpoch}`);
    return this.brokerEpoch;
  }

  private schedulePeriodicTasks(): void {
    // Kafka's scheduler: a task first runs after `delayMs`, then every `periodMs`.
    const every = (periodMs: number, task: () => void, delayMs = periodMs) => {
      if (!Number.isFinite(periodMs) || periodMs <= 0 || periodMs > 2 ** 31 - 1) return;
      const run = () => {
        try {
          task();
        } catch (error) {
          this.loggers.server.error(`${this.prefix} Periodic task failed: ${(error as Error).stack ?? error}`);
        }
      };
      const first = setTimeout(() => {
        run();
        const timer = setInterval(run, periodMs);
        timer.unref();
        this.timers.push(timer);
      }, delayMs);
      first.unref();
      this.timers.push(first);
    };
    const logs = this.logManager!;
    // LogManager.startup starts its tasks after InitialTaskDelayMs (30 s) whatever their period.
    every(this.config.logRetentionCheckIntervalMs, () => logs.cleanupLogs(), LOG_MANAGER_INITIAL_TASK_DELAY_MS);
    every(this.config.replicaHighWatermarkCheckpointIntervalMs, () => logs.checkpointHighWatermarks());
    every(this.config.logFlushOffsetCheckpointIntervalMs, () => logs.checkpointRecoveryPointOffsets(), LOG_MANAGER_INITIAL_TASK_DELAY_MS);
    every(this.config.logFlushStartOffsetCheckpointIntervalMs, () => logs.checkpointLogStartOffsets(), LOG_MANAGER_INITIAL_TASK_DELAY_MS);
    every(this.config.logFlushSchedulerIntervalMs, () => logs.flushDirtyLogs(), LOG_MANAGER_INITIAL_TASK_DELAY_MS);
    every(PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, () => logs.removeExpiredProducers());
  }

  /**
   * Asks the controller to move leadership away, retrying as Kafka does
   * (controlled.shutdown.max.retries, controlled.shutdown.retry.backoff.ms); returns whether the
   * controller confirmed this broker leads nothing that has another replica.
   */
  private async controlledShutdown(): Promise<boolean> {
    const zk = this.zk!;
    const log = this.loggers.server;
    for (let attempt = 1; attempt <= this.config.controlledShutdownMaxRetries; attempt++) {
      let connection: BrokerConnection | null = null;
      try {
        const controllerId = await zk.getControllerId();
        const controller = controllerId === null ? null : await zk.getBroker(controllerId);
        const endpoint = controller?.endpoints.find((e) => e.listenerName === this.config.interBrokerListenerName);
        if (endpoint) {
          connection = new BrokerConnection({ host: endpoint.host ?? 'localhost', port: endpoint.port, clientId: `broker-${this.config.brokerId}-controlled-shutdown`, requestTimeoutMs: this.config.controllerSocketTimeoutMs, ...this.interBrokerClient?.(endpoint.host ?? 'localhost') });
          await connection.connect();
          const response = await connection.send(Apis.ControlledShutdown, 3, { brokerId: this.config.brokerId, brokerEpoch: this.brokerEpoch });
          if (response.errorCode === ErrorCode.NONE && response.remainingPartitions.length === 0) {
            log.info(`${this.prefix} Controlled shutdown succeeded`);
            return true;
          }
          log.info(`${this.prefix} Remaining partitions to move: ${response.remainingPartitions.map((p) => topicPartitionKey(p.topicName, p.partitionIndex)).join(',')} (${errorName(response.errorCode)})`);
        }
      } catch (error) {
        log.warn(`${this.prefix} Controlled shutdown attempt ${attempt} failed: ${(error as Error).message}`);
      } finally {
        connection?.close();
      }
      if (attempt < this.config.controlledShutdownMaxRetries) await sleep(this.config.controlledShutdownRetryBackoffMs);
    }
    log.warn(`${this.prefix} Proceeding to do an unclean shutdown as all the controlled shutdown attempts failed`);
    return false;
  }

  /** Ends this broker's ZooKeeper session at the ensemble (a fault injection: see kafka-server-start's SIGUSR2). */
  async expireZooKeeperSession(): Promise<void> {
    if (this.zk === null) return;
    await expireSession(this.config.zkConnect, this.zk.zk.sessionCredentials());
  }

  async shutdown(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const log = this.loggers.server;
    log.info(`${this.prefix} shutting down`);
    // Only a registered broker hands its leaderships over: one whose startup failed before
    // registering (say, its id was taken) must not ask the controller to shut that id down.
    if (this.config.controlledShutdownEnable && this.zk !== null && this.brokerEpoch >= 0n) await this.controlledShutdown();
    for (const t of this.timers) clearTimeout(t);
    await this.dynamicConfigManager?.shutdown();
    // Stop following first, so leaders don't take this broker back into their ISR while it leaves.
    await this.fetcherManager?.shutdown();
    await this.socketServer?.stop();
    this.groupCoordinator?.shutdown();
    this.transactionCoordinator?.shutdown();
    this.txnMarkerTransport?.close();
    await this.replicaManager?.shutdown();
    await this.controller?.shutdown();
    if (this.logManager !== null) {
      this.logManager.checkpointHighWatermarks();
      this.logManager.shutdown();
    }
    await this.http?.stop();
    await this.authorizer?.close();
    await this.zk?.close();
    log.info(`${this.prefix} shut down completed`);
  }
}
