// Producer state in the Log (src/log/producer-state*.ts, log.ts): Kafka 2.4.1's sequence and
// epoch checks on leader appends, duplicates answered with their original offsets, state rebuilt
// from snapshots and from the log, the last stable offset and the transaction index, on real files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log } from '../../src/log/log';
import { OutOfOrderSequenceError, ProducerFencedError, UnknownProducerIdError, InvalidTxnStateError } from '../../src/log/errors';
import { readProducerSnapshot, listProducerSnapshotOffsets } from '../../src/log/producer-snapshot-file';
import { decodeAbortedTxns } from '../../src/log/transaction-index';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { buildControlBatch, ControlRecordType } from '../../src/protocol/records/control-record';
import { ManualTime, cleanupTempDirs, config, immediateScheduler, tempDir } from './helpers';

afterEach(cleanupTempDirs);

const PID = 4000;
/** ManualTime's clock: batch timestamps near it, or the producers would count as long expired. */
const NOW = 1_600_000_000_000;

function idempotent(baseSequence: number, count = 1, opts: { epoch?: number; transactional?: boolean; producerId?: number; baseOffset?: number } = {}): Buffer {
  const records = Array.from({ length: count }, (_, i) => ({ value: Buffer.from(`v${baseSequence + i}`), timestamp: NOW + baseSequence + i }));
  return buildRecordBatch(records, {
    producerId: opts.producerId ?? PID,
    producerEpoch: opts.epoch ?? 0,
    baseSequence,
    transactional: opts.transactional ?? false,
    baseOffset: opts.baseOffset ?? 0,
  });
}

function marker(type: ControlRecordType, baseOffset: number, opts: { producerId?: number; epoch?: number; coordinatorEpoch?: number } = {}): Buffer {
  return buildControlBatch({ type, coordinatorEpoch: opts.coordinatorEpoch ?? 0, producerId: opts.producerId ?? PID, producerEpoch: opts.epoch ?? 0, timestamp: NOW + 50, baseOffset });
}

function openLog(dir = path.join(tempDir(), 'idem-0'), opts: { hadCleanShutdown?: boolean; recoveryPoint?: number; time?: ManualTime } = {}) {
  return Log.open({ dir, config: config(), time: opts.time ?? new ManualTime(NOW), scheduler: immediateScheduler, ...opts });
}

describe('leader appends check sequences and epochs as Kafka 2.4.1 does', () => {
  it('answers a retried batch with its original offsets and writes nothing', () => {
    const log = openLog();
    expect(log.appendAsLeader(idempotent(0, 3), 0)).toMatchObject({ firstOffset: 0, lastOffset: 2 });
    expect(log.appendAsLeader(idempotent(3, 2), 0)).toMatchObject({ firstOffset: 3, lastOffset: 4 });
    const retry = log.appendAsLeader(idempotent(0, 3), 0);
    expect(retry).toMatchObject({ firstOffset: 0, lastOffset: 2, duplicate: true });
    expect(log.logEndOffset).toBe(5);
    log.close();
  });

  it('remembers only the last five batches: an older retry is out of order', () => {
    const log = openLog();
    for (let seq = 0; seq < 6; seq++) log.appendAsLeader(idempotent(seq), 0);
    expect(log.appendAsLeader(idempotent(5), 0).duplicate).toBe(true);
    expect(log.appendAsLeader(idempotent(1), 0).duplicate).toBe(true);
    expect(() => log.appendAsLeader(idempotent(0), 0)).toThrow(OutOfOrderSequenceError);
    log.close();
  });

  it('refuses a gap, a stale epoch, a new epoch not at 0 and an unknown producer not at 0', () => {
    const log = openLog();
    log.appendAsLeader(idempotent(0, 2), 0);
    expect(() => log.appendAsLeader(idempotent(5), 0)).toThrow(OutOfOrderSequenceError);
    expect(() => log.appendAsLeader(idempotent(3, 1, { epoch: 1 }), 0)).toThrow(/Invalid sequence number for new epoch/);
    log.appendAsLeader(idempotent(0, 1, { epoch: 1 }), 0);
    expect(() => log.appendAsLeader(idempotent(2, 1, { epoch: 0 }), 0)).toThrow(ProducerFencedError);
    expect(() => log.appendAsLeader(idempotent(7, 1, { producerId: PID + 1 }), 0)).toThrow(UnknownProducerIdError);
    expect(log.logEndOffset).toBe(3);
    log.close();
  });

  it('forgets a producer idle for transactional.id.expiration.ms (7 days by default), as Kafka 2.4 does', () => {
    const time = new ManualTime(NOW);
    const log = openLog(undefined, { time });
    log.appendAsLeader(idempotent(0), 0);
    time.advance(604_800_000 - 1);
    log.removeExpiredProducers();
    expect(log.activeProducers()).toHaveLength(1);
    time.advance(1);
    log.removeExpiredProducers();
    expect(log.activeProducers()).toEqual([]);
    expect(() => log.appendAsLeader(idempotent(1), 0)).toThrow(UnknownProducerIdError);
    log.close();
  });

  it('a producer with an open transaction may not write outside it', () => {
    const log = openLog();
    log.appendAsLeader(idempotent(0, 1, { transactional: true }), 0);
    expect(() => log.appendAsLeader(idempotent(1), 0)).toThrow(InvalidTxnStateError);
    log.close();
  });
});

describe('snapshots and rebuilding', () => {
  it('a clean close writes a snapshot at the log end that the next open loads', () => {
    const dir = path.join(tempDir(), 'snap-0');
    const log = openLog(dir);
    log.appendAsLeader(idempotent(0, 4), 0);
    log.close();
    expect(listProducerSnapshotOffsets(dir)).toEqual([4]);
    expect(readProducerSnapshot(path.join(dir, '00000000000000000004.snapshot'))).toEqual([
      { producerId: PID, producerEpoch: 0, lastSequence: 3, lastOffset: 3, offsetDelta: 3, timestamp: NOW + 3, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
    ]);
    const reopened = openLog(dir, { hadCleanShutdown: true, recoveryPoint: 4 });
    expect(reopened.appendAsLeader(idempotent(0, 4), 0).duplicate).toBe(true);
    expect(() => reopened.appendAsLeader(idempotent(9), 0)).toThrow(OutOfOrderSequenceError);
    reopened.close();
  });

  it('after a crash (no snapshot, no clean shutdown) the state is rebuilt from the log and a snapshot written at its end', () => {
    const dir = path.join(tempDir(), 'crash-0');
    const log = openLog(dir);
    log.appendAsLeader(idempotent(0, 2), 0);
    log.appendAsLeader(idempotent(2, 2), 0);
    log.flush();
    // A crash: the process dies without close(), so no snapshot.
    expect(listProducerSnapshotOffsets(dir)).toEqual([]);
    const reopened = openLog(dir, { hadCleanShutdown: false, recoveryPoint: 0 });
    expect(listProducerSnapshotOffsets(dir)).toEqual([4]);
    expect(reopened.activeProducers()).toEqual([{ producerId: PID, producerEpoch: 0, lastSequence: 3, currentTxnFirstOffset: undefined }]);
    expect(reopened.appendAsLeader(idempotent(4), 0)).toMatchObject({ firstOffset: 4 });
    reopened.closeHandlers();
  });

  it('a corrupt snapshot is deleted and the state rebuilt from the log', () => {
    const dir = path.join(tempDir(), 'corrupt-0');
    const log = openLog(dir);
    log.appendAsLeader(idempotent(0, 2), 0);
    log.close();
    const file = path.join(dir, '00000000000000000002.snapshot');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    const reopened = openLog(dir, { hadCleanShutdown: false, recoveryPoint: 2 });
    expect(reopened.activeProducers()).toMatchObject([{ producerId: PID, lastSequence: 1 }]);
    reopened.close();
  });

  it('a follower truncating below a batch forgets it, so the producer may write that sequence again', () => {
    const log = openLog();
    log.appendAsFollower(idempotent(0, 2, { baseOffset: 0 }));
    log.appendAsFollower(idempotent(2, 2, { baseOffset: 2 }));
    log.truncateTo(2);
    expect(log.activeProducers()).toMatchObject([{ lastSequence: 1 }]);
    expect(log.appendAsLeader(idempotent(2, 2), 0)).toMatchObject({ firstOffset: 2, lastOffset: 3 });
    log.close();
  });
});

describe('transactions: the last stable offset and the transaction index', () => {
  it('an open transaction holds the LSO at its first offset until its marker is below the high watermark', () => {
    const log = openLog();
    log.appendAsFollower(buildRecordBatch([{ value: Buffer.from('plain') }], { baseOffset: 0 }));
    log.appendAsFollower(idempotent(0, 2, { transactional: true, baseOffset: 1 }));
    log.updateHighWatermark(3);
    expect(log.lastStableOffset).toBe(1);
    log.appendAsFollower(marker(ControlRecordType.Commit, 3));
    log.updateHighWatermark(3);
    expect(log.lastStableOffset).toBe(1);
    log.updateHighWatermark(4);
    expect(log.lastStableOffset).toBe(4);
    expect(log.collectAbortedTransactions(0, 4)).toEqual([]);
    log.close();
  });

  it('an abort is written to the segment .txnindex (34-byte entry) and returned to read_committed reads', () => {
    const dir = path.join(tempDir(), 'txn-0');
    const log = openLog(dir);
    log.appendAsFollower(idempotent(0, 2, { transactional: true, baseOffset: 0 }));
    expect(fs.existsSync(path.join(dir, '00000000000000000000.txnindex'))).toBe(false);
    log.appendAsFollower(marker(ControlRecordType.Abort, 2));
    log.updateHighWatermark(3);
    const file = path.join(dir, '00000000000000000000.txnindex');
    expect(fs.statSync(file).size).toBe(34);
    expect(decodeAbortedTxns(fs.readFileSync(file))).toEqual([{ producerId: PID, firstOffset: 0, lastOffset: 2, lastStableOffset: 3 }]);
    const read = log.read(0, 1 << 20, { maxOffset: log.lastStableOffset, includeAbortedTxns: true });
    expect(read.abortedTransactions).toEqual([{ producerId: PID, firstOffset: 0 }]);
    log.close();
  });

  it('a transaction started by a replicated batch is open until its marker', () => {
    const log = openLog();
    log.appendAsFollower(marker(ControlRecordType.Commit, 0, { coordinatorEpoch: 5 }));
    log.appendAsFollower(idempotent(0, 1, { transactional: true, baseOffset: 1 }));
    expect(log.activeProducers()).toMatchObject([{ currentTxnFirstOffset: 1 }]);
    log.appendAsFollower(marker(ControlRecordType.Commit, 2, { coordinatorEpoch: 5 }));
    expect(log.activeProducers()).toMatchObject([{ currentTxnFirstOffset: undefined }]);
    log.close();
  });
});
