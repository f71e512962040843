// Opening a partition directory: clear leftovers of interrupted operations, open every segment,
// recover what may not have reached the disk, and finish a cleaner swap a crash interrupted
// (Kafka's Log.loadSegments / loadSegmentFiles / completeSwapOperations / recoverLog).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CLEANED_SUFFIX,
  DELETED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  SWAP_SUFFIX,
  TIME_INDEX_SUFFIX,
  TXN_INDEX_SUFFIX,
  filenamePrefixFromOffset,
  indexFileName,
  logFileName,
  timeIndexFileName,
  offsetFromFileName,
} from './file-names';
import { segmentsInRange, swapSegments } from './segment-swap';
import { existsSync, unlinkIfExists } from './fs-util';
import { CorruptIndexError } from './index-file';
import type { Logger } from '../common/logger';
import type { Time } from '../common/clock';
import { LogSegment, type RecoveredBatchListener, type SegmentConfig } from './log-segment';

export interface LoadOptions {
  dir: string;
  config: SegmentConfig;
  time: Time;
  logger: Logger;
  /** Offsets below this were fsynced before the last shutdown. */
  recoveryPoint: number;
  /** A clean-shutdown marker was present: nothing needs recovery. */
  hadCleanShutdown: boolean;
  /** Base offset for the first segment of an empty directory. */
  logStartOffset: number;
  onRecoveredBatch?: RecoveredBatchListener;
}

export interface LoadedLog {
  /** Sorted by base offset; the last is active, its indexes preallocated. */
  segments: LogSegment[];
  nextOffset: number;
  recoveryPoint: number;
  /** Bytes cut off by recovery, summed over segments (0 after a clean shutdown). */
  bytesTruncated: number;
  /** Segments an interrupted swap replaced, already renamed `.deleted`: the log removes them later. */
  deletedSegments: LogSegment[];
}

const INDEX_SUFFIXES = [INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX];
const isIndexFileName = (name: string) => INDEX_SUFFIXES.some((suffix) => name.endsWith(suffix));

/** Deletes `<base>.index`, `.timeindex` and `.txnindex` (with `suffix` appended) if present. */
function deleteIndexesOf(dir: string, base: number, suffix: string): void {
  for (const ext of INDEX_SUFFIXES) unlinkIfExists(path.join(dir, filenamePrefixFromOffset(base) + ext + suffix));
}

/**
 * First pass over a partition dir (Kafka's removeTempFilesAndCollectSwapFiles): removes what a
 * crash can leave behind and returns the base offsets of the `.log.swap` files to complete.
 * - `.deleted`: segments whose asynchronous deletion was under way;
 * - `.cleaned`: a cleaner pass that had not reached its swap, so the originals are intact;
 * - `.swap` of an index: dropped with the plain indexes of that base, all rebuilt from the logs;
 * - `.swap` of a log: kept to be swapped in, the plain indexes of that base dropped likewise.
 *   A `.swap` at or above the lowest `.cleaned` offset belongs to a multi-segment swap that had
 *   not finished renaming (new segments are renamed highest first), so it is dropped too.
 * Also `.tmp` files of checkpoints written half-way.
 */
function removeTempFilesAndCollectSwapFiles(dir: string, logger: Logger): number[] {
  const swapBases: number[] = [];
  const cleanedFiles: string[] = [];
  let minCleanedOffset = Infinity;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    // isFile() as Java's File.isFile: false for a file an earlier step of this loop removed.
    if (!(fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false)) continue;
    if (name.endsWith(DELETED_SUFFIX) || name.endsWith('.tmp')) {
      logger.info(`deleting stray temporary file ${file}`);
      unlinkIfExists(file);
    } else if (name.endsWith(CLEANED_SUFFIX)) {
      minCleanedOffset = Math.min(minCleanedOffset, offsetFromFileName(name) ?? Infinity);
      cleanedFiles.push(file);
    } else if (name.endsWith(SWAP_SUFFIX)) {
      const base = offsetFromFileName(name);
      if (base === null) continue;
      const unswapped = name.slice(0, -SWAP_SUFFIX.length);
      logger.info(`found file ${file} from interrupted swap operation`);
      if (isIndexFileName(unswapped)) {
        deleteIndexesOf(dir, base, '');
      } else if (unswapped.endsWith(LOG_SUFFIX)) {
        deleteIndexesOf(dir, base, '');
        swapBases.push(base);
      }
    }
  }
  const valid: number[] = [];
  for (const base of swapBases) {
    if (base >= minCleanedOffset) {
      logger.info(`deleting invalid swap file ${logFileName(base)}${SWAP_SUFFIX} (lowest .cleaned offset ${minCleanedOffset})`);
      deleteIndexesOf(dir, base, SWAP_SUFFIX);
      unlinkIfExists(path.join(dir, logFileName(base) + SWAP_SUFFIX));
    } else {
      valid.push(base);
    }
  }
  for (const file of cleanedFiles) {
    logger.info(`deleting stray .cleaned file ${file}`);
    unlinkIfExists(file);
  }
  return valid.sort((a, b) => a - b);
}

/** Indexes whose `.log` is gone (Kafka's loadSegmentFiles drops these orphans). */
function removeOrphanIndexes(dir: string, logger: Logger): void {
  const names = fs.readdirSync(dir);
  const logs = new Set(names.filter((n) => n.endsWith(LOG_SUFFIX)));
  for (const name of names) {
    if (!isIndexFileName(name)) continue;
    const base = offsetFromFileName(name);
    if (base === null || !logs.has(logFileName(base))) {
      const file = path.join(dir, name);
      logger.warn(`deleting index ${file} which has no log file`);
      unlinkIfExists(file);
    }
  }
}

/**
 * Kafka's completeSwapOperations: each `.swap` segment is recovered (its indexes rebuilt) and
 * replaces the loaded segments whose offsets it covers, exactly as the interrupted
 * replaceSegments would have; those are renamed `.deleted` for the caller to remove. A swap whose
 * old segments are all gone already simply loses its suffix.
 */
function completeSwapOperations(opts: LoadOptions, swapBases: number[], segments: LogSegment[]): { segments: LogSegment[]; deleted: LogSegment[] } {
  let list = segments;
  const deleted: LogSegment[] = [];
  for (const base of swapBases) {
    const swap = LogSegment.open(opts.dir, base, opts.config, opts.time, { loadIndexes: false, suffix: SWAP_SUFFIX });
    opts.logger.info(`found log file ${swap.logFile} from interrupted swap operation, repairing`);
    swap.recover();
    const swapEnd = swap.readNextOffset();
    const old = segmentsInRange(list, base, swapEnd).filter((s) => s.readNextOffset() > base);
    const result = swapSegments(list, [swap], old, true);
    list = result.segments;
    deleted.push(...result.deleted);
  }
  return { segments: list, deleted };
}

export function loadSegments(opts: LoadOptions): LoadedLog {
  const { dir, config, time, logger } = opts;
  fs.mkdirSync(dir, { recursive: true });
  const swapBases = removeTempFilesAndCollectSwapFiles(dir, logger);
  removeOrphanIndexes(dir, logger);

  const bases = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(LOG_SUFFIX))
    .map((n) => offsetFromFileName(n))
    .filter((b): b is number => b !== null)
    .sort((a, b) => a - b);

  if (bases.length === 0 && swapBases.length === 0) {
    const segment = LogSegment.create(dir, opts.logStartOffset, config, time);
    return { segments: [segment], nextOffset: opts.logStartOffset, recoveryPoint: opts.logStartOffset, bytesTruncated: 0, deletedSegments: [] };
  }

  let segments: LogSegment[] = [];
  let bytesTruncated = 0;
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i];
    const nextBase = i + 1 < bases.length ? bases[i + 1] : Infinity;
    // Kafka recovers every segment holding offsets at or above the recovery point.
    const needsRecovery = !opts.hadCleanShutdown && nextBase > opts.recoveryPoint;
    if (!needsRecovery) {
      const segment = LogSegment.open(dir, base, config, time, { loadIndexes: true });
      try {
        segment.sanityCheck();
      } catch (e) {
        if (!(e instanceof CorruptIndexError)) throw e;
        logger.warn(`found a corrupted index in ${segment.logFile}, rebuilding it: ${e.message}`);
        segment.recover();
      }
      segments.push(segment);
      continue;
    }
    const segment = LogSegment.open(dir, base, config, time, { loadIndexes: false });
    logger.info(`recovering unflushed segment ${base} in ${dir}`);
    const result = segment.recover(opts.onRecoveredBatch);
    segments.push(segment);
    if (result.bytesTruncated > 0) {
      bytesTruncated += result.bytesTruncated;
      logger.warn(`corruption found in segment ${base} of ${dir}, truncated ${result.bytesTruncated} bytes at offset ${result.nextOffset}; deleting later segments`);
      // Anything after a torn or corrupt batch cannot be trusted to be contiguous with it.
      for (const later of bases.slice(i + 1)) {
        for (const name of [logFileName(later), indexFileName(later), timeIndexFileName(later)]) unlinkIfExists(path.join(dir, name));
      }
      break;
    }
  }

  // Finally the interrupted swaps: the old segments they replace are renamed .deleted before the
  // .swap file becomes the segment, so a crash during this step is recovered the same way again.
  const swapped = completeSwapOperations(opts, swapBases, segments);
  segments = swapped.segments;
  if (segments.length === 0) segments = [LogSegment.create(dir, opts.logStartOffset, config, time)];

  const active = segments[segments.length - 1];
  active.resizeIndexes(config.maxIndexSize);
  const nextOffset = active.readNextOffset();
  // A clean shutdown flushed everything, and after recovery everything left has been read back
  // and validated, so either way the log end is the new recovery point (as in Kafka).
  return { segments, nextOffset, recoveryPoint: nextOffset, bytesTruncated, deletedSegments: swapped.deleted };
}

/** Whether `dir` looks like a partition dir we can open (used by LogManager). */
export function hasLogFiles(dir: string): boolean {
  return existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith(LOG_SUFFIX));
}
