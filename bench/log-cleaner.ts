// Log cleaner throughput: MB/s of dirty log cleaned by one pass, and how long the event loop is
// held while it runs (what produce and fetch would wait for).
//
// Run: node scripts/run-ts.js bench/log-cleaner.ts [MB] [keys] [compression]
//
// Builds a compacted log of about MB megabytes (default 256) in 64 MB segments: batches of 100
// records with 100-byte values over `keys` distinct keys (default 100,000), so with the defaults
// every key is overwritten ~25 times. Then one LogCleaner worker with the broker defaults
// (128 MB dedupe buffer, 512 KB I/O buffer, no throttle) cleans it, and the figures are Kafka's
// own (CleanerStats): bytes read by the pass over its whole duration, split into the offset-map
// phase and the copy phase. `compression` (none|lz4|gzip|snappy|zstd, default none) compresses
// the batches, which the cleaner must decompress and recompress. Page-cache speed: nothing is
// fsynced but the cleaned segments, as in Kafka.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Log } from '../src/log/log';
import { defaultLogConfig } from '../src/log/log-config';
import { LogCleaner } from '../src/log/cleaner/log-cleaner';
import { compress, CompressionType } from '../src/protocol/compression';
import { buildRecordBatch } from '../src/protocol/records/record-batch-builder';
import { systemClock } from '../src/common/clock';
import { silentLogger } from '../src/common/logger';

const TARGET_MB = Number(process.argv[2] ?? 256);
const KEYS = Number(process.argv[3] ?? 100_000);
const CODEC_NAME = (process.argv[4] ?? 'none').toLowerCase();
const RECORDS_PER_BATCH = 100;
const VALUE_SIZE = 100;
const MB = 1024 * 1024;

const CODECS: Record<string, CompressionType> = {
  none: CompressionType.None,
  gzip: CompressionType.Gzip,
  snappy: CompressionType.Snappy,
  lz4: CompressionType.Lz4,
  zstd: CompressionType.Zstd,
};

function buildLog(dir: string, codec: CompressionType): { log: Log; records: number } {
  const config = { ...defaultLogConfig(), 'cleanup.policy': ['compact' as const], 'segment.bytes': 64 * MB, 'file.delete.delay.ms': 0, 'min.cleanable.dirty.ratio': 0.01 };
  const log = Log.open({ dir, config, hadCleanShutdown: true });
  let records = 0;
  let n = 0;
  while (log.size < TARGET_MB * MB) {
    const now = Date.now();
    const batch = buildRecordBatch(
      Array.from({ length: RECORDS_PER_BATCH }, () => {
        // A scattered key order, so overwrites land in every segment.
        const k = (n * 7919) % KEYS;
        // JSON-ish text: compresses about as well as typical payloads (3-4x with lz4), not to nothing.
        const value = Buffer.from(`{"id":${n++},"key":${k},"at":${now},"payload":"${(n * 2654435761).toString(36).repeat(8)}"}`.padEnd(VALUE_SIZE, ' ').slice(0, VALUE_SIZE));
        return { key: Buffer.from(`key-${k}`), value, timestamp: now };
      }),
      { firstTimestamp: now, compression: codec, compress: (b) => compress(codec, b) },
    );
    log.appendAsFollower(withBaseOffset(batch, log.logEndOffset));
    records += RECORDS_PER_BATCH;
  }
  log.roll();
  return { log, records };
}

function withBaseOffset(batch: Buffer, offset: number): Buffer {
  batch.writeInt32BE(Math.floor(offset / 2 ** 32), 0);
  batch.writeUInt32BE(offset % 2 ** 32, 4);
  return batch;
}

async function main(): Promise<void> {
  const codec = CODECS[CODEC_NAME];
  if (codec === undefined) throw new Error(`unknown compression ${CODEC_NAME}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cleaner-'));
  try {
    const built = Date.now();
    const { log, records } = buildLog(path.join(root, 'compacted-0'), codec);
    const before = log.size;
    console.log(
      `log cleaner: ${(before / MB).toFixed(1)} MB in ${log.numberOfSegments - 1} segments of 64 MB, ${records.toLocaleString('en-US')} records ` +
        `(${RECORDS_PER_BATCH} per batch, ${VALUE_SIZE}-byte values, ${CODEC_NAME}) over ${KEYS.toLocaleString('en-US')} keys, built in ${((Date.now() - built) / 1000).toFixed(1)} s, dir ${root}`,
    );

    const cleaner = new LogCleaner({}, { logDirs: [root], logs: () => [log], time: systemClock, logger: silentLogger });
    cleaner.startup({ run: false });
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const start = process.hrtime.bigint();
    if (!(await cleaner.runOnce())) throw new Error('the cleaner found nothing to clean');
    const wallSecs = Number(process.hrtime.bigint() - start) / 1e9;
    lag.disable();
    const stats = cleaner.lastStats[0]!;

    const kept = log.size;
    const mapSecs = stats.elapsedIndexSecs;
    const copySecs = stats.elapsedSecs - mapSecs;
    console.log(`  dirty log cleaned       ${(stats.bytesRead / MB / wallSecs).toFixed(1)} MB/s  (${(stats.bytesRead / MB).toFixed(1)} MB in ${wallSecs.toFixed(2)} s, ${((stats.messagesRead / wallSecs) / 1e6).toFixed(2)} M records/s)`);
    console.log(`  offset map phase        ${(stats.mapBytesRead / MB / mapSecs).toFixed(1)} MB/s  (${mapSecs.toFixed(2)} s, ${stats.mapMessagesRead.toLocaleString('en-US')} records, buffer utilization ${(100 * stats.bufferUtilization).toFixed(1)}%)`);
    console.log(`  copy phase              ${(stats.bytesRead / MB / copySecs).toFixed(1)} MB/s  (${copySecs.toFixed(2)} s)`);
    console.log(`  result                  ${(before / MB).toFixed(1)} MB -> ${(kept / MB).toFixed(1)} MB, ${stats.messagesRead.toLocaleString('en-US')} -> ${stats.messagesWritten.toLocaleString('en-US')} records`);
    console.log(
      `  event loop held         max ${(lag.max / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, mean ${(lag.mean / 1e6).toFixed(2)} ms (how long a produce or fetch could wait)`,
    );
    if (process.env.KAFKA_ANCHOR) {
      console.log(
        `  KAFKA_ANCHOR=${process.env.KAFKA_ANCHOR}: comparison skipped; Kafka's cleaner runs only inside a broker (its log-cleaner.log reports the same "MB of log processed" figure).`,
      );
    }
    cleaner.shutdown();
    log.close();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
