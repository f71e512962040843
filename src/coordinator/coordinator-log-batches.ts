// The batch walk both coordinators' loaders share (__consumer_offsets, __transaction_state):
// every whole v2 batch of a read, in order. Trailing bytes that do not make a whole batch are a
// read cut at maxBytes and are left for the next read; any other magic fails the load, as in Kafka.

import { BATCH_HEADER_SIZE, LOG_OVERHEAD, batchBaseOffset, batchLastOffset, batchMagic, batchSize } from '../protocol/records/batch-header';

/**
 * Calls `onBatch` with the position of each whole batch in `batches`; answers the offset after the
 * last one (undefined when there was none). `fail` builds the loader's own error for a non-v2 batch.
 */
export function forEachWholeV2Batch(batches: Buffer, onBatch: (position: number) => void, fail: (message: string) => Error): number | undefined {
  let nextOffset: number | undefined;
  for (let p = 0; p + LOG_OVERHEAD <= batches.length; ) {
    const size = batchSize(batches, p);
    if (size < BATCH_HEADER_SIZE || p + size > batches.length) break;
    const magic = batchMagic(batches, p);
    if (magic !== 2) throw fail(`batch at offset ${batchBaseOffset(batches, p)} has magic ${magic}; only v2 record batches are supported`);
    onBatch(p);
    nextOffset = batchLastOffset(batches, p) + 1;
    p += size;
  }
  return nextOffset;
}
