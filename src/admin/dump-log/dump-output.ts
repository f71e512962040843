// What every part of kafka-dump-log shares: where lines go, how a failure that ends Kafka's tool
// is reported, and the start offset in a file name. Its own file so the per-file-type dumpers
// and dump-log.ts can all use it without importing each other.

import * as path from 'node:path';

/** Kafka's System.out and System.err, one line at a time. */
export interface DumpOutput {
  out(line: string): void;
  err(line: string): void;
}

export class DumpLogError extends Error {
  override readonly name = 'DumpLogError';
  constructor(
    /** The exception class Kafka's tool dies with, e.g. java.io.FileNotFoundException. */
    readonly javaClass: string,
    /** The exception's message; empty for one the JVM prints without (a NullPointerException). */
    message: string,
  ) {
    super(message);
  }
}

/** The number before the first '.' of a file name (Kafka: `getName.split("\\.")(0).toLong`). */
export function startOffsetOf(file: string): number {
  const prefix = path.basename(file).split('.')[0];
  if (!/^[+-]?\d+$/.test(prefix)) throw new DumpLogError('java.lang.NumberFormatException', `For input string: "${prefix}"`);
  return Number(prefix);
}
