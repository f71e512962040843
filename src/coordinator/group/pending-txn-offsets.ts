// One group's transactional offset commits (TxnOffsetCommit, KIP-98) that wait for the end of
// their transaction, per producer id (Kafka's pendingTransactionalOffsetCommits). They are not
// the group's committed offsets: OffsetFetch does not see them until the transaction coordinator
// writes the COMMIT marker, and an ABORT marker throws them away.

import type { CommitRecord } from './commit-record';
import type { OffsetAndMetadata } from './offset-and-metadata';
import { TopicPartitionMap } from './topic-partition-map';
import type { TopicPartition } from '../../common/topic-partition';

export class PendingTxnOffsets {
  private readonly byProducer = new Map<number, TopicPartitionMap<CommitRecord>>();

  get isEmpty(): boolean {
    return this.byProducer.size === 0;
  }

  has(producerId: number): boolean {
    return this.byProducer.has(producerId);
  }

  /** Offsets replayed from the log whose transactions are still open. */
  initialize(pending: ReadonlyMap<number, TopicPartitionMap<CommitRecord>>): void {
    for (const [producerId, offsets] of pending) {
      const mine = this.producerOffsets(producerId);
      for (const [tp, record] of offsets) mine.set(tp, record);
    }
  }

  /** Before the append: the offsets are pending with no log position yet. */
  prepare(producerId: number, offsets: Iterable<[TopicPartition, OffsetAndMetadata]>): void {
    const mine = this.producerOffsets(producerId);
    for (const [tp, offsetAndMetadata] of offsets) mine.set(tp, { appendedBatchOffset: null, offsetAndMetadata });
  }

  /** The append was acknowledged: the pending offset learns its position, unless a newer one replaced it. */
  onAppend(producerId: number, tp: TopicPartition, record: CommitRecord): void {
    const mine = this.byProducer.get(producerId);
    if (mine?.get(tp)?.offsetAndMetadata === record.offsetAndMetadata) mine.set(tp, record);
  }

  /** The append failed: the offset was never written, so there is nothing to complete. */
  fail(producerId: number, tp: TopicPartition): void {
    const mine = this.byProducer.get(producerId);
    if (mine === undefined) return;
    mine.delete(tp);
    if (mine.size === 0) this.byProducer.delete(producerId);
  }

  /** Removes and returns what the producer had pending (its transaction ended). */
  take(producerId: number): TopicPartitionMap<CommitRecord> | undefined {
    const mine = this.byProducer.get(producerId);
    this.byProducer.delete(producerId);
    return mine;
  }

  /** The partition is gone (deleted topic, deleted offsets): no producer completes it anymore. */
  removePartition(tp: TopicPartition): void {
    for (const producerId of [...this.byProducer.keys()]) this.fail(producerId, tp);
  }

  private producerOffsets(producerId: number): TopicPartitionMap<CommitRecord> {
    let mine = this.byProducer.get(producerId);
    if (mine === undefined) this.byProducer.set(producerId, (mine = new TopicPartitionMap()));
    return mine;
  }
}
