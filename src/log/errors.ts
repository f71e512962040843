// Typed failures of the log layer. Each carries the Kafka error name the broker maps it to, so
// the produce/fetch handlers can answer with Kafka's code without string matching.

import type { BatchProblem } from '../protocol/records/batch-header';
import { errorName } from '../protocol/errors';

export abstract class LogError extends Error {
  /** Kafka's error name for the response (protocol/errors owns the numeric codes). */
  abstract readonly kafkaError: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A batch failed header/CRC/length validation: CORRUPT_MESSAGE. */
export class InvalidBatchError extends LogError {
  readonly kafkaError = 'CORRUPT_MESSAGE';
  constructor(
    readonly problem: BatchProblem,
    /** Byte position of the bad batch within the appended buffer. */
    readonly position: number,
    message?: string,
  ) {
    super(message ?? `record batch at byte ${position} is invalid: ${problem}`);
  }
}

/** One batch is larger than max.message.bytes: MESSAGE_TOO_LARGE. */
export class RecordTooLargeError extends LogError {
  readonly kafkaError = 'MESSAGE_TOO_LARGE';
}

/** The whole append is larger than segment.bytes: RECORD_LIST_TOO_LARGE. */
export class RecordBatchTooLargeError extends LogError {
  readonly kafkaError = 'RECORD_LIST_TOO_LARGE';
}

/** A timestamp outside message.timestamp.difference.max.ms: INVALID_TIMESTAMP. */
export class InvalidTimestampError extends LogError {
  readonly kafkaError = 'INVALID_TIMESTAMP';
}

/** A fetch or log-start move outside [logStartOffset, logEndOffset]: OFFSET_OUT_OF_RANGE. */
export class OffsetOutOfRangeError extends LogError {
  readonly kafkaError = 'OFFSET_OUT_OF_RANGE';
}

/** Follower append whose offsets are below the log end offset or not increasing. */
export class UnexpectedAppendOffsetError extends LogError {
  readonly kafkaError = 'UNKNOWN_SERVER_ERROR';
  constructor(
    message: string,
    readonly firstOffset: number,
    readonly lastOffset: number,
  ) {
    super(message);
  }
}

/** An invalid topic-level config value: INVALID_CONFIG. */
export class InvalidConfigError extends LogError {
  readonly kafkaError = 'INVALID_CONFIG';
}

/** An I/O failure on a log dir: KAFKA_STORAGE_ERROR. */
export class KafkaStorageError extends LogError {
  readonly kafkaError = 'KAFKA_STORAGE_ERROR';
}

/** A log dir that is not in log.dirs (Kafka's LogDirNotFoundException): LOG_DIR_NOT_FOUND. */
export class LogDirNotFoundError extends LogError {
  readonly kafkaError = 'LOG_DIR_NOT_FOUND';
}

/** meta.properties disagrees with this broker's broker.id (Kafka's InconsistentBrokerIdException). */
export class InconsistentBrokerIdError extends LogError {
  readonly kafkaError = 'UNKNOWN_SERVER_ERROR';
}

/** meta.properties disagrees with the cluster id in ZooKeeper (Kafka's InconsistentClusterIdException). */
export class InconsistentClusterIdError extends LogError {
  readonly kafkaError = 'UNKNOWN_SERVER_ERROR';
}

/**
 * A producer's records failed validation (Kafka's LogValidator and ProduceRequest checks): the
 * broker answers with `errorCode` (CORRUPT_MESSAGE, INVALID_RECORD, MESSAGE_TOO_LARGE,
 * INVALID_TIMESTAMP, ...) and, for Produce v8, the per-record errors.
 */
export class RecordValidationError extends LogError {
  readonly kafkaError: string;
  constructor(
    readonly errorCode: number,
    message: string,
    readonly recordErrors: ReadonlyArray<{ batchIndex: number; message: string }> = [],
  ) {
    super(message);
    this.kafkaError = errorName(errorCode);
  }
}

/** A producer epoch older than the partition's last one for that producer id: INVALID_PRODUCER_EPOCH (Kafka's ProducerFencedException). */
export class ProducerFencedError extends LogError {
  readonly kafkaError = 'INVALID_PRODUCER_EPOCH';
}

/** A gap (or a new epoch not starting at 0) in a producer's sequence numbers: OUT_OF_ORDER_SEQUENCE_NUMBER. */
export class OutOfOrderSequenceError extends LogError {
  readonly kafkaError = 'OUT_OF_ORDER_SEQUENCE_NUMBER';
}

/** The partition knows nothing of this producer (or not its next sequence): UNKNOWN_PRODUCER_ID. */
export class UnknownProducerIdError extends LogError {
  readonly kafkaError = 'UNKNOWN_PRODUCER_ID';
}

/** A non-transactional write while the producer's transaction is open: INVALID_TXN_STATE. */
export class InvalidTxnStateError extends LogError {
  readonly kafkaError = 'INVALID_TXN_STATE';
}

/** A transaction marker from a coordinator epoch older than one already seen: TRANSACTION_COORDINATOR_FENCED. */
export class TransactionCoordinatorFencedError extends LogError {
  readonly kafkaError = 'TRANSACTION_COORDINATOR_FENCED';
}
