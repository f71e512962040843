// Leader epoch -> start offset history of one partition (KIP-101), persisted to
// `leader-epoch-checkpoint` on every change, like Kafka's LeaderEpochFileCache. Followers use
// endOffsetFor() answers to truncate exactly where their log diverged from the leader's.

import type { CheckpointFile, EpochEntry } from './checkpoint-file';
import { silentLogger, type Logger } from '../common/logger';

export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

export class LeaderEpochFileCache {
  private epochs: EpochEntry[];

  constructor(
    private checkpoint: CheckpointFile<EpochEntry>,
    /** The log's current end offset: the end of the latest epoch. */
    private readonly logEndOffset: () => number,
    private readonly logger: Logger = silentLogger,
  ) {
    checkpoint.ensureExists();
    this.epochs = checkpoint.read();
  }

  /** The checkpoint file moved with its directory (the entries are unchanged). */
  relocate(checkpoint: CheckpointFile<EpochEntry>): void {
    this.checkpoint = checkpoint;
  }

  get entries(): readonly EpochEntry[] {
    return this.epochs;
  }

  get latestEpoch(): number {
    return this.epochs.length === 0 ? UNDEFINED_EPOCH : this.epochs[this.epochs.length - 1].epoch;
  }

  get latestEntry(): EpochEntry | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  get earliestEntry(): EpochEntry | undefined {
    return this.epochs[0];
  }

  /**
   * Records that `epoch` starts at `startOffset`. Only a larger epoch adds an entry (or the same
   * epoch moving to a lower start offset, which Kafka also accepts); older epochs are ignored
   * because the log never goes back in leadership.
   */
  assign(epoch: number, startOffset: number): void {
    if (epoch < 0) return;
    const last = this.latestEntry;
    if (last !== undefined) {
      if (epoch < last.epoch) {
        this.logger.warn(`ignoring leader epoch ${epoch} at offset ${startOffset}: latest epoch is already ${last.epoch}`);
        return;
      }
      if (epoch === last.epoch && startOffset >= last.startOffset) return;
    }
    // Entries starting at or after the new start offset belong to a history being replaced.
    this.epochs = this.epochs.filter((e) => e.epoch < epoch && e.startOffset < startOffset);
    this.epochs.push({ epoch, startOffset });
    this.flush();
  }

  /**
   * KIP-101 OffsetsForLeaderEpoch answer: the largest epoch <= requested and the start offset of
   * the first epoch after the requested one (the log end offset for the latest epoch).
   */
  endOffsetFor(requestedEpoch: number): EpochEndOffset {
    if (requestedEpoch === UNDEFINED_EPOCH) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (this.epochs.length > 0 && this.latestEpoch === requestedEpoch) {
      return { epoch: requestedEpoch, endOffset: this.logEndOffset() };
    }
    const firstLater = this.epochs.findIndex((e) => e.epoch > requestedEpoch);
    if (firstLater < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (firstLater === 0) return { epoch: requestedEpoch, endOffset: this.epochs[0].startOffset };
    return { epoch: this.epochs[firstLater - 1].epoch, endOffset: this.epochs[firstLater].startOffset };
  }

  /** Epoch in force at `offset`, or UNDEFINED_EPOCH. */
  epochForOffset(offset: number): number {
    let epoch = UNDEFINED_EPOCH;
    for (const e of this.epochs) {
      if (e.startOffset > offset) break;
      epoch = e.epoch;
    }
    return epoch;
  }

  /** Removes entries starting at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): void {
    const last = this.latestEntry;
    if (endOffset >= 0 && last !== undefined && last.startOffset >= endOffset) {
      this.epochs = this.epochs.filter((e) => e.startOffset < endOffset);
      this.flush();
    }
  }

  /**
   * The log now starts at `startOffset`: drop entries wholly before it and move the epoch in
   * force there to start at it.
   */
  truncateFromStart(startOffset: number): void {
    const before = this.epochs.filter((e) => e.startOffset <= startOffset);
    if (before.length === 0) return;
    const keep = before[before.length - 1];
    if (before.length === 1 && keep.startOffset === startOffset) return;
    this.epochs = [{ epoch: keep.epoch, startOffset }, ...this.epochs.filter((e) => e.startOffset > startOffset)];
    this.flush();
  }

  clearAndFlush(): void {
    this.epochs = [];
    this.flush();
  }

  private flush(): void {
    this.checkpoint.write(this.epochs);
  }
}
