// The controller (Kafka's KafkaController): every broker runs one; the one that wins /controller
// is active. ZooKeeper watches and API calls only enqueue events; the single event loop processes
// them one at a time. Every ZooKeeper write of the active controller is fenced by the version of
// /controller_epoch, so a deposed controller (say, one whose session expired) cannot change
// anything: its writes fail with ControllerMovedError and it resigns.
//
// Over 500 lines because it is the event loop's dispatch: one method per controller event, as in
// KafkaController.scala; the state machines, elections, deletion and request batching are in
// their own files.

import type { BrokerClientSecurity } from '../network/broker-connection';
import type { Logger } from '../common/logger';
import { ErrorCode } from '../protocol/errors';
import {
  BROKER_IDS_PATH,
  CONTROLLER_PATH,
  ControllerMovedError,
  DELETE_TOPICS_PATH,
  ISR_CHANGE_NOTIFICATION_PATH,
  PREFERRED_REPLICA_ELECTION_PATH,
  REASSIGN_PARTITIONS_PATH,
  TOPICS_PATH,
  type BrokerRegistration,
  type KafkaZkClient,
  type ZkWatchHandle,
} from '../zk';
import { ControllerChannelManager } from './channel-manager';
import { ControllerContext, PartitionState, ReplicaState, type LiveBroker } from './controller-context';
import { ControllerEventManager } from './event-manager';
import { PartitionStateMachine } from './partition-state-machine';
import { ElectionType } from '../protocol/election-type';
import { ReplicaLeaderElections, type ElectionTrigger, type PartitionElectionResult } from './preferred-election';
import { ReplicaStateMachine, type PartitionReplica } from './replica-state-machine';
import { ControllerRequestBatch } from './request-batch';
import { TopicDeletionManager } from './topic-deletion-manager';
import { describeTrigger } from './event-causes';
import { logEvent } from '../common/control-plane-events';
import { PartitionReassignments, type ReassignmentError } from './partition-reassignment';
import type { ReplicaAssignment } from '../zk';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';
import type { ControllerMetrics } from '../metrics/controller-metrics';
import { controllerGauges } from './controller-gauges';

export type ControlledShutdownResult = { errorCode: number; remaining: TopicPartition[] };

export type ControllerEvent =
  | { type: 'Startup' }
  | { type: 'Reelect' }
  | { type: 'ControllerChange' }
  | { type: 'Expire' }
  | { type: 'RegisterBrokerAndReelect' }
  | { type: 'BrokerChange' }
  | { type: 'TopicChange' }
  | { type: 'PartitionModifications'; topic: string }
  | { type: 'TopicDeletion' }
  | { type: 'IsrChangeNotification' }
  | { type: 'TopicDeletionStopReplicaResponse'; brokerId: number; results: Array<{ tp: TopicPartition; errorCode: number }> }
  | { type: 'ControlledShutdown'; brokerId: number; brokerEpoch: bigint; respond: (result: ControlledShutdownResult) => void }
  | {
      type: 'ReplicaLeaderElection';
      /** null: the partitions listed in /admin/preferred_replica_election (znode trigger). */
      partitions: TopicPartition[] | null;
      electionType: ElectionType;
      trigger: ElectionTrigger;
      respond?: (results: PartitionElectionResult[]) => void;
    }
  | { type: 'AutoPreferredReplicaLeaderElection' }
  /** unclean.leader.election.enable became true: for one topic, or (no topic) the broker default. */
  | { type: 'UncleanLeaderElectionEnable'; topic?: string }
  | { type: 'ZkPartitionReassignment' }
  | { type: 'PartitionReassignmentIsrChange'; tp: TopicPartition }
  | { type: 'ApiPartitionReassignment'; reassignments: Array<{ tp: TopicPartition; replicas: number[] | null }>; respond: (result: AlterReassignmentsResult) => void }
  | { type: 'ListPartitionReassignments'; partitions: TopicPartition[] | null; respond: (result: ListReassignmentsResult) => void };

/** AlterPartitionReassignments' answer: a request-level error, or one per partition (`topic-partition` keys). */
export type AlterReassignmentsResult = { error: ReassignmentError } | { partitions: Map<string, ReassignmentError> };
/** ListPartitionReassignments' answer: a request-level error, or the partitions being reassigned. */
export type ListReassignmentsResult = { error: ReassignmentError } | { partitions: Array<{ tp: TopicPartition; assignment: ReplicaAssignment }> };

const NOT_CONTROLLER: ReassignmentError = { errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: 'This is not the correct controller for this cluster.' };

export interface KafkaControllerOptions {
  brokerId: number;
  zk: KafkaZkClient;
  /** The listener brokers talk to each other on (inter.broker.listener.name). */
  interBrokerListenerName: string;
  deleteTopicEnable: boolean;
  /** Broker-level unclean.leader.election.enable (dynamic), overridden per topic in /config/topics. */
  uncleanLeaderElectionEnable: () => boolean;
  /** Re-registers this broker after a new ZooKeeper session; returns its new broker epoch. */
  registerBroker(): Promise<bigint>;
  logger: Logger;
  stateChangeLogger: Logger;
  requestTimeoutMs?: number;
  /** auto.leader.rebalance.enable and its two settings; Kafka's defaults when absent (true, 10, 300). */
  autoLeaderRebalanceEnable?: boolean;
  leaderImbalancePerBrokerPercentage?: number;
  leaderImbalanceCheckIntervalSeconds?: number;
  /** The KafkaController gauges and ControllerStats; none in tests that don't look. */
  metrics?: ControllerMetrics;
  /** TLS/SASL towards the brokers' inter-broker listener. */
  clientSecurity?: BrokerClientSecurity;
}

/** Kafka schedules the first automatic rebalance check 5 s after failover, then every interval. */
const FIRST_AUTO_REBALANCE_CHECK_MS = 5_000;

const SECURITY_PROTOCOL_IDS: Record<string, number> = { PLAINTEXT: 0, SSL: 1, SASL_PLAINTEXT: 2, SASL_SSL: 3 };

export class KafkaController {
  readonly context = new ControllerContext();
  private readonly events: ControllerEventManager<ControllerEvent>;
  private readonly partitionStateMachine: PartitionStateMachine;
  private readonly replicaStateMachine: ReplicaStateMachine;
  private readonly topicDeletion: TopicDeletionManager;
  private channel: ControllerChannelManager | null = null;
  private activeControllerId = -1;
  private controllerWatch: ZkWatchHandle | null = null;
  private failoverWatches: ZkWatchHandle[] = [];
  private readonly topicWatches = new Map<string, ZkWatchHandle>();
  private readonly elections: ReplicaLeaderElections;
  private readonly reassignments: PartitionReassignments;
  private autoRebalanceTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: KafkaControllerOptions) {
    this.events = new ControllerEventManager((event) => this.process(event), options.logger);
    const deps = { context: this.context, zk: options.zk, controllerId: options.brokerId, logger: options.logger, stateChangeLogger: options.stateChangeLogger };
    this.partitionStateMachine = new PartitionStateMachine({ ...deps, uncleanLeaderElectionEnabled: (topic) => this.uncleanLeaderElectionEnabled(topic), metrics: options.metrics });
    options.metrics?.observe(controllerGauges(this));
    this.replicaStateMachine = new ReplicaStateMachine(deps);
    this.topicDeletion = new TopicDeletionManager({
      ...deps,
      partitionStateMachine: this.partitionStateMachine,
      replicaStateMachine: this.replicaStateMachine,
      newBatch: () => this.newBatch(),
      onTopicDeleted: (topic) => {
        this.topicWatches.get(topic)?.cancel();
        this.topicWatches.delete(topic);
      },
    });
    this.reassignments = new PartitionReassignments({
      context: this.context,
      zk: options.zk,
      replicaStateMachine: this.replicaStateMachine,
      partitionStateMachine: this.partitionStateMachine,
      newBatch: () => this.newBatch(),
      resumeTopicDeletion: () => this.topicDeletion.resume(),
      onReassigningPartitionStateChange: (tp) => this.events.put({ type: 'PartitionReassignmentIsrChange', tp }),
      logger: options.logger,
      prefix: () => this.prefix,
    });
    this.elections = new ReplicaLeaderElections({
      ...deps,
      partitionStateMachine: this.partitionStateMachine,
      newBatch: () => this.newBatch(),
      leaderImbalancePerBrokerPercentage: options.leaderImbalancePerBrokerPercentage ?? 10,
      prefix: () => this.prefix,
    });
  }

  get isActive(): boolean {
    return this.activeControllerId === this.options.brokerId;
  }

  private get prefix(): string {
    return `[Controller id=${this.options.brokerId}]`;
  }

  startup(): void {
    this.controllerWatch = this.options.zk.zk.watchData(CONTROLLER_PATH, (event) => {
      this.events.put(event.type === 'deleted' ? { type: 'Reelect' } : { type: 'ControllerChange' });
    });
    this.options.zk.zk.on('expired', () => this.events.clearAndPut({ type: 'Expire' }));
    this.options.zk.zk.on('newSession', () => this.events.put({ type: 'RegisterBrokerAndReelect' }));
    this.events.put({ type: 'Startup' });
  }

  async shutdown(): Promise<void> {
    this.controllerWatch?.cancel();
    if (this.autoRebalanceTimer !== null) clearTimeout(this.autoRebalanceTimer);
    await this.events.close();
    if (this.isActive) this.onControllerResignation();
    this.activeControllerId = -1;
  }

  /** Resolves once every event queued so far has been processed (tests, shutdown). */
  idle(): Promise<void> {
    return this.events.idle();
  }

  /** The ControlledShutdown API, served on the active controller. */
  controlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<ControlledShutdownResult> {
    return new Promise((respond) => this.events.put({ type: 'ControlledShutdown', brokerId, brokerEpoch, respond }));
  }

  /** The ElectLeaders API, served on the active controller (per-partition NOT_CONTROLLER elsewhere). */
  electLeaders(partitions: TopicPartition[], electionType: ElectionType): Promise<PartitionElectionResult[]> {
    return new Promise((respond) => this.events.put({ type: 'ReplicaLeaderElection', partitions, electionType, trigger: 'AdminClientTriggered', respond }));
  }

  /**
   * A config change turned unclean.leader.election.enable on (for `topic`, or the broker default):
   * the active controller retries the offline partitions at once, as Kafka's
   * enableTopicUncleanLeaderElection / enableDefaultUncleanLeaderElection do.
   */
  uncleanLeaderElectionEnabledByConfig(topic?: string): void {
    if (this.isActive) this.events.put({ type: 'UncleanLeaderElectionEnable', topic });
  }

  /** AlterPartitionReassignments, served by the active controller (NOT_CONTROLLER elsewhere). */
  alterPartitionReassignments(reassignments: Array<{ tp: TopicPartition; replicas: number[] | null }>): Promise<AlterReassignmentsResult> {
    return new Promise((respond) => this.events.put({ type: 'ApiPartitionReassignment', reassignments, respond }));
  }

  /** ListPartitionReassignments: `partitions` null lists every reassignment in flight. */
  listPartitionReassignments(partitions: TopicPartition[] | null): Promise<ListReassignmentsResult> {
    return new Promise((respond) => this.events.put({ type: 'ListPartitionReassignments', partitions, respond }));
  }

  // ------------------------------------------------------------------ event processing

  private async process(event: ControllerEvent): Promise<void> {
    this.context.trigger = describeTrigger(event);
    try {
      switch (event.type) {
        case 'Startup':
        case 'Reelect':
          await this.maybeResign();
          await this.elect();
          return;
        case 'ControllerChange':
          await this.maybeResign();
          return;
        case 'Expire':
          this.options.logger.info(`${this.prefix} ZooKeeper session expired: resigning if controller`);
          this.activeControllerIdReset();
          return;
        case 'RegisterBrokerAndReelect':
          await this.options.registerBroker();
          await this.maybeResign();
          await this.elect();
          return;
        case 'ControlledShutdown':
          event.respond(await this.processControlledShutdown(event.brokerId, event.brokerEpoch));
          return;
        case 'ReplicaLeaderElection':
          return await this.processReplicaLeaderElection(event);
        case 'ApiPartitionReassignment':
          event.respond(this.isActive ? { partitions: await this.reassignments.processApiPartitionReassignment(event.reassignments) } : { error: NOT_CONTROLLER });
          return;
        case 'ListPartitionReassignments':
          event.respond(this.isActive ? { partitions: this.reassignments.list(event.partitions) } : { error: NOT_CONTROLLER });
          return;
      }
      if (!this.isActive) return;
      switch (event.type) {
        case 'BrokerChange': {
          // Kafka's LeaderElectionRateAndTimeMs is the BrokerChange event's timer.
          const stopTimer = this.options.metrics?.startLeaderElectionTimer();
          await this.processBrokerChange();
          stopTimer?.();
          return;
        }
        case 'TopicChange':
          return await this.processTopicChange();
        case 'PartitionModifications':
          return await this.processPartitionModifications(event.topic);
        case 'TopicDeletion':
          return await this.processTopicDeletion();
        case 'IsrChangeNotification':
          return await this.processIsrChangeNotification();
        case 'TopicDeletionStopReplicaResponse':
          return await this.topicDeletion.onStopReplicaResponse(event.brokerId, event.results);
        case 'AutoPreferredReplicaLeaderElection':
          return await this.processAutoPreferredReplicaLeaderElection();
        case 'ZkPartitionReassignment':
          await this.reassignments.processZkPartitionReassignment();
          return;
        case 'PartitionReassignmentIsrChange':
          return await this.reassignments.processIsrChange(event.tp);
        case 'UncleanLeaderElectionEnable':
          return await this.sendBatch((batch) => this.partitionStateMachine.triggerOnlinePartitionStateChange(batch, event.topic));
      }
    } catch (error) {
      if (error instanceof ControllerMovedError) {
        this.options.logger.warn(`${this.prefix} Controller moved to another broker while processing ${event.type}: resigning`);
        this.activeControllerIdReset();
        return;
      }
      throw error;
    }
  }

  private activeControllerIdReset(): void {
    const wasActive = this.isActive;
    this.activeControllerId = -1;
    if (wasActive) this.onControllerResignation();
  }

  private async maybeResign(): Promise<void> {
    const wasActive = this.isActive;
    this.activeControllerId = (await this.options.zk.getControllerId()) ?? -1;
    if (wasActive && !this.isActive) this.onControllerResignation();
  }

  private async elect(): Promise<void> {
    const { zk, brokerId } = this.options;
    this.activeControllerId = (await zk.getControllerId()) ?? -1;
    if (this.activeControllerId !== -1) return;
    try {
      const { epoch, epochZkVersion } = await zk.registerControllerAndIncrementControllerEpoch(brokerId);
      this.context.epoch = epoch;
      this.context.epochZkVersion = epochZkVersion;
      this.activeControllerId = brokerId;
      logEvent(
        this.options.logger,
        'info',
        { kind: 'controller-elected', broker: brokerId, epoch, epochZkVersion, trigger: this.context.trigger, cause: this.context.trigger },
        `${this.prefix} ${brokerId} successfully elected as the controller. Epoch incremented to ${epoch} and epoch zk version is now ${epochZkVersion}`,
      );
      await this.onControllerFailover();
    } catch (error) {
      if (error instanceof ControllerMovedError) {
        this.activeControllerId = (await zk.getControllerId()) ?? -1;
        this.options.logger.info(`${this.prefix} A controller was elected before us: ${this.activeControllerId}`);
        return;
      }
      throw error;
    }
  }

  // ------------------------------------------------------------------ failover and resignation

  private newBatch(): ControllerRequestBatch {
    return new ControllerRequestBatch(this.context, this.channel!, this.options.brokerId, this.options.stateChangeLogger, {
      onStopReplicaResponse: (brokerId, response, deletePartitions) => {
        if (!deletePartitions) return;
        this.events.put({
          type: 'TopicDeletionStopReplicaResponse',
          brokerId,
          results: response.partitionErrors.map((p) => ({ tp: { topic: p.topicName, partition: p.partitionIndex }, errorCode: p.errorCode || response.errorCode })),
        });
      },
    });
  }

  private async onControllerFailover(): Promise<void> {
    const { zk, logger } = this.options;
    const watch = (path: string, event: ControllerEvent) => zk.zk.watchChildren(path, () => this.events.put(event));
    this.failoverWatches = [
      watch(BROKER_IDS_PATH, { type: 'BrokerChange' }),
      watch(TOPICS_PATH, { type: 'TopicChange' }),
      watch(DELETE_TOPICS_PATH, { type: 'TopicDeletion' }),
      watch(ISR_CHANGE_NOTIFICATION_PATH, { type: 'IsrChangeNotification' }),
      // Only creation matters: the controller itself deletes the node when the election is done.
      zk.zk.watchData(PREFERRED_REPLICA_ELECTION_PATH, (event) => {
        if (event.type === 'created') this.events.put({ type: 'ReplicaLeaderElection', partitions: null, electionType: ElectionType.PREFERRED, trigger: 'ZkTriggered' });
      }),
      zk.zk.watchData(REASSIGN_PARTITIONS_PATH, (event) => {
        if (event.type === 'created') this.events.put({ type: 'ZkPartitionReassignment' });
      }),
    ];
    await zk.deleteIsrChangeNotifications(this.context.epochZkVersion);
    await this.loadContext();
    this.channel = new ControllerChannelManager({
      controllerId: this.options.brokerId,
      logger,
      requestTimeoutMs: this.options.requestTimeoutMs,
      clientSecurity: this.options.clientSecurity,
    });
    for (const b of this.context.liveBrokers.values()) this.channel.addBroker(b.id, b.host, b.port);
    await this.topicDeletion.init(await zk.getTopicDeletions(), this.options.deleteTopicEnable);

    // Kafka's order, one request batch per step. The live broker list goes out first: brokers
    // need it before they act on the LeaderAndIsr requests that follow.
    await this.sendBatch(async (batch) => batch.addUpdateMetadata(this.context.liveOrShuttingDownBrokerIds(), []));
    // Replica state machine startup: live replicas get the partition state; replicas on brokers
    // that are gone leave the ISR (leader -1 where they led), as the dead broker's
    // onBrokerFailure would have done had this controller seen it die.
    const { online, offline } = this.replicaStateMachine.initializeStates();
    await this.sendBatch((batch) => this.replicaStateMachine.handleStateChanges(online, ReplicaState.OnlineReplica, batch));
    await this.sendBatch((batch) => this.replicaStateMachine.handleStateChanges(offline, ReplicaState.OfflineReplica, batch));
    // Partition state machine startup: partitions without a live leader elect one.
    this.partitionStateMachine.initializeStates();
    await this.sendBatch((batch) => this.partitionStateMachine.triggerOnlinePartitionStateChange(batch));
    logger.info(`${this.prefix} Ready to serve as the new controller with epoch ${this.context.epoch}`);

    await this.reassignments.initialize();
    await this.topicDeletion.resume();
    const pending = await this.elections.fetchPendingPreferredReplicaElections();
    if (pending !== null) await this.elections.onReplicaElection(pending, ElectionType.PREFERRED, 'ZkTriggered');
    if (this.options.autoLeaderRebalanceEnable ?? true) this.scheduleAutoLeaderRebalanceTask(FIRST_AUTO_REBALANCE_CHECK_MS);
  }

  /** One step's requests: `fill` adds to a fresh batch, which is then sent. */
  private async sendBatch(fill: (batch: ControllerRequestBatch) => Promise<unknown>): Promise<void> {
    const batch = this.newBatch();
    await fill(batch);
    batch.send();
  }

  private onControllerResignation(): void {
    if (this.autoRebalanceTimer !== null) clearTimeout(this.autoRebalanceTimer);
    this.autoRebalanceTimer = null;
    for (const w of this.failoverWatches) w.cancel();
    this.failoverWatches = [];
    for (const w of this.topicWatches.values()) w.cancel();
    this.topicWatches.clear();
    this.reassignments.stop();
    this.channel?.shutdown();
    this.channel = null;
    this.context.reset();
    logEvent(this.options.logger, 'info', { kind: 'controller-resigned', broker: this.options.brokerId, cause: this.context.trigger }, `${this.prefix} Resigned as the controller`);
  }

  private liveBrokerOf(broker: BrokerRegistration, epoch: bigint): LiveBroker {
    const interBroker = broker.endpoints.find((e) => e.listenerName === this.options.interBrokerListenerName) ?? broker.endpoints[0];
    return {
      id: broker.id,
      epoch,
      host: interBroker?.host ?? 'localhost',
      port: interBroker?.port ?? -1,
      rack: broker.rack,
      endpoints: broker.endpoints.map((e) => ({
        listener: e.listenerName,
        host: e.host ?? '',
        port: e.port,
        securityProtocol: SECURITY_PROTOCOL_IDS[e.securityProtocol] ?? 0,
      })),
    };
  }

  private async loadContext(): Promise<void> {
    const { zk } = this.options;
    this.context.reset();
    for (const { broker, epoch } of await zk.getAllBrokerAndEpochsInCluster()) this.context.liveBrokers.set(broker.id, this.liveBrokerOf(broker, epoch));
    const topics = await zk.getAllTopics();
    await this.addTopics(topics);
    const states = await zk.getPartitionStates(this.context.allPartitions());
    for (const [key, s] of states) {
      this.context.leadership.set(key, { leader: s.state.leader, leaderEpoch: s.state.leaderEpoch, isr: s.state.isr, zkVersion: s.zkVersion, controllerEpoch: s.state.controllerEpoch });
    }
  }

  /** Registers topics in the context with their assignment and a data watch for new partitions. */
  private async addTopics(topics: string[]): Promise<void> {
    const assignments = await this.options.zk.getTopicAssignments(topics);
    for (const topic of topics) {
      this.context.allTopics.add(topic);
      for (const [partition, assignment] of assignments.get(topic) ?? []) this.context.setAssignment(topic, partition, assignment);
      if (!this.topicWatches.has(topic)) {
        const handle = this.options.zk.zk.watchData(`${TOPICS_PATH}/${topic}`, (event) => {
          if (event.type === 'dataChanged') this.events.put({ type: 'PartitionModifications', topic });
        });
        this.topicWatches.set(topic, handle);
      }
    }
  }

  private async uncleanLeaderElectionEnabled(topic: string): Promise<boolean> {
    const value = (await this.options.zk.getTopicConfig(topic)).get('unclean.leader.election.enable');
    return value === undefined ? this.options.uncleanLeaderElectionEnable() : value.trim().toLowerCase() === 'true';
  }

  // ------------------------------------------------------------------ brokers

  private async processBrokerChange(): Promise<void> {
    const current = await this.options.zk.getAllBrokerAndEpochsInCluster();
    const known = this.context.liveBrokers;
    const currentIds = new Set(current.map((c) => c.broker.id));
    const dead = [...known.keys()].filter((id) => !currentIds.has(id));
    const bounced = current.filter((c) => known.has(c.broker.id) && known.get(c.broker.id)!.epoch !== c.epoch).map((c) => c.broker.id);
    const added = current.filter((c) => !known.has(c.broker.id));
    this.options.logger.info(
      `${this.prefix} Newly added brokers: ${added.map((c) => c.broker.id).join(',')}, deleted brokers: ${dead.join(',')}, bounced brokers: ${bounced.join(',')}, all live brokers: ${[...currentIds].join(',')}`,
    );
    for (const id of dead) {
      logEvent(this.options.logger, 'info', { kind: 'broker-expired', broker: id, epoch: Number(known.get(id)!.epoch), cause: `/brokers/ids/${id} was deleted: its ZooKeeper session ended` }, `${this.prefix} Broker ${id} is gone (its registration /brokers/ids/${id} was deleted)`);
    }
    const gone = [...dead, ...bounced];
    for (const id of gone) {
      known.delete(id);
      this.channel?.removeBroker(id);
    }
    if (gone.length > 0) await this.onBrokerFailure(gone);
    const arriving = current.filter((c) => !known.has(c.broker.id));
    for (const c of arriving) {
      const broker = this.liveBrokerOf(c.broker, c.epoch);
      const cause = bounced.includes(broker.id) ? `/brokers/ids/${broker.id} was re-created with a new broker epoch (the broker bounced)` : `/brokers/ids/${broker.id} was created`;
      logEvent(this.options.logger, 'info', { kind: 'broker-registered', broker: broker.id, epoch: Number(c.epoch), cause }, `${this.prefix} Broker ${broker.id} registered with broker epoch ${c.epoch}`);
      known.set(broker.id, broker);
      this.channel?.addBroker(broker.id, broker.host, broker.port);
    }
    if (arriving.length > 0) await this.onBrokerStartup(arriving.map((c) => c.broker.id));
  }

  private async onBrokerStartup(newBrokers: number[]): Promise<void> {
    const existing = this.context.liveOrShuttingDownBrokerIds().filter((id) => !newBrokers.includes(id));
    const batch = this.newBatch();
    batch.addUpdateMetadata(existing, []);
    batch.addUpdateMetadata(newBrokers, this.context.allPartitions());
    const replicas = newBrokers.flatMap((id) => this.context.partitionsOnBroker(id).map((tp) => ({ tp, replica: id })));
    await this.replicaStateMachine.handleStateChanges(replicas.filter((r) => !this.context.isTopicQueuedForDeletion(r.tp.topic)), ReplicaState.OnlineReplica, batch);
    await this.partitionStateMachine.triggerOnlinePartitionStateChange(batch);
    batch.send();
    await this.reassignments.onBrokerStartup(newBrokers);
    await this.topicDeletion.resume();
  }

  private async onBrokerFailure(deadBrokers: number[]): Promise<void> {
    for (const id of deadBrokers) this.context.shuttingDownBrokerIds.delete(id);
    const batch = this.newBatch();
    const ledByDead = this.context
      .allPartitions()
      .filter((tp) => deadBrokers.includes(this.context.leadershipOf(tp)?.leader ?? -1) && !this.context.isTopicQueuedForDeletion(tp.topic));
    await this.partitionStateMachine.handleStateChanges(ledByDead, PartitionState.OfflinePartition, 'offline', batch);
    await this.partitionStateMachine.triggerOnlinePartitionStateChange(batch);
    const replicas: PartitionReplica[] = deadBrokers.flatMap((id) => this.context.partitionsOnBroker(id).map((tp) => ({ tp, replica: id })));
    await this.replicaStateMachine.handleStateChanges(replicas.filter((r) => !this.context.isTopicQueuedForDeletion(r.tp.topic)), ReplicaState.OfflineReplica, batch);
    this.topicDeletion.markIneligibleForBrokers(deadBrokers);
    // Everyone learns the broker list changed even when no partition did.
    batch.addUpdateMetadata(this.context.liveOrShuttingDownBrokerIds(), []);
    batch.send();
  }

  // ------------------------------------------------------------------ topics

  private async processTopicChange(): Promise<void> {
    const topics = await this.options.zk.getAllTopics();
    const fresh = topics.filter((t) => !this.context.allTopics.has(t));
    const removed = [...this.context.allTopics].filter((t) => !topics.includes(t));
    for (const t of removed) this.context.removeTopic(t);
    if (fresh.length === 0) return;
    await this.addTopics(fresh);
    this.options.logger.info(`${this.prefix} New topics: [${fresh.join(',')}], deleted topics: [${removed.join(',')}]`);
    await this.onNewPartitionCreation(fresh.flatMap((t) => this.context.partitionsForTopic(t)));
  }

  private async processPartitionModifications(topic: string): Promise<void> {
    const assignment = await this.options.zk.getTopicAssignment(topic);
    if (assignment === null) return;
    const added = [...assignment.keys()].filter((p) => this.context.assignmentFor(topic, p) === undefined);
    if (added.length === 0) return;
    if (this.context.isTopicQueuedForDeletion(topic)) {
      this.options.logger.warn(`${this.prefix} Skipping adding partitions ${added.join(',')} to ${topic}: it is queued for deletion`);
      return;
    }
    for (const p of added) this.context.setAssignment(topic, p, assignment.get(p)!);
    await this.onNewPartitionCreation(added.map((partition) => ({ topic, partition })));
  }

  private async onNewPartitionCreation(partitions: TopicPartition[]): Promise<void> {
    const batch = this.newBatch();
    const replicas = partitions.flatMap((tp) => this.replicaStateMachine.replicasOf(tp));
    await this.partitionStateMachine.handleStateChanges(partitions, PartitionState.NewPartition, 'offline', batch);
    await this.replicaStateMachine.handleStateChanges(replicas, ReplicaState.NewReplica, batch);
    await this.partitionStateMachine.handleStateChanges(partitions, PartitionState.OnlinePartition, 'offline', batch);
    await this.replicaStateMachine.handleStateChanges(
      replicas.filter((r) => this.context.liveBrokers.has(r.replica)),
      ReplicaState.OnlineReplica,
      batch,
    );
    batch.send();
  }

  private async processTopicDeletion(): Promise<void> {
    await this.topicDeletion.onDeletionMarkers(await this.options.zk.getTopicDeletions(), this.options.deleteTopicEnable);
  }

  private async processIsrChangeNotification(): Promise<void> {
    const { zk } = this.options;
    const notifications = await zk.getAllIsrChangeNotifications();
    if (notifications.length === 0) return;
    const partitions = (await zk.getPartitionsFromIsrChangeNotifications(notifications)).filter((tp) => this.context.allTopics.has(tp.topic));
    const states = await zk.getPartitionStates(partitions);
    for (const [key, s] of states) {
      this.context.leadership.set(key, { leader: s.state.leader, leaderEpoch: s.state.leaderEpoch, isr: s.state.isr, zkVersion: s.zkVersion, controllerEpoch: s.state.controllerEpoch });
    }
    logEvent(
      this.options.logger,
      'info',
      { kind: 'isr-change-processed', notifications, partitions: partitions.map((tp) => topicPartitionKey(tp.topic, tp.partition)), cause: this.context.trigger },
      `${this.prefix} Processing ISR change notifications ${notifications.join(',')} for partitions ${partitions.map((tp) => topicPartitionKey(tp.topic, tp.partition)).join(',')}: sending UpdateMetadata`,
    );
    const batch = this.newBatch();
    batch.addUpdateMetadata(this.context.liveOrShuttingDownBrokerIds(), partitions);
    batch.send();
    await zk.deleteIsrChangeNotifications(this.context.epochZkVersion, notifications);
  }

  // ------------------------------------------------------------------ controlled shutdown

  private async processControlledShutdown(brokerId: number, brokerEpoch: bigint): Promise<ControlledShutdownResult> {
    if (!this.isActive) return { errorCode: ErrorCode.NOT_CONTROLLER, remaining: [] };
    const broker = this.context.liveBrokers.get(brokerId);
    if (broker === undefined) return { errorCode: ErrorCode.BROKER_NOT_AVAILABLE, remaining: [] };
    if (brokerEpoch !== -1n && brokerEpoch < broker.epoch) return { errorCode: ErrorCode.STALE_BROKER_EPOCH, remaining: [] };
    this.options.logger.info(`${this.prefix} Shutting down broker ${brokerId}`);
    this.context.shuttingDownBrokerIds.add(brokerId);
    const partitions = this.context
      .partitionsOnBroker(brokerId)
      .filter((tp) => this.context.replicasFor(tp.topic, tp.partition).length > 1 && !this.context.isTopicQueuedForDeletion(tp.topic));
    const led = partitions.filter((tp) => this.context.leadershipOf(tp)?.leader === brokerId);
    const followed = partitions.filter((tp) => this.context.leadershipOf(tp)?.leader !== brokerId);
    const batch = this.newBatch();
    await this.partitionStateMachine.handleStateChanges(led, PartitionState.OnlinePartition, 'controlledShutdown', batch);
    for (const tp of followed) batch.addStopReplica([brokerId], tp, false);
    await this.replicaStateMachine.handleStateChanges(followed.map((tp) => ({ tp, replica: brokerId })), ReplicaState.OfflineReplica, batch);
    batch.send();
    const remaining = this.context.partitionsLedByBroker(brokerId).filter((tp) => this.context.replicasFor(tp.topic, tp.partition).length > 1);
    this.options.logger.info(`${this.prefix} Broker ${brokerId} still leads ${remaining.length} partitions with other replicas`);
    return { errorCode: ErrorCode.NONE, remaining };
  }

  // ------------------------------------------------------------------ replica leader elections

  private async processReplicaLeaderElection(event: Extract<ControllerEvent, { type: 'ReplicaLeaderElection' }>): Promise<void> {
    if (!this.isActive) {
      event.respond?.((event.partitions ?? []).map((tp) => ({ tp, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })));
      return;
    }
    try {
      // Not `respond?.(await ...)`: optional chaining would skip the election itself when nobody waits.
      const results = await this.elections.processReplicaLeaderElection(event.partitions, event.electionType, event.trigger);
      event.respond?.(results);
    } catch (error) {
      // The caller still gets an answer (say, the controller moved mid-election); then the usual handling.
      const errorCode = error instanceof ControllerMovedError ? ErrorCode.NOT_CONTROLLER : ErrorCode.UNKNOWN_SERVER_ERROR;
      event.respond?.((event.partitions ?? []).map((tp) => ({ tp, errorCode, errorMessage: (error as Error).message })));
      throw error;
    }
  }

  private scheduleAutoLeaderRebalanceTask(delayMs: number): void {
    if (this.autoRebalanceTimer !== null) clearTimeout(this.autoRebalanceTimer);
    this.autoRebalanceTimer = setTimeout(() => this.events.put({ type: 'AutoPreferredReplicaLeaderElection' }), delayMs);
    this.autoRebalanceTimer.unref();
  }

  private async processAutoPreferredReplicaLeaderElection(): Promise<void> {
    try {
      this.options.logger.info(`${this.prefix} Processing automatic preferred replica leader election`);
      await this.elections.checkAndTriggerAutoLeaderRebalance();
    } finally {
      this.scheduleAutoLeaderRebalanceTask((this.options.leaderImbalanceCheckIntervalSeconds ?? 300) * 1000);
    }
  }
}
