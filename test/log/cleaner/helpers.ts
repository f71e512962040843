// Helpers for the cleaner tests: keyed batches, compacted logs over temp dirs, reading a log back.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log, type CleaningCoordinator } from '../../../src/log/log';
import { LogCleaner } from '../../../src/log/cleaner/log-cleaner';
import { decodeRecordSet, type KafkaRecord } from '../../../src/protocol/records/record';
import { buildRecordBatch, type BatchOptions } from '../../../src/protocol/records/record-batch-builder';
import { silentLogger } from '../../../src/common/logger';
import { ManualTime, config, immediateScheduler, tempDir } from '../helpers';

export type Pair = [key: string, value: string | null];

/** One batch of keyed records (null value: a tombstone), every record at `timestamp`. */
export function kv(pairs: Pair[], timestamp: number, opts: BatchOptions = {}): Buffer {
  return buildRecordBatch(
    pairs.map(([k, v]) => ({ key: Buffer.from(k), value: v === null ? null : Buffer.from(v), timestamp })),
    { firstTimestamp: timestamp, ...opts },
  );
}

export function compactedLog(props: Record<string, string | number> = {}, time = new ManualTime(), dir = path.join(tempDir('cleaner-'), 'topic-0'), cleaning?: CleaningCoordinator): Log {
  return Log.open({
    dir,
    config: config({ 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': 0.01, ...props }),
    time,
    scheduler: immediateScheduler,
    cleaning,
  });
}

/** Every record of the log, from its start, read the way a consumer reads. */
export function readAll(log: Log): KafkaRecord[] {
  const out: KafkaRecord[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const { records } = log.read(offset, 1 << 20, { minOneBatch: true });
    if (records.length === 0) break;
    const batchRecords = decodeRecordSet(records);
    out.push(...batchRecords.filter((r) => r.offset >= offset));
    // Continue after the last batch read (its last offset may be past its last record).
    let p = 0;
    let last = offset;
    while (p < records.length) {
      const size = records.readInt32BE(p + 8) + 12;
      last = records.readInt32BE(p) * 2 ** 32 + records.readUInt32BE(p + 4) + records.readInt32BE(p + 23);
      p += size;
    }
    offset = last + 1;
  }
  return out;
}

/** key -> [offset, value] of every record, in log order (value null for a tombstone). */
export function entries(log: Log): [string, number, string | null][] {
  return readAll(log).map((r) => [r.key!.toString(), r.offset, r.value === null ? null : r.value.toString()]);
}

/** The latest value of each key, as compaction must preserve it (tombstoned keys map to null). */
export function latestByKey(log: Log): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const [k, , v] of entries(log)) out.set(k, v);
  return out;
}

/** A cleaner over the given logs whose worker runs only when the test says so. */
export function manualCleaner(logs: () => Iterable<Log>, logDirs: string[], time: ManualTime, cfg: Partial<ConstructorParameters<typeof LogCleaner>[0]> = {}): LogCleaner {
  const cleaner = new LogCleaner({ dedupeBufferSize: 1 << 20, ioBufferSize: 64 * 1024, ...cfg }, { logDirs, logs, time, logger: silentLogger });
  cleaner.startup({ run: false });
  return cleaner;
}

export function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** Sets the modification time of a segment's three files, as if it had last been written at `ms`. */
export function ageSegment(log: Log, baseOffset: number, ms: number): void {
  const segment = log.segments.find((s) => s.baseOffset === baseOffset);
  if (segment === undefined) throw new Error(`no segment ${baseOffset}`);
  segment.setLastModified(ms);
}
