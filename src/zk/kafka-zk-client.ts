// Kafka's KafkaZkClient (+ the ZooKeeper side of AdminZkClient) for 2.4.1: typed reads and writes
// of every znode the broker, controller and admin tools use. No policy: which leader to elect, how
// to assign replicas or when to resign is decided by the callers.
//
// Controller writes are fenced: each is `multi[check(/controller_epoch, epochZkVersion), op]`, so a
// deposed controller's write fails with ControllerMovedError once another controller has bumped
// the epoch znode's version.
//
// Long on purpose: it is Kafka's one KafkaZkClient, a flat list of small typed operations, each
// a few lines over the per-znode codecs; split by caller they would share the fencing helpers and
// hide which znodes one client touches.

import { silentLogger, type Logger } from '../common/logger';
import { systemClock, type Time } from '../common/clock';
import { ZkClient, type ZkClientConfig } from './zk-client';
import {
  BrokerIdAlreadyRegisteredError,
  ControllerMovedError,
  ZkError,
  ZkMultiError,
  isZkError,
} from './zk-errors';
import { ANY_VERSION, type ZkOp, type ZkOpResult, type ZkStat, type ZkWatcher } from './zk-types';
import { brokerIdPath, decodeBrokerRegistration, encodeBrokerRegistration, type BrokerEndpoint, type BrokerRegistration } from './znodes/broker-registration';
import { CLUSTER_ID_PATH, decodeClusterId, encodeClusterId, generateClusterId } from './znodes/cluster-id';
import { CONFIG_CHANGE_CREATE_PATH, encodeConfigChangeNotification } from './znodes/config-change-notification';
import { CONTROLLER_PATH, decodeController, encodeController } from './znodes/controller';
import {
  CONTROLLER_EPOCH_PATH,
  INITIAL_CONTROLLER_EPOCH,
  INITIAL_CONTROLLER_EPOCH_ZK_VERSION,
  decodeControllerEpoch,
  encodeControllerEpoch,
} from './znodes/controller-epoch';
import { deleteTopicMarkerPath } from './znodes/delete-topic-marker';
import { configEntityPath, decodeEntityConfig, encodeEntityConfig } from './znodes/entity-config';
import {
  ISR_CHANGE_NOTIFICATION_CREATE_PATH,
  decodeIsrChangeNotification,
  encodeIsrChangeNotification,
  isrChangeNotificationPath,
  isrChangeSequenceNumber,
} from './znodes/isr-change-notification';
import {
  LOG_DIR_EVENT_CREATE_PATH,
  decodeLogDirEventNotification,
  encodeLogDirEventNotification,
  logDirEventNotificationPath,
  logDirEventSequenceNumber,
} from './znodes/log-dir-event-notification';
import { decodePartitionState, encodePartitionState, partitionStatePath, type PartitionState } from './znodes/partition-state';
import {
  BROKER_IDS_PATH,
  BROKER_SEQUENCE_ID_PATH,
  DELETE_TOPICS_PATH,
  ISR_CHANGE_NOTIFICATION_PATH,
  LOG_DIR_EVENT_NOTIFICATION_PATH,
  PERSISTENT_ZK_PATHS,
  PRODUCER_ID_BLOCK_PATH,
  TOPICS_PATH,
  type ConfigEntityType,
} from './znodes/paths';
import { PREFERRED_REPLICA_ELECTION_PATH, decodePreferredReplicaElection, encodePreferredReplicaElection } from './znodes/preferred-replica-election';
import { decodeProducerIdBlock, encodeProducerIdBlock, nextProducerIdBlock, type ProducerIdBlock } from './znodes/producer-id-block';
import { REASSIGN_PARTITIONS_PATH, decodeReassignPartitions, encodeReassignPartitions, type LegacyPartitionReassignment } from './znodes/reassign-partitions';
import {
  decodeTopicAssignment,
  encodeTopicAssignment,
  replicaAssignment,
  topicPartitionPath,
  topicPartitionsPath,
  topicPath,
  type TopicAssignment,
} from './znodes/topic-assignment';
import { tpString, type TopicPartition } from '../common/topic-partition';

/** What a broker registers (the JSON version is always 4, as Kafka 2.4 writes with IBP >= 0.10.0). */
export interface BrokerInfo {
  id: number;
  endpoints: BrokerEndpoint[];
  rack?: string | null;
  jmxPort?: number;
}

/** Kafka's LeaderAndIsr: the partition state plus the state znode's version it was read at. */
export interface LeaderAndIsr {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  zkVersion: number;
}

export interface ControllerEpochAndVersion {
  epoch: number;
  /** dataVersion of /controller_epoch: the fencing token. */
  zkVersion: number;
}

export interface ControllerElectionResult {
  epoch: number;
  epochZkVersion: number;
}

export interface UpdateLeaderAndIsrResult {
  /** Written; `leaderAndIsr.zkVersion` is the new state-znode version. */
  successes: Array<TopicPartition & { leaderAndIsr: LeaderAndIsr }>;
  /** BAD_VERSION: someone (usually the leader shrinking/expanding the ISR) wrote first; re-read and retry. */
  versionConflicts: TopicPartition[];
  failures: Array<TopicPartition & { error: Error }>;
}

export type PartitionStateCreateResult = TopicPartition & ({ ok: true; zkVersion: number } | { ok: false; error: ZkError });

export interface PartitionStateAndVersion {
  state: PartitionState;
  zkVersion: number;
}

export type ConditionalUpdateResult = { ok: true; newVersion: number } | { ok: false; currentVersion: number | null };


export class KafkaZkClient {
  private readonly time: Time;
  private readonly logger: Logger;
  /** Session that last registered this broker, for Kafka's KAFKA-7165 re-registration workaround. */
  private registrationSessionId: bigint | null = null;
  private producerIdClaims: Promise<unknown> = Promise.resolve();

  constructor(
    readonly zk: ZkClient,
    options: { time?: Time; logger?: Logger } = {},
  ) {
    this.time = options.time ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  static async connect(config: ZkClientConfig, options: { time?: Time } = {}): Promise<KafkaZkClient> {
    return new KafkaZkClient(await ZkClient.connect(config), { ...options, logger: config.logger });
  }

  close(): Promise<void> {
    return this.zk.close();
  }

  // --- startup -------------------------------------------------------------------------------------

  /** ZkData.PersistentZkPaths: persistent, null data, created with parents if absent. */
  async createTopLevelPaths(): Promise<void> {
    for (const path of PERSISTENT_ZK_PATHS) await this.zk.createRecursive(path, null, { throwIfExists: false });
  }

  async getClusterId(): Promise<string | null> {
    const node = await this.zk.getDataIfExists(CLUSTER_ID_PATH);
    return node === null ? null : decodeClusterId(node.data);
  }

  /** Reads /cluster/id, creating it with a fresh id if absent (losing a creation race re-reads). */
  async getOrGenerateClusterId(): Promise<string> {
    const existing = await this.getClusterId();
    if (existing !== null) return existing;
    const generated = generateClusterId();
    try {
      await this.zk.createRecursive(CLUSTER_ID_PATH, encodeClusterId(generated));
      return generated;
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS')) throw error;
      const winner = await this.getClusterId();
      if (winner === null) throw new Error('/cluster/id disappeared right after it was created');
      return winner;
    }
  }

  /** Broker-id generation: bump /brokers/seqid's version; the caller adds reserved.broker.max.id. */
  async generateBrokerSequenceId(): Promise<number> {
    try {
      return (await this.zk.setData(BROKER_SEQUENCE_ID_PATH, Buffer.alloc(0))).version;
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
      await this.zk.createRecursive(BROKER_SEQUENCE_ID_PATH, Buffer.alloc(0), { throwIfExists: false });
      return this.generateBrokerSequenceId();
    }
  }

  // --- brokers -------------------------------------------------------------------------------------

  /**
   * Registers /brokers/ids/<id> as Kafka's CheckedEphemeral does: multi[create EPHEMERAL null,
   * setData(payload, version 0)], so a fresh registration has dataVersion 1. Returns the broker epoch
   * (the znode's czxid). An existing node owned by this session is accepted; one left by this
   * client's previous session is replaced; any other owner means a duplicate broker.id.
   */
  async registerBroker(broker: BrokerInfo): Promise<bigint> {
    const path = brokerIdPath(broker.id);
    const payload = encodeBrokerRegistration(broker, this.time.now());
    const register = async (): Promise<bigint> => {
      try {
        await this.zk.multi([
          { type: 'create', path, data: null, mode: 'ephemeral' },
          { type: 'setData', path, data: payload, version: 0 },
        ]);
      } catch (error) {
        if (!isZkError(error, 'NODE_EXISTS')) throw error;
      }
      const node = await this.zk.getDataIfExists(path);
      if (node === null) return register(); // went away between create and read: try again
      const owner = node.stat.ephemeralOwner;
      if (owner === this.zk.sessionId) return node.stat.czxid;
      if (this.registrationSessionId !== null && owner === this.registrationSessionId) {
        this.logger.info(`Deleting /brokers/ids/${broker.id} left by our previous session 0x${owner.toString(16)}`);
        await this.zk.delete(path).catch((e: unknown) => {
          if (!isZkError(e, 'NO_NODE')) throw e;
        });
        return register();
      }
      throw new BrokerIdAlreadyRegisteredError(broker.id, owner);
    };
    const epoch = await register();
    this.registrationSessionId = this.zk.sessionId;
    this.logger.info(`Registered broker ${broker.id} at ${path}, czxid (broker epoch): ${epoch}`);
    return epoch;
  }

  /** Rewrites the registration in place (dynamic listener changes). */
  async updateBrokerInfo(broker: BrokerInfo): Promise<void> {
    await this.zk.setData(brokerIdPath(broker.id), encodeBrokerRegistration(broker, this.time.now()));
  }

  async getSortedBrokerList(watcher?: ZkWatcher): Promise<number[]> {
    const children = await this.zk.getChildrenIfExists(BROKER_IDS_PATH, watcher);
    return children.map(Number).filter(Number.isInteger).sort((a, b) => a - b);
  }

  async getBroker(brokerId: number): Promise<BrokerRegistration | null> {
    return (await this.getBrokerAndEpoch(brokerId))?.broker ?? null;
  }

  /** Registration plus broker epoch (czxid), or null when the broker is not registered. */
  async getBrokerAndEpoch(brokerId: number, watcher?: ZkWatcher): Promise<{ broker: BrokerRegistration; epoch: bigint } | null> {
    const node = await this.zk.getDataIfExists(brokerIdPath(brokerId), watcher);
    return node === null ? null : { broker: decodeBrokerRegistration(brokerId, node.data), epoch: node.stat.czxid };
  }

  /** All registered brokers, by id. */
  async getAllBrokersInCluster(): Promise<BrokerRegistration[]> {
    return (await this.getAllBrokerAndEpochsInCluster()).map((b) => b.broker);
  }

  async getAllBrokerAndEpochsInCluster(): Promise<Array<{ broker: BrokerRegistration; epoch: bigint }>> {
    const ids = await this.getSortedBrokerList();
    const found = await Promise.all(ids.map((id) => this.getBrokerAndEpoch(id)));
    return found.filter((b): b is { broker: BrokerRegistration; epoch: bigint } => b !== null);
  }

  // --- controller election ---------------------------------------------------------------------------

  async getControllerId(watcher?: ZkWatcher): Promise<number | null> {
    const node = await this.zk.getDataIfExists(CONTROLLER_PATH, watcher);
    return node === null ? null : decodeController(node.data).brokerId;
  }

  async getControllerEpoch(): Promise<ControllerEpochAndVersion | null> {
    const node = await this.zk.getDataIfExists(CONTROLLER_EPOCH_PATH);
    return node === null ? null : { epoch: decodeControllerEpoch(node.data), zkVersion: node.stat.version };
  }

  /**
   * zk-layout §2 steps 3-5: read (or create as "0") /controller_epoch, then atomically create the
   * ephemeral /controller and set the epoch to +1 at the version read. On NODE_EXISTS/BAD_VERSION it
   * re-checks whether the winner was us (a retried multi); otherwise ControllerMovedError.
   */
  async registerControllerAndIncrementControllerEpoch(brokerId: number): Promise<ControllerElectionResult> {
    const timestamp = this.time.now();
    const current = (await this.getControllerEpoch()) ?? (await this.maybeCreateControllerEpochZNode());
    const newEpoch = current.epoch + 1;
    try {
      const results = await this.zk.multi([
        { type: 'create', path: CONTROLLER_PATH, data: encodeController(brokerId, timestamp), mode: 'ephemeral' },
        { type: 'setData', path: CONTROLLER_EPOCH_PATH, data: encodeControllerEpoch(newEpoch), version: current.zkVersion },
      ]);
      const setData = results[1];
      if (setData.type !== 'setData') throw new Error('unexpected multi result for /controller_epoch');
      return { epoch: newEpoch, epochZkVersion: setData.stat.version };
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS') && !isZkError(error, 'BAD_VERSION')) throw error;
      return this.checkControllerAndEpoch(brokerId, newEpoch);
    }
  }

  private async maybeCreateControllerEpochZNode(): Promise<ControllerEpochAndVersion> {
    try {
      await this.zk.create(CONTROLLER_EPOCH_PATH, encodeControllerEpoch(INITIAL_CONTROLLER_EPOCH));
      return { epoch: INITIAL_CONTROLLER_EPOCH, zkVersion: INITIAL_CONTROLLER_EPOCH_ZK_VERSION };
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS')) throw error;
      const existing = await this.getControllerEpoch();
      if (existing === null) throw new Error(`${CONTROLLER_EPOCH_PATH} existed before but went away while reading it`);
      return existing;
    }
  }

  private async checkControllerAndEpoch(brokerId: number, newEpoch: number): Promise<ControllerElectionResult> {
    const controllerId = await this.getControllerId();
    if (controllerId === null) {
      throw new ControllerMovedError(`${CONTROLLER_PATH} went away while checking whether the controller election succeeded`);
    }
    if (controllerId === brokerId) {
      const epoch = await this.getControllerEpoch();
      if (epoch === null) throw new Error(`${CONTROLLER_EPOCH_PATH} existed before but went away while reading it`);
      if (epoch.epoch === newEpoch) return { epoch: newEpoch, epochZkVersion: epoch.zkVersion };
    }
    throw new ControllerMovedError(`Controller moved to broker ${controllerId}; broker ${brokerId} lost the election`);
  }

  // --- fenced controller writes --------------------------------------------------------------------------

  /** Runs `op` as multi[check(/controller_epoch, epochZkVersion), op]; a failed check is ControllerMovedError. */
  async fencedOp(op: ZkOp, epochZkVersion: number): Promise<ZkOpResult> {
    if (!Number.isInteger(epochZkVersion) || epochZkVersion < 0) {
      throw new Error(`expected controller epoch zkVersion must be non-negative, got ${epochZkVersion}`);
    }
    try {
      const results = await this.zk.multi([{ type: 'check', path: CONTROLLER_EPOCH_PATH, version: epochZkVersion }, op]);
      return results[1];
    } catch (error) {
      if (error instanceof ZkMultiError && error.failedOpIndex === 0) {
        if (error.code === 'BAD_VERSION') {
          throw new ControllerMovedError(`Controller epoch zkVersion check fails. Expected zkVersion = ${epochZkVersion}`);
        }
        throw new ZkError(error.code, `check of ${CONTROLLER_EPOCH_PATH} failed: ${error.code}`, CONTROLLER_EPOCH_PATH);
      }
      throw error;
    }
  }

  /** Fenced create that tolerates NODE_EXISTS (for the parents of partition state znodes). */
  private async fencedCreateIfAbsent(path: string, epochZkVersion: number): Promise<void> {
    try {
      await this.fencedOp({ type: 'create', path, data: null }, epochZkVersion);
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS')) throw error;
    }
  }

  /**
   * Creates the initial state znodes (with their `partitions` and `partitions/<p>` parents, null
   * data), all fenced. Per-partition results: NODE_EXISTS etc. are reported, not thrown.
   */
  async createPartitionStates(
    states: Array<TopicPartition & { state: PartitionState }>,
    epochZkVersion: number,
  ): Promise<PartitionStateCreateResult[]> {
    const topics = [...new Set(states.map((s) => s.topic))];
    await Promise.all(topics.map((topic) => this.fencedCreateIfAbsent(topicPartitionsPath(topic), epochZkVersion)));
    await Promise.all(states.map((s) => this.fencedCreateIfAbsent(topicPartitionPath(s.topic, s.partition), epochZkVersion)));
    const settled = await Promise.allSettled(
      states.map((s) =>
        this.fencedOp({ type: 'create', path: partitionStatePath(s.topic, s.partition), data: encodePartitionState(s.state) }, epochZkVersion),
      ),
    );
    this.throwIfControllerMoved(settled);
    return settled.map((outcome, i): PartitionStateCreateResult => {
      const { topic, partition } = states[i];
      if (outcome.status === 'fulfilled') return { topic, partition, ok: true, zkVersion: 0 };
      if (outcome.reason instanceof ZkError) return { topic, partition, ok: false, error: outcome.reason };
      throw outcome.reason;
    });
  }

  /**
   * Controller leader/ISR writes (KafkaZkClient.updateLeaderAndIsr): each state znode is set
   * conditionally on its `zkVersion`, fenced by the controller epoch, with `controllerEpoch` as the
   * state's controller_epoch. BAD_VERSION partitions come back for retry; ControllerMovedError throws.
   */
  async updateLeaderAndIsr(
    updates: Array<TopicPartition & { leaderAndIsr: LeaderAndIsr }>,
    controllerEpoch: number,
    epochZkVersion: number,
  ): Promise<UpdateLeaderAndIsrResult> {
    const settled = await Promise.allSettled(
      updates.map(({ topic, partition, leaderAndIsr }) =>
        this.fencedOp(
          {
            type: 'setData',
            path: partitionStatePath(topic, partition),
            data: encodePartitionState({ ...leaderAndIsr, controllerEpoch }),
            version: leaderAndIsr.zkVersion,
          },
          epochZkVersion,
        ),
      ),
    );
    this.throwIfControllerMoved(settled);
    const result: UpdateLeaderAndIsrResult = { successes: [], versionConflicts: [], failures: [] };
    settled.forEach((outcome, i) => {
      const { topic, partition, leaderAndIsr } = updates[i];
      if (outcome.status === 'fulfilled' && outcome.value.type === 'setData') {
        result.successes.push({ topic, partition, leaderAndIsr: { ...leaderAndIsr, zkVersion: outcome.value.stat.version } });
      } else if (outcome.status === 'rejected' && isZkError(outcome.reason, 'BAD_VERSION')) {
        result.versionConflicts.push({ topic, partition });
      } else {
        const error = outcome.status === 'rejected' ? (outcome.reason as Error) : new Error('unexpected multi result');
        result.failures.push({ topic, partition, error });
      }
    });
    return result;
  }

  private throwIfControllerMoved(settled: PromiseSettledResult<unknown>[]): void {
    const moved = settled.find((s) => s.status === 'rejected' && s.reason instanceof ControllerMovedError);
    if (moved) throw (moved as PromiseRejectedResult).reason;
  }

  /** Fenced delete that ignores NO_NODE. */
  private async fencedDeleteIfExists(path: string, epochZkVersion: number): Promise<void> {
    try {
      await this.fencedOp({ type: 'delete', path, version: ANY_VERSION }, epochZkVersion);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
  }

  /** Fenced recursive delete (Kafka's deleteRecursive with an expected controller epoch zkVersion). */
  async deleteRecursiveFenced(path: string, epochZkVersion: number): Promise<boolean> {
    const children = await this.zk.getChildren(path).catch((error: unknown) => {
      if (isZkError(error, 'NO_NODE')) return null;
      throw error;
    });
    if (children === null) return false;
    for (const child of children) await this.deleteRecursiveFenced(`${path}/${child}`, epochZkVersion);
    await this.fencedDeleteIfExists(path, epochZkVersion);
    return true;
  }

  /** Controller's (fenced) rewrite of a topic's assignment; admin callers omit `epochZkVersion`. */
  async setTopicAssignment(topic: string, assignment: TopicAssignment, epochZkVersion?: number): Promise<void> {
    const op: ZkOp = { type: 'setData', path: topicPath(topic), data: encodeTopicAssignment(topic, assignment), version: ANY_VERSION };
    if (epochZkVersion === undefined) await this.zk.setData(op.path, op.data, ANY_VERSION);
    else await this.fencedOp(op, epochZkVersion);
  }

  async deleteTopicZNode(topic: string, epochZkVersion: number): Promise<void> {
    await this.deleteRecursiveFenced(topicPath(topic), epochZkVersion);
  }

  async deleteTopicConfigs(topics: string[], epochZkVersion: number): Promise<void> {
    await Promise.all(topics.map((t) => this.fencedDeleteIfExists(configEntityPath('topics', t), epochZkVersion)));
  }

  /** Removes /admin/delete_topics/<t> markers (Kafka's deleteTopicDeletions). */
  async deleteDeleteTopicMarkers(topics: string[], epochZkVersion: number): Promise<void> {
    await Promise.all(topics.map((t) => this.fencedDeleteIfExists(deleteTopicMarkerPath(t), epochZkVersion)));
  }

  async deleteDeleteTopicMarker(topic: string, epochZkVersion: number): Promise<void> {
    await this.deleteDeleteTopicMarkers([topic], epochZkVersion);
  }

  /** Deletes the given isr_change_ notifications, or all of them when `sequenceNumbers` is omitted. */
  async deleteIsrChangeNotifications(epochZkVersion: number, sequenceNumbers?: string[]): Promise<void> {
    const sequences = sequenceNumbers ?? (await this.getAllIsrChangeNotifications());
    await Promise.all(sequences.map((seq) => this.fencedDeleteIfExists(isrChangeNotificationPath(seq), epochZkVersion)));
  }

  async deleteLogDirEventNotifications(epochZkVersion: number, sequenceNumbers?: string[]): Promise<void> {
    const sequences = sequenceNumbers ?? (await this.getAllLogDirEventNotifications());
    await Promise.all(sequences.map((seq) => this.fencedDeleteIfExists(logDirEventNotificationPath(seq), epochZkVersion)));
  }

  async deletePreferredReplicaElection(epochZkVersion: number): Promise<void> {
    await this.fencedDeleteIfExists(PREFERRED_REPLICA_ELECTION_PATH, epochZkVersion);
  }

  async deletePartitionReassignment(epochZkVersion: number): Promise<void> {
    await this.fencedDeleteIfExists(REASSIGN_PARTITIONS_PATH, epochZkVersion);
  }

  /** Controller rewrite of the legacy reassignment znode (drops finished partitions). */
  async setPartitionReassignment(reassignments: LegacyPartitionReassignment[], epochZkVersion: number): Promise<void> {
    await this.fencedOp(
      { type: 'setData', path: REASSIGN_PARTITIONS_PATH, data: encodeReassignPartitions(reassignments), version: ANY_VERSION },
      epochZkVersion,
    );
  }

  /** triggerControllerMove: the controller deleting its own /controller znode, fenced. */
  async deleteController(epochZkVersion: number): Promise<void> {
    await this.fencedDeleteIfExists(CONTROLLER_PATH, epochZkVersion);
  }

  // --- partition leader (pre-AlterIsr) ------------------------------------------------------------------

  /**
   * The leader's own ISR write (not fenced by the controller epoch): setData conditional on the
   * cached zkVersion. On BAD_VERSION it re-reads, and if the stored state is exactly what it tried
   * to write (a retry after connection loss) that counts as success (ReplicationUtils.updateLeaderAndIsr).
   */
  async conditionalUpdatePartitionState(
    topic: string,
    partition: number,
    state: PartitionState,
    expectedVersion: number,
  ): Promise<ConditionalUpdateResult> {
    const path = partitionStatePath(topic, partition);
    try {
      return { ok: true, newVersion: (await this.zk.setData(path, encodePartitionState(state), expectedVersion)).version };
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) return { ok: false, currentVersion: null };
      if (!isZkError(error, 'BAD_VERSION')) throw error;
      const stored = await this.getPartitionState(topic, partition);
      if (stored === null) return { ok: false, currentVersion: null };
      const same =
        stored.state.leader === state.leader &&
        stored.state.leaderEpoch === state.leaderEpoch &&
        stored.state.controllerEpoch === state.controllerEpoch &&
        stored.state.isr.length === state.isr.length &&
        stored.state.isr.every((id, i) => id === state.isr[i]);
      return same ? { ok: true, newVersion: stored.zkVersion } : { ok: false, currentVersion: stored.zkVersion };
    }
  }

  /** Creates /isr_change_notification/isr_change_<seq> for the controller; returns the created path. */
  async propagateIsrChanges(partitions: TopicPartition[]): Promise<string> {
    return this.zk.create(ISR_CHANGE_NOTIFICATION_CREATE_PATH, encodeIsrChangeNotification(partitions), 'persistent_sequential');
  }

  /** Sequence numbers of pending isr_change_ notifications, oldest first. */
  async getAllIsrChangeNotifications(watcher?: ZkWatcher): Promise<string[]> {
    const children = await this.zk.getChildrenIfExists(ISR_CHANGE_NOTIFICATION_PATH, watcher);
    return children.map(isrChangeSequenceNumber).sort();
  }

  /** Partitions named by the given notifications (ones deleted meanwhile are skipped). */
  async getPartitionsFromIsrChangeNotifications(sequenceNumbers: string[]): Promise<TopicPartition[]> {
    const nodes = await Promise.all(sequenceNumbers.map((seq) => this.zk.getDataIfExists(isrChangeNotificationPath(seq))));
    return nodes.flatMap((node, i) => (node === null ? [] : decodeIsrChangeNotification(sequenceNumbers[i], node.data)));
  }

  async propagateLogDirEvent(brokerId: number): Promise<string> {
    return this.zk.create(LOG_DIR_EVENT_CREATE_PATH, encodeLogDirEventNotification(brokerId), 'persistent_sequential');
  }

  async getAllLogDirEventNotifications(watcher?: ZkWatcher): Promise<string[]> {
    const children = await this.zk.getChildrenIfExists(LOG_DIR_EVENT_NOTIFICATION_PATH, watcher);
    return children.map(logDirEventSequenceNumber).sort();
  }

  /** Broker ids whose log dirs failed, from the given notifications. */
  async getBrokerIdsFromLogDirEvents(sequenceNumbers: string[]): Promise<number[]> {
    const nodes = await Promise.all(sequenceNumbers.map((seq) => this.zk.getDataIfExists(logDirEventNotificationPath(seq))));
    return nodes.flatMap((node, i) => (node === null ? [] : [decodeLogDirEventNotification(sequenceNumbers[i], node.data).brokerId]));
  }

  // --- topics ----------------------------------------------------------------------------------------

  /**
   * AdminZkClient.createTopicWithAssignment's writes: /config/topics/<t> first (not transactional
   * with the assignment, and without a change notification), then /brokers/topics/<t> (v2). An
   * existing topic raises ZkError NODE_EXISTS. Validation and assignment are the caller's job.
   */
  async createTopicAssignment(
    topic: string,
    assignment: Map<number, number[]>,
    config: ReadonlyMap<string, string> = new Map(),
  ): Promise<void> {
    await this.setOrCreateEntityConfig('topics', topic, config);
    const persisted: TopicAssignment = new Map([...assignment].map(([p, replicas]) => [p, replicaAssignment(replicas)]));
    await this.zk.createRecursive(topicPath(topic), encodeTopicAssignment(topic, persisted));
  }

  async getAllTopics(watcher?: ZkWatcher): Promise<string[]> {
    return (await this.zk.getChildrenIfExists(TOPICS_PATH, watcher)).sort();
  }

  async topicExists(topic: string): Promise<boolean> {
    return (await this.zk.exists(topicPath(topic))) !== null;
  }

  /** The topic's assignment (with adding/removing replicas), or null when the topic does not exist. */
  async getTopicAssignment(topic: string, watcher?: ZkWatcher): Promise<TopicAssignment | null> {
    const node = await this.zk.getDataIfExists(topicPath(topic), watcher);
    return node === null ? null : decodeTopicAssignment(topic, node.data);
  }

  /** Assignments of the topics that exist. */
  async getTopicAssignments(topics: string[]): Promise<Map<string, TopicAssignment>> {
    const assignments = await Promise.all(topics.map((t) => this.getTopicAssignment(t)));
    const result = new Map<string, TopicAssignment>();
    topics.forEach((t, i) => {
      const assignment = assignments[i];
      if (assignment !== null) result.set(t, assignment);
    });
    return result;
  }

  async getPartitionState(topic: string, partition: number, watcher?: ZkWatcher): Promise<PartitionStateAndVersion | null> {
    const node = await this.zk.getDataIfExists(partitionStatePath(topic, partition), watcher);
    return node === null ? null : { state: decodePartitionState(topic, partition, node.data), zkVersion: node.stat.version };
  }

  /** States of the given partitions, keyed `topic-partition`; partitions without a state znode are absent. */
  async getPartitionStates(partitions: TopicPartition[]): Promise<Map<string, TopicPartition & PartitionStateAndVersion>> {
    const states = await Promise.all(partitions.map((tp) => this.getPartitionState(tp.topic, tp.partition)));
    const result = new Map<string, TopicPartition & PartitionStateAndVersion>();
    partitions.forEach((tp, i) => {
      const state = states[i];
      if (state !== null) result.set(tpString(tp), { ...tp, ...state });
    });
    return result;
  }

  /** Partition ids that have a znode under /brokers/topics/<t>/partitions. */
  async getChildrenPartitions(topic: string): Promise<number[]> {
    return (await this.zk.getChildrenIfExists(topicPartitionsPath(topic))).map(Number).sort((a, b) => a - b);
  }

  /** /admin/delete_topics/<t> (null data); ZkError NODE_EXISTS if already marked. */
  async createDeleteTopicMarker(topic: string): Promise<void> {
    await this.zk.create(deleteTopicMarkerPath(topic), null);
  }

  async getTopicDeletions(watcher?: ZkWatcher): Promise<string[]> {
    return (await this.zk.getChildrenIfExists(DELETE_TOPICS_PATH, watcher)).sort();
  }

  async isTopicMarkedForDeletion(topic: string): Promise<boolean> {
    return (await this.zk.exists(deleteTopicMarkerPath(topic))) !== null;
  }

  // --- dynamic configs ------------------------------------------------------------------------------

  async getEntityConfig(entityType: ConfigEntityType, entityName: string): Promise<Map<string, string>> {
    const path = configEntityPath(entityType, entityName);
    const node = await this.zk.getDataIfExists(path);
    return node === null ? new Map() : decodeEntityConfig(path, node.data);
  }

  /** The names under /config/<entityType>, or under a nested path like `users/alice/clients` (Kafka's getAllEntitiesWithConfig), in the order ZooKeeper lists them, as the tools print them. */
  async getAllEntitiesWithConfig(entityPath: string): Promise<string[]> {
    return this.zk.getChildrenIfExists(`/config/${entityPath}`);
  }

  async getTopicConfig(topic: string): Promise<Map<string, string>> {
    return this.getEntityConfig('topics', topic);
  }

  /** Sets `path` to `data`, creating it and its parents when absent. */
  private async setOrCreate(path: string, data: Buffer): Promise<void> {
    try {
      await this.zk.setData(path, data);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
      try {
        await this.zk.createRecursive(path, data);
      } catch (createError) {
        if (!isZkError(createError, 'NODE_EXISTS')) throw createError;
        await this.zk.setData(path, data);
      }
    }
  }

  /** OffsetCommit v0 stores offsets the pre-0.9 way: /consumers/<group>/offsets/<topic>/<partition>, a plain decimal. */
  async setOrCreateConsumerOffset(group: string, topic: string, partition: number, offset: bigint): Promise<void> {
    await this.setOrCreate(consumerOffsetPath(group, topic, partition), Buffer.from(offset.toString()));
  }

  /** OffsetFetch v0's read of the same znode; null when nothing was committed. */
  async getConsumerOffset(group: string, topic: string, partition: number): Promise<bigint | null> {
    const node = await this.zk.getDataIfExists(consumerOffsetPath(group, topic, partition));
    return node === null || node.data === null ? null : BigInt(node.data.toString());
  }

  /** setData (any version), or createRecursive if absent (Kafka's setOrCreateEntityConfigs). No notification. */
  async setOrCreateEntityConfig(entityType: ConfigEntityType, entityName: string, config: ReadonlyMap<string, string>): Promise<void> {
    await this.setOrCreate(configEntityPath(entityType, entityName), encodeEntityConfig(config));
  }

  /** /config/changes/config_change_<seq> (v2) for `<type>/<name>`; returns the created path. */
  async createConfigChangeNotification(entityPath: string): Promise<string> {
    await this.zk.createRecursive('/config/changes', null, { throwIfExists: false });
    return this.zk.create(CONFIG_CHANGE_CREATE_PATH, encodeConfigChangeNotification(entityPath), 'persistent_sequential');
  }

  /** AdminZkClient.changeConfigs: write the entity config, then notify every broker. */
  async changeEntityConfig(entityType: ConfigEntityType, entityName: string, config: ReadonlyMap<string, string>): Promise<string> {
    await this.setOrCreateEntityConfig(entityType, entityName, config);
    return this.createConfigChangeNotification(`${entityType}/${entityName}`);
  }

  // --- legacy admin znodes ----------------------------------------------------------------------------

  async getPreferredReplicaElection(watcher?: ZkWatcher): Promise<TopicPartition[] | null> {
    const node = await this.zk.getDataIfExists(PREFERRED_REPLICA_ELECTION_PATH, watcher);
    return node === null ? null : decodePreferredReplicaElection(node.data);
  }

  /** What `kafka-preferred-replica-election --zookeeper` writes; ZkError NODE_EXISTS if one is pending. */
  async createPreferredReplicaElection(partitions: TopicPartition[]): Promise<void> {
    await this.zk.create(PREFERRED_REPLICA_ELECTION_PATH, encodePreferredReplicaElection(partitions));
  }

  async getPartitionReassignment(watcher?: ZkWatcher): Promise<LegacyPartitionReassignment[] | null> {
    const node = await this.zk.getDataIfExists(REASSIGN_PARTITIONS_PATH, watcher);
    return node === null ? null : decodeReassignPartitions(node.data);
  }

  async createPartitionReassignment(reassignments: LegacyPartitionReassignment[]): Promise<void> {
    await this.zk.create(REASSIGN_PARTITIONS_PATH, encodeReassignPartitions(reassignments));
  }

  // --- producer ids -------------------------------------------------------------------------------------

  /**
   * ProducerIdManager.getNewProducerIdBlock: read the last block with its version, write the next
   * one conditionally, retry on conflict (accepting a conflicting write identical to ours).
   */
  claimProducerIdBlock(brokerId: number): Promise<ProducerIdBlock> {
    // One claim at a time per client: two concurrent claims by the same broker would otherwise
    // write identical data, and the "identical write = my retry" rule would hand out one block twice.
    const claim = this.producerIdClaims.then(() => this.claimProducerIdBlockNow(brokerId));
    this.producerIdClaims = claim.catch(() => undefined);
    return claim;
  }

  private async claimProducerIdBlockNow(brokerId: number): Promise<ProducerIdBlock> {
    for (;;) {
      let node = await this.zk.getDataIfExists(PRODUCER_ID_BLOCK_PATH);
      if (node === null) {
        await this.zk.createRecursive(PRODUCER_ID_BLOCK_PATH, null, { throwIfExists: false });
        node = await this.zk.getData(PRODUCER_ID_BLOCK_PATH);
      }
      const previous = node.data === null || node.data.length === 0 ? null : decodeProducerIdBlock(node.data);
      const next = nextProducerIdBlock(brokerId, previous);
      const data = encodeProducerIdBlock(next);
      try {
        await this.zk.setData(PRODUCER_ID_BLOCK_PATH, data, node.stat.version);
        return next;
      } catch (error) {
        if (!isZkError(error, 'BAD_VERSION')) throw error;
        const stored = await this.zk.getDataIfExists(PRODUCER_ID_BLOCK_PATH);
        if (stored?.data?.equals(data)) return next;
      }
    }
  }

  /** Stat of any path (handy for callers checking versions/ownership). */
  exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | null> {
    return this.zk.exists(path, watcher);
  }
}

/** Where OffsetCommit v0 keeps a group's offset (Kafka's ConsumerPathZNode layout). */
function consumerOffsetPath(group: string, topic: string, partition: number): string {
  return `/consumers/${group}/offsets/${topic}/${partition}`;
}
