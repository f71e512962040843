// Replays one __consumer_offsets partition into the latest offsets and group metadata it holds:
// the record loop of Kafka 2.4's GroupMetadataManager.doLoadGroupsAndOffsets, without the
// coordinator side (turning stored groups into live ones, expiring offsets, scheduling).
//
// Feed it the partition's batches in offset order, from the log start to the log end, with as
// many apply() calls as the reads take (Log.read(...).records gives whole v2 batches). Later
// records win: an offset record sets or (null value) deletes one committed offset; a group record
// sets or (null value) removes a group, and a removed group is remembered in removedGroups so the
// coordinator can drop a group it had loaded before. Every offset keeps the position of its batch
// (the offset of the batch's first record, as Kafka), which orders it against later completions.
//
// Transactions (KIP-98): offsets in a transactional batch were written by TxnOffsetCommit and
// count only once their transaction commits, so they are kept pending per producer id. A COMMIT
// control record makes that producer's pending offsets committed, each only over an offset
// appended earlier in the log (a plain commit written after the transactional one but before its
// marker stays); an ABORT (or any other control type, as Kafka) drops them. What is pending when
// the replay ends belongs to transactions still open: the coordinator loads it into the groups as
// pending transactional offsets for the marker still to come. Group records in a transactional
// batch apply at once, as in Kafka (the coordinator never writes them transactionally).
//
// A record without a key, or whose key or value does not decode, throws OffsetsReplayError:
// Kafka fails the whole load in that case too (an IllegalArgumentException / KafkaException out
// of doLoadGroupsAndOffsets) rather than skipping what it cannot read.

import { batchIsControl, batchIsTransactional, batchProducerId } from '../../protocol/records/batch-header';
import { forEachWholeV2Batch } from '../coordinator-log-batches';
import { ControlRecordType, decodeControlKey } from '../../protocol/records/control-record';
import { iterateRecords } from '../../protocol/records/record';
import { isOlderThan, type CommitRecord } from './commit-record';
import type { OffsetAndMetadata, StoredGroup } from './offset-and-metadata';
import { decodeGroupMetadataValue, decodeOffsetCommitValue, decodeOffsetsTopicKey } from './offsets-topic-records';
import { TopicPartitionMap } from './topic-partition-map';

export class OffsetsReplayError extends Error {
  override readonly name = 'OffsetsReplayError';
}

/** group -> (topic, partition) -> offset. Groups with none left are removed. */
export type GroupOffsets = Map<string, TopicPartitionMap<CommitRecord>>;

export class OffsetsPartitionReplay {
  /** The latest committed offsets (plain commits, and transactional ones whose COMMIT was seen). */
  readonly offsets: GroupOffsets = new Map();
  /** producer id -> offsets of its transaction not ended (yet) at this point of the log. */
  readonly pendingOffsets = new Map<number, GroupOffsets>();
  /** Latest metadata of every group whose last group record was not a tombstone. */
  readonly groups = new Map<string, StoredGroup>();
  /** Groups whose last group record was a tombstone. */
  readonly removedGroups = new Set<string>();
  /** The offset after the last batch applied; 0 before any. */
  nextOffset = 0;

  /**
   * Applies every whole batch in `batches`, in order. Trailing bytes that do not make a whole
   * batch are ignored (a read cut at maxBytes); the next read should start at `nextOffset`.
   */
  apply(batches: Buffer): void {
    const next = forEachWholeV2Batch(
      batches,
      (p) => {
        if (batchIsControl(batches, p)) this.applyControlBatch(batches, p);
        else this.applyBatch(batches, p, batchIsTransactional(batches, p) ? batchProducerId(batches, p) : null);
      },
      (message) => new OffsetsReplayError(message),
    );
    if (next !== undefined) this.nextOffset = next;
  }

  /** The committed offset of one partition, if any. */
  offset(group: string, topic: string, partition: number): OffsetAndMetadata | undefined {
    return this.offsets.get(group)?.get({ topic, partition })?.offsetAndMetadata;
  }

  /** The offset a producer's open transaction holds for one partition, if any. */
  pendingOffset(producerId: number, group: string, topic: string, partition: number): OffsetAndMetadata | undefined {
    return this.pendingOffsets.get(producerId)?.get(group)?.get({ topic, partition })?.offsetAndMetadata;
  }

  private applyControlBatch(buf: Buffer, p: number): void {
    const producerId = batchProducerId(buf, p);
    // A control batch holds one record; a cleaned-out one holds none and ends nothing.
    const marker = iterateRecords(buf, p).next();
    if (marker.done === true) return;
    let type: number;
    try {
      type = decodeControlKey(marker.value.key);
    } catch (error) {
      throw new OffsetsReplayError(`control record at offset ${marker.value.offset}: ${(error as Error).message}`, { cause: error });
    }
    const pending = this.pendingOffsets.get(producerId);
    this.pendingOffsets.delete(producerId);
    if (type !== ControlRecordType.Commit || pending === undefined) return;
    for (const [group, offsets] of pending) {
      for (const [tp, record] of offsets) {
        const current = this.offsets.get(group)?.get(tp);
        if (current === undefined || isOlderThan(current, record)) setIn(this.offsets, group, tp, record);
      }
    }
  }

  /** A data batch; `producerId` is set when it is transactional, so its offsets wait for the marker. */
  private applyBatch(buf: Buffer, p: number, producerId: number | null): void {
    let firstRecordOffset: number | null = null;
    for (const record of iterateRecords(buf, p)) {
      if (record.key === null) {
        throw new OffsetsReplayError(`record at offset ${record.offset}: Group metadata/offset entry key should not be null`);
      }
      firstRecordOffset ??= record.offset;
      try {
        this.applyRecord(record.key, record.value, firstRecordOffset, producerId);
      } catch (error) {
        throw new OffsetsReplayError(`record at offset ${record.offset}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  private applyRecord(keyBytes: Buffer, value: Buffer | null, batchOffset: number, producerId: number | null): void {
    const key = decodeOffsetsTopicKey(keyBytes);
    if (key.kind === 'offset') {
      const target = producerId === null ? this.offsets : this.producerOffsets(producerId);
      const tp = { topic: key.topic, partition: key.partition };
      if (value === null) deleteIn(target, key.group, tp);
      else setIn(target, key.group, tp, { appendedBatchOffset: batchOffset, offsetAndMetadata: decodeOffsetCommitValue(value) });
    } else if (value === null) {
      this.groups.delete(key.group);
      this.removedGroups.add(key.group);
    } else {
      const group = decodeGroupMetadataValue(value);
      this.removedGroups.delete(key.group);
      this.groups.set(key.group, group);
    }
  }

  private producerOffsets(producerId: number): GroupOffsets {
    let offsets = this.pendingOffsets.get(producerId);
    if (offsets === undefined) this.pendingOffsets.set(producerId, (offsets = new Map()));
    return offsets;
  }
}

function setIn(offsets: GroupOffsets, group: string, tp: { topic: string; partition: number }, record: CommitRecord): void {
  let partitions = offsets.get(group);
  if (partitions === undefined) offsets.set(group, (partitions = new TopicPartitionMap()));
  partitions.set(tp, record);
}

function deleteIn(offsets: GroupOffsets, group: string, tp: { topic: string; partition: number }): void {
  const partitions = offsets.get(group);
  if (partitions === undefined) return;
  partitions.delete(tp);
  if (partitions.size === 0) offsets.delete(group);
}
