// What a partition knows of each idempotent or transactional producer (Kafka's ProducerStateEntry
// and ProducerAppendInfo): its epoch, the sequence ranges and offsets of its last five batches
// (so a retried batch is recognised and answered with its original offsets), the epoch of the
// last transaction coordinator to write it a marker, and where its open transaction began.
// Appends are checked against a copy and applied only once the whole request has passed.

import {
  batchBaseOffset,
  batchBaseSequence,
  batchIsControl,
  batchIsTransactional,
  batchLastOffset,
  batchLastOffsetDelta,
  batchMaxTimestamp,
  batchProducerEpoch,
  batchProducerId,
} from '../protocol/records/batch-header';
import { ControlRecordType, decodeControlKey, decodeEndTxnMarkerValue } from '../protocol/records/control-record';
import { openRecordReader } from '../protocol/records/record';
import { InvalidTxnStateError, OutOfOrderSequenceError, ProducerFencedError, TransactionCoordinatorFencedError, UnknownProducerIdError } from './errors';

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
const INT32_MAX = 0x7fffffff;
/** Batches remembered per producer for duplicate detection (Kafka's NumBatchesToRetain; clients keep at most 5 in flight). */
export const NUM_BATCHES_TO_RETAIN = 5;

/**
 * Who is appending, which decides what is checked: a client's batches get the epoch and sequence
 * checks; the coordinators' writes (offsets, markers) only the epoch check; replicated batches
 * none (the leader checked them), only logged.
 */
export enum AppendOrigin {
  Client = 'client',
  Coordinator = 'coordinator',
  Replication = 'replication',
}

export interface BatchMetadata {
  lastSeq: number;
  lastOffset: number;
  offsetDelta: number;
  timestamp: number;
}

export const batchFirstSeq = (b: BatchMetadata): number => decrementSequence(b.lastSeq, b.offsetDelta);
export const batchFirstOffset = (b: BatchMetadata): number => b.lastOffset - b.offsetDelta;

/** Sequence numbers wrap from Int32.MAX_VALUE to 0 (Kafka's DefaultRecordBatch.decrementSequence). */
export function decrementSequence(sequence: number, decrement: number): number {
  return sequence < decrement ? INT32_MAX - (decrement - sequence) + 1 : sequence - decrement;
}

export function incrementSequence(sequence: number, increment: number): number {
  return sequence > INT32_MAX - increment ? increment - (INT32_MAX - sequence) - 1 : sequence + increment;
}

/** A transaction whose marker has been appended (Kafka's CompletedTxn). */
export interface CompletedTxn {
  producerId: number;
  firstOffset: number;
  /** The marker's offset. */
  lastOffset: number;
  isAborted: boolean;
}

export class ProducerStateEntry {
  constructor(
    readonly producerId: number,
    /** Oldest first; at most NUM_BATCHES_TO_RETAIN. */
    readonly batchMetadata: BatchMetadata[] = [],
    public producerEpoch = NO_PRODUCER_EPOCH,
    public coordinatorEpoch = -1,
    public lastTimestamp = -1,
    public currentTxnFirstOffset: number | undefined = undefined,
  ) {}

  get isEmpty(): boolean {
    return this.batchMetadata.length === 0;
  }
  get firstSeq(): number {
    return this.isEmpty ? NO_SEQUENCE : batchFirstSeq(this.batchMetadata[0]);
  }
  get lastSeq(): number {
    return this.isEmpty ? NO_SEQUENCE : this.batchMetadata[this.batchMetadata.length - 1].lastSeq;
  }
  get lastDataOffset(): number {
    return this.isEmpty ? -1 : this.batchMetadata[this.batchMetadata.length - 1].lastOffset;
  }
  get lastOffsetDelta(): number {
    return this.isEmpty ? 0 : this.batchMetadata[this.batchMetadata.length - 1].offsetDelta;
  }

  addBatch(producerEpoch: number, batch: BatchMetadata): void {
    this.maybeUpdateProducerEpoch(producerEpoch);
    this.addBatchMetadata(batch);
    this.lastTimestamp = batch.timestamp;
  }

  /** A new epoch forgets the old epoch's batches. */
  maybeUpdateProducerEpoch(producerEpoch: number): boolean {
    if (this.producerEpoch === producerEpoch) return false;
    this.batchMetadata.length = 0;
    this.producerEpoch = producerEpoch;
    return true;
  }

  private addBatchMetadata(batch: BatchMetadata): void {
    if (this.batchMetadata.length === NUM_BATCHES_TO_RETAIN) this.batchMetadata.shift();
    this.batchMetadata.push(batch);
  }

  /** Takes over what an append info accumulated. */
  update(next: ProducerStateEntry): void {
    this.maybeUpdateProducerEpoch(next.producerEpoch);
    for (const batch of next.batchMetadata) this.addBatchMetadata(batch);
    this.coordinatorEpoch = next.coordinatorEpoch;
    this.currentTxnFirstOffset = next.currentTxnFirstOffset;
    this.lastTimestamp = next.lastTimestamp;
  }

  /** The remembered batch with exactly this epoch and sequence range: the client is retrying it. */
  findDuplicateBatch(producerEpoch: number, firstSeq: number, lastSeq: number): BatchMetadata | undefined {
    if (producerEpoch !== this.producerEpoch) return undefined;
    return this.batchMetadata.find((b) => batchFirstSeq(b) === firstSeq && b.lastSeq === lastSeq);
  }
}

/** The first offset of a transaction that began in an append, for the ongoing-transactions list. */
export interface StartedTxn {
  producerId: number;
  firstOffset: number;
}

/**
 * One producer's batches within one append, validated against its current entry (Kafka's
 * ProducerAppendInfo). Nothing is applied until the manager's update() takes toEntry().
 */
export class ProducerAppendInfo {
  private readonly updated: ProducerStateEntry;
  readonly startedTransactions: StartedTxn[] = [];

  constructor(
    readonly partitionName: string,
    readonly producerId: number,
    private readonly current: ProducerStateEntry,
    readonly origin: AppendOrigin,
    private readonly warn: (message: string) => void,
  ) {
    this.updated = new ProducerStateEntry(producerId, [], current.producerEpoch, current.coordinatorEpoch, current.lastTimestamp, current.currentTxnFirstOffset);
  }

  toEntry(): ProducerStateEntry {
    return this.updated;
  }

  /** Appends one batch (at `p` in `buf`, offsets already assigned); returns the transaction a marker ended. */
  append(buf: Buffer, p: number): CompletedTxn | undefined {
    const epoch = batchProducerEpoch(buf, p);
    if (batchIsControl(buf, p)) {
      const reader = openRecordReader(buf, p);
      // An empty control batch: the cleaner removed the whole transaction, nothing to end.
      if (!reader.next()) return undefined;
      const type = decodeControlKey(reader.key());
      const { coordinatorEpoch } = decodeEndTxnMarkerValue(reader.value());
      const timestamp = batchMaxTimestamp(buf, p);
      return this.appendEndTxnMarker(type === ControlRecordType.Abort, coordinatorEpoch, epoch, batchBaseOffset(buf, p), timestamp);
    }
    const lastOffset = batchLastOffset(buf, p);
    const firstOffset = batchBaseOffset(buf, p);
    const baseSeq = batchBaseSequence(buf, p);
    this.appendDataBatch(
      epoch,
      baseSeq,
      incrementSequence(baseSeq, batchLastOffsetDelta(buf, p)),
      batchMaxTimestamp(buf, p),
      firstOffset,
      lastOffset,
      batchIsTransactional(buf, p),
    );
    return undefined;
  }

  appendDataBatch(epoch: number, firstSeq: number, lastSeq: number, timestamp: number, firstOffset: number, lastOffset: number, isTransactional: boolean): void {
    this.checkProducerEpoch(epoch, firstOffset);
    if (this.origin === AppendOrigin.Client) this.checkSequence(epoch, firstSeq, firstOffset);
    this.updated.addBatch(epoch, { lastSeq, lastOffset, offsetDelta: lastOffset - firstOffset, timestamp });
    if (this.updated.currentTxnFirstOffset !== undefined && !isTransactional) {
      throw new InvalidTxnStateError(`Expected transactional write from producer ${this.producerId} at offset ${firstOffset} in partition ${this.partitionName}`);
    }
    if (this.updated.currentTxnFirstOffset === undefined && isTransactional) {
      this.updated.currentTxnFirstOffset = firstOffset;
      this.startedTransactions.push({ producerId: this.producerId, firstOffset });
    }
  }

  appendEndTxnMarker(isAbort: boolean, coordinatorEpoch: number, producerEpoch: number, offset: number, timestamp: number): CompletedTxn {
    this.checkProducerEpoch(producerEpoch, offset);
    if (this.updated.coordinatorEpoch > coordinatorEpoch) {
      const message = `Invalid coordinator epoch for producerId ${this.producerId} at offset ${offset} in partition ${this.partitionName}: ${coordinatorEpoch} (zombie), ${this.updated.coordinatorEpoch} (current)`;
      if (this.origin !== AppendOrigin.Replication) throw new TransactionCoordinatorFencedError(message);
      this.warn(message);
    }
    let firstOffset = this.updated.currentTxnFirstOffset;
    if (firstOffset === undefined) {
      // A marker with no data before it: an empty transaction, which starts and ends here.
      firstOffset = offset;
      this.startedTransactions.push({ producerId: this.producerId, firstOffset });
    }
    this.updated.maybeUpdateProducerEpoch(producerEpoch);
    this.updated.currentTxnFirstOffset = undefined;
    this.updated.coordinatorEpoch = coordinatorEpoch;
    this.updated.lastTimestamp = timestamp;
    return { producerId: this.producerId, firstOffset, lastOffset: offset, isAborted: isAbort };
  }

  private checkProducerEpoch(producerEpoch: number, offset: number): void {
    if (producerEpoch >= this.updated.producerEpoch) return;
    const message = `Producer's epoch at offset ${offset} in ${this.partitionName} is ${producerEpoch}, which is smaller than the last seen epoch ${this.updated.producerEpoch}`;
    if (this.origin === AppendOrigin.Replication) this.warn(message);
    else throw new ProducerFencedError(message);
  }

  private checkSequence(producerEpoch: number, appendFirstSeq: number, offset: number): void {
    if (producerEpoch !== this.updated.producerEpoch) {
      if (appendFirstSeq === 0) return;
      if (this.updated.producerEpoch !== NO_PRODUCER_EPOCH) {
        throw new OutOfOrderSequenceError(
          `Invalid sequence number for new epoch at offset ${offset} in partition ${this.partitionName}: ${producerEpoch} (request epoch), ${appendFirstSeq} (seq. number)`,
        );
      }
      throw new UnknownProducerIdError(
        `Found no record of producerId=${this.producerId} on the broker at offset ${offset}in partition ${this.partitionName}. It is possible that the last message with the producerId=${this.producerId} has been removed due to hitting the retention limit.`,
      );
    }
    const currentLastSeq = !this.updated.isEmpty
      ? this.updated.lastSeq
      : producerEpoch === this.current.producerEpoch
        ? this.current.lastSeq
        : NO_SEQUENCE;
    if (currentLastSeq === NO_SEQUENCE && appendFirstSeq !== 0) {
      // Only a marker is left of this producer, so its next sequence is unknown.
      throw new UnknownProducerIdError(
        `Local producer state matches expected epoch ${producerEpoch} for producerId=${this.producerId} at offset ${offset} in partition ${this.partitionName}, but the next expected sequence number is not known.`,
      );
    }
    const inSequence = appendFirstSeq === currentLastSeq + 1 || (appendFirstSeq === 0 && currentLastSeq === INT32_MAX);
    if (!inSequence) {
      throw new OutOfOrderSequenceError(
        `Out of order sequence number for producerId ${this.producerId} at offset ${offset} in partition ${this.partitionName}: ${appendFirstSeq} (incoming seq. number), ${currentLastSeq} (current end sequence number)`,
      );
    }
  }
}

export const batchHasProducerId = (buf: Buffer, p: number): boolean => batchProducerId(buf, p) >= 0;
