import { compress } from '../../../src/protocol/compression';
import { CompressionType } from '../../../src/protocol/records/batch-header';
import { buildRecordBatch, BatchOptions, RecordInput } from '../../../src/protocol/records/record-batch-builder';

/** buildRecordBatch with the codec wired in. */
export function batchOf(records: RecordInput[], options: BatchOptions = {}): Buffer {
  const codec = options.compression ?? CompressionType.None;
  return buildRecordBatch(records, { ...options, compress: (b) => compress(codec, b) });
}

export const GOLDEN_BATCH_HEX =
  '00000000000000000000003a00000000028ac77434000000000000000001a203951785000001a203951785ffffffffffffffffffffffffffff00000001100000000104686900';
