// filterBatches (src/log/cleaner/record-filter.ts): Kafka's MemoryRecords.filterTo for v2 batches.

import { BatchRetention, filterBatches, type RecordFilter } from '../../../src/log/cleaner/record-filter';
import { compress, CompressionType } from '../../../src/protocol/compression';
import {
  batchAttributes,
  batchBaseOffset,
  batchBaseSequence,
  batchFirstTimestamp,
  batchLastOffset,
  batchMaxTimestamp,
  batchPartitionLeaderEpoch,
  batchProducerEpoch,
  batchProducerId,
  batchRecordCount,
  batchSize,
  checkBatch,
} from '../../../src/protocol/records/batch-header';
import { decodeRecords } from '../../../src/protocol/records/record';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';

const keep = (offsets: number[], retention = BatchRetention.DeleteEmpty): RecordFilter => ({
  checkBatchRetention: () => retention,
  shouldRetainRecord: (_b, _at, r) => offsets.includes(r.offset),
});

function sample(opts: Parameters<typeof buildRecordBatch>[1] = {}): Buffer {
  return buildRecordBatch(
    [
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1000, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { key: Buffer.from('b'), value: Buffer.from('2'), timestamp: 1005 },
      { key: Buffer.from('c'), value: null, timestamp: 1003 },
    ],
    { baseOffset: 10, partitionLeaderEpoch: 4, producerId: 77, producerEpoch: 2, baseSequence: 30, firstTimestamp: 1000, ...opts },
  );
}

describe('filterBatches', () => {
  it('copies a batch whose records all survive byte for byte', () => {
    const batch = sample();
    const r = filterBatches(batch, batch.length, keep([10, 11, 12]), { maxRecordBatchSize: 1 << 20 });
    expect(r.output.equals(batch)).toBe(true);
    expect(r).toMatchObject({ bytesRead: batch.length, messagesRead: 3, messagesRetained: 3, maxOffset: 12, maxTimestamp: 1005, shallowOffsetOfMaxTimestamp: 12 });
  });

  it('rebuilds a partly kept batch with the original metadata and offsets', () => {
    const batch = sample();
    const r = filterBatches(batch, batch.length, keep([11, 12]), { maxRecordBatchSize: 1 << 20 });
    const out = r.output;
    expect(checkBatch(out, 0)).toBeNull();
    expect([batchBaseOffset(out), batchLastOffset(out), batchRecordCount(out)]).toEqual([10, 12, 2]);
    expect([batchPartitionLeaderEpoch(out), batchProducerId(out), batchProducerEpoch(out), batchBaseSequence(out)]).toEqual([4, 77, 2, 30]);
    // The first timestamp is the first kept record's; the max is over the kept records.
    expect([batchFirstTimestamp(out), batchMaxTimestamp(out)]).toEqual([1005, 1005]);
    expect(decodeRecords(out).map((x) => [x.offset, x.key!.toString(), x.value?.toString() ?? null, x.timestamp])).toEqual([
      [11, 'b', '2', 1005],
      [12, 'c', null, 1003],
    ]);
    expect(r).toMatchObject({ messagesRead: 3, messagesRetained: 2, maxOffset: 12, shallowOffsetOfMaxTimestamp: 12, bytesRetained: out.length });
  });

  it('keeps headers, and recompresses with the batch codec', () => {
    const batch = sample({ compression: CompressionType.Gzip, compress: (b) => compress(CompressionType.Gzip, b) });
    const r = filterBatches(batch, batch.length, keep([10]), { maxRecordBatchSize: 1 << 20 });
    expect(batchAttributes(r.output) & 7).toBe(CompressionType.Gzip);
    const [rec] = decodeRecords(r.output);
    expect([rec.offset, rec.key!.toString(), rec.headers.map((h) => [h.key, h.value!.toString()])]).toEqual([10, 'a', [['h', 'x']]]);
    expect(batchLastOffset(r.output)).toBe(12);
  });

  it('under LogAppendTime every kept record carries the batch time', () => {
    const batch = sample({ logAppendTime: true, maxTimestamp: 5000 });
    const r = filterBatches(batch, batch.length, keep([10, 12]), { maxRecordBatchSize: 1 << 20 });
    expect([batchFirstTimestamp(r.output), batchMaxTimestamp(r.output)]).toEqual([5000, 5000]);
    expect(decodeRecords(r.output).map((x) => x.timestamp)).toEqual([5000, 5000]);
  });

  it('drops an emptied batch, or keeps only its header when asked to', () => {
    const batch = sample();
    const gone = filterBatches(batch, batch.length, keep([]), { maxRecordBatchSize: 1 << 20 });
    expect(gone.output.length).toBe(0);
    expect(gone.bytesRead).toBe(batch.length);
    const empty = filterBatches(batch, batch.length, keep([], BatchRetention.RetainEmpty), { maxRecordBatchSize: 1 << 20 });
    const h = empty.output;
    expect(h.length).toBe(61);
    expect(checkBatch(h, 0)).toBeNull();
    expect([batchBaseOffset(h), batchLastOffset(h), batchRecordCount(h), batchFirstTimestamp(h), batchMaxTimestamp(h), batchProducerId(h)]).toEqual([10, 12, 0, -1, 1005, 77]);
  });

  it('leaves a torn batch at the end of the chunk for the next read', () => {
    const a = sample();
    const b = sample({ baseOffset: 13 });
    const chunk = Buffer.concat([a, b.subarray(0, 40)]);
    const r = filterBatches(chunk, chunk.length, keep([10, 11, 12]), { maxRecordBatchSize: 1 << 20 });
    expect(r.bytesRead).toBe(batchSize(a));
    const torn = filterBatches(b.subarray(0, 40), 40, keep([]), { maxRecordBatchSize: 1 << 20 });
    expect([torn.bytesRead, torn.firstBatchSize]).toEqual([0, batchSize(b)]);
  });
});
