// The log cleaner (Kafka 2.4.1's LogCleaner), owned by the LogManager. Kafka runs
// log.cleaner.threads threads; here each "thread" is an async worker on the event loop doing the
// same loop: pick the dirtiest compacted log that is due, clean it, run retention over the
// compacted logs, and back off for log.cleaner.backoff.ms when there was nothing to clean. A
// pass yields to the event loop after every I/O-buffer-sized chunk, so produce and fetch keep
// being served while it runs, and it is throttled to log.cleaner.io.max.bytes.per.second.
//
// It is also the CleaningCoordinator the logs call around truncation, and what the LogManager
// asks to abort a pass before deleting a log.

import { setImmediate as yieldImmediate } from 'node:timers/promises';
import type { CleaningCoordinator, Log } from '../log';
import type { Logger } from '../../common/logger';
import type { Time } from '../../common/clock';
import { topicPartitionKey } from '../../common/topic-partition';
import { Cleaner } from './cleaner';
import { type CleanerConfig, cleanerReconfigurationProblem, defaultCleanerConfig } from './cleaner-config';
import { cleaningSummary, type CleanerStats } from './cleaner-stats';
import { LogCleanerManager, LogCleaningAbortedError, LogCleaningError, PreCleanStats } from './cleaner-manager';
import { SkimpyOffsetMap } from './offset-map';
import { Throttler } from './throttler';

const INT_MAX = 0x7fffffff;

/** Thrown inside a pass when its worker is stopping (Kafka's ThreadShutdownException). */
class WorkerShutdownError extends Error {}

export interface LogCleanerOptions {
  logDirs: string[];
  /** Every live log (the LogManager's pool), read afresh at each choice. */
  logs: () => Iterable<Log>;
  time: Time;
  logger: Logger;
  /** How a worker waits (backoff, throttling); defaults to an unref'd timer. */
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
}

/** A timer that never keeps the process alive, woken early by `wake`. */
function unrefSleep(ms: number, wake: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const timer = setTimeout(done, Math.min(ms, INT_MAX));
    timer.unref();
    function done() {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    }
    wake.addEventListener('abort', done);
  });
}

class CleanerWorker {
  readonly cleaner: Cleaner;
  private running = true;
  private readonly stop = new AbortController();
  lastStats: CleanerStats | null = null;
  lastPreCleanStats = new PreCleanStats();
  /** The loop's promise, settled once the worker has stopped. */
  done: Promise<void> = Promise.resolve();
  failed = false;

  constructor(
    private readonly owner: LogCleaner,
    readonly id: number,
    config: CleanerConfig,
  ) {
    if (config.dedupeBufferSize / config.numThreads > INT_MAX) {
      owner.logger.warn('Cannot use more than 2G of cleaner buffer space per cleaner thread, ignoring excess buffer space...');
    }
    this.cleaner = new Cleaner({
      id,
      offsetMap: new SkimpyOffsetMap(Math.min(Math.floor(config.dedupeBufferSize / config.numThreads), INT_MAX), config.hashAlgorithm),
      ioBufferSize: Math.max(Math.floor(config.ioBufferSize / config.numThreads / 2), 1),
      maxIoBufferSize: config.maxMessageSize,
      dupBufferLoadFactor: config.dedupeBufferLoadFactor,
      throttler: owner.throttler,
      time: owner.time,
      logger: owner.logger,
      checkDone: (log) => this.checkDone(log),
      yieldToEventLoop: () => yieldImmediate(),
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  private checkDone(log: Log): void {
    if (!this.running) throw new WorkerShutdownError();
    this.owner.manager.checkCleaningAborted(log);
  }

  start(): void {
    this.done = this.run().catch((e: unknown) => {
      this.failed = true;
      this.owner.logger.error(`[kafka-log-cleaner-thread-${this.id}]: Error due to ${(e as Error)?.stack ?? String(e)}`);
    });
  }

  private async run(): Promise<void> {
    this.owner.logger.info(`[kafka-log-cleaner-thread-${this.id}]: Starting`);
    while (this.running) {
      const cleaned = await this.tryCleanFilthiestLog();
      if (!cleaned && this.running) await this.owner.sleep(this.owner.currentConfig.backOffMs, this.stop.signal);
    }
    this.owner.logger.info(`[kafka-log-cleaner-thread-${this.id}]: Stopped`);
  }

  /** Stops at the next check; the pass in flight leaves its checkpoint where it was. */
  shutdown(): void {
    this.running = false;
    this.stop.abort();
    this.cleaner.discardInFlight();
  }

  /** One round of the loop: returns whether a log was cleaned. */
  async tryCleanFilthiestLog(): Promise<boolean> {
    try {
      return await this.cleanFilthiestLog();
    } catch (e) {
      if (e instanceof LogCleaningError) {
        this.owner.logger.warn(
          `Unexpected exception thrown when cleaning log ${e.log.name}. Marking its partition (${e.log.topic}-${e.log.partition}) as uncleanable: ${(e.cause as Error)?.stack ?? String(e.cause)}`,
        );
        this.owner.manager.markPartitionUncleanable(e.log);
        return false;
      }
      if (e instanceof WorkerShutdownError) return false;
      throw e;
    }
  }

  private async cleanFilthiestLog(): Promise<boolean> {
    const preCleanStats = new PreCleanStats();
    const cleanable = this.owner.manager.grabFilthiestCompactedLog(preCleanStats);
    let cleaned = false;
    if (cleanable !== undefined) {
      this.lastPreCleanStats = preCleanStats;
      let endOffset = cleanable.firstDirtyOffset;
      try {
        const result = await this.cleaner.clean(cleanable);
        endOffset = result.endOffset;
        this.recordStats(cleanable.log, cleanable.firstDirtyOffset, endOffset, result.stats);
        cleaned = true;
      } catch (e) {
        if (e instanceof WorkerShutdownError) throw e;
        if (!(e instanceof LogCleaningAbortedError)) throw new LogCleaningError(cleanable.log, (e as Error)?.message ?? String(e), e);
      } finally {
        this.owner.manager.doneCleaning(cleanable.log, endOffset);
      }
    }
    // Retention of compacted logs runs here, on the cleaner, so it never races a pass.
    const deletable = this.owner.manager.deletableLogs();
    try {
      for (const log of deletable) {
        try {
          if (!log.isClosed) log.deleteOldSegments();
        } catch (e) {
          throw new LogCleaningError(log, (e as Error)?.message ?? String(e), e);
        }
      }
    } finally {
      this.owner.manager.doneDeleting(deletable);
    }
    return cleaned;
  }

  private recordStats(log: Log, from: number, to: number, stats: CleanerStats): void {
    this.lastStats = stats;
    this.owner.logger.info(cleaningSummary(this.id, log.name, from, to, stats));
    const pre = this.lastPreCleanStats;
    if (pre.delayedPartitions > 0) {
      this.owner.logger.info(`\tCleanable partitions: ${pre.cleanablePartitions}, Delayed partitions: ${pre.delayedPartitions}, max delay: ${pre.maxCompactionDelayMs}`);
    }
    if (stats.invalidMessagesRead > 0) this.owner.logger.warn(`\tFound ${stats.invalidMessagesRead} invalid messages during compaction.`);
  }
}

export class LogCleaner implements CleaningCoordinator {
  readonly manager: LogCleanerManager;
  readonly throttler: Throttler;
  readonly time: Time;
  readonly logger: Logger;
  readonly sleep: (ms: number, wake: AbortSignal) => Promise<void>;
  private config: CleanerConfig;
  private workers: CleanerWorker[] = [];
  private stoppedWorkers: CleanerWorker[] = [];

  constructor(config: Partial<CleanerConfig>, opts: LogCleanerOptions) {
    this.config = { ...defaultCleanerConfig(), ...config };
    this.time = opts.time;
    this.logger = opts.logger;
    this.sleep = opts.sleep ?? unrefSleep;
    this.manager = new LogCleanerManager(opts.logDirs, opts.logs, opts.time, opts.logger);
    const sleepAlways = (ms: number) => this.sleep(ms, new AbortController().signal);
    this.throttler = new Throttler(this.config.maxIoBytesPerSecond, opts.time, sleepAlways);
  }

  get currentConfig(): CleanerConfig {
    return this.config;
  }

  get cleanerCount(): number {
    return this.workers.length;
  }

  /** Workers whose loop died on an unexpected error (Kafka's DeadThreadCount). */
  get deadThreadCount(): number {
    return this.workers.filter((w) => w.failed).length;
  }

  /** Statistics of each worker's last pass. */
  get lastStats(): (CleanerStats | null)[] {
    return this.workers.map((w) => w.lastStats);
  }

  /** Starts the workers (Kafka's startup); with `run: false` they are built but left idle (tests drive them). */
  startup(opts: { run?: boolean } = {}): void {
    this.logger.info('Starting the log cleaner');
    for (let i = 0; i < this.config.numThreads; i++) {
      const worker = new CleanerWorker(this, i, this.config);
      this.workers.push(worker);
      if (opts.run !== false) worker.start();
    }
  }

  /** Stops every worker (Kafka's shutdown): passes in flight stop at their next check and their `.cleaned` files go now. */
  shutdown(): void {
    this.logger.info('Shutting down the log cleaner.');
    for (const w of this.workers) w.shutdown();
    this.stoppedWorkers.push(...this.workers);
    this.workers = [];
  }

  /** Resolves once every stopped worker's loop has returned (tests, orderly shutdown). */
  async awaitShutdown(): Promise<void> {
    await Promise.all(this.stoppedWorkers.map((w) => w.done));
    this.stoppedWorkers = [];
  }

  /**
   * New settings at runtime (Kafka's reconfigure, for the dynamic log.cleaner.* settings):
   * checked as Kafka checks them, then the workers are replaced by new ones built from the new
   * config, which also brings back any that died. Unlike 2.4.1, a new I/O rate limit applies
   * too (its throttler keeps the first rate until a restart).
   */
  reconfigure(config: Partial<CleanerConfig>): void {
    const next = { ...this.config, ...config };
    const problem = cleanerReconfigurationProblem(this.config, next);
    if (problem !== undefined) throw new Error(problem);
    const run = this.workers.length === 0 || this.workers.some((w) => w.isRunning);
    this.config = next;
    this.throttler.setDesiredRate(next.maxIoBytesPerSecond);
    this.shutdown();
    this.startup({ run });
  }

  /** One round of worker `id`'s loop without its backoff (tests and benchmarks). */
  async runOnce(id = 0): Promise<boolean> {
    const worker = this.workers[id];
    if (worker === undefined) throw new Error(`no cleaner worker ${id}`);
    return worker.tryCleanFilthiestLog();
  }

  // ------------------------------------------------------------------ coordination

  abortCleaning(log: Log): void {
    this.manager.abortCleaning(log);
  }

  abortAndPauseCleaning(log: Log): void {
    this.manager.abortAndPauseCleaning(log);
  }

  resumeCleaning(log: Log): void {
    this.manager.resumeCleaning([log]);
  }

  maybeTruncateCheckpoint(log: Log, offset: number): void {
    this.manager.maybeTruncateCheckpoint(log, offset);
  }

  alterCheckpointDir(log: Log, fromDir: string, toDir: string): void {
    this.manager.alterCheckpointDir(log, fromDir, toDir);
  }

  /** Drops partitions without a log from `dir`'s checkpoint (after a deletion). */
  updateCheckpoints(dir: string): void {
    this.manager.updateCheckpoints(dir);
  }

  pauseCleaningForNonCompactedPartitions(): Log[] {
    return this.manager.pauseCleaningForNonCompactedPartitions();
  }

  resumeCleaningAll(logs: Iterable<Log>): void {
    this.manager.resumeCleaning(logs);
  }

  /** Waits until the checkpoint of `log` reaches `offset` (Kafka's awaitCleaned, for tests). */
  async awaitCleaned(log: Log, offset: number, maxWaitMs = 60000): Promise<boolean> {
    const key = topicPartitionKey(log.topic, log.partition);
    const isCleaned = () => (this.manager.allCleanerCheckpoints().get(key) ?? -1) >= offset;
    let remaining = maxWaitMs;
    while (!isCleaned() && remaining > 0) {
      const step = Math.min(100, remaining);
      await new Promise((resolve) => setTimeout(resolve, step));
      remaining -= step;
    }
    return isCleaned();
  }
}
