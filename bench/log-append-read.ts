// Log append/read throughput against the raw speed of writing the same bytes to a plain file.
//
// Run: node scripts/run-ts.js bench/log-append-read.ts [batches] [rounds]
//
// A handful of distinct 1,000-record batches (100-byte values) are built once; the timed loops
// reuse them, so record building is never measured. appendAsLeader validates each batch as the
// broker does for a producer (structure, CRC-32C, every record's framing and timestamp) and then
// rewrites baseOffset and partitionLeaderEpoch in place; the loop resets baseOffset to 0 before
// reusing a buffer, which is how a batch arrives from a producer. Every figure is page-cache speed: neither
// side fsyncs (Kafka's default flush policy), and the read-back comes from the page cache too.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Log } from '../src/log/log';
import { defaultLogConfig } from '../src/log/log-config';
import { setBatchBaseOffset } from '../src/protocol/records/batch-header';
import { buildRecordBatch } from '../src/protocol/records/record-batch-builder';
import { validateProducedRecords, type ProduceValidationConfig } from '../src/protocol/records/validate';

const BATCHES = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 3);
const RECORDS_PER_BATCH = 1000;
const VALUE_SIZE = 100;
const DISTINCT_BATCHES = 8;
const READ_MAX_BYTES = 1024 * 1024;
const MB = 1e6;

function buildBatches(): Buffer[] {
  const out: Buffer[] = [];
  for (let b = 0; b < DISTINCT_BATCHES; b++) {
    const now = Date.now();
    const records = Array.from({ length: RECORDS_PER_BATCH }, (_, i) => ({
      key: null,
      value: Buffer.alloc(VALUE_SIZE, (b * 31 + i) & 0xff),
      timestamp: now + i,
    }));
    out.push(buildRecordBatch(records, { firstTimestamp: now }));
  }
  return out;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

interface RoundResult {
  crcMBs: number;
  rawMBs: number;
  appendMBs: number;
  replicaMBs: number;
  readMBs: number;
  bytes: number;
}

function round(root: string, batches: Buffer[]): RoundResult {
  // Raw: the same bytes in the same chunk sizes, one positional writeSync each, to a plain file.
  const rawFile = path.join(root, 'raw.bin');
  const fd = fs.openSync(rawFile, 'w');
  let position = 0;
  let start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) {
    const buf = batches[i % batches.length];
    let done = 0;
    while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
    position += buf.length;
  }
  const rawSeconds = seconds(start);
  fs.closeSync(fd);
  const bytes = position;
  fs.rmSync(rawFile);

  // Validation alone (header, CRC-32C over every byte, every record's framing), which no append can skip.
  const validation: ProduceValidationConfig = {
    produceVersion: 8,
    maxMessageBytes: Infinity,
    timestampType: 'CreateTime',
    timestampDifferenceMaxMs: Infinity,
    compacted: false,
    now: Date.now(),
  };
  start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) {
    const buf = batches[i % batches.length];
    setBatchBaseOffset(buf, 0, 0);
    if (!validateProducedRecords(buf, validation).ok) throw new Error('bench batch is invalid');
  }
  const crcSeconds = seconds(start);

  // Log append: validation, offset assignment, one write, index upkeep.
  const dir = path.join(root, 'bench-0');
  const log = Log.open({ dir, config: { ...defaultLogConfig(), 'file.delete.delay.ms': 0 } });
  start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) {
    const buf = batches[i % batches.length];
    setBatchBaseOffset(buf, 0, 0);
    log.appendAsLeader(buf, 0);
  }
  const appendSeconds = seconds(start);
  if (log.size !== bytes) throw new Error(`log holds ${log.size} bytes, expected ${bytes}`);

  // Sequential read-back in ~1 MiB fetches, as a consumer would.
  start = process.hrtime.bigint();
  let offset = 0;
  let readBytes = 0;
  const end = log.logEndOffset;
  while (offset < end) {
    const r = log.read(offset, READ_MAX_BYTES, { minOneBatch: true });
    readBytes += r.records.length;
    // Next offset: after the last batch returned (its header says where it ends).
    let p = 0;
    let last = offset;
    while (p < r.records.length) {
      last = r.records.readInt32BE(p) * 2 ** 32 + r.records.readUInt32BE(p + 4) + r.records.readInt32BE(p + 23);
      p += r.records.readInt32BE(p + 8) + 12;
    }
    offset = last + 1;
  }
  const readSeconds = seconds(start);
  if (readBytes !== bytes) throw new Error(`read ${readBytes} bytes, expected ${bytes}`);
  log.close();
  fs.rmSync(dir, { recursive: true, force: true });

  // Replica append: batches arrive with their offsets assigned; the log checks structure and
  // CRC-32C only (the leader validated the records), so this is the storage path by itself.
  const replicaDir = path.join(root, 'bench-1');
  const replica = Log.open({ dir: replicaDir, config: { ...defaultLogConfig(), 'file.delete.delay.ms': 0 } });
  start = process.hrtime.bigint();
  for (let i = 0; i < BATCHES; i++) {
    const buf = batches[i % batches.length];
    setBatchBaseOffset(buf, 0, i * RECORDS_PER_BATCH);
    replica.appendAsFollower(buf);
  }
  const replicaSeconds = seconds(start);
  replica.close();
  fs.rmSync(replicaDir, { recursive: true, force: true });

  return {
    crcMBs: bytes / MB / crcSeconds,
    rawMBs: bytes / MB / rawSeconds,
    appendMBs: bytes / MB / appendSeconds,
    replicaMBs: bytes / MB / replicaSeconds,
    readMBs: bytes / MB / readSeconds,
    bytes,
  };
}

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-log-'));
  try {
    const batches = buildBatches();
    const batchBytes = batches[0].length;
    console.log(
      `log append/read: ${BATCHES} batches x ${RECORDS_PER_BATCH} records x ${VALUE_SIZE}-byte values ` +
        `(${(batchBytes / 1024).toFixed(1)} KiB per batch, ${((BATCHES * batchBytes) / MB).toFixed(1)} MB per round), ${ROUNDS} rounds, dir ${root}`,
    );
    const results: RoundResult[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const res = round(root, batches);
      results.push(res);
      console.log(
        `  round ${r + 1}: raw writeSync ${res.rawMBs.toFixed(0).padStart(6)} MB/s | log append ${res.appendMBs.toFixed(0).padStart(6)} MB/s ` +
          `(${(res.appendMBs / res.rawMBs).toFixed(2)} of raw) | log read ${res.readMBs.toFixed(0).padStart(6)} MB/s`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const raw = median(results.map((r) => r.rawMBs));
    const append = median(results.map((r) => r.appendMBs));
    const read = median(results.map((r) => r.readMBs));
    const replica = median(results.map((r) => r.replicaMBs));
    const crc = median(results.map((r) => r.crcMBs));
    // Validation and the write both run on the one JS thread, so their costs add up.
    const serialBound = 1 / (1 / raw + 1 / crc);
    const recordsPerSec = (append * MB) / (batchBytes / RECORDS_PER_BATCH);
    console.log('median:');
    console.log(`  raw fs.writeSync    ${raw.toFixed(0)} MB/s`);
    console.log(`  Log.appendAsLeader  ${append.toFixed(0)} MB/s  (${(recordsPerSec / 1e6).toFixed(2)} M records/s)`);
    console.log(`  append / raw        ${(append / raw).toFixed(2)}`);
    console.log(`  validation alone    ${crc.toFixed(0)} MB/s (CRC-32C + record framing); raw write + validation in series bound ${serialBound.toFixed(0)} MB/s = ${(serialBound / raw).toFixed(2)} of raw`);
    console.log(`  append / that bound ${(append / serialBound).toFixed(2)}`);
    console.log(`  Log.appendAsFollower ${replica.toFixed(0)} MB/s = ${(replica / raw).toFixed(2)} of raw (structure + CRC-32C only: the storage path)`);
    console.log(`  Log.read (1 MiB)    ${read.toFixed(0)} MB/s`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main();
