// kafka-dump-log --transaction-log-decoder: a __transaction_state record's key and value as Kafka
// 2.4.1 prints them (TransactionLog.formatRecordKeyAndValue):
//   key:     transaction_metadata::transactionalId=<id>
//   payload: producerId:<id>,producerEpoch:<epoch>,state=<State>,partitions=Set(t-0, t-1),
//            txnLastUpdateTimestamp=<ms>,txnTimeoutMs=<ms>          (one line; `<DELETE>` for a tombstone)
//
// `partitions` is the toString of the Scala mutable.HashSet Kafka's reader collects the partitions
// into: each topic's partitions as an immutable Set, added in the order the topics are stored. We
// rebuild the same iteration order from TopicPartition's hash code.

import { scalaImmutableOrder, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { scalaMutableHashSetOrder } from '../../common/jvm-order/scala-mutable-hash-set-order';
import { tpString, type TopicPartition } from '../../common/topic-partition';
import {
  TransactionLogRecordError,
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  transactionStateName,
  type TransactionTopicPartitions,
} from '../../coordinator/transaction/transaction-log';
import { DumpLogError } from './dump-output';

/** The exception each of Kafka's refusals ends the tool with. */
const JAVA_CLASS_OF: Record<TransactionLogRecordError['kind'], string> = {
  'unknown-version': 'org.apache.kafka.common.KafkaException',
  'unknown-state': 'java.lang.IllegalStateException',
  'null-partitions': 'java.lang.NullPointerException',
};

export function formatTransactionLogRecord(keyBytes: Buffer | null, value: Buffer | null): { key: string; payload: string } {
  // Kafka reads the key's version from a null buffer: a NullPointerException, printed without a message.
  if (keyBytes === null) throw new DumpLogError('java.lang.NullPointerException', '');
  try {
    const transactionalId = decodeTransactionLogKey(keyBytes);
    const key = `transaction_metadata::transactionalId=${transactionalId}`;
    if (value === null) return { key, payload: '<DELETE>' };
    const txn = decodeTransactionLogValue(value);
    const payload =
      `producerId:${txn.producerId},producerEpoch:${txn.producerEpoch},state=${transactionStateName(txn.state)},` +
      `partitions=${scalaSetString(txn.partitions)},txnLastUpdateTimestamp=${txn.lastUpdateTimestamp},txnTimeoutMs=${txn.transactionTimeoutMs}`;
    return { key, payload };
  } catch (error) {
    if (error instanceof TransactionLogRecordError) {
      throw new DumpLogError(JAVA_CLASS_OF[error.kind], error.kind === 'null-partitions' ? '' : error.message);
    }
    throw error;
  }
}

/** `Set(t-0, t-1)` in the order of the mutable.HashSet readTxnRecordValue fills. */
function scalaSetString(topics: readonly TransactionTopicPartitions[]): string {
  const added: TopicPartition[] = [];
  for (const { topic, partitions } of topics) {
    const perTopic = partitions.map((partition) => ({ topic, partition }));
    added.push(...scalaImmutableOrder(perTopic, topicPartitionHash, tpString));
  }
  return `Set(${scalaMutableHashSetOrder(added, topicPartitionHash, tpString).map(tpString).join(', ')})`;
}
