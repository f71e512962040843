// Keys and values of the records in __transaction_state, byte for byte as Kafka 2.4.1 writes them
// (TransactionLog.scala), and which partition of that topic holds a transactional id.
//
// Both are an int16 schema version (only 0 exists) followed by the fields in the classic encoding:
//   key   v0: transactional_id string
//   value v0: producer_id int64, producer_epoch int16, transaction_timeout int32,
//             transaction_status int8, transaction_partitions nullable [topic string, partition_ids [int32]],
//             transaction_entry_timestamp int64 (last update), transaction_start_timestamp int64
// A null record value is a tombstone (the transactional id expired); callers handle that before
// calling decodeTransactionLogValue.
//
// The partition list: Kafka writes null for Empty (which may not hold partitions) and an array,
// possibly empty, for every other state; when reading, Kafka ignores the list of an Empty value.
// The order of topics and partitions is the caller's: this codec writes them as given.
// Like Kafka's Schema.read, decoders ignore bytes after the last field.

import { Reader, Writer } from '../../protocol/primitives';
import { javaStringHash } from '../../common/jvm-order/java-hash';

export const TRANSACTION_STATE_TOPIC_NAME = '__transaction_state';
export const TRANSACTION_LOG_KEY_VERSION = 0;
export const TRANSACTION_LOG_VALUE_VERSION = 0;

/** Kafka's TransactionState objects: the member names are Kafka's, the values the bytes it stores. */
export enum TransactionState {
  Empty = 0,
  Ongoing = 1,
  PrepareCommit = 2,
  PrepareAbort = 3,
  CompleteCommit = 4,
  CompleteAbort = 5,
  Dead = 6,
  PrepareEpochFence = 7,
}

/** The state's name as Kafka prints it (its case object's toString), e.g. `CompleteCommit`. */
export function transactionStateName(state: TransactionState): string {
  return TransactionState[state];
}

/**
 * A record Kafka's reader refuses. `kind` tells which of Kafka's failures it is: an unknown key or
 * value schema version (KafkaException), an unknown state byte (IllegalStateException), or a
 * non-Empty value whose partition list is null (Kafka dies on it with a NullPointerException).
 */
export class TransactionLogRecordError extends Error {
  override readonly name = 'TransactionLogRecordError';
  constructor(
    readonly kind: 'unknown-version' | 'unknown-state' | 'null-partitions',
    message: string,
  ) {
    super(message);
  }
}

/** The partitions of one topic that a transaction has written to. */
export interface TransactionTopicPartitions {
  topic: string;
  partitions: number[];
}

export interface TransactionLogValue {
  producerId: number;
  producerEpoch: number;
  transactionTimeoutMs: number;
  state: TransactionState;
  /** Grouped by topic; must be empty for Empty. */
  partitions: TransactionTopicPartitions[];
  lastUpdateTimestamp: number;
  startTimestamp: number;
}

// ---- keys ------------------------------------------------------------------------------------

export function encodeTransactionLogKey(transactionalId: string): Buffer {
  const w = new Writer(32);
  w.writeInt16(TRANSACTION_LOG_KEY_VERSION);
  w.writeString(transactionalId);
  return w.toBuffer();
}

/** The transactional id in a key (TransactionLog.readTxnRecordKey). */
export function decodeTransactionLogKey(buf: Buffer): string {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version !== TRANSACTION_LOG_KEY_VERSION) {
    throw new TransactionLogRecordError('unknown-version', `Unknown transaction log message key schema version ${version}`);
  }
  return r.readString();
}

// ---- values ----------------------------------------------------------------------------------

export function encodeTransactionLogValue(value: TransactionLogValue): Buffer {
  const isEmpty = value.state === TransactionState.Empty;
  if (isEmpty && value.partitions.some((t) => t.partitions.length > 0)) {
    // Kafka's valueToBytes refuses this too (IllegalStateException): Empty holds no partitions.
    throw new Error(`Transaction is not expected to have any partitions since its state is Empty`);
  }
  const w = new Writer(64);
  w.writeInt16(TRANSACTION_LOG_VALUE_VERSION);
  w.writeInt64(BigInt(value.producerId));
  w.writeInt16(value.producerEpoch);
  w.writeInt32(value.transactionTimeoutMs);
  w.writeInt8(value.state);
  if (isEmpty) {
    w.writeArrayLength(-1);
  } else {
    w.writeArrayLength(value.partitions.length);
    for (const { topic, partitions } of value.partitions) {
      w.writeString(topic);
      w.writeArrayLength(partitions.length);
      for (const p of partitions) w.writeInt32(p);
    }
  }
  w.writeInt64(BigInt(value.lastUpdateTimestamp));
  w.writeInt64(BigInt(value.startTimestamp));
  return w.toBuffer();
}

/**
 * Reads a value as TransactionLog.readTxnRecordValue does: the whole record is parsed first, then
 * the state byte checked, and an Empty value's partition list (whatever it holds) is dropped.
 */
export function decodeTransactionLogValue(buf: Buffer): TransactionLogValue {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version !== TRANSACTION_LOG_VALUE_VERSION) {
    throw new TransactionLogRecordError('unknown-version', `Unknown transaction log message value schema version ${version}`);
  }
  const producerId = Number(r.readInt64());
  const producerEpoch = r.readInt16();
  const transactionTimeoutMs = r.readInt32();
  const stateByte = r.readInt8();
  const topicCount = r.readArrayLength(true);
  const partitions: TransactionTopicPartitions[] = [];
  for (let i = 0; i < topicCount; i++) {
    const topic = r.readString();
    const count = r.readArrayLength();
    const ids: number[] = [];
    for (let j = 0; j < count; j++) ids.push(r.readInt32());
    partitions.push({ topic, partitions: ids });
  }
  const lastUpdateTimestamp = Number(r.readInt64());
  const startTimestamp = Number(r.readInt64());
  if (TransactionState[stateByte] === undefined) {
    throw new TransactionLogRecordError('unknown-state', `Unknown transaction state byte ${stateByte} from the transaction status message`);
  }
  const state = stateByte as TransactionState;
  if (state !== TransactionState.Empty && topicCount === -1) {
    throw new TransactionLogRecordError('null-partitions', `Transaction log value in state ${transactionStateName(state)} has a null partition list`);
  }
  return {
    producerId,
    producerEpoch,
    transactionTimeoutMs,
    state,
    partitions: state === TransactionState.Empty ? [] : partitions,
    lastUpdateTimestamp,
    startTimestamp,
  };
}

// ---- partitioning ------------------------------------------------------------------------------

/**
 * TransactionStateManager.partitionFor: Utils.abs(transactionalId.hashCode) % partitions, where
 * Kafka's Utils.abs is Math.abs except that Integer.MIN_VALUE maps to 0 (the same rule the group
 * coordinator uses for __consumer_offsets, offsetsPartitionFor).
 */
export function transactionStatePartitionFor(transactionalId: string, numPartitions: number): number {
  const hash = javaStringHash(transactionalId);
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % numPartitions;
}

/**
 * TransactionStateManager.transactionTopicConfigs, in the order a 2.4.1 broker wrote them to
 * /config/topics/__transaction_state.
 */
export function transactionStateTopicConfigs(minInsyncReplicas: number, segmentBytes: number): Map<string, string> {
  return new Map([
    ['compression.type', 'uncompressed'],
    ['cleanup.policy', 'compact'],
    ['min.insync.replicas', String(minInsyncReplicas)],
    ['segment.bytes', String(segmentBytes)],
    ['unclean.leader.election.enable', 'false'],
  ]);
}
