// kafka-dump-log on what transactions leave on disk: __transaction_state segments
// (--transaction-log-decoder), producer snapshots (.snapshot) and aborted-transaction indexes
// (.txnindex). Every file is real bytes written by our own encoders into a temp dir.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DumpLogError, dumpLogSegments, formatTransactionLogRecord, resolveDumpLogOptions, type DumpLogFlags } from '../../../src/admin/dump-log/dump-log';
import {
  TransactionState,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  type TransactionLogValue,
} from '../../../src/coordinator/transaction/transaction-log';
import { writeProducerSnapshot, type SnapshotEntry } from '../../../src/log/producer-snapshot-file';
import { encodeAbortedTxn } from '../../../src/log/transaction-index';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { cleanupTempDirs, tempDir } from '../../log/helpers';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

afterEach(cleanupTempDirs);

function run(flags: DumpLogFlags): { out: string[]; err: string[]; status: number } {
  const out: string[] = [];
  const err: string[] = [];
  const status = dumpLogSegments(resolveDumpLogOptions(flags), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { out, err, status };
}

const ongoing: TransactionLogValue = {
  producerId: 4001,
  producerEpoch: 3,
  transactionTimeoutMs: 60000,
  state: TransactionState.Ongoing,
  partitions: [
    { topic: 'orders', partitions: [0, 2] },
    { topic: 'audit', partitions: [1] },
  ],
  lastUpdateTimestamp: 1700000000123,
  startTimestamp: 1700000000000,
};

/** A __transaction_state-0 segment: a transaction's Ongoing and CompleteCommit, an Empty id and its tombstone. */
function writeTransactionStateSegment(): string {
  const dir = path.join(tempDir('dump-log-txn-'), '__transaction_state-0');
  fs.mkdirSync(dir);
  const file = path.join(dir, '00000000000000000000.log');
  fs.writeFileSync(
    file,
    Buffer.concat([
      buildRecordBatch(
        [
          { key: encodeTransactionLogKey('tx-1'), value: encodeTransactionLogValue(ongoing) },
          {
            key: encodeTransactionLogKey('tx-1'),
            value: encodeTransactionLogValue({ ...ongoing, state: TransactionState.CompleteCommit, partitions: [], lastUpdateTimestamp: 1700000000456 }),
          },
        ],
        { firstTimestamp: 1000 },
      ),
      buildRecordBatch(
        [
          { key: encodeTransactionLogKey('tx-0'), value: encodeTransactionLogValue({ ...ongoing, producerId: 7, producerEpoch: 0, state: TransactionState.Empty, partitions: [] }) },
          { key: encodeTransactionLogKey('tx-0'), value: null },
        ],
        { firstTimestamp: 2000, baseOffset: 2 },
      ),
    ]),
  );
  return file;
}

const EXPECTED_TXN_RECORDS = [
  '| offset: 0 CreateTime: 1000 keysize: 8 valuesize: 72 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=tx-1 ' +
    'payload: producerId:4001,producerEpoch:3,state=Ongoing,partitions=Set(orders-2, orders-0, audit-1),txnLastUpdateTimestamp=1700000000123,txnTimeoutMs=60000',
  '| offset: 1 CreateTime: 1000 keysize: 8 valuesize: 37 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=tx-1 ' +
    'payload: producerId:4001,producerEpoch:3,state=CompleteCommit,partitions=Set(),txnLastUpdateTimestamp=1700000000456,txnTimeoutMs=60000',
  '| offset: 2 CreateTime: 2000 keysize: 8 valuesize: 37 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=tx-0 ' +
    'payload: producerId:7,producerEpoch:0,state=Empty,partitions=Set(),txnLastUpdateTimestamp=1700000000123,txnTimeoutMs=60000',
  '| offset: 3 CreateTime: 2000 keysize: 8 valuesize: -1 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=tx-0 payload: <DELETE>',
];

describe('--transaction-log-decoder', () => {
  it('prints __transaction_state keys and values as Kafka 2.4.1 does', () => {
    const file = writeTransactionStateSegment();
    const { out, err, status } = run({ files: file, transactionLogDecoder: true });
    expect(status).toBe(0);
    expect(err).toEqual([]);
    expect(out.slice(0, 2)).toEqual([`Dumping ${file}`, 'Starting offset: 0']);
    expect(out[2]).toMatch(/^baseOffset: 0 lastOffset: 1 count: 2 .* position: 0 CreateTime: 1000 size: \d+ magic: 2 compresscodec: NONE crc: \d+ isvalid: true$/);
    expect(out.filter((l) => l.startsWith('|'))).toEqual(EXPECTED_TXN_RECORDS);
    expect(out).toHaveLength(2 + 2 + 4);
  });

  it('implies --print-data-log; --offsets-decoder wins when both are given, as in Kafka', () => {
    expect(resolveDumpLogOptions({ files: 'a.log', transactionLogDecoder: true })).toMatchObject({
      printDataLog: true,
      deepIteration: true,
      transactionLogDecoder: true,
    });
    const file = writeTransactionStateSegment();
    // The offsets decoder reads a txn key (version 0) as an offset commit key and runs out of bytes.
    expect(() => run({ files: file, transactionLogDecoder: true, offsetsDecoder: true })).toThrow();
  });

  it('dies on what Kafka\'s reader refuses, with the JVM\'s exception', () => {
    const thrown = (key: Buffer | null, value: Buffer | null): DumpLogError => {
      try {
        formatTransactionLogRecord(key, value);
      } catch (error) {
        return error as DumpLogError;
      }
      throw new Error('no exception');
    };
    expect(thrown(null, null)).toMatchObject({ javaClass: 'java.lang.NullPointerException', message: '' });
    expect(thrown(Buffer.from([0, 1, 0, 0]), null)).toMatchObject({
      javaClass: 'org.apache.kafka.common.KafkaException',
      message: 'Unknown transaction log message key schema version 1',
    });
    const badState = encodeTransactionLogValue(ongoing);
    badState.writeInt8(8, 16);
    expect(thrown(encodeTransactionLogKey('t'), badState)).toMatchObject({
      javaClass: 'java.lang.IllegalStateException',
      message: 'Unknown transaction state byte 8 from the transaction status message',
    });
  });
});

describe('dumping a .snapshot file', () => {
  const entries: SnapshotEntry[] = [
    { producerId: 1000, producerEpoch: 0, lastSequence: 4, lastOffset: 4, offsetDelta: 4, timestamp: 1000, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
    // The batch's sequences wrapped past Integer.MAX_VALUE; a transaction is open.
    { producerId: 1001, producerEpoch: 1, lastSequence: 1, lastOffset: 12, offsetDelta: 3, timestamp: 1500, coordinatorEpoch: 5, currentTxnFirstOffset: 10 },
    // Only transaction markers: Kafka keeps no batch metadata, so the line stops after the offset.
    { producerId: 1002, producerEpoch: 2, lastSequence: -1, lastOffset: -1, offsetDelta: 0, timestamp: 2000, coordinatorEpoch: 7, currentTxnFirstOffset: -1 },
  ];

  it('prints one line per producer as dumpProducerIdSnapshot does', () => {
    const file = writeProducerSnapshot(tempDir('dump-log-snap-'), 42, entries);
    const { out, err, status } = run({ files: file });
    expect(status).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([
      `Dumping ${file}`,
      'producerId: 1000 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: None firstSequence: 0 lastSequence: 4 lastOffset: 4 offsetDelta: 4 timestamp: 1000',
      'producerId: 1001 producerEpoch: 1 coordinatorEpoch: 5 currentTxnFirstOffset: Some(10) firstSequence: 2147483646 lastSequence: 1 lastOffset: 12 offsetDelta: 3 timestamp: 1500',
      'producerId: 1002 producerEpoch: 2 coordinatorEpoch: 7 currentTxnFirstOffset: None ',
    ]);
  });

  it('reports a corrupt snapshot on stderr with Kafka\'s message and goes on', () => {
    const dir = tempDir('dump-log-snap-');
    const good = writeProducerSnapshot(dir, 0, entries);
    const bytes = fs.readFileSync(good);
    const write = (name: string, data: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, data);
      return file;
    };
    const flipped = Buffer.from(bytes);
    flipped[20] ^= 0xff;
    const badVersion = Buffer.from(bytes);
    badVersion.writeInt16BE(2, 0);
    const files = [
      write('1.snapshot', bytes.subarray(0, 5)),
      write('2.snapshot', bytes.subarray(0, 6 + 4 + 10)), // 3 entries declared, the first cut after its epoch
      write('3.snapshot', Buffer.concat([bytes.subarray(0, 6), Buffer.from([0xff, 0xff, 0xff, 0xfe])])),
      write('4.snapshot', badVersion),
      write('5.snapshot', flipped),
      good,
    ];
    const { out, err, status } = run({ files: files.join(',') });
    expect(status).toBe(0);
    expect(err.slice(0, 4)).toEqual([
      "Snapshot failed schema validation: Error reading field 'crc': java.nio.BufferUnderflowException",
      "Snapshot failed schema validation: Error reading field 'producer_entries': Error reading field 'last_sequence': java.nio.BufferUnderflowException",
      "Snapshot failed schema validation: Error reading field 'producer_entries': Array size -2 cannot be negative",
      'Snapshot contained an unknown file version 2',
    ]);
    expect(err[4]).toMatch(/^Snapshot is corrupt \(CRC is no longer valid\)\. Stored crc: \d+\. Computed crc: \d+$/);
    expect(err).toHaveLength(5);
    expect(out.filter((l) => l.startsWith('producerId: '))).toHaveLength(3);
  });

  it('a missing snapshot ends the tool as Files.readAllBytes does', () => {
    const missing = path.join(tempDir('dump-log-snap-'), '00000000000000000000.snapshot');
    expect(() => run({ files: missing })).toThrow(expect.objectContaining({ javaClass: 'java.nio.file.NoSuchFileException', message: missing }));
  });
});

describe('dumping a .txnindex file', () => {
  it('prints each aborted transaction as dumpTxnIndex does, skipping a torn last entry', () => {
    const file = path.join(tempDir('dump-log-txnindex-'), '00000000000000000100.txnindex');
    fs.writeFileSync(
      file,
      Buffer.concat([
        encodeAbortedTxn({ producerId: 7, firstOffset: 100, lastOffset: 104, lastStableOffset: 100 }),
        encodeAbortedTxn({ producerId: 9, firstOffset: 101, lastOffset: 110, lastStableOffset: 105 }),
        encodeAbortedTxn({ producerId: 11, firstOffset: 111, lastOffset: 112, lastStableOffset: 111 }).subarray(0, 20),
      ]),
    );
    expect(run({ files: file })).toEqual({
      out: [
        `Dumping ${file}`,
        'version: 0 producerId: 7 firstOffset: 100 lastOffset: 104 lastStableOffset: 100',
        'version: 0 producerId: 9 firstOffset: 101 lastOffset: 110 lastStableOffset: 105',
      ],
      err: [],
      status: 0,
    });
  });

  it('prints nothing for a missing file and fails like Kafka on a newer version or a bad name', () => {
    const dir = tempDir('dump-log-txnindex-');
    const missing = path.join(dir, '00000000000000000000.txnindex');
    expect(run({ files: missing }).out).toEqual([`Dumping ${missing}`]);
    const newer = encodeAbortedTxn({ producerId: 7, firstOffset: 0, lastOffset: 4, lastStableOffset: 0 });
    newer.writeInt16BE(1, 0);
    fs.writeFileSync(missing, newer);
    expect(() => run({ files: missing })).toThrow(
      expect.objectContaining({
        javaClass: 'org.apache.kafka.common.KafkaException',
        message: `Unexpected aborted transaction version 1 in transaction index ${path.resolve(missing)}, current version is 0`,
      }),
    );
    fs.writeFileSync(path.join(dir, 'abc.txnindex'), '');
    expect(() => run({ files: path.join(dir, 'abc.txnindex') })).toThrow('For input string: "abc"');
  });
});

describe('bin/kafka-dump-log --transaction-log-decoder', () => {
  it('dumps a __transaction_state segment', async () => {
    const file = writeTransactionStateSegment();
    const { stdout } = await execFileAsync(
      'node',
      [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'src/cli/kafka-dump-log.ts'), '--files', file, '--transaction-log-decoder'],
      { cwd: ROOT },
    );
    expect(stdout.trimEnd().split('\n').filter((l) => l.startsWith('|'))).toEqual(EXPECTED_TXN_RECORDS);
  }, 30_000);
});
