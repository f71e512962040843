// The broker's partitions (Kafka's ReplicaManager): applies the controller's LeaderAndIsr and
// StopReplica requests, appends producers' records on leaders (appendRecords, which holds acks=-1
// answers in the produce purgatory until the ISR has the records), serves consumers' and
// followers' reads (fetchMessages, which long-polls in the fetch purgatory), and keeps the ISR:
// lagging followers are dropped every replica.lag.time.max.ms / 2, and ISR changes the leaders
// wrote to ZooKeeper are announced to the controller in batches through /isr_change_notification
// (Kafka 2.4's isr-expiration and isr-change-propagation tasks). It also moves replicas between
// the broker's log dirs when asked (AlterReplicaLogDirs; the copying is replica-alter-log-dirs.ts).
// Every state change is logged to the state-change log with the controller epoch that caused it.
//
// Over 500 lines because those duties share the partition map and the purgatories, as in Kafka;
// the per-partition state (partition.ts), the delayed operations (delayed-produce.ts,
// delayed-fetch.ts) and the followers' fetching (replica-fetcher.ts) live apart.

import type { LogConfig, LogManager } from '../log';
import { AppendOrigin, LogError, RecordValidationError, futureDirNameTooLong } from '../log';
import type { Logger } from '../common/logger';
import { logEvent } from '../common/control-plane-events';
import { systemClock, type Clock } from '../common/clock';
import { DelayedOperationPurgatory } from '../common/purgatory';
import type { KafkaZkClient } from '../zk';
import { ErrorCode, errorName } from '../protocol/errors';
import type {
  LeaderAndIsrPartitionError,
  LeaderAndIsrPartitionState,
  LeaderAndIsrRequest,
  LeaderAndIsrResponse,
  StopReplicaPartitionError,
  StopReplicaRequest,
  StopReplicaResponse,
} from '../protocol/generated';
import { DelayedFetch } from './delayed-fetch';
import type { FetchParams, PartitionRead, PartitionReadRequest } from './fetch-types';
import { DelayedProduce, type PendingPartition } from './delayed-produce';
import { INTERNAL_TOPICS } from './metadata-cache';
import { NotLeaderForPartitionError, Partition, PolicyViolationError, type IsrChange } from './partition';
import { DelayedDeleteRecords, type DeleteRecordsStatus } from './delayed-delete-records';
import { ReplicationQuotaManager } from './replication-quota';
import { ReplicaAlterLogDirsManager } from './replica-alter-log-dirs';
import { topicPartitionKey } from '../common/topic-partition';
import type { BrokerMetrics } from '../metrics/broker-metrics';

export interface ReplicaManagerOptions {
  brokerId: number;
  logManager: LogManager;
  /** The topic's effective log config (broker defaults plus /config/topics overrides). */
  topicConfig: (topic: string) => LogConfig;
  logger: Logger;
  stateChangeLogger: Logger;
  /** For the leader's ISR writes; absent in single-broker data-plane tests (ISR never changes). */
  zk?: KafkaZkClient;
  /** replica.lag.time.max.ms (2.4 default 10000). */
  replicaLagTimeMaxMs?: number;
  clock?: Clock;
  /** Followers fetch from their leaders; told which partitions to fetch and which to stop. */
  followerFetching?: FollowerFetching;
  /** Whether the metadata knows the broker alive (the low watermark ignores dead followers); all alive when absent. */
  isBrokerAlive?: (brokerId: number) => boolean;
  /** The leader's replication throttle (leader.replication.throttled.*); none when absent. */
  leaderQuota?: ReplicationQuotaManager;
  /** The throttle of moves between log dirs (replica.alter.log.dirs.io.max.bytes.per.second); none when absent. */
  alterLogDirsQuota?: ReplicationQuotaManager;
  /** replica.fetch.max.bytes (2.4 default 1048576): also the size of each copy of a move between log dirs. */
  replicaFetchMaxBytes?: number;
  /** BrokerTopicMetrics and the ReplicaManager metrics; none in tests that don't look. */
  metrics?: BrokerMetrics;
}

/** AlterReplicaLogDirs: a partition to move, and the log dir (its absolute path) to move it to. */
export interface ReplicaLogDirMove {
  topic: string;
  partition: number;
  logDir: string;
}

export interface FollowerFetching {
  /**
   * Start (or restart, after truncation) fetching these partitions from their leaders, reachable
   * at the endpoints the controller sent along (LeaderAndIsr's live_leaders).
   */
  addPartitions(partitions: Partition[], leaderEndpoints: ReadonlyMap<number, { host: string; port: number }>): void;
  removePartitions(partitions: Array<{ topic: string; partition: number }>): void;
}

/** Kafka's isr-change-propagation timing (ReplicaManager.IsrChangePropagation*). */
const ISR_CHANGE_PROPAGATION_INTERVAL_MS = 2500;
const ISR_CHANGE_PROPAGATION_BLACKOUT_MS = 5000;
const ISR_CHANGE_PROPAGATION_MAX_INTERVAL_MS = 60000;

export interface AppendEntry {
  topic: string;
  partition: number;
  records: Buffer | null;
}

export interface AppendOptions {
  requiredAcks: number;
  /** How long an acks=-1 append may wait for the ISR. */
  timeoutMs: number;
  produceVersion: number;
  /** Only the broker's own coordinators write to internal topics. */
  internalTopicsAllowed: boolean;
  /** Who writes: clients by default; the coordinators' own records (and transaction markers) skip the client checks. */
  origin?: AppendOrigin;
}

export interface DeleteRecordsEntry {
  topic: string;
  partition: number;
  /** Delete below this offset; -1: below the high watermark. */
  offset: number;
}

export interface DeleteRecordsResult {
  topic: string;
  partition: number;
  lowWatermark: number;
  errorCode: number;
}

export interface ProduceResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  /** Offset after the appended records: what acks=-1 waits for the high watermark to reach. */
  nextOffset: number;
  logAppendTime: number;
  logStartOffset: number;
  recordErrors: ReadonlyArray<{ batchIndex: number; message: string }>;
}

const EMPTY = Buffer.alloc(0);

const VALID_ACKS = new Set([-1, 0, 1]);

const failedAppend = (errorCode: number, errorMessage: string | null = null, recordErrors: ProduceResult['recordErrors'] = []): ProduceResult => ({
  errorCode,
  errorMessage,
  baseOffset: -1,
  nextOffset: -1,
  logAppendTime: -1,
  logStartOffset: -1,
  recordErrors,
});

class ReplicaNotAvailableError extends Error {}
class InvalidTopicError extends Error {}

const failedRead = (errorCode: number): PartitionRead => ({ errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: EMPTY });

/** KIP-320 fencing of a client's view of the leader epoch (-1: the client did not say). */
export function leaderEpochError(requestEpoch: number, currentEpoch: number): number {
  if (requestEpoch < 0 || requestEpoch === currentEpoch) return ErrorCode.NONE;
  return requestEpoch < currentEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}

/** Kafka's error code for an exception from the log layer or the partition. */
export function errorCodeOf(error: unknown): number {
  if (error instanceof RecordValidationError) return error.errorCode;
  if (error instanceof ReplicaNotAvailableError) return ErrorCode.REPLICA_NOT_AVAILABLE;
  if (error instanceof InvalidTopicError) return ErrorCode.INVALID_TOPIC_EXCEPTION;
  if (error instanceof NotLeaderForPartitionError) return ErrorCode.NOT_LEADER_FOR_PARTITION;
  if (error instanceof PolicyViolationError) return ErrorCode.POLICY_VIOLATION;
  if (error instanceof LogError) return ErrorCode[error.kafkaError as keyof typeof ErrorCode] ?? ErrorCode.UNKNOWN_SERVER_ERROR;
  return ErrorCode.UNKNOWN_SERVER_ERROR;
}

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  /** Highest controller epoch seen; requests from older controllers are refused. */
  controllerEpoch = 0;
  private readonly clock: Clock;
  private readonly producePurgatory: DelayedOperationPurgatory<string, DelayedProduce>;
  private readonly fetchPurgatory: DelayedOperationPurgatory<string, DelayedFetch>;
  private readonly deleteRecordsPurgatory: DelayedOperationPurgatory<string, DelayedDeleteRecords>;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Partitions whose ISR this broker changed, not yet announced to the controller. */
  private readonly pendingIsrChanges = new Map<string, { topic: string; partition: number }>();
  /** Both start at creation, as in Kafka: a broker's first ISR change also waits for things to settle. */
  private lastIsrChangeMs: number;
  private lastIsrPropagationMs: number;
  private readonly alterLogDirs: ReplicaAlterLogDirsManager;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.lastIsrChangeMs = this.lastIsrPropagationMs = this.clock.now();
    this.alterLogDirs = new ReplicaAlterLogDirsManager({
      brokerId: options.brokerId,
      logManager: options.logManager,
      fetchMaxBytes: options.replicaFetchMaxBytes ?? 1048576,
      quota: options.alterLogDirsQuota ?? new ReplicationQuotaManager(this.clock),
      logger: options.logger,
      onReplaced: (p) => this.completeDelayedRequests(p.topic, p.partition),
    });
    this.producePurgatory = new DelayedOperationPurgatory('Produce', this.clock);
    this.fetchPurgatory = new DelayedOperationPurgatory('Fetch', this.clock);
    this.deleteRecordsPurgatory = new DelayedOperationPurgatory('DeleteRecords', this.clock);
    options.metrics?.replicaManager.observe(this);
  }

  /** The broker's logs, for handlers that describe them (DescribeLogDirs, as Kafka's replicaManager.logManager). */
  get logManager(): LogManager {
    return this.options.logManager;
  }

  isBrokerAlive(brokerId: number): boolean {
    return this.options.isBrokerAlive?.(brokerId) ?? true;
  }

  private get prefix(): string {
    return `[ReplicaManager broker=${this.options.brokerId}]`;
  }

  /** Starts the isr-expiration and isr-change-propagation tasks. */
  startup(): void {
    const lagMs = this.options.replicaLagTimeMaxMs ?? 10_000;
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(1, Math.floor(lagMs / 2)), () => this.shrinkIsrs(lagMs));
    every(ISR_CHANGE_PROPAGATION_INTERVAL_MS, () => void this.maybePropagateIsrChanges());
  }

  /** Stops the tasks and the moves between log dirs (which resume after a restart). */
  async shutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    await this.alterLogDirs.shutdown();
  }

  /**
   * Kafka's alterReplicaLogDirs: for each partition, the error code of moving its replica here to
   * `logDir`. A dir not in log.dirs is LOG_DIR_NOT_FOUND; a replica this broker does not have yet
   * is REPLICA_NOT_AVAILABLE, and the dir is remembered for when it is created; otherwise a
   * future log is made there (a move to another dir first drops the one under way) and copied into
   * until it replaces the current log.
   */
  alterReplicaLogDirs(moves: readonly ReplicaLogDirMove[]): Array<ReplicaLogDirMove & { errorCode: number }> {
    const logManager = this.options.logManager;
    return moves.map((move) => {
      const { topic, partition, logDir } = move;
      try {
        if (futureDirNameTooLong(topic, partition)) throw new InvalidTopicError('The topic name is too long.');
        logManager.isLogDirOnline(logDir);
        const p = this.getPartition(topic, partition);
        if (p?.futureLog != null && logManager.logDirPathOf(topic, partition, { future: true }) !== logDir) {
          this.alterLogDirs.removePartitions([p]);
          p.futureLog = null;
          logManager.deleteLog(topic, partition, { future: true });
        }
        logManager.maybeUpdatePreferredLogDir(topic, partition, logDir);
        if (p?.log == null) throw new ReplicaNotAvailableError(`Replica ${this.options.brokerId} is not available for partition ${topic}-${partition}`);
        if (this.maybeCreateFutureReplica(p, logDir)) this.startMoving([p]);
        return { ...move, errorCode: ErrorCode.NONE };
      } catch (error) {
        const errorCode = errorCodeOf(error);
        if (errorCode === ErrorCode.UNKNOWN_SERVER_ERROR) this.options.logger.error(`Error while changing replica dir for partition ${topic}-${partition}: ${(error as Error).stack ?? error}`);
        return { ...move, errorCode };
      }
    });
  }

  /** Partition.maybeCreateFutureReplica: whether a new future log was made in `logDir`. */
  private maybeCreateFutureReplica(p: Partition, logDir: string): boolean {
    const logManager = this.options.logManager;
    const currentDir = logManager.logDirPathOf(p.topic, p.partition);
    if (currentDir === logDir) {
      this.options.logger.info(`Current log directory ${currentDir} is same as requested log dir ${logDir}. Skipping future replica creation.`);
      return false;
    }
    if (p.futureLog !== null) {
      const futureDir = logManager.logDirPathOf(p.topic, p.partition, { future: true });
      if (futureDir !== logDir) throw new Error(`The future log dir ${futureDir} of ${p.name} is different from the requested log dir ${logDir}`);
      return false;
    }
    p.futureLog = logManager.getOrCreateFutureLog(p.topic, p.partition, this.options.topicConfig(p.topic));
    return true;
  }

  /** The cleaner leaves the partitions alone while they move (LogManager resumes it at the swap). */
  private startMoving(partitions: Partition[]): void {
    for (const p of partitions) this.options.logManager.abortAndPauseCleaning(p.topic, p.partition);
    this.alterLogDirs.addPartitions(partitions);
  }

  /** Whether the partition's replica is being moved between log dirs (tests). */
  isMovingLogDir(topic: string, partition: number): boolean {
    return this.alterLogDirs.isMoving(topic, partition);
  }

  private newPartition(topic: string, partition: number): Partition {
    return new Partition(topic, partition, this.options.brokerId, {
      writeIsr: (p, isr, change) => this.writeIsr(p, isr, change),
      highWatermarkIncreased: (p) => this.completeDelayedRequests(p.topic, p.partition),
    });
  }

  /**
   * The leader's ISR write (Kafka 2.4's Partition.updateIsr through ReplicationUtils): conditional
   * on the state znode version we know. On a conflict the leader re-reads the state and, if
   * another leader or epoch is there, stops acting as leader until the controller tells it more.
   */
  private async writeIsr(p: Partition, newIsr: number[], change: IsrChange): Promise<number | null> {
    const zk = this.options.zk;
    if (zk === undefined) return null;
    const state = { leader: p.leaderId, leaderEpoch: p.leaderEpoch, isr: newIsr, controllerEpoch: p.controllerEpoch };
    try {
      const result = await zk.conditionalUpdatePartitionState(p.topic, p.partition, state, p.zkVersion);
      if (result.ok) {
        this.options.metrics?.replicaManager.isrChanged(p.isr.length, newIsr.length);
        logEvent(
          this.options.stateChangeLogger,
          'info',
          { kind: change.kind, topic: p.topic, partition: p.partition, broker: this.options.brokerId, replicas: change.replicas, isr: newIsr, previousIsr: p.isr, leaderEpoch: p.leaderEpoch, zkVersion: result.newVersion, cause: change.cause },
          `${this.prefix} ISR of ${p.name} updated from ${p.isr.join(',')} to ${newIsr.join(',')} (zkVersion ${result.newVersion}): ${change.cause}`,
        );
        this.pendingIsrChanges.set(topicPartitionKey(p.topic, p.partition), { topic: p.topic, partition: p.partition });
        this.lastIsrChangeMs = this.clock.now();
        return result.newVersion;
      }
      this.options.metrics?.replicaManager.isrUpdateFailed();
      const stored = await zk.getPartitionState(p.topic, p.partition);
      if (stored === null || stored.state.leader !== this.options.brokerId || stored.state.leaderEpoch !== p.leaderEpoch) {
        this.options.stateChangeLogger.warn(`${this.prefix} ${p.name}: the state in ZooKeeper moved on (${JSON.stringify(stored?.state)}); no longer acting as its leader`);
        p.resignLeadership();
      } else {
        this.options.stateChangeLogger.info(`${this.prefix} ${p.name}: cached zkVersion ${p.zkVersion} not equal to that in ZooKeeper ${stored.zkVersion}, skip updating ISR`);
      }
      return null;
    } catch (error) {
      this.options.logger.warn(`${this.prefix} Failed to update the ISR of ${p.name}: ${(error as Error).message}`);
      return null;
    }
  }

  private shrinkIsrs(lagMs: number): void {
    const now = this.clock.now();
    for (const p of this.partitions.values()) p.maybeShrinkIsr(now, lagMs);
  }

  /** Announces ISR changes once they have settled for a while, or at least every minute (Kafka's rule). */
  private async maybePropagateIsrChanges(): Promise<void> {
    const zk = this.options.zk;
    if (zk === undefined || this.pendingIsrChanges.size === 0) return;
    const now = this.clock.now();
    const settled = now - this.lastIsrChangeMs > ISR_CHANGE_PROPAGATION_BLACKOUT_MS;
    const overdue = now - this.lastIsrPropagationMs > ISR_CHANGE_PROPAGATION_MAX_INTERVAL_MS;
    if (!settled && !overdue) return;
    const changed = [...this.pendingIsrChanges.values()];
    this.pendingIsrChanges.clear();
    this.lastIsrPropagationMs = now;
    try {
      const path = await zk.propagateIsrChanges(changed);
      const names = changed.map((tp) => topicPartitionKey(tp.topic, tp.partition));
      logEvent(
        this.options.stateChangeLogger,
        'info',
        { kind: 'isr-change-notification', broker: this.options.brokerId, path, partitions: names, cause: 'ISR changes settled (or a minute passed): the controller is told through ZooKeeper' },
        `${this.prefix} Wrote ${path} for the ISR changes of ${names.join(',')}`,
      );
    } catch (error) {
      this.options.logger.warn(`${this.prefix} Failed to propagate ISR changes: ${(error as Error).message}`);
      for (const tp of changed) this.pendingIsrChanges.set(topicPartitionKey(tp.topic, tp.partition), tp);
    }
  }

  /**
   * Something changed for the partition (its high watermark, its leadership, its deletion): the
   * produces and fetches waiting on it are checked again (Kafka's tryCompleteDelayedRequests).
   */
  completeDelayedRequests(topic: string, partition: number): void {
    const key = topicPartitionKey(topic, partition);
    this.producePurgatory.checkAndComplete(key);
    this.fetchPurgatory.checkAndComplete(key);
    this.deleteRecordsPurgatory.checkAndComplete(key);
  }

  /**
   * Kafka's deleteRecords: each partition's leader moves its log start offset, then the answer
   * waits (DelayedDeleteRecords) until every live replica has followed, at most `timeoutMs`.
   * Internal topics refuse it (INVALID_TOPIC_EXCEPTION), as do topics without the delete policy.
   */
  deleteRecords(entries: readonly DeleteRecordsEntry[], timeoutMs: number, respond: (results: DeleteRecordsResult[]) => void): void {
    const statuses: DeleteRecordsStatus[] = entries.map((e) => this.deleteRecordsOnLocalLog(e));
    const toResults = () => statuses.map(({ topic, partition, lowWatermark, errorCode }) => ({ topic, partition, lowWatermark, errorCode }));
    if (!statuses.some((s) => s.pending)) {
      respond(toResults());
      return;
    }
    this.deleteRecordsPurgatory.tryCompleteElseWatch(
      new DelayedDeleteRecords(timeoutMs, statuses, this, () => respond(toResults())),
      statuses.map((s) => topicPartitionKey(s.topic, s.partition)),
    );
  }

  private deleteRecordsOnLocalLog(entry: DeleteRecordsEntry): DeleteRecordsStatus {
    const { topic, partition } = entry;
    const failed = (errorCode: number): DeleteRecordsStatus => ({ topic, partition, requiredOffset: -1, lowWatermark: -1, errorCode, pending: false });
    if (INTERNAL_TOPICS.has(topic)) return failed(ErrorCode.INVALID_TOPIC_EXCEPTION);
    const p = this.getPartition(topic, partition);
    // The topic exists (the API checked): this broker just holds no replica of it.
    if (p === undefined) return failed(ErrorCode.NOT_LEADER_FOR_PARTITION);
    try {
      const requiredOffset = p.deleteRecordsOnLeader(entry.offset);
      this.completeDelayedRequests(topic, partition);
      return { topic, partition, requiredOffset, lowWatermark: p.lowWatermarkIfLeader((id) => this.isBrokerAlive(id)), errorCode: ErrorCode.NONE, pending: true };
    } catch (error) {
      return failed(errorCodeOf(error));
    }
  }

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(topicPartitionKey(topic, partition));
  }

  allPartitions(): Partition[] {
    return [...this.partitions.values()];
  }

  /** Leads `topic`-`partition` here? If not, the error a client gets. */
  leaderErrorFor(topic: string, partition: number): number {
    const p = this.getPartition(topic, partition);
    if (p === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    return p.isLeader ? ErrorCode.NONE : ErrorCode.NOT_LEADER_FOR_PARTITION;
  }

  becomeLeaderOrFollower(request: LeaderAndIsrRequest): LeaderAndIsrResponse {
    const states = [
      ...request.ungroupedPartitionStates,
      ...request.topicStates.flatMap((t) => t.partitionStates.map((s) => ({ ...s, topicName: t.topicName }))),
    ];
    const prefix = `[Broker id=${this.options.brokerId}]`;
    if (request.controllerEpoch < this.controllerEpoch) {
      this.options.stateChangeLogger.warn(
        `${prefix} Ignoring LeaderAndIsr request from controller ${request.controllerId} with epoch ${request.controllerEpoch} since its epoch is smaller than the current controller epoch ${this.controllerEpoch}`,
      );
      return this.errorForAll(states, ErrorCode.STALE_CONTROLLER_EPOCH);
    }
    this.controllerEpoch = request.controllerEpoch;

    const partitionErrors: LeaderAndIsrPartitionError[] = [];
    const leaders: Partition[] = [];
    const followers: Partition[] = [];
    const resumedMoves: Partition[] = [];
    for (const state of states) {
      const errorCode = this.applyPartitionState(state, request);
      partitionErrors.push({ topicName: state.topicName, partitionIndex: state.partitionIndex, errorCode });
      const p = this.getPartition(state.topicName, state.partitionIndex);
      if (errorCode !== ErrorCode.NONE || p === undefined) continue;
      (p.isLeader ? leaders : followers).push(p);
      // A move between log dirs left by a restart (or a StopReplica) goes on.
      const future = p.futureLog === null ? this.options.logManager.getFutureLog(p.topic, p.partition) : undefined;
      if (future !== undefined) {
        p.futureLog = future;
        resumedMoves.push(p);
      }
    }
    if (resumedMoves.length > 0) this.startMoving(resumedMoves);
    // Leaders stop fetching; followers (re)start from their new leader, truncating first.
    this.options.followerFetching?.removePartitions(leaders);
    if (followers.length > 0) {
      const endpoints = new Map(request.liveLeaders.map((l) => [l.brokerId, { host: l.hostName, port: l.port }]));
      this.options.followerFetching?.addPartitions(followers, endpoints);
    }
    // A partition that changed hands may have produces and fetches waiting on it: they answer now.
    for (const p of partitionErrors) this.completeDelayedRequests(p.topicName, p.partitionIndex);
    return { errorCode: ErrorCode.NONE, partitionErrors };
  }

  private applyPartitionState(state: LeaderAndIsrPartitionState, request: LeaderAndIsrRequest): number {
    const { topicName: topic, partitionIndex } = state;
    const tp = topicPartitionKey(topic, partitionIndex);
    const prefix = `[Broker id=${this.options.brokerId}]`;
    const existing = this.getPartition(topic, partitionIndex);
    if (existing !== undefined && state.leaderEpoch <= existing.leaderEpoch) {
      this.options.stateChangeLogger.warn(
        `${prefix} Ignoring LeaderAndIsr request from controller ${request.controllerId} with correlation epoch ${request.controllerEpoch} for partition ${tp} since its associated leader epoch ${state.leaderEpoch} is not higher than the current leader epoch ${existing.leaderEpoch}`,
      );
      return ErrorCode.STALE_CONTROLLER_EPOCH;
    }
    if (!state.replicas.includes(this.options.brokerId)) {
      this.options.stateChangeLogger.warn(
        `${prefix} Ignoring LeaderAndIsr request from controller ${request.controllerId} with epoch ${request.controllerEpoch} for partition ${tp} as itself is not in assigned replica list ${state.replicas.join(',')}`,
      );
      return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    }
    let partition = existing;
    if (partition === undefined) {
      partition = this.newPartition(topic, partitionIndex);
      this.partitions.set(topicPartitionKey(topic, partitionIndex), partition);
    }
    const previousLeaderEpoch = partition.leaderEpoch;
    try {
      const log = this.options.logManager.getOrCreateLog(topic, partitionIndex, this.options.topicConfig(topic));
      if (state.leader === this.options.brokerId) {
        partition.makeLeader(state, log, this.clock.now());
        this.options.stateChangeLogger.info(
          `${prefix} Leader ${tp} starts at leader epoch ${state.leaderEpoch} from offset ${log.logEndOffset} with high watermark ${log.highWatermark}. Previous leader epoch was ${previousLeaderEpoch}. (controller epoch ${request.controllerEpoch})`,
        );
      } else {
        partition.makeFollower(state, log);
        this.options.stateChangeLogger.info(
          `${prefix} Follower ${tp} starts at leader epoch ${state.leaderEpoch} with leader ${state.leader} (controller epoch ${request.controllerEpoch})`,
        );
      }
      return ErrorCode.NONE;
    } catch (error) {
      this.options.logger.error(`${prefix} Error while making ${tp} leader or follower: ${(error as Error).message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
  }

  stopReplicas(request: StopReplicaRequest): StopReplicaResponse {
    const partitions = [
      ...request.ungroupedPartitions.map((p) => ({ topicName: p.topicName, partitionIndex: p.partitionIndex })),
      ...request.topics.flatMap((t) => t.partitionIndexes.map((partitionIndex) => ({ topicName: t.name, partitionIndex }))),
    ];
    if (request.controllerEpoch < this.controllerEpoch) {
      return {
        errorCode: ErrorCode.STALE_CONTROLLER_EPOCH,
        partitionErrors: partitions.map((p) => ({ ...p, errorCode: ErrorCode.STALE_CONTROLLER_EPOCH })),
      };
    }
    this.controllerEpoch = request.controllerEpoch;
    const stopped = partitions.map((p) => ({ topic: p.topicName, partition: p.partitionIndex }));
    this.options.followerFetching?.removePartitions(stopped);
    this.alterLogDirs.removePartitions(stopped);
    const partitionErrors: StopReplicaPartitionError[] = partitions.map(({ topicName, partitionIndex }) => {
      this.partitions.delete(topicPartitionKey(topicName, partitionIndex));
      let errorCode: number = ErrorCode.NONE;
      if (request.deletePartitions) {
        try {
          this.options.logManager.deleteLog(topicName, partitionIndex);
          this.options.logManager.deleteLog(topicName, partitionIndex, { future: true });
        } catch (error) {
          this.options.logger.error(`Error deleting the log of ${topicName}-${partitionIndex}: ${(error as Error).message}`);
          errorCode = ErrorCode.KAFKA_STORAGE_ERROR;
        }
      }
      this.options.stateChangeLogger.info(
        `[Broker id=${this.options.brokerId}] Handled StopReplica for ${topicName}-${partitionIndex} (delete=${request.deletePartitions}) from controller ${request.controllerId} epoch ${request.controllerEpoch}: ${errorName(errorCode)}`,
      );
      return { topicName, partitionIndex, errorCode };
    });
    for (const p of partitionErrors) this.completeDelayedRequests(p.topicName, p.partitionIndex);
    if (request.deletePartitions && this.options.metrics !== undefined) this.dropDeletedTopicMetrics(new Set(partitions.map((p) => p.topicName)));
    return { errorCode: ErrorCode.NONE, partitionErrors };
  }

  /** A topic whose last partition here was deleted loses its per-topic series (Kafka's removeMetrics). */
  private dropDeletedTopicMetrics(topics: Set<string>): void {
    for (const p of this.partitions.values()) topics.delete(p.topic);
    for (const topic of topics) this.options.metrics?.topics.removeTopic(topic);
  }

  /** min.insync.replicas of the topic (topic config, else the broker default). */
  minInsyncReplicas(topic: string): number {
    return this.options.topicConfig(topic)['min.insync.replicas'];
  }

  /**
   * Kafka's appendRecords: appends each entry on this broker as leader and answers through
   * `respond`, at once (acks 0 and 1, or nothing appended) or, with acks=-1, once every in-sync
   * replica has the records, the ISR shrank below min.insync.replicas (NOT_ENOUGH_REPLICAS_AFTER_APPEND),
   * leadership moved, or timeoutMs passed (REQUEST_TIMED_OUT). Results come in entry order;
   * errors are Kafka error codes, never exceptions.
   */
  appendRecords(entries: readonly AppendEntry[], options: AppendOptions, respond: (results: ProduceResult[]) => void): void {
    if (!VALID_ACKS.has(options.requiredAcks)) {
      respond(entries.map(() => failedAppend(ErrorCode.INVALID_REQUIRED_ACKS)));
      return;
    }
    const results = entries.map((e) => {
      if (!options.internalTopicsAllowed && INTERNAL_TOPICS.has(e.topic)) return failedAppend(ErrorCode.INVALID_TOPIC_EXCEPTION);
      const result = this.appendToLeader(e.topic, e.partition, e.records, options.produceVersion, options.requiredAcks, options.origin);
      // Once per partition, from the append's offsets: no look at the records themselves.
      this.options.metrics?.topics.produced(e.topic, result.errorCode, result.nextOffset - result.baseOffset, e.records?.length ?? 0);
      // New data: long-polling fetches of this partition may answer.
      if (result.errorCode === ErrorCode.NONE) this.fetchPurgatory.checkAndComplete(topicPartitionKey(e.topic, e.partition));
      return result;
    });
    const waiting: Array<PendingPartition & { result: ProduceResult }> = [];
    if (options.requiredAcks === -1) {
      entries.forEach((e, i) => {
        const result = results[i];
        if (result.errorCode === ErrorCode.NONE) waiting.push({ topic: e.topic, partition: e.partition, requiredOffset: result.nextOffset, errorCode: ErrorCode.NONE, done: false, result });
      });
    }
    if (waiting.length === 0) {
      respond(results);
      return;
    }
    const delayed = new DelayedProduce(options.timeoutMs, waiting, this, () => {
      for (const w of waiting) w.result.errorCode = w.errorCode;
      respond(results);
    });
    this.producePurgatory.tryCompleteElseWatch(
      delayed,
      waiting.map((w) => topicPartitionKey(w.topic, w.partition)),
    );
  }

  /** One partition's leader append; with acks=-1 an ISR smaller than min.insync.replicas refuses it (NOT_ENOUGH_REPLICAS). */
  private appendToLeader(topic: string, partition: number, records: Buffer | null, produceVersion: number, requiredAcks = 1, origin = AppendOrigin.Client): ProduceResult {
    const p = this.getPartition(topic, partition);
    if (p === undefined) return failedAppend(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (records === null) return failedAppend(ErrorCode.CORRUPT_MESSAGE, 'produce request carried null records');
    const minIsr = this.minInsyncReplicas(topic);
    if (requiredAcks === -1 && p.isLeader && p.isr.length < minIsr) {
      return failedAppend(
        ErrorCode.NOT_ENOUGH_REPLICAS,
        `The size of the current ISR Set(${p.isr.join(', ')}) is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${p.name}`,
      );
    }
    try {
      const info = p.appendRecordsToLeader(records, produceVersion, origin);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.firstOffset,
        nextOffset: info.lastOffset + 1,
        logAppendTime: info.logAppendTime,
        logStartOffset: info.logStartOffset,
        recordErrors: [],
      };
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === ErrorCode.UNKNOWN_SERVER_ERROR) {
        this.options.logger.error(`Error processing append to ${topic}-${partition}: ${(error as Error).stack ?? error}`);
      }
      const recordErrors = error instanceof RecordValidationError ? error.recordErrors : [];
      return failedAppend(code, (error as Error).message, recordErrors);
    }
  }

  /**
   * Kafka's fetchMessages: reads every requested partition and answers through `respond` at once
   * when min_bytes are there, a partition failed, or max_wait_ms is 0; otherwise the fetch waits
   * in the fetch purgatory (DelayedFetch) and answers with a fresh read.
   */
  fetchMessages(params: FetchParams, respond: (reads: PartitionRead[]) => void): void {
    const topicMetrics = this.options.metrics?.topics;
    if (topicMetrics !== undefined) for (const p of params.partitions) topicMetrics.fetchRequested(p.topic);
    const now = this.readFromLocalLog(params);
    if (params.maxWaitMs <= 0 || now.bytes >= params.minBytes || now.anyError || params.partitions.length === 0) {
      respond(now.reads);
      return;
    }
    this.fetchPurgatory.tryCompleteElseWatch(
      new DelayedFetch(params, this, respond),
      params.partitions.map((p) => topicPartitionKey(p.topic, p.partition)),
    );
  }

  /** Reads each partition once, filling the byte budget in request order (KIP-74). */
  readFromLocalLog(params: FetchParams): { reads: PartitionRead[]; bytes: number; anyError: boolean } {
    let remaining = params.maxBytes;
    let minOneBatch = params.minOneBatch;
    let bytes = 0;
    let anyError = false;
    const follower = params.replicaId >= 0;
    const reads = params.partitions.map((p) => {
      const request = { ...p, maxBytes: Math.max(0, Math.min(p.maxBytes, remaining)), minOneBatch };
      const read = follower ? this.readForFollower(params.replicaId, request) : this.readFromLeader(request, params.isolationLevel === 1);
      if (read.errorCode !== ErrorCode.NONE) {
        anyError = true;
        this.options.metrics?.topics.fetchFailed(p.topic, read.errorCode);
      } else if (read.records.length > 0) {
        remaining -= read.records.length;
        bytes += read.records.length;
        minOneBatch = false;
      }
      return read;
    });
    return { reads, bytes, anyError };
  }

  /** The partition a read may be served from here, or the error the reader gets (same order as Kafka's checks). */
  private leaderForRead(req: PartitionReadRequest): Partition | number {
    const p = this.getPartition(req.topic, req.partition);
    if (p === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const epochError = leaderEpochError(req.currentLeaderEpoch, p.leaderEpoch);
    if (epochError !== ErrorCode.NONE) return epochError;
    return p.isLeader ? p : ErrorCode.NOT_LEADER_FOR_PARTITION;
  }

  /**
   * A consumer's read from the local leader, bounded by the high watermark, or for read_committed
   * by the last stable offset, with the aborted transactions among what it reads. A stale or
   * future leader epoch from the client gets FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  readFromLeader(req: PartitionReadRequest, readCommitted = false): PartitionRead {
    const p = this.leaderForRead(req);
    if (typeof p === 'number') return failedRead(p);
    const log = p.log!;
    const bounds = { highWatermark: log.highWatermark, lastStableOffset: log.lastStableOffset, logStartOffset: log.logStartOffset };
    try {
      const maxOffset = readCommitted ? bounds.lastStableOffset : bounds.highWatermark;
      const data = log.read(req.fetchOffset, req.maxBytes, { maxOffset, minOneBatch: req.minOneBatch, includeAbortedTxns: readCommitted });
      const read: PartitionRead = { errorCode: ErrorCode.NONE, ...bounds, records: data.records };
      if (readCommitted) read.abortedTransactions = data.abortedTransactions ?? [];
      return read;
    } catch (error) {
      return { ...bounds, errorCode: errorCodeOf(error), records: EMPTY };
    }
  }

  /**
   * Where a fetch of this partition could read up to now — the high watermark for consumers, the
   * log end for followers — or null when the fetch would get an error (not the leader, unknown).
   * Cheap: delayed fetches ask it on every append.
   */
  readableEnd(topic: string, partition: number, forFollower: boolean, readCommitted = false): number | null {
    const p = this.getPartition(topic, partition);
    if (p === undefined || !p.isLeader) return null;
    if (forFollower) return p.log!.logEndOffset;
    return readCommitted ? p.log!.lastStableOffset : p.log!.highWatermark;
  }

  /**
   * A follower's fetch from this leader: reads up to the log end (not the high watermark), then
   * records the follower's position, which may move the high watermark and expand the ISR.
   */
  readForFollower(followerId: number, req: PartitionReadRequest): PartitionRead {
    const p = this.leaderForRead(req);
    if (typeof p === 'number') return failedRead(p);
    const log = p.log!;
    let records: Buffer = EMPTY;
    let errorCode: number = ErrorCode.NONE;
    // A throttled follower that is not in sync gets nothing while the leader's quota is exceeded
    // (its position is still recorded below); what throttled partitions send counts against it.
    const quota = this.options.leaderQuota;
    const throttled = quota !== undefined && quota.hasThrottledPartitions && quota.isThrottled(p.topic, p.partition);
    try {
      if (!throttled || !quota.shouldThrottle(p.topic, p.partition, p.isr.includes(followerId))) {
        records = log.read(req.fetchOffset, req.maxBytes, { minOneBatch: req.minOneBatch }).records;
        if (throttled) quota.record(records.length);
      }
    } catch (error) {
      errorCode = errorCodeOf(error);
    }
    if (errorCode === ErrorCode.NONE) {
      p.updateFollowerFetchState(followerId, req.fetchOffset, req.logStartOffset ?? -1, this.clock.now());
      // The follower's log start may have moved the low watermark a DeleteRecords waits for.
      if (this.deleteRecordsPurgatory.size > 0) this.deleteRecordsPurgatory.checkAndComplete(topicPartitionKey(p.topic, p.partition));
    }
    return { errorCode, highWatermark: log.highWatermark, lastStableOffset: log.lastStableOffset, logStartOffset: log.logStartOffset, records };
  }

  private errorForAll(states: LeaderAndIsrPartitionState[], errorCode: number): LeaderAndIsrResponse {
    return {
      errorCode,
      partitionErrors: states.map((s) => ({ topicName: s.topicName, partitionIndex: s.partitionIndex, errorCode })),
    };
  }
}
