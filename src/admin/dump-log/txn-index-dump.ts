// kafka-dump-log on a `.txnindex` file (Kafka 2.4.1's dumpTxnIndex): one line per aborted
// transaction, in file order,
//   version: 0 producerId: 7 firstOffset: 10 lastOffset: 14 lastStableOffset: 10
//
// As Kafka's TransactionIndex: the start offset comes from the file name (NumberFormatException if
// it is not one), a missing file has no entries, a torn trailing entry is skipped, and an entry of
// a version newer than 0 fails the whole file before any line is printed (Kafka collects the list
// first) with a KafkaException naming the absolute path.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ABORTED_TXN_SIZE, decodeAbortedTxns, type AbortedTxn } from '../../log/transaction-index';
import { CorruptIndexError } from '../../log/index-file';
import { DumpLogError, startOffsetOf, type DumpOutput } from './dump-output';

export function dumpTxnIndex(file: string, io: DumpOutput): void {
  startOffsetOf(file);
  if (!fs.existsSync(file)) return;
  const bytes = fs.readFileSync(file);
  let entries: AbortedTxn[];
  try {
    entries = decodeAbortedTxns(bytes, path.resolve(file));
  } catch (error) {
    if (error instanceof CorruptIndexError) throw new DumpLogError('org.apache.kafka.common.KafkaException', error.message);
    throw error;
  }
  entries.forEach((txn, i) => {
    // log/ hides the version (it accepts only 0 and older); Kafka prints what the entry holds.
    const version = bytes.readInt16BE(i * ABORTED_TXN_SIZE);
    io.out(
      `version: ${version} producerId: ${txn.producerId} firstOffset: ${txn.firstOffset} ` +
        `lastOffset: ${txn.lastOffset} lastStableOffset: ${txn.lastStableOffset}`,
    );
  });
}
