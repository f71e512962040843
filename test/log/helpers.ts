// Shared helpers for the log tests: temp dirs that clean up, a settable clock, batch builders.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRecordBatch, type BatchOptions } from '../../src/protocol/records/record-batch-builder';
import { defaultLogConfig, logConfigFromProperties, type LogConfig } from '../../src/log/log-config';
import type { Scheduler, Time } from '../../src/common/clock';

const created: string[] = [];

export function tempDir(prefix = 'log-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  while (created.length > 0) fs.rmSync(created.pop()!, { recursive: true, force: true });
}

export class ManualTime implements Time {
  constructor(public ms = 1_600_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Runs scheduled work immediately, so deletions are observable synchronously. */
export const immediateScheduler: Scheduler = { schedule: (_n, fn) => fn() };

/** Collects scheduled work to run on demand. */
export class ManualScheduler implements Scheduler {
  tasks: { name: string; fn: () => void; delayMs: number }[] = [];
  schedule(name: string, fn: () => void, delayMs: number): void {
    this.tasks.push({ name, fn, delayMs });
  }
  runAll(): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const t of tasks) t.fn();
  }
}

/** A batch of `count` records with values `${prefix}-${i}` (and keys `k-${i}` when keyed), all at `timestamp`. */
export function batch(
  count: number,
  opts: BatchOptions & { prefix?: string; timestamp?: number; valueSize?: number; keyed?: boolean } = {},
): Buffer {
  const ts = opts.timestamp ?? 1_000;
  const records = Array.from({ length: count }, (_, i) => ({
    key: opts.keyed ? Buffer.from(`k-${i}`) : null,
    value: opts.valueSize !== undefined ? Buffer.alloc(opts.valueSize, i % 251) : Buffer.from(`${opts.prefix ?? 'v'}-${i}`),
    timestamp: ts,
  }));
  return buildRecordBatch(records, { firstTimestamp: ts, ...opts });
}

export function config(props: Record<string, string | number> = {}): LogConfig {
  return logConfigFromProperties(props, { ...defaultLogConfig(), 'file.delete.delay.ms': 0 });
}

/** Splits a buffer of batches into the batches (base offset, last offset, bytes). */
export function splitBatches(buf: Buffer): { baseOffset: number; lastOffset: number; bytes: Buffer }[] {
  const out: { baseOffset: number; lastOffset: number; bytes: Buffer }[] = [];
  let p = 0;
  while (p < buf.length) {
    const size = buf.readInt32BE(p + 8) + 12;
    const base = buf.readInt32BE(p) * 2 ** 32 + buf.readUInt32BE(p + 4);
    out.push({ baseOffset: base, lastOffset: base + buf.readInt32BE(p + 23), bytes: buf.subarray(p, p + size) });
    p += size;
  }
  return out;
}

export function fileSize(file: string): number {
  return fs.statSync(file).size;
}
