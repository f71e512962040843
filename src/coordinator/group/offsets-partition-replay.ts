// Replays one __consumer_offsets partition into the latest offsets and group metadata it holds:
// the record loop of Kafka 2.4's GroupMetadataManager.doLoadGroupsAndOffsets, without the
// coordinator side (turning stored groups into live ones, expiring offsets, scheduling).
//
// Feed it the partition's batches in offset order, from the log start to the log end, with as
// many apply() calls as the reads take (Log.read(...).records gives whole v2 batches). Later
// records win: an offset record sets or (null value) deletes one committed offset; a group record
// sets or (null value) removes a group, and a removed group is remembered in removedGroups so the
// coordinator can drop a group it had loaded before.
//
// Deliberately not replayed yet: transactional batches (offsets committed through
// TxnOffsetCommit) and the control batches that commit or abort them. Kafka keeps those offsets
// pending per producer id until the COMMIT marker; that comes with transactions. Both kinds of
// batch are skipped whole here.
//
// A record without a key, or whose key or value does not decode, throws OffsetsReplayError:
// Kafka fails the whole load in that case too (an IllegalArgumentException / KafkaException out
// of doLoadGroupsAndOffsets) rather than skipping what it cannot read.

import {
  BATCH_HEADER_SIZE,
  LOG_OVERHEAD,
  batchBaseOffset,
  batchIsControl,
  batchIsTransactional,
  batchLastOffset,
  batchMagic,
  batchSize,
} from '../../protocol/records/batch-header';
import { iterateRecords } from '../../protocol/records/record';
import type { OffsetAndMetadata, StoredGroup } from './offset-and-metadata';
import { decodeGroupMetadataValue, decodeOffsetCommitValue, decodeOffsetsTopicKey } from './offsets-topic-records';

export class OffsetsReplayError extends Error {
  override readonly name = 'OffsetsReplayError';
}

export class OffsetsPartitionReplay {
  /** group -> topic -> partition -> latest committed offset. Groups/topics with none left are removed. */
  readonly offsets = new Map<string, Map<string, Map<number, OffsetAndMetadata>>>();
  /** Latest metadata of every group whose last group record was not a tombstone. */
  readonly groups = new Map<string, StoredGroup>();
  /** Groups whose last group record was a tombstone. */
  readonly removedGroups = new Set<string>();
  /** The offset after the last batch applied (skipped batches included); 0 before any. */
  nextOffset = 0;

  /**
   * Applies every whole batch in `batches`, in order. Trailing bytes that do not make a whole
   * batch are ignored (a read cut at maxBytes); the next read should start at `nextOffset`.
   */
  apply(batches: Buffer): void {
    for (let p = 0; p + LOG_OVERHEAD <= batches.length; ) {
      const size = batchSize(batches, p);
      if (size < BATCH_HEADER_SIZE || p + size > batches.length) break;
      const magic = batchMagic(batches, p);
      if (magic !== 2) {
        throw new OffsetsReplayError(`batch at offset ${batchBaseOffset(batches, p)} has magic ${magic}; only v2 record batches are supported`);
      }
      if (!batchIsControl(batches, p) && !batchIsTransactional(batches, p)) this.applyBatch(batches, p);
      this.nextOffset = batchLastOffset(batches, p) + 1;
      p += size;
    }
  }

  /** The committed offset of one partition, if any. */
  offset(group: string, topic: string, partition: number): OffsetAndMetadata | undefined {
    return this.offsets.get(group)?.get(topic)?.get(partition);
  }

  private applyBatch(buf: Buffer, p: number): void {
    for (const record of iterateRecords(buf, p)) {
      if (record.key === null) {
        throw new OffsetsReplayError(`record at offset ${record.offset}: Group metadata/offset entry key should not be null`);
      }
      try {
        this.applyRecord(record.key, record.value);
      } catch (error) {
        throw new OffsetsReplayError(`record at offset ${record.offset}: ${(error as Error).message}`, { cause: error });
      }
    }
  }

  private applyRecord(keyBytes: Buffer, value: Buffer | null): void {
    const key = decodeOffsetsTopicKey(keyBytes);
    if (key.kind === 'offset') {
      if (value === null) this.deleteOffset(key.group, key.topic, key.partition);
      else this.setOffset(key.group, key.topic, key.partition, decodeOffsetCommitValue(value));
    } else if (value === null) {
      this.groups.delete(key.group);
      this.removedGroups.add(key.group);
    } else {
      const group = decodeGroupMetadataValue(value);
      this.removedGroups.delete(key.group);
      this.groups.set(key.group, group);
    }
  }

  private setOffset(group: string, topic: string, partition: number, value: OffsetAndMetadata): void {
    let topics = this.offsets.get(group);
    if (!topics) this.offsets.set(group, (topics = new Map()));
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, (partitions = new Map()));
    partitions.set(partition, value);
  }

  private deleteOffset(group: string, topic: string, partition: number): void {
    const topics = this.offsets.get(group);
    const partitions = topics?.get(topic);
    if (!topics || !partitions) return;
    partitions.delete(partition);
    if (partitions.size === 0) topics.delete(topic);
    if (topics.size === 0) this.offsets.delete(group);
  }
}
