// Which partitions are being cleaned, paused or given up on, and how far each has been cleaned
// (Kafka 2.4.1's LogCleanerManager). The progress lives in `cleaner-offset-checkpoint` in each
// log dir: one line per compacted partition, the first offset not yet cleaned.
//
// Kafka guards this with a lock and makes abortAndPauseCleaning block until the cleaner thread
// has stopped. Here everything runs on one event loop: a cleaner worker only ever stops at an
// await, and checks for an abort (synchronously) right after each one and right before it
// touches the log, so an abort takes effect the moment it is asked for and nothing needs to wait.
// The states are Kafka's, with the pause count kept across an abort so that pauses asked for
// while a worker has yet to notice its abort are not lost:
//   none -> in progress -> none                  (a pass finishes; the checkpoint moves)
//   in progress -> aborted(n) -> paused(n) | none  (abort asked; the worker stops, no checkpoint)
//   none -> paused(1) -> paused(n+1) ... -> none   (each resume undoes one pause)

import * as path from 'node:path';
import { offsetCheckpointFile, type CheckpointFile, type PartitionOffset } from '../checkpoint-file';
import type { Log } from '../log';
import { topicPartitionKey } from '../../common/topic-partition';
import { topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import type { Logger } from '../../common/logger';
import type { Time } from '../../common/clock';
import { LogToClean, cleanableOffsets, isCompacted, maxCompactionDelay } from './cleanable-log';

export const CLEANER_OFFSET_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';

/** Thrown inside a cleaning pass when it was aborted (truncation, deletion, shutdown). */
export class LogCleaningAbortedError extends Error {
  constructor(message = 'log cleaning aborted') {
    super(message);
  }
}

/** An unexpected failure cleaning one log: that partition is marked uncleanable. */
export class LogCleaningError extends Error {
  constructor(
    readonly log: Log,
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

interface CleaningState {
  /** A worker holds the log (cleaning it, or deleting its old segments). */
  inProgress: boolean;
  /** The worker must stop at its next check and leave the checkpoint alone. */
  aborted: boolean;
  /** Outstanding pauses: no new pass starts while > 0. */
  pauses: number;
}

export type CleaningStateName = 'none' | 'in-progress' | 'aborted' | 'paused';

/** Statistics of one choice (Kafka's PreCleanStats). */
export class PreCleanStats {
  maxCompactionDelayMs = 0;
  delayedPartitions = 0;
  cleanablePartitions = 0;

  updateMaxCompactionDelay(delayMs: number): void {
    this.maxCompactionDelayMs = Math.max(this.maxCompactionDelayMs, delayMs);
    if (delayMs > 0) this.delayedPartitions++;
  }
}

const keyOf = (log: Log) => topicPartitionKey(log.topic, log.partition);
const logDirOf = (log: Log) => path.dirname(log.dir);

export class LogCleanerManager {
  private readonly checkpoints = new Map<string, CheckpointFile<PartitionOffset>>();
  private readonly states = new Map<string, CleaningState>();
  private readonly uncleanable = new Map<string, Set<string>>();
  /** Cleanable ratio of the dirtiest log at the last choice (Kafka's max-dirty-percent gauge). */
  dirtiestLogCleanableRatio = 0;
  timeOfLastRun: number;

  constructor(
    logDirs: string[],
    /** Every live log of the broker (the LogManager's pool). */
    private readonly logs: () => Iterable<Log>,
    private readonly time: Time,
    private readonly logger: Logger,
  ) {
    for (const dir of logDirs) {
      const file = offsetCheckpointFile(path.join(dir, CLEANER_OFFSET_CHECKPOINT_FILE));
      // Kafka's OffsetCheckpointFile creates the (empty) file when missing.
      file.ensureExists();
      this.checkpoints.set(dir, file);
    }
    this.timeOfLastRun = time.now();
  }

  private readCheckpoint(file: CheckpointFile<PartitionOffset>): PartitionOffset[] {
    try {
      return file.read();
    } catch (e) {
      this.logger.error(`Failed to access checkpoint file ${path.basename(file.file)} in dir ${path.dirname(file.file)}: ${String(e)}`);
      return [];
    }
  }

  /** The first dirty offset of every partition with one, from all log dirs (Kafka's allCleanerCheckpoints). */
  allCleanerCheckpoints(): Map<string, number> {
    const out = new Map<string, number>();
    for (const file of this.checkpoints.values()) {
      for (const e of this.readCheckpoint(file)) out.set(topicPartitionKey(e.topic, e.partition), e.offset);
    }
    return out;
  }

  /**
   * Writes a checkpoint as Kafka does: the entries read back into a Scala immutable Map, changed,
   * and written in that Map's iteration order (insertion order up to 4 entries, hash order beyond;
   * a map that was ever larger than 4 stays a hash map).
   */
  private writeCheckpoint(file: CheckpointFile<PartitionOffset>, read: PartitionOffset[], entries: PartitionOffset[]): void {
    const hashOrdered = read.length > 4 || entries.length > 4;
    const ordered = hashOrdered ? scalaImmutableMapOrder(entries, (e) => topicPartitionHash(e)) : entries;
    file.write(ordered);
  }

  private static mergeInto(entries: PartitionOffset[], update: PartitionOffset): PartitionOffset[] {
    const i = entries.findIndex((e) => e.topic === update.topic && e.partition === update.partition);
    if (i < 0) return [...entries, update];
    const out = [...entries];
    out[i] = update;
    return out;
  }

  /**
   * Rewrites `dir`'s checkpoint keeping only partitions that still have a log, plus `update`
   * (Kafka's updateCheckpoints).
   */
  updateCheckpoints(dir: string, update?: { log: Log; offset: number } | PartitionOffset): void {
    const file = this.checkpoints.get(dir);
    if (file === undefined) return;
    const live = new Set<string>();
    for (const log of this.logs()) live.add(keyOf(log));
    const read = this.readCheckpoint(file);
    let entries = read.filter((e) => live.has(topicPartitionKey(e.topic, e.partition)));
    if (update !== undefined) {
      const entry = 'log' in update ? { topic: update.log.topic, partition: update.log.partition, offset: update.offset } : update;
      entries = LogCleanerManager.mergeInto(entries, entry);
    }
    try {
      this.writeCheckpoint(file, read, entries);
    } catch (e) {
      this.logger.error(`Failed to access checkpoint file ${path.basename(file.file)} in dir ${dir}: ${String(e)}`);
    }
  }

  /**
   * A replica moved between log dirs: its cleaned offset goes to the new dir's checkpoint (Kafka's
   * alterCheckpointDir, which rewrites the old dir's checkpoint first, keeping the partitions that
   * have a log, the moved one included).
   */
  alterCheckpointDir(log: Log, fromDir: string, toDir: string): void {
    const file = this.checkpoints.get(fromDir);
    const entry = file === undefined ? undefined : this.readCheckpoint(file).find((e) => e.topic === log.topic && e.partition === log.partition);
    if (entry === undefined) return;
    this.updateCheckpoints(fromDir);
    this.updateCheckpoints(toDir, entry);
  }

  /** A truncation left the log end below the checkpoint: pull it back (Kafka's maybeTruncateCheckpoint). */
  maybeTruncateCheckpoint(log: Log, offset: number): void {
    if (!isCompacted(log)) return;
    const file = this.checkpoints.get(logDirOf(log));
    if (file === undefined) return;
    const read = this.readCheckpoint(file);
    const current = read.find((e) => e.topic === log.topic && e.partition === log.partition)?.offset ?? 0;
    if (current > offset) this.writeCheckpoint(file, read, LogCleanerManager.mergeInto(read, { topic: log.topic, partition: log.partition, offset }));
  }

  /**
   * Picks the dirtiest compacted log that is due and marks it in progress (Kafka's
   * grabFilthiestCompactedLog): skips logs being worked on, paused or uncleanable, and empty
   * ones; due means a dirty ratio above min.cleanable.dirty.ratio, or dirty records older than
   * max.compaction.lag.ms.
   */
  grabFilthiestCompactedLog(stats = new PreCleanStats()): LogToClean | undefined {
    const now = this.time.now();
    this.timeOfLastRun = now;
    const lastClean = this.allCleanerCheckpoints();
    const candidates: LogToClean[] = [];
    for (const log of this.logs()) {
      if (!isCompacted(log) || log.isClosed) continue;
      const key = keyOf(log);
      if (this.states.has(key) || this.isUncleanable(log)) continue;
      try {
        const offsets = cleanableOffsets(log, lastClean.get(key), now, (m) => this.logger.warn(m));
        if (offsets.forceUpdateCheckpoint) this.updateCheckpoints(logDirOf(log), { log, offset: offsets.firstDirtyOffset });
        const delayMs = maxCompactionDelay(log, offsets.firstDirtyOffset, now);
        stats.updateMaxCompactionDelay(delayMs);
        const ltc = new LogToClean(log, offsets.firstDirtyOffset, offsets.firstUncleanableDirtyOffset, delayMs > 0);
        if (ltc.totalBytes > 0) candidates.push(ltc);
      } catch (e) {
        throw new LogCleaningError(log, `Failed to calculate log cleaning stats for partition ${log.topic}-${log.partition}`, e);
      }
    }
    const byRatio = (a: LogToClean, b: LogToClean) => (b.cleanableRatio > a.cleanableRatio ? b : a);
    this.dirtiestLogCleanableRatio = candidates.length > 0 ? candidates.reduce(byRatio).cleanableRatio : 0;
    const cleanable = candidates.filter((c) => (c.needCompactionNow && c.cleanableBytes > 0) || c.cleanableRatio > c.log.config['min.cleanable.dirty.ratio']);
    if (cleanable.length === 0) return undefined;
    stats.cleanablePartitions = cleanable.length;
    const filthiest = cleanable.reduce(byRatio);
    this.states.set(keyOf(filthiest.log), { inProgress: true, aborted: false, pauses: 0 });
    return filthiest;
  }

  /**
   * Compacted logs nobody is working on, marked in progress, for the cleaner worker to run
   * retention on (Kafka's deletableLogs: compact,delete logs get their time/size retention, and
   * every compacted log loses segments below its log start).
   */
  deletableLogs(): Log[] {
    const out: Log[] = [];
    for (const log of this.logs()) {
      if (!isCompacted(log) || log.isClosed) continue;
      const key = keyOf(log);
      if (this.states.has(key) || this.isUncleanable(log)) continue;
      this.states.set(key, { inProgress: true, aborted: false, pauses: 0 });
      out.push(log);
    }
    return out;
  }

  /**
   * Non-compacted logs nobody is working on, paused for the retention task (Kafka's
   * pauseCleaningForNonCompactedPartitions, against a topic switching policy meanwhile).
   */
  pauseCleaningForNonCompactedPartitions(): Log[] {
    const out: Log[] = [];
    for (const log of this.logs()) {
      if (isCompacted(log)) continue;
      const key = keyOf(log);
      if (this.states.has(key)) continue;
      this.states.set(key, { inProgress: false, aborted: false, pauses: 1 });
      out.push(log);
    }
    return out;
  }

  /** Aborts a pass over the log if one runs and pauses new ones, until resumeCleaning. */
  abortAndPauseCleaning(log: Log): void {
    const key = keyOf(log);
    const state = this.states.get(key);
    if (state === undefined) {
      this.states.set(key, { inProgress: false, aborted: false, pauses: 1 });
    } else {
      if (state.inProgress) state.aborted = true;
      state.pauses++;
    }
    this.logger.info(`The cleaning for partition ${key} is aborted and paused`);
  }

  /** Aborts a running pass without leaving the log paused (Kafka's abortCleaning). */
  abortCleaning(log: Log): void {
    this.abortAndPauseCleaning(log);
    this.resumeCleaning([log]);
    this.logger.info(`The cleaning for partition ${keyOf(log)} is aborted`);
  }

  /** Undoes one pause of each log. */
  resumeCleaning(logs: Iterable<Log>): void {
    for (const log of logs) {
      const key = keyOf(log);
      const state = this.states.get(key);
      if (state === undefined || state.pauses === 0) {
        throw new Error(`Compaction for partition ${key} cannot be resumed since it is not paused.`);
      }
      state.pauses--;
      this.dropIfIdle(key, state);
    }
  }

  private dropIfIdle(key: string, state: CleaningState): void {
    if (!state.inProgress && state.pauses === 0) this.states.delete(key);
  }

  /** Throws LogCleaningAbortedError when the pass over this log was aborted (or the log closed). */
  checkCleaningAborted(log: Log): void {
    if (this.states.get(keyOf(log))?.aborted === true || log.isClosed) throw new LogCleaningAbortedError(`the cleaning of ${log.name} was aborted`);
  }

  /** A pass ended: unless aborted, the checkpoint moves to `endOffset` (Kafka's doneCleaning). */
  doneCleaning(log: Log, endOffset: number): void {
    const key = keyOf(log);
    const state = this.states.get(key);
    if (state === undefined || !state.inProgress) throw new Error(`State for partition ${key} should be in progress.`);
    if (!state.aborted) this.updateCheckpoints(logDirOf(log), { log, offset: endOffset });
    state.inProgress = false;
    state.aborted = false;
    this.dropIfIdle(key, state);
  }

  /** The worker's retention run over these logs ended (Kafka's doneDeleting). */
  doneDeleting(logs: Iterable<Log>): void {
    for (const log of logs) {
      const key = keyOf(log);
      const state = this.states.get(key);
      if (state === undefined || !state.inProgress) throw new Error(`State for partition ${key} should be in progress.`);
      state.inProgress = false;
      state.aborted = false;
      this.dropIfIdle(key, state);
    }
  }

  /** For tests and tools: Kafka's LogCleaningState of a partition. */
  cleaningState(log: Log): CleaningStateName {
    const state = this.states.get(keyOf(log));
    if (state === undefined) return 'none';
    if (state.aborted) return 'aborted';
    if (state.inProgress) return 'in-progress';
    return 'paused';
  }

  markPartitionUncleanable(log: Log): void {
    const dir = logDirOf(log);
    let set = this.uncleanable.get(dir);
    if (set === undefined) this.uncleanable.set(dir, (set = new Set()));
    set.add(keyOf(log));
  }

  isUncleanable(log: Log): boolean {
    return this.uncleanable.get(logDirOf(log))?.has(keyOf(log)) ?? false;
  }

  uncleanablePartitions(dir: string): string[] {
    return [...(this.uncleanable.get(dir) ?? [])];
  }
}
