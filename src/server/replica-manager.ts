// The broker's partitions (Kafka's ReplicaManager): applies the controller's LeaderAndIsr and
// StopReplica requests, appends producers' records on leaders, and reads for fetches. Every
// state change is logged to the state-change log with the controller epoch that caused it.

import type { LogConfig, LogManager } from '../log';
import { LogError, RecordValidationError } from '../log';
import type { Logger } from '../common/logger';
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
import { NotLeaderForPartitionError, Partition } from './partition';

export interface ReplicaManagerOptions {
  brokerId: number;
  logManager: LogManager;
  /** The topic's effective log config (broker defaults plus /config/topics overrides). */
  topicConfig: (topic: string) => LogConfig;
  logger: Logger;
  stateChangeLogger: Logger;
}

export interface PartitionRead {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Whole batches, empty when there is nothing (or an error). */
  records: Buffer;
}

export interface PartitionReadRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  /** KIP-74: return the first batch even when it is larger than maxBytes. */
  minOneBatch: boolean;
  /** -1 when the client does not know (or send) the leader epoch. */
  currentLeaderEpoch: number;
}

export interface ProduceResult {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  logAppendTime: number;
  logStartOffset: number;
  recordErrors: ReadonlyArray<{ batchIndex: number; message: string }>;
}

const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const EMPTY = Buffer.alloc(0);

/** KIP-320 fencing of a client's view of the leader epoch (-1: the client did not say). */
export function leaderEpochError(requestEpoch: number, currentEpoch: number): number {
  if (requestEpoch < 0 || requestEpoch === currentEpoch) return ErrorCode.NONE;
  return requestEpoch < currentEpoch ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH;
}

/** Kafka's error code for an exception from the log layer or the partition. */
export function errorCodeOf(error: unknown): number {
  if (error instanceof RecordValidationError) return error.errorCode;
  if (error instanceof NotLeaderForPartitionError) return ErrorCode.NOT_LEADER_FOR_PARTITION;
  if (error instanceof LogError) return ErrorCode[error.kafkaError as keyof typeof ErrorCode] ?? ErrorCode.UNKNOWN_SERVER_ERROR;
  return ErrorCode.UNKNOWN_SERVER_ERROR;
}

export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  /** Highest controller epoch seen; requests from older controllers are refused. */
  controllerEpoch = 0;

  constructor(private readonly options: ReplicaManagerOptions) {}

  getPartition(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(partitionKey(topic, partition));
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
    for (const state of states) {
      const errorCode = this.applyPartitionState(state, request);
      partitionErrors.push({ topicName: state.topicName, partitionIndex: state.partitionIndex, errorCode });
    }
    return { errorCode: ErrorCode.NONE, partitionErrors };
  }

  private applyPartitionState(state: LeaderAndIsrPartitionState, request: LeaderAndIsrRequest): number {
    const { topicName: topic, partitionIndex } = state;
    const tp = `${topic}-${partitionIndex}`;
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
      partition = new Partition(topic, partitionIndex, this.options.brokerId);
      this.partitions.set(partitionKey(topic, partitionIndex), partition);
    }
    try {
      const log = this.options.logManager.getOrCreateLog(topic, partitionIndex, this.options.topicConfig(topic));
      if (state.leader === this.options.brokerId) {
        partition.makeLeader(state, log);
        this.options.stateChangeLogger.info(
          `${prefix} Leader ${tp} starts at leader epoch ${state.leaderEpoch} from offset ${log.logEndOffset} with high watermark ${log.highWatermark}. Previous leader epoch was ${existing?.leaderEpoch ?? -1}. (controller epoch ${request.controllerEpoch})`,
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
    const partitionErrors: StopReplicaPartitionError[] = partitions.map(({ topicName, partitionIndex }) => {
      this.partitions.delete(partitionKey(topicName, partitionIndex));
      let errorCode: number = ErrorCode.NONE;
      if (request.deletePartitions) {
        try {
          this.options.logManager.deleteLog(topicName, partitionIndex);
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
    return { errorCode: ErrorCode.NONE, partitionErrors };
  }

  /** Appends one partition's records as leader; errors become Kafka error codes, never exceptions. */
  appendToLeader(topic: string, partition: number, records: Buffer | null, produceVersion: number): ProduceResult {
    const p = this.getPartition(topic, partition);
    const failed = (errorCode: number, errorMessage: string | null = null, recordErrors: ProduceResult['recordErrors'] = []): ProduceResult => ({
      errorCode,
      errorMessage,
      baseOffset: -1,
      logAppendTime: -1,
      logStartOffset: -1,
      recordErrors,
    });
    if (p === undefined) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    if (records === null) return failed(ErrorCode.CORRUPT_MESSAGE, 'produce request carried null records');
    try {
      const info = p.appendRecordsToLeader(records, produceVersion);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        baseOffset: info.firstOffset,
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
      return failed(code, (error as Error).message, recordErrors);
    }
  }

  /**
   * A consumer's read from the local leader, bounded by the high watermark (with no transactions
   * the last stable offset equals it). A stale or future leader epoch from the client gets
   * FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH (KIP-320).
   */
  readFromLeader(req: PartitionReadRequest): PartitionRead {
    const failed = (errorCode: number): PartitionRead => ({ errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: EMPTY });
    const p = this.getPartition(req.topic, req.partition);
    if (p === undefined) return failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const epochError = leaderEpochError(req.currentLeaderEpoch, p.leaderEpoch);
    if (epochError !== ErrorCode.NONE) return failed(epochError);
    if (!p.isLeader) return failed(ErrorCode.NOT_LEADER_FOR_PARTITION);
    const log = p.log!;
    const bounds = { highWatermark: log.highWatermark, lastStableOffset: log.highWatermark, logStartOffset: log.logStartOffset };
    try {
      const data = log.read(req.fetchOffset, req.maxBytes, { maxOffset: log.highWatermark, minOneBatch: req.minOneBatch });
      return { errorCode: ErrorCode.NONE, ...bounds, records: data.records };
    } catch (error) {
      return { ...bounds, errorCode: errorCodeOf(error), records: EMPTY };
    }
  }

  private errorForAll(states: LeaderAndIsrPartitionState[], errorCode: number): LeaderAndIsrResponse {
    return {
      errorCode,
      partitionErrors: states.map((s) => ({ topicName: s.topicName, partitionIndex: s.partitionIndex, errorCode })),
    };
  }
}
