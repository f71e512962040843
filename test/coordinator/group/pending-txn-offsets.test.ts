import type { OffsetAndMetadata } from '../../../src/coordinator/group/offset-and-metadata';
import { PendingTxnOffsets } from '../../../src/coordinator/group/pending-txn-offsets';

const offset = (n: number): OffsetAndMetadata => ({ offset: BigInt(n), leaderEpoch: -1, metadata: '', commitTimestamp: 0, expireTimestamp: null });
const TP = { topic: 't', partition: 0 };
const OTHER = { topic: 't', partition: 1 };

describe('PendingTxnOffsets', () => {
  it('an acknowledgment of an older commit does not give its position to a newer one in flight', () => {
    const pending = new PendingTxnOffsets();
    const a = offset(1);
    const b = offset(2);
    pending.prepare(7, [[TP, a]]);
    pending.prepare(7, [[TP, b]]);
    pending.onAppend(7, TP, { appendedBatchOffset: 10, offsetAndMetadata: a });
    expect([...pending.take(7)!]).toEqual([[TP, { appendedBatchOffset: null, offsetAndMetadata: b }]]);
    pending.prepare(7, [[TP, b]]);
    pending.onAppend(7, TP, { appendedBatchOffset: 11, offsetAndMetadata: b });
    expect([...pending.take(7)!]).toEqual([[TP, { appendedBatchOffset: 11, offsetAndMetadata: b }]]);
    expect(pending.isEmpty).toBe(true);
  });

  it('forgets a producer once nothing of it is pending (failed appends, removed partitions)', () => {
    const pending = new PendingTxnOffsets();
    pending.prepare(7, [[TP, offset(1)], [OTHER, offset(2)]]);
    pending.prepare(8, [[TP, offset(3)]]);
    pending.fail(7, OTHER);
    expect(pending.has(7)).toBe(true);
    pending.removePartition(TP);
    expect([pending.has(7), pending.has(8), pending.isEmpty]).toEqual([false, false, true]);
    expect(pending.take(7)).toBeUndefined();
  });
});
