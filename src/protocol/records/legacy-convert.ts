// Up-conversion of legacy (magic 0/1) messages to v2 batches, so data from old producers is
// stored in the one format the log keeps.

import { compress } from '../compression';
import { CompressionType } from './batch-header';
import { buildRecordBatch, RecordInput } from './record-batch-builder';
import { decodeLegacyMessageSet, LegacyMessage } from './legacy-message-set';

export interface LegacyConvertOptions {
  /** Codec of the new batches (Kafka keeps the producer's codec). Default: none. */
  compression?: CompressionType;
  /**
   * true: keep the messages' own offsets, starting a new batch wherever they are not
   * consecutive (or the timestamp type changes). false (default, the produce path): one batch
   * with offsets 0..n-1, to be assigned by the log like any produced batch.
   */
  preserveOffsets?: boolean;
}

function sameRun(prev: LegacyMessage, next: LegacyMessage, preserveOffsets: boolean): boolean {
  if (prev.logAppendTime !== next.logAppendTime) return false;
  return !preserveOffsets || next.offset === prev.offset + 1;
}

function buildBatch(run: LegacyMessage[], baseOffset: number, codec: CompressionType): Buffer {
  const records: RecordInput[] = run.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp }));
  const logAppendTime = run[0].logAppendTime;
  return buildRecordBatch(records, {
    baseOffset,
    // Magic 0 has no timestamps: the records carry -1 (NO_TIMESTAMP), as Kafka's conversion does.
    firstTimestamp: run[0].timestamp,
    logAppendTime,
    compression: codec,
    compress: codec === CompressionType.None ? undefined : (b) => compress(codec, b),
  });
}

/** Converts already-decoded legacy messages (absolute offsets) into v2 batches. */
export function convertLegacyMessagesToBatches(messages: LegacyMessage[], options: LegacyConvertOptions = {}): Buffer[] {
  const codec = options.compression ?? CompressionType.None;
  const preserve = options.preserveOffsets ?? false;
  const batches: Buffer[] = [];
  let start = 0;
  for (let i = 1; i <= messages.length; i++) {
    if (i < messages.length && sameRun(messages[i - 1], messages[i], preserve)) continue;
    const run = messages.slice(start, i);
    batches.push(buildBatch(run, preserve ? run[0].offset : start, codec));
    start = i;
  }
  return batches;
}

/** Decodes a legacy message set (expanding compressed wrappers) and converts it to v2 batches. */
export function convertLegacyToBatches(messageSet: Buffer, options: LegacyConvertOptions = {}): Buffer[] {
  return convertLegacyMessagesToBatches(decodeLegacyMessageSet(messageSet), options);
}
