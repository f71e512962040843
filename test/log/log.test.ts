// Log (src/log/log.ts) on real files: the golden bytes of a Kafka 2.4.1 log dir, append and read,
// roll, timestamps, truncation, log start offset and retention, flush policy, reopening. Over 500
// lines because it mirrors the one Log class, a describe block per duty.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log, EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../src/log/log';
import {
  InvalidBatchError,
  OffsetOutOfRangeError,
  RecordBatchTooLargeError,
  RecordValidationError,
  UnexpectedAppendOffsetError,
} from '../../src/log/errors';
import { ErrorCode } from '../../src/protocol/errors';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { compress } from '../../src/protocol/compression';
import { CompressionType } from '../../src/protocol/records/batch-header';
import { batchMaxTimestamp, batchPartitionLeaderEpoch, checkBatch } from '../../src/protocol/records/batch-header';
import { ManualTime, batch, cleanupTempDirs, config, fileSize, immediateScheduler, splitBatches, tempDir } from './helpers';

afterEach(cleanupTempDirs);

const GOLDEN_HEX =
  '00000000000000000000003a00000000028ac77434000000000000000001' +
  'a203951785000001a203951785ffffffffffffffffffffffffffff000000' +
  '01100000000104686900';

function openLog(props: Record<string, string | number> = {}, time = new ManualTime(), dir = path.join(tempDir(), 'topic-0')) {
  const log = Log.open({ dir, config: config(props), time, scheduler: immediateScheduler });
  return { log, dir, time };
}

describe('golden: Kafka 2.4.1 on-disk bytes', () => {
  it('appending "hi" at epoch 0 writes the exact .log bytes and leader-epoch-checkpoint', () => {
    const dir = path.join(tempDir(), 'golden-0');
    const log = Log.open({ dir, config: config(), scheduler: immediateScheduler });
    const records = buildRecordBatch([{ value: Buffer.from('hi') }], { firstTimestamp: 0x01a203951785 });
    const info = log.appendAsLeader(records, 0);
    expect(info).toMatchObject({ firstOffset: 0, lastOffset: 0, maxTimestamp: 0x01a203951785, offsetOfMaxTimestamp: 0, logAppendTime: -1, validBytes: 70 });
    expect(fs.readFileSync(path.join(dir, '00000000000000000000.log')).toString('hex')).toBe(GOLDEN_HEX);
    expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).toBe('0\n1\n0 0\n');
    // Active segment: both indexes preallocated like the reference listing.
    expect(fileSize(path.join(dir, '00000000000000000000.index'))).toBe(10485760);
    expect(fileSize(path.join(dir, '00000000000000000000.timeindex'))).toBe(10485756);
    expect(fs.readdirSync(dir).sort()).toEqual([
      '00000000000000000000.index',
      '00000000000000000000.log',
      '00000000000000000000.timeindex',
      'leader-epoch-checkpoint',
    ]);
    log.close();
    // Closed: trimmed; the time index holds the final max-timestamp entry.
    expect(fileSize(path.join(dir, '00000000000000000000.index'))).toBe(0);
    expect(fs.readFileSync(path.join(dir, '00000000000000000000.timeindex')).toString('hex')).toBe('000001a203951785' + '00000000');
  });

  it('a new log has an empty leader-epoch-checkpoint file, like Kafka', () => {
    const { log, dir } = openLog();
    expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).toBe('');
    log.close();
  });
});

describe('append and read', () => {
  it('assigns offsets from the log end and reads whole batches back', () => {
    const { log } = openLog();
    const a = log.appendAsLeader(batch(3), 0);
    const b = log.appendAsLeader(batch(5), 0);
    const c = log.appendAsLeader(batch(6), 1);
    expect([a.firstOffset, a.lastOffset, b.firstOffset, b.lastOffset, c.firstOffset, c.lastOffset]).toEqual([0, 2, 3, 7, 8, 13]);
    expect(c.numBatches).toBe(1);
    expect(log.logEndOffset).toBe(14);
    const all = log.read(0, 1 << 20);
    const batches = splitBatches(all.records);
    expect(batches.map((x) => [x.baseOffset, x.lastOffset])).toEqual([[0, 2], [3, 7], [8, 13]]);
    for (const x of batches) expect(checkBatch(x.bytes, 0)).toBeNull();
    expect(batchPartitionLeaderEpoch(batches[2].bytes)).toBe(1);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 1, startOffset: 8 }]);
    log.close();
  });

  it('reading from an offset inside a batch returns that whole batch', () => {
    const { log } = openLog();
    log.appendAsLeader(batch(10), 0);
    log.appendAsLeader(batch(10), 0);
    const r = log.read(15, 1 << 20);
    expect(r.firstBatchOffset).toBe(10);
    expect(splitBatches(r.records).map((x) => x.baseOffset)).toEqual([10]);
    log.close();
  });

  it('honours maxBytes with whole batches, and minOneBatch returns one oversized batch (KIP-74)', () => {
    const { log } = openLog();
    for (let i = 0; i < 5; i++) log.appendAsLeader(batch(10, { valueSize: 100 }), 0);
    const size = splitBatches(log.read(0, 1 << 20).records)[0].bytes.length;
    expect(splitBatches(log.read(0, size * 2 + 10).records)).toHaveLength(2);
    const small = log.read(0, 10, { minOneBatch: false });
    expect(small.records.length).toBe(0);
    expect(small.firstBatchIncomplete).toBe(true);
    const one = log.read(0, 10, { minOneBatch: true });
    expect(splitBatches(one.records)).toHaveLength(1);
    expect(one.records.length).toBe(size);
    log.close();
  });

  it('maxOffset (high watermark) limits reads to batches below it', () => {
    const { log } = openLog();
    for (let i = 0; i < 4; i++) log.appendAsLeader(batch(5), 0);
    log.updateHighWatermark(10);
    const r = log.read(0, 1 << 20, { maxOffset: log.highWatermark });
    expect(splitBatches(r.records).map((x) => x.baseOffset)).toEqual([0, 5]);
    expect(log.read(10, 1 << 20, { maxOffset: 10 }).records.length).toBe(0);
    expect(log.read(12, 1 << 20, { maxOffset: 10 }).records.length).toBe(0);
    expect(r.highWatermark).toBe(10);
    expect(log.updateHighWatermark(100)).toBe(20); // clamped to the log end
    log.close();
  });

  it('reading at the log end is empty and outside [logStart, logEnd] is OffsetOutOfRange', () => {
    const { log } = openLog();
    log.appendAsLeader(batch(3), 0);
    expect(log.read(3, 1000).records.length).toBe(0);
    expect(() => log.read(4, 1000)).toThrow(OffsetOutOfRangeError);
    expect(() => log.read(-1, 1000)).toThrow(OffsetOutOfRangeError);
    log.close();
  });

  it('reads across segments and continues into the next segment when one has nothing left', () => {
    const { log } = openLog({ 'segment.bytes': 300 });
    for (let i = 0; i < 6; i++) log.appendAsLeader(batch(2, { valueSize: 80 }), 0);
    expect(log.numberOfSegments).toBeGreaterThan(2);
    const all = splitBatches(log.read(0, 1 << 20).records);
    // one read serves one segment, like Kafka; keep reading until the end
    let offset = 0;
    const seen: number[] = [];
    while (offset < log.logEndOffset) {
      const r = splitBatches(log.read(offset, 1 << 20).records);
      for (const b of r) seen.push(b.baseOffset);
      offset = r[r.length - 1].lastOffset + 1;
    }
    expect(seen).toEqual([0, 2, 4, 6, 8, 10]);
    expect(all.length).toBeGreaterThan(0);
    log.close();
  });

  it('rejects invalid producer records with Kafka error codes and leaves the log untouched', () => {
    const { log, dir } = openLog({ 'max.message.bytes': 500 });
    log.appendAsLeader(batch(1), 0);
    const before = fs.readFileSync(path.join(dir, '00000000000000000000.log'));
    const rejectedWith = (records: Buffer): number => {
      try {
        log.appendAsLeader(records, 0);
      } catch (e) {
        expect(e).toBeInstanceOf(RecordValidationError);
        return (e as RecordValidationError).errorCode;
      }
      throw new Error('append was accepted');
    };
    const corrupt = batch(2);
    corrupt[corrupt.length - 1] ^= 0xff;
    expect(rejectedWith(corrupt)).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(rejectedWith(Buffer.concat([batch(1), batch(1)]))).toBe(ErrorCode.INVALID_RECORD); // one batch per partition
    expect(rejectedWith(batch(2).subarray(0, 40))).toBe(ErrorCode.INVALID_RECORD); // no whole batch
    expect(rejectedWith(Buffer.alloc(0))).toBe(ErrorCode.INVALID_RECORD);
    const badMagic = batch(1);
    badMagic[16] = 1;
    expect(rejectedWith(badMagic)).toBe(ErrorCode.INVALID_RECORD);
    expect(rejectedWith(batch(10, { valueSize: 100 }))).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(log.logEndOffset).toBe(1);
    expect(fs.readFileSync(path.join(dir, '00000000000000000000.log')).equals(before)).toBe(true);
    log.close();
    const tiny = openLog({ 'segment.bytes': 100 });
    expect(() => tiny.log.appendAsLeader(batch(5, { valueSize: 50 }), 0)).toThrow(RecordBatchTooLargeError);
    tiny.log.close();
  });

  it('follower appends check batch structure and CRC', () => {
    const { log } = openLog();
    const corrupt = batch(2);
    corrupt[corrupt.length - 1] ^= 0xff;
    try {
      log.appendAsFollower(corrupt);
      throw new Error('append was accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidBatchError);
      expect((e as InvalidBatchError).problem).toBe('bad-crc');
      expect((e as InvalidBatchError).kafkaError).toBe('CORRUPT_MESSAGE');
    }
    expect(() => log.appendAsFollower(batch(2).subarray(0, 40))).toThrow(/incomplete/);
    expect(log.logEndOffset).toBe(0);
    log.close();
  });

  it('corrects a wrong CreateTime maxTimestamp (kafkajs sends the last, not the max) and keeps the CRC valid', () => {
    const { log } = openLog();
    const records = [5000, 9000, 7000].map((timestamp, i) => ({ value: Buffer.from(`v${i}`), timestamp }));
    const info = log.appendAsLeader(buildRecordBatch(records, { maxTimestamp: 7000 }), 0);
    expect(info.maxTimestamp).toBe(9000);
    expect(info.offsetOfMaxTimestamp).toBe(1);
    const stored = log.read(0, 10_000).records;
    expect(batchMaxTimestamp(stored)).toBe(9000);
    expect(checkBatch(stored, 0)).toBeNull();
    log.close();
  });

  it('LogAppendTime stamps the broker time and keeps the CRC valid', () => {
    const time = new ManualTime(5_000_000);
    const { log } = openLog({ 'message.timestamp.type': 'LogAppendTime' }, time);
    const info = log.appendAsLeader(batch(3, { timestamp: 42 }), 0);
    expect(info.logAppendTime).toBe(5_000_000);
    expect(info.maxTimestamp).toBe(5_000_000);
    expect(info.offsetOfMaxTimestamp).toBe(2);
    const stored = log.read(0, 10_000).records;
    expect(checkBatch(stored, 0)).toBeNull();
    expect(batchMaxTimestamp(stored)).toBe(5_000_000);
    expect(stored.readInt16BE(21) & 0x08).toBe(0x08);
    log.close();
  });

  it('CreateTime refuses a producer-set LogAppendTime flag and timestamps too far from now', () => {
    const time = new ManualTime(1_000_000);
    const { log } = openLog({ 'message.timestamp.difference.max.ms': 1000 }, time);
    const invalidTimestamp = (records: Buffer) => {
      expect(() => log.appendAsLeader(records, 0)).toThrow(RecordValidationError);
      try {
        log.appendAsLeader(records, 0);
      } catch (e) {
        expect((e as RecordValidationError).errorCode).toBe(ErrorCode.INVALID_TIMESTAMP);
      }
    };
    invalidTimestamp(batch(1, { timestamp: 999_500, logAppendTime: true }));
    invalidTimestamp(batch(1, { timestamp: 10 }));
    log.appendAsLeader(batch(1, { timestamp: 999_500 }), 0);
    expect(log.logEndOffset).toBe(1);
    log.close();
  });

  it('follower appends keep leader offsets and epochs, reject offsets below the log end', () => {
    const { log } = openLog();
    const leaderBatches = Buffer.concat([batch(3, { baseOffset: 0, partitionLeaderEpoch: 2 }), batch(2, { baseOffset: 3, partitionLeaderEpoch: 4 })]);
    const info = log.appendAsFollower(leaderBatches);
    expect(info).toMatchObject({ firstOffset: 0, lastOffset: 4, numBatches: 2 });
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 2, startOffset: 0 }, { epoch: 4, startOffset: 3 }]);
    expect(() => log.appendAsFollower(batch(1, { baseOffset: 4, partitionLeaderEpoch: 4 }))).toThrow(UnexpectedAppendOffsetError);
    const gap = log.appendAsFollower(batch(1, { baseOffset: 9, partitionLeaderEpoch: 4 }));
    expect(gap.firstOffset).toBe(9);
    expect(log.logEndOffset).toBe(10);
    expect(splitBatches(log.read(5, 10_000).records).map((b) => b.baseOffset)).toEqual([9]);
    log.close();
  });
});

describe('roll', () => {
  it('rolls when the next append would exceed segment.bytes; old indexes are trimmed', async () => {
    const { log, dir } = openLog({ 'segment.bytes': 1000, 'index.interval.bytes': 100 });
    const one = batch(2, { valueSize: 100 });
    for (let i = 0; i < 10; i++) log.appendAsLeader(Buffer.from(one), 0);
    for (const s of log.segments) expect(s.size).toBeLessThanOrEqual(1000);
    expect(log.numberOfSegments).toBe(Math.ceil(10 / Math.floor(1000 / one.length)));
    const bases = log.segments.map((s) => s.baseOffset);
    for (const base of bases.slice(0, -1)) {
      const name = String(base).padStart(20, '0');
      expect(fileSize(path.join(dir, `${name}.index`)) % 8).toBe(0);
      expect(fileSize(path.join(dir, `${name}.index`))).toBeLessThan(10485760);
      expect(fileSize(path.join(dir, `${name}.timeindex`))).toBe(12);
    }
    const active = String(bases[bases.length - 1]).padStart(20, '0');
    expect(fileSize(path.join(dir, `${active}.index`))).toBe(10485760);
    await log.awaitBackgroundFlushes();
    expect(log.recoveryPoint).toBe(bases[bases.length - 1]);
    log.close();
  });

  it('rolls on segment.ms measured in message time from the first batch', () => {
    const time = new ManualTime();
    const { log } = openLog({ 'segment.ms': 1000 }, time);
    log.appendAsLeader(batch(1, { timestamp: 10_000 }), 0);
    log.appendAsLeader(batch(1, { timestamp: 10_900 }), 0);
    expect(log.numberOfSegments).toBe(1);
    log.appendAsLeader(batch(1, { timestamp: 11_001 }), 0);
    expect(log.numberOfSegments).toBe(2);
    expect(log.activeSegment.baseOffset).toBe(2);
    log.close();
  });

  it('rolls on segment.ms by wall time when batches carry no timestamp', () => {
    const time = new ManualTime();
    const { log } = openLog({ 'segment.ms': 1000 }, time);
    log.appendAsLeader(batch(1, { timestamp: -1 }), 0);
    time.advance(999);
    log.appendAsLeader(batch(1, { timestamp: -1 }), 0);
    expect(log.numberOfSegments).toBe(1);
    time.advance(2);
    log.appendAsLeader(batch(1, { timestamp: -1 }), 0);
    expect(log.numberOfSegments).toBe(2);
    log.close();
  });

  it('rolls when the offset index is full', () => {
    const { log } = openLog({ 'segment.index.bytes': 16, 'index.interval.bytes': 1 });
    for (let i = 0; i < 8; i++) log.appendAsLeader(batch(1), 0);
    expect(log.numberOfSegments).toBeGreaterThan(1);
    const seen = splitBatches(Buffer.concat(log.segments.map((s) => log.read(s.baseOffset, 1 << 20).records))).map((b) => b.baseOffset);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    log.close();
  });
});

describe('timestamps', () => {
  it('finds the first record at or after a timestamp, inside batches and across segments', () => {
    const { log } = openLog({ 'segment.bytes': 400, 'index.interval.bytes': 1 });
    // batch i holds records with timestamps 1000*i + 0, 10, 20, ...
    for (let i = 1; i <= 8; i++) {
      const records = Array.from({ length: 4 }, (_, j) => ({ value: Buffer.from(`r${i}-${j}`), timestamp: 1000 * i + 10 * j }));
      log.appendAsLeader(buildRecordBatch(records, { firstTimestamp: 1000 * i }), 0);
    }
    expect(log.numberOfSegments).toBeGreaterThan(1);
    expect(log.fetchOffsetByTimestamp(0)).toEqual({ timestamp: 1000, offset: 0, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(1000)).toEqual({ timestamp: 1000, offset: 0, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(1015)).toEqual({ timestamp: 1020, offset: 2, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(5031)).toEqual({ timestamp: 6000, offset: 20, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(8030)).toEqual({ timestamp: 8030, offset: 31, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(8031)).toBeNull();
    expect(log.fetchOffsetByTimestamp(EARLIEST_TIMESTAMP)).toEqual({ timestamp: -1, offset: 0, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(LATEST_TIMESTAMP)).toEqual({ timestamp: -1, offset: 32, leaderEpoch: 0 });
    log.close();
  });

  it('looks inside compressed batches', () => {
    const { log } = openLog();
    for (const compression of [CompressionType.Gzip, CompressionType.Zstd]) {
      const records = [100, 200, 300].map((timestamp, j) => ({ value: Buffer.from(`c${j}`), timestamp }));
      log.appendAsLeader(buildRecordBatch(records, { compression, compress: (b) => compress(compression, b) }), 0);
    }
    expect(log.fetchOffsetByTimestamp(150)).toEqual({ timestamp: 200, offset: 1, leaderEpoch: 0 });
    expect(log.fetchOffsetByTimestamp(300)).toEqual({ timestamp: 300, offset: 2, leaderEpoch: 0 });
    log.close();
  });
});

describe('truncation', () => {
  it('truncateTo removes later batches and segments, fixes epochs, appends continue', () => {
    const { log, dir } = openLog({ 'segment.bytes': 300 });
    for (let i = 0; i < 8; i++) log.appendAsLeader(batch(2, { valueSize: 50 }), i < 4 ? 1 : 2);
    log.updateHighWatermark(16);
    expect(log.numberOfSegments).toBeGreaterThan(2);
    expect(log.truncateTo(6)).toBe(true);
    expect(log.logEndOffset).toBe(6);
    expect(log.highWatermark).toBe(6);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 1, startOffset: 0 }]);
    expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).toBe('0\n1\n1 0\n');
    expect(splitBatches(log.read(0, 1 << 20).records).pop()!.lastOffset).toBeLessThanOrEqual(5);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.deleted'))).toEqual([]);
    expect(log.truncateTo(100)).toBe(false);
    const next = log.appendAsLeader(batch(1), 3);
    expect(next.firstOffset).toBe(6);
    expect(log.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 6 });
    log.close();
  });

  it('truncateTo in the middle of a batch removes the whole batch', () => {
    const { log } = openLog();
    log.appendAsLeader(batch(5), 0);
    log.appendAsLeader(batch(5), 0);
    log.truncateTo(7);
    expect(log.logEndOffset).toBe(5);
    log.close();
  });

  it('truncateFullyAndStartAt restarts the log at an offset', () => {
    const { log, dir } = openLog();
    log.appendAsLeader(batch(5), 0);
    log.truncateFullyAndStartAt(1000);
    expect([log.logStartOffset, log.logEndOffset, log.highWatermark, log.numberOfSegments]).toEqual([1000, 1000, 1000, 1]);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.log'))).toEqual(['00000000000000001000.log']);
    expect(log.appendAsLeader(batch(1), 1).firstOffset).toBe(1000);
    expect(() => log.read(0, 100)).toThrow(OffsetOutOfRangeError);
    log.close();
  });
});

describe('log start offset and retention', () => {
  function filled(props: Record<string, string | number>, time = new ManualTime()) {
    const opened = openLog({ 'segment.bytes': 250, ...props }, time);
    // Keyed, so the same data is also valid for a compacted topic.
    for (let i = 0; i < 10; i++) opened.log.appendAsLeader(batch(2, { valueSize: 60, timestamp: 1000 + i * 100, keyed: true }), 0);
    opened.log.updateHighWatermark(opened.log.logEndOffset);
    return opened;
  }

  it('maybeIncrementLogStartOffset never passes the high watermark; whole segments below go', () => {
    const { log, dir } = filled({});
    const segmentsBefore = log.numberOfSegments;
    log.updateHighWatermark(10);
    expect(() => log.maybeIncrementLogStartOffset(12)).toThrow(OffsetOutOfRangeError);
    expect(log.maybeIncrementLogStartOffset(7)).toBe(true);
    expect(() => log.read(6, 1000)).toThrow(OffsetOutOfRangeError);
    const deleted = log.deleteSegmentsBelowLogStart();
    expect(deleted).toBeGreaterThan(0);
    expect(log.numberOfSegments).toBe(segmentsBefore - deleted);
    expect(log.segments[0].baseOffset).toBeLessThanOrEqual(7);
    expect(log.logStartOffset).toBe(7);
    expect(splitBatches(log.read(7, 10_000).records)[0].baseOffset).toBe(6);
    expect(fs.readdirSync(dir).some((n) => n.endsWith('.deleted'))).toBe(false);
    log.close();
  });

  it('retention.ms deletes old segments by largest timestamp, only below the high watermark', () => {
    const { log } = filled({ 'retention.ms': 500 });
    const n = log.numberOfSegments;
    log.updateHighWatermark(4);
    // now=1800: segments whose newest record is older than 1300 are breached, but HW=4 stops at the first segment boundary >4
    const deleted = log.deleteOldSegments(1800);
    expect(deleted).toBeGreaterThan(0);
    expect(log.segments[0].baseOffset).toBeLessThanOrEqual(4);
    log.updateHighWatermark(log.logEndOffset);
    log.deleteOldSegments(1800);
    for (const s of log.segments.slice(0, -1)) expect(1800 - s.largestTimestamp).toBeLessThanOrEqual(500);
    expect(log.logStartOffset).toBe(log.segments[0].baseOffset);
    expect(log.numberOfSegments).toBeLessThan(n);
    log.close();
  });

  it('retention.ms can delete every segment, rolling a new empty active one', () => {
    const { log } = filled({ 'retention.ms': 10 });
    const leo = log.logEndOffset;
    const deleted = log.deleteOldSegments(1_000_000);
    expect(deleted).toBeGreaterThan(1);
    expect(log.numberOfSegments).toBe(1);
    expect(log.activeSegment.size).toBe(0);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([leo, leo]);
    // the empty active segment is never deleted
    expect(log.deleteOldSegments(2_000_000)).toBe(0);
    expect(log.appendAsLeader(batch(1), 0).firstOffset).toBe(leo);
    log.close();
  });

  it('retention.bytes deletes the oldest whole segments while the log is too big', () => {
    const { log } = filled({ 'retention.bytes': 600, 'retention.ms': -1 });
    const sizes = log.segments.map((s) => s.size);
    const total = sizes.reduce((a, b) => a + b, 0);
    const deleted = log.deleteOldSegments(10_000_000);
    let diff = total - 600;
    let expected = 0;
    for (const s of sizes) {
      if (diff - s < 0) break;
      diff -= s;
      expected++;
    }
    expect(deleted).toBe(expected);
    expect(log.size).toBeGreaterThanOrEqual(600);
    expect(log.size - log.segments[0].size).toBeLessThan(600);
    log.close();
  });

  it('cleanup.policy=compact skips time and size retention', () => {
    const { log } = filled({ 'retention.ms': 10, 'cleanup.policy': 'compact' });
    expect(log.deleteOldSegments(1_000_000)).toBe(0);
    log.close();
  });

  it('segments are renamed .deleted and removed after file.delete.delay.ms', () => {
    const { ManualScheduler } = jest.requireActual('./helpers') as typeof import('./helpers');
    const scheduler = new ManualScheduler();
    const dir = path.join(tempDir(), 't-0');
    const log = Log.open({ dir, config: config({ 'segment.bytes': 250, 'retention.ms': 10, 'file.delete.delay.ms': 60000 }), scheduler });
    for (let i = 0; i < 5; i++) log.appendAsLeader(batch(2, { valueSize: 60, timestamp: 1000 }), 0);
    log.updateHighWatermark(log.logEndOffset);
    log.deleteOldSegments(1_000_000);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.deleted')).length).toBeGreaterThan(0);
    expect(scheduler.tasks.every((t) => t.delayMs === 60000)).toBe(true);
    scheduler.runAll();
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.deleted'))).toEqual([]);
    log.close();
  });
});

describe('flush policy', () => {
  it('never fsyncs by default; flush.messages and flush.ms move the recovery point', () => {
    const time = new ManualTime();
    const byDefault = openLog({}, time);
    for (let i = 0; i < 5; i++) byDefault.log.appendAsLeader(batch(1), 0);
    expect(byDefault.log.recoveryPoint).toBe(0);
    byDefault.log.flush();
    expect(byDefault.log.recoveryPoint).toBe(5);
    byDefault.log.close();

    const byCount = openLog({ 'flush.messages': 3 }, time);
    byCount.log.appendAsLeader(batch(2), 0);
    expect(byCount.log.recoveryPoint).toBe(0);
    byCount.log.appendAsLeader(batch(1), 0);
    expect(byCount.log.recoveryPoint).toBe(3);
    byCount.log.close();

    const byTime = openLog({ 'flush.ms': 1000 }, time);
    byTime.log.appendAsLeader(batch(2), 0);
    expect(byTime.log.maybeFlushByTime(time.now() + 999)).toBe(false);
    expect(byTime.log.maybeFlushByTime(time.now() + 1000)).toBe(true);
    expect(byTime.log.recoveryPoint).toBe(2);
    byTime.log.close();
  });
});

describe('reopen', () => {
  it('a cleanly closed log reopens with the same state and continues', () => {
    const dir = path.join(tempDir(), 'reopen-3');
    const first = Log.open({ dir, config: config({ 'segment.bytes': 300 }), scheduler: immediateScheduler });
    for (let i = 0; i < 6; i++) first.appendAsLeader(batch(3, { valueSize: 40, timestamp: 5000 + i }), i);
    const before = first.read(0, 1 << 20).records;
    const leo = first.logEndOffset;
    first.flush();
    first.close();
    const again = Log.open({ dir, config: config({ 'segment.bytes': 300 }), scheduler: immediateScheduler, hadCleanShutdown: true, recoveryPoint: leo });
    expect(again.topic).toBe('reopen');
    expect(again.partition).toBe(3);
    expect(again.logEndOffset).toBe(leo);
    expect(again.read(0, 1 << 20).records.equals(before)).toBe(true);
    expect(again.latestEpoch).toBe(5);
    expect(again.fetchOffsetByTimestamp(5003)?.offset).toBe(9);
    expect(again.appendAsLeader(batch(1), 6).firstOffset).toBe(leo);
    again.close();
  });
});
