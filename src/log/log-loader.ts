// Opening a partition directory: clear leftovers of interrupted operations, open every segment,
// and recover what may not have reached the disk (Kafka's Log.loadSegments / recoverLog).

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
  indexFileName,
  logFileName,
  timeIndexFileName,
  offsetFromFileName,
} from './file-names';
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
}

/**
 * Removes files a crash can leave behind: `.deleted` (asynchronous deletion in flight),
 * `.cleaned` and `.swap` (interrupted cleaner passes; we run no cleaner, so the originals are
 * intact), `.tmp` checkpoints, and indexes whose `.log` is gone.
 */
function removeLeftovers(dir: string, logger: Logger): void {
  const names = fs.readdirSync(dir);
  const logs = new Set(names.filter((n) => n.endsWith(LOG_SUFFIX)));
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.endsWith(DELETED_SUFFIX) || name.endsWith(CLEANED_SUFFIX) || name.endsWith(SWAP_SUFFIX) || name.endsWith('.tmp')) {
      logger.info(`deleting leftover file ${file}`);
      unlinkIfExists(file);
      continue;
    }
    const isIndex = name.endsWith(INDEX_SUFFIX) || name.endsWith(TIME_INDEX_SUFFIX) || name.endsWith(TXN_INDEX_SUFFIX);
    if (isIndex) {
      const base = offsetFromFileName(name);
      if (base === null || !logs.has(logFileName(base))) {
        logger.warn(`deleting index ${file} which has no log file`);
        unlinkIfExists(file);
      }
    }
  }
}

export function loadSegments(opts: LoadOptions): LoadedLog {
  const { dir, config, time, logger } = opts;
  fs.mkdirSync(dir, { recursive: true });
  removeLeftovers(dir, logger);

  const bases = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(LOG_SUFFIX))
    .map((n) => offsetFromFileName(n))
    .filter((b): b is number => b !== null)
    .sort((a, b) => a - b);

  if (bases.length === 0) {
    const segment = LogSegment.create(dir, opts.logStartOffset, config, time);
    return { segments: [segment], nextOffset: opts.logStartOffset, recoveryPoint: opts.logStartOffset, bytesTruncated: 0 };
  }

  const segments: LogSegment[] = [];
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

  const active = segments[segments.length - 1];
  active.resizeIndexes(config.maxIndexSize);
  const nextOffset = active.readNextOffset();
  // A clean shutdown flushed everything, and after recovery everything left has been read back
  // and validated, so either way the log end is the new recovery point (as in Kafka).
  return { segments, nextOffset, recoveryPoint: nextOffset, bytesTruncated };
}

/** Whether `dir` looks like a partition dir we can open (used by LogManager). */
export function hasLogFiles(dir: string): boolean {
  return existsSync(dir) && fs.readdirSync(dir).some((n) => n.endsWith(LOG_SUFFIX));
}
