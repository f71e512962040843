// A cleaning pass on real log files (src/log/cleaner/cleaner.ts through LogCleaner): one record
// per key with the original offsets, tombstones kept in the pass that cleans them and dropped in
// a later one past delete.retention.ms, min.compaction.lag.ms, segment grouping.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupSegmentsBySize } from '../../../src/log/cleaner/group-segments';
import type { LogSegment } from '../../../src/log/log-segment';
import { batchBaseOffset, batchLastOffset, batchRecordCount, batchSize } from '../../../src/protocol/records/batch-header';
import { ManualTime, cleanupTempDirs } from '../helpers';
import { ageSegment, compactedLog, entries, filesIn, kv, manualCleaner } from './helpers';

afterEach(cleanupTempDirs);

const v = (s: string) => s + '.'.repeat(100);

function batchesOf(segment: LogSegment): { base: number; last: number; count: number }[] {
  const buf = Buffer.alloc(segment.size);
  segment.readInto(buf, 0);
  const out: { base: number; last: number; count: number }[] = [];
  for (let p = 0; p < buf.length; p += batchSize(buf, p)) out.push({ base: batchBaseOffset(buf, p), last: batchLastOffset(buf, p), count: batchRecordCount(buf, p) });
  return out;
}

describe('cleaning a log', () => {
  it('keeps the latest record of each key at its original offset, tombstones included', async () => {
    const time = new ManualTime();
    const log = compactedLog({}, time);
    const t = time.ms;
    log.appendAsLeader(kv([['a', v('a1')], ['b', v('b1')], ['c', v('c1')]], t), 0); // 0-2
    log.roll();
    log.appendAsLeader(kv([['a', v('a2')], ['d', v('d1')]], t), 0); // 3-4
    log.appendAsLeader(kv([['b', null]], t), 0); // 5
    log.roll();
    log.appendAsLeader(kv([['c', v('c2')], ['e', v('e1')]], t), 0); // 6-7
    log.appendAsLeader(kv([['a', v('a3')]], t), 0); // 8
    log.roll();
    log.appendAsLeader(kv([['f', v('f1')]], t), 0); // 9, active: never cleaned
    log.updateHighWatermark(log.logEndOffset);
    const sizeBefore = log.size;

    const cleaner = manualCleaner(() => [log], [path.dirname(log.dir)], time);
    expect(await cleaner.runOnce()).toBe(true);

    expect(entries(log)).toEqual([
      ['d', 4, v('d1')],
      ['b', 5, null],
      ['c', 6, v('c2')],
      ['e', 7, v('e1')],
      ['a', 8, v('a3')],
      ['f', 9, v('f1')],
    ]);
    expect(log.size).toBeLessThan(sizeBefore);
    expect(log.logEndOffset).toBe(10);
    // The three cleaned segments were merged into one at the first base offset; the batch that
    // lost records keeps its base and last offsets, the emptied one is gone.
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 9]);
    expect(batchesOf(log.segments[0])).toEqual([
      { base: 3, last: 4, count: 1 },
      { base: 5, last: 5, count: 1 },
      { base: 6, last: 7, count: 2 },
      { base: 8, last: 8, count: 1 },
    ]);
    expect(filesIn(log.dir).filter((f) => /\.(cleaned|swap|deleted)$/.test(f))).toEqual([]);
    expect(fs.readFileSync(path.join(path.dirname(log.dir), 'cleaner-offset-checkpoint'), 'utf8')).toBe('0\n1\ntopic 0 9\n');
    // Reads in the gaps land on the next batch.
    expect(log.read(0, 1 << 20).firstBatchOffset).toBe(3);
    expect(log.read(1, 1 << 20).firstBatchOffset).toBe(3);
    // A second pass has nothing to do: the dirty section is only the active segment.
    expect(await cleaner.runOnce()).toBe(false);
    log.close();
  });

  it('keeps a tombstone in the pass that cleans it, and drops it in a later pass once delete.retention.ms has passed', async () => {
    const time = new ManualTime();
    // Small segments so cleaned segments are not merged and each keeps its own modification time.
    const log = compactedLog({ 'segment.bytes': 300, 'delete.retention.ms': 5000 }, time);
    const t = time.ms;
    log.appendAsLeader(kv([['x', v('x1')]], t), 0); // 0
    log.roll();
    log.appendAsLeader(kv([['y', v('y1')]], t), 0); // 1
    log.appendAsLeader(kv([['x', null]], t), 0); // 2: tombstone
    log.roll();
    log.appendAsLeader(kv([['z', v('z1')]], t), 0); // 3
    log.roll();
    log.appendAsLeader(kv([['w', v('w1')]], t), 0); // 4
    const cleaner = manualCleaner(() => [log], [path.dirname(log.dir)], time);

    expect(await cleaner.runOnce()).toBe(true);
    expect(entries(log).map(([k, o, val]) => [k, o, val === null ? null : val[0] + val[1]])).toEqual([
      ['y', 1, 'y1'],
      ['x', 2, null],
      ['z', 3, 'z1'],
      ['w', 4, 'w1'],
    ]);

    // A later pass right away: the tombstone's segment is newer than the horizon (the last clean
    // segment's time minus delete.retention.ms), so it stays.
    log.appendAsLeader(kv([['v', v('v1')]], t), 0); // 5
    log.roll();
    expect(await cleaner.runOnce()).toBe(true);
    expect(entries(log).some(([k, , val]) => k === 'x' && val === null)).toBe(true);

    // The segments holding the tombstone are now older than that horizon.
    const now = Date.now();
    for (const s of log.segments) if (s.baseOffset <= 2) ageSegment(log, s.baseOffset, now - 10_000);
    for (const s of log.segments) if (s.baseOffset > 2 && s !== log.activeSegment) ageSegment(log, s.baseOffset, now);
    log.appendAsLeader(kv([['u', v('u1')]], t), 0); // 6
    log.roll();
    expect(await cleaner.runOnce()).toBe(true);
    expect(entries(log).map(([k, o]) => [k, o])).toEqual([
      ['y', 1],
      ['z', 3],
      ['w', 4],
      ['v', 5],
      ['u', 6],
    ]);
    log.close();
  });

  it('respects min.compaction.lag.ms: records newer than the lag stay dirty', async () => {
    const time = new ManualTime();
    const hour = 3_600_000;
    const log = compactedLog({ 'min.compaction.lag.ms': hour }, time);
    log.appendAsLeader(kv([['k', v('old1')], ['k', v('old2')]], time.ms - 2 * hour), 0); // 0-1
    log.roll();
    log.appendAsLeader(kv([['k', v('new1')], ['j', v('new2')]], time.ms), 0); // 2-3
    log.roll();
    log.appendAsLeader(kv([['k', v('active')]], time.ms), 0); // 4
    const dir = path.dirname(log.dir);
    const cleaner = manualCleaner(() => [log], [dir], time);

    // Only the first segment is older than the lag: offsets 0-1 are cleaned, 2-3 are not.
    expect(await cleaner.runOnce()).toBe(true);
    expect(entries(log).map(([k, o]) => `${k}@${o}`)).toEqual(['k@1', 'k@2', 'j@3', 'k@4']);
    expect(cleaner.manager.allCleanerCheckpoints().get('topic-0')).toBe(2);
    expect(await cleaner.runOnce()).toBe(false);

    // Two hours later the second segment may go too.
    time.advance(2 * hour);
    expect(await cleaner.runOnce()).toBe(true);
    expect(entries(log).map(([k, o]) => `${k}@${o}`)).toEqual(['k@2', 'j@3', 'k@4']);
    log.close();
  });

  it('cleans a multi-MB log with more keys than one I/O chunk and an offset map smaller than the dirty section', async () => {
    const time = new ManualTime();
    const log = compactedLog({ 'segment.bytes': 256 * 1024 }, time);
    const keys = 2000;
    for (let round = 0; round < 4; round++) {
      for (let b = 0; b < keys / 50; b++) {
        const pairs = Array.from({ length: 50 }, (_, i): [string, string] => [`key-${b * 50 + i}`, `r${round}-${'x'.repeat(200)}`]);
        log.appendAsLeader(kv(pairs, time.ms), 0);
      }
    }
    log.roll();
    // 24 bytes per entry: room for ~1,080 keys at load factor 0.9, fewer than the 2,000 keys.
    const cleaner = manualCleaner(() => [log], [path.dirname(log.dir)], time, { dedupeBufferSize: 24 * 1200, ioBufferSize: 2 * 16 * 1024 });
    let passes = 0;
    while (await cleaner.runOnce()) passes++;
    expect(passes).toBeGreaterThan(1);
    const all = entries(log);
    expect(all.length).toBe(keys);
    expect(new Set(all.map(([k]) => k)).size).toBe(keys);
    expect(all.every(([, , val]) => val!.startsWith('r3-'))).toBe(true);
    log.close();
  });
});

describe('groupSegmentsBySize', () => {
  const seg = (baseOffset: number, size: number, index = 0): LogSegment =>
    ({ baseOffset, size, offsetIndex: { sizeInBytes: index }, timeIndex: { sizeInBytes: index } }) as unknown as LogSegment;

  it('merges consecutive segments while the log and index sizes fit', () => {
    const groups = groupSegmentsBySize([seg(0, 40), seg(10, 40), seg(20, 30), seg(30, 90), seg(40, 5, 50), seg(50, 5, 60)], 100, 100, 60);
    expect(groups.map((g) => g.map((s) => s.baseOffset))).toEqual([[0, 10], [20], [30, 40], [50]]);
  });

  it('never lets a group span more offsets than a 32-bit relative offset holds', () => {
    const big = 0x7fffffff;
    const groups = groupSegmentsBySize([seg(0, 1), seg(big - 5, 1), seg(big + 10, 1)], 100, 100, big + 20);
    expect(groups.map((g) => g.map((s) => s.baseOffset))).toEqual([[0], [big - 5, big + 10]]);
  });
});
