// How much of a log the cleaner may clean, and how dirty it is (Kafka 2.4.1's LogToClean and the
// LogCleanerManager companion: cleanableOffsets, calculateCleanableBytes, maxCompactionDelay).
//
// A log is [clean section][dirty section], split at the first dirty offset (the cleaner
// checkpoint, or the log start). The dirty section's cleanable part ends at the first
// uncleanable offset, the lowest of:
//   - the log's first unstable offset: the first offset of the oldest transaction not yet
//     decided, or decided with its marker not yet below the high watermark. Its data cannot be
//     told aborted or committed yet, so it and everything after it stays dirty;
//   - the active segment's base offset (the active segment is never cleaned),
//   - with min.compaction.lag.ms > 0, the base of the first dirty segment holding a record newer
//     than now - lag.
// 2.4.1 does not bound this by the high watermark (later versions do), and neither does this.
// The dirty ratio is cleanable bytes / (clean bytes + cleanable bytes), in whole segments.

import type { Log } from '../log';
import type { LogSegment } from '../log-segment';

export const isCompacted = (log: Log): boolean => log.config['cleanup.policy'].includes('compact');
export const isCompactAndDelete = (log: Log): boolean => isCompacted(log) && log.config['cleanup.policy'].includes('delete');

export interface OffsetsToClean {
  firstDirtyOffset: number;
  firstUncleanableDirtyOffset: number;
  /** The checkpoint was invalid (below the log start or past the log end): it must be reset to firstDirtyOffset. */
  forceUpdateCheckpoint: boolean;
}

export interface CleanableOffsetsWarning {
  (message: string): void;
}

/** Kafka's LogCleanerManager.cleanableOffsets. */
export function cleanableOffsets(log: Log, lastCleanOffset: number | undefined, now: number, warn: CleanableOffsetsWarning = () => undefined): OffsetsToClean {
  const logStartOffset = log.logStartOffset;
  const checkpointDirtyOffset = lastCleanOffset ?? logStartOffset;
  let firstDirtyOffset = checkpointDirtyOffset;
  let forceUpdateCheckpoint = false;
  if (checkpointDirtyOffset < logStartOffset) {
    // Expected with compact,delete (retention moves the log start); worth a word otherwise.
    if (!isCompactAndDelete(log)) {
      warn(`Resetting first dirty offset of ${log.name} to log start offset ${logStartOffset} since the checkpointed offset ${checkpointDirtyOffset} is invalid.`);
    }
    firstDirtyOffset = logStartOffset;
    forceUpdateCheckpoint = true;
  } else if (checkpointDirtyOffset > log.logEndOffset) {
    // Ahead of the log end, e.g. after a corrupt tail was cut off: clean everything again.
    warn(
      `The last checkpoint dirty offset for partition ${log.name} is ${checkpointDirtyOffset}, which is larger than the log end offset ${log.logEndOffset}. Resetting to the log start offset ${logStartOffset}.`,
    );
    firstDirtyOffset = logStartOffset;
    forceUpdateCheckpoint = true;
  }

  const bounds: number[] = [log.activeSegment.baseOffset];
  const firstUnstable = log.firstUnstableOffset;
  if (firstUnstable !== undefined) bounds.push(firstUnstable);
  const minCompactionLagMs = Math.max(log.config['min.compaction.lag.ms'], 0);
  if (minCompactionLagMs > 0) {
    const tooRecent = log.nonActiveLogSegmentsFrom(firstDirtyOffset).find((s) => s.largestTimestamp > now - minCompactionLagMs);
    if (tooRecent !== undefined) bounds.push(tooRecent.baseOffset);
  }
  const firstUncleanableDirtyOffset = Math.min(...bounds);
  return { firstDirtyOffset, firstUncleanableDirtyOffset: Math.max(firstDirtyOffset, firstUncleanableDirtyOffset), forceUpdateCheckpoint };
}

/**
 * Kafka's calculateCleanableBytes: rounds the uncleanable offset down to a segment boundary (the
 * first non-active segment from it, else the active segment) and sums the segments in between.
 */
export function calculateCleanableBytes(log: Log, firstDirtyOffset: number, uncleanableOffset: number): { firstUncleanableOffset: number; cleanableBytes: number } {
  const firstUncleanableSegment: LogSegment = log.nonActiveLogSegmentsFrom(uncleanableOffset)[0] ?? log.activeSegment;
  const firstUncleanableOffset = firstUncleanableSegment.baseOffset;
  let cleanableBytes = 0;
  for (const s of log.logSegments(firstDirtyOffset, Math.max(firstDirtyOffset, firstUncleanableOffset))) cleanableBytes += s.size;
  return { firstUncleanableOffset, cleanableBytes };
}

/**
 * Kafka's maxCompactionDelay: how long past max.compaction.lag.ms the oldest dirty record is
 * (first-batch timestamps of the dirty non-active segments), 0 if none is overdue.
 */
export function maxCompactionDelay(log: Log, firstDirtyOffset: number, now: number): number {
  const timestamps = log
    .nonActiveLogSegmentsFrom(firstDirtyOffset)
    .map((s) => s.firstBatchTimestamp())
    .filter((t) => t > 0);
  const earliest = timestamps.length > 0 ? Math.min(...timestamps) : Infinity;
  const cleanUntilTime = now - Math.max(log.config['max.compaction.lag.ms'], 0);
  return earliest < cleanUntilTime ? cleanUntilTime - earliest : 0;
}

/** A log picked for cleaning, with its dirty section measured (Kafka's LogToClean). */
export class LogToClean {
  readonly cleanBytes: number;
  readonly firstUncleanableOffset: number;
  readonly cleanableBytes: number;
  readonly totalBytes: number;
  readonly cleanableRatio: number;

  constructor(
    readonly log: Log,
    readonly firstDirtyOffset: number,
    uncleanableOffset: number,
    /** max.compaction.lag.ms is exceeded: clean whatever the ratio. */
    readonly needCompactionNow = false,
  ) {
    let clean = 0;
    for (const s of log.logSegments(-1, firstDirtyOffset)) clean += s.size;
    this.cleanBytes = clean;
    const { firstUncleanableOffset, cleanableBytes } = calculateCleanableBytes(log, firstDirtyOffset, uncleanableOffset);
    this.firstUncleanableOffset = firstUncleanableOffset;
    this.cleanableBytes = cleanableBytes;
    this.totalBytes = clean + cleanableBytes;
    this.cleanableRatio = cleanableBytes / this.totalBytes;
  }
}
