// All partition logs of a broker across its log dirs: loading at startup (with crash recovery
// when the clean-shutdown marker is missing), creation and deletion of partition dirs, the three
// root checkpoint files, meta.properties, and the periodic retention/flush entry points the
// broker's scheduler calls. It owns the log cleaner (Kafka's LogManager.cleaner) when one is
// configured: retention of compacted logs then runs on the cleaner, and deletions and truncations
// abort its passes first. A replica being moved to another of its log dirs (AlterReplicaLogDirs)
// has a second, future log there (`<t>-<p>.<uuid>-future`) until it replaces the current one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBrokerMetadata, writeBrokerMetadata } from './broker-metadata';
import { offsetCheckpointFile, type CheckpointFile, type PartitionOffset } from './checkpoint-file';
import { InconsistentBrokerIdError, InconsistentClusterIdError, KafkaStorageError, LogDirNotFoundError } from './errors';
import {
  CLEAN_SHUTDOWN_FILE,
  DELETE_DIR_SUFFIX,
  FUTURE_DIR_SUFFIX,
  LOG_START_OFFSET_CHECKPOINT_FILE,
  RECOVERY_POINT_CHECKPOINT_FILE,
  REPLICATION_OFFSET_CHECKPOINT_FILE,
  deleteDirName,
  futureDirName,
  javaAbsolutePath,
  parseFutureDirName,
  parsePartitionDirName,
  partitionDirName,
} from './file-names';
import { existsSync, fsyncDir, unlinkIfExists } from './fs-util';
import { Log } from './log';
import { defaultLogConfig, type LogConfig } from './log-config';
import { silentLogger, type Logger } from '../common/logger';
import { systemClock, type Scheduler, type Time } from '../common/clock';
import { topicPartitionKey } from '../common/topic-partition';
import { cleanerConfigFromBroker, type CleanerConfig } from './cleaner/cleaner-config';
import { LogCleaner } from './cleaner/log-cleaner';

export interface LogManagerOptions {
  logDirs: string[];
  /** Broker-level defaults for every log. */
  defaultConfig?: LogConfig;
  /** Topic-level overrides (from /config/topics); falls back to defaultConfig. */
  configFor?: (topic: string) => LogConfig | undefined;
  time?: Time;
  logger?: Logger;
  scheduler?: Scheduler;
  /**
   * The log.cleaner.* settings: given (and enableCleaner not false), the cleaner is created and
   * started with the manager. Absent, no cleaner runs, as with log.cleaner.enable=false.
   */
  cleanerConfig?: Partial<CleanerConfig>;
  /**
   * Or the broker's parsed properties (BrokerConfig.get), from which the cleaner settings are
   * read as Kafka's LogCleaner.cleanerConfig reads them (log.cleaner.enable defaults to true).
   */
  cleanerSettings?: (name: string) => unknown;
  /** transactional.id.expiration.ms, which in Kafka 2.4 also expires idle producers' state. */
  producerIdExpirationMs?: number;
}

interface LogDirState {
  dir: string;
  /** The entry of log.dirs made absolute as java.io.File does: how Kafka's APIs name the dir. */
  absolutePath: string;
  hadCleanShutdown: boolean;
  recoveryPoints: CheckpointFile<PartitionOffset>;
  logStartOffsets: CheckpointFile<PartitionOffset>;
  highWatermarks: CheckpointFile<PartitionOffset>;
}

interface Entry {
  log: Log;
  logDir: LogDirState;
}


export class LogManager {
  private readonly logDirs: LogDirState[];
  private readonly logs = new Map<string, Entry>();
  /** The future logs of replicas being moved between log dirs. */
  private readonly futureLogs = new Map<string, Entry>();
  /** Where a partition's next log goes (AlterReplicaLogDirs before the replica exists, or its move). */
  private readonly preferredLogDirs = new Map<string, LogDirState>();
  private readonly defaultConfig: LogConfig;
  private readonly configFor: (topic: string) => LogConfig | undefined;
  private readonly time: Time;
  private readonly logger: Logger;
  private readonly scheduler: Scheduler;
  private readonly pendingDirDeletions = new Set<Promise<void>>();
  private readonly logCleaner: LogCleaner | null;
  private shutDown = false;
  private readonly producerIdExpirationMs: number | undefined;

  private constructor(opts: LogManagerOptions) {
    if (opts.logDirs.length === 0) throw new KafkaStorageError('no log dirs configured');
    const resolved = opts.logDirs.map((d) => path.resolve(d));
    if (new Set(resolved).size !== resolved.length) throw new KafkaStorageError(`duplicate log directory found: ${opts.logDirs.join(', ')}`);
    this.defaultConfig = opts.defaultConfig ?? defaultLogConfig();
    this.configFor = opts.configFor ?? (() => undefined);
    this.time = opts.time ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.scheduler = opts.scheduler ?? systemClock;
    this.producerIdExpirationMs = opts.producerIdExpirationMs;
    this.logDirs = resolved.map((dir, i) => {
      fs.mkdirSync(dir, { recursive: true });
      const state: LogDirState = {
        dir,
        absolutePath: javaAbsolutePath(opts.logDirs[i]!),
        hadCleanShutdown: existsSync(path.join(dir, CLEAN_SHUTDOWN_FILE)),
        recoveryPoints: offsetCheckpointFile(path.join(dir, RECOVERY_POINT_CHECKPOINT_FILE)),
        logStartOffsets: offsetCheckpointFile(path.join(dir, LOG_START_OFFSET_CHECKPOINT_FILE)),
        highWatermarks: offsetCheckpointFile(path.join(dir, REPLICATION_OFFSET_CHECKPOINT_FILE)),
      };
      // Kafka's checkpoint files exist (empty) from the first start.
      state.recoveryPoints.ensureExists();
      state.logStartOffsets.ensureExists();
      state.highWatermarks.ensureExists();
      return state;
    });
    // Made before the logs load, so each log gets it for its truncations; started by open().
    const cleanerConfig = opts.cleanerConfig ?? (opts.cleanerSettings !== undefined ? cleanerConfigFromBroker(opts.cleanerSettings) : undefined);
    this.logCleaner =
      cleanerConfig !== undefined && cleanerConfig.enableCleaner !== false
        ? new LogCleaner(cleanerConfig, { logDirs: this.logDirs.map((d) => d.dir), logs: () => this.allLogs(), time: this.time, logger: this.logger })
        : null;
  }

  /** Opens every log dir and loads (recovering if needed) every partition in them. */
  static open(opts: LogManagerOptions): LogManager {
    const manager = new LogManager(opts);
    for (const logDir of manager.logDirs) manager.loadLogDir(logDir);
    manager.logCleaner?.startup();
    return manager;
  }

  private configOf(topic: string): LogConfig {
    return this.configFor(topic) ?? this.defaultConfig;
  }

  private readCheckpoint(file: CheckpointFile<PartitionOffset>): Map<string, number> {
    const out = new Map<string, number>();
    try {
      for (const e of file.read()) out.set(topicPartitionKey(e.topic, e.partition), e.offset);
    } catch (e) {
      // Kafka resets to 0 (full recovery) rather than refusing to start.
      this.logger.warn(`error reading ${file.file}, resetting it: ${String(e)}`);
    }
    return out;
  }

  private loadLogDir(logDir: LogDirState): void {
    const recoveryPoints = this.readCheckpoint(logDir.recoveryPoints);
    const logStartOffsets = this.readCheckpoint(logDir.logStartOffsets);
    const highWatermarks = this.readCheckpoint(logDir.highWatermarks);
    if (!logDir.hadCleanShutdown) this.logger.info(`${logDir.dir}: no clean shutdown marker, recovering logs from their recovery points`);
    for (const name of fs.readdirSync(logDir.dir).sort()) {
      const full = path.join(logDir.dir, name);
      if (!fs.statSync(full).isDirectory()) continue;
      if (name.endsWith(DELETE_DIR_SUFFIX)) {
        // A deletion interrupted by shutdown or crash: finish it.
        this.scheduleDirDeletion(full, 0);
        continue;
      }
      const isFuture = name.endsWith(FUTURE_DIR_SUFFIX);
      const tp = isFuture ? parseFutureDirName(name) : parsePartitionDirName(name);
      if (tp === null) {
        this.logger.warn(`ignoring ${full}: not a topic-partition directory`);
        continue;
      }
      const k = topicPartitionKey(tp.topic, tp.partition);
      const pool = isFuture ? this.futureLogs : this.logs;
      const existing = pool.get(k);
      if (existing !== undefined) {
        throw new KafkaStorageError(`Duplicate log directories for ${name} are found in both ${existing.log.dir} and ${full}.`);
      }
      const log = Log.open({
        dir: full,
        config: this.configOf(tp.topic),
        time: this.time,
        logger: this.logger,
        scheduler: this.scheduler,
        recoveryPoint: recoveryPoints.get(k) ?? 0,
        logStartOffset: logStartOffsets.get(k) ?? 0,
        hadCleanShutdown: logDir.hadCleanShutdown,
        cleaning: this.logCleaner ?? undefined,
        producerIdExpirationMs: this.producerIdExpirationMs,
      });
      const hw = highWatermarks.get(k);
      if (hw !== undefined) log.updateHighWatermark(hw);
      pool.set(k, { log, logDir });
    }
    // The marker only vouches for the shutdown it followed: once loaded, the next stop must write it anew.
    unlinkIfExists(path.join(logDir.dir, CLEAN_SHUTDOWN_FILE));
  }

  /** Whether each log dir had the clean-shutdown marker at startup. */
  get cleanShutdownStatus(): { dir: string; hadCleanShutdown: boolean }[] {
    return this.logDirs.map((d) => ({ dir: d.dir, hadCleanShutdown: d.hadCleanShutdown }));
  }

  get dirs(): string[] {
    return this.logDirs.map((d) => d.dir);
  }

  /**
   * Checks meta.properties in every dir against this broker and the cluster id from ZooKeeper,
   * and writes it where missing. Throws, refusing to start, on any mismatch (Kafka's
   * InconsistentBrokerIdException / InconsistentClusterIdException).
   */
  checkBrokerMetadata(brokerId: number, clusterId?: string): void {
    const stored = this.logDirs.map((d) => ({ dir: d.dir, meta: readBrokerMetadata(d.dir) }));
    const brokerIds = new Set(stored.filter((s) => s.meta !== null).map((s) => s.meta!.brokerId));
    if (brokerIds.size > 1) {
      throw new InconsistentBrokerIdError(
        `Failed to match broker.id across log.dirs: ${stored.map((s) => `${s.dir}: ${s.meta?.brokerId ?? 'none'}`).join(', ')}`,
      );
    }
    for (const s of stored) {
      if (s.meta === null) continue;
      if (s.meta.brokerId !== brokerId) {
        throw new InconsistentBrokerIdError(
          `Configured broker.id ${brokerId} doesn't match stored broker.id ${s.meta.brokerId} in meta.properties of ${s.dir}. ` +
            'If you moved your data, make sure your configured broker.id matches. ' +
            'If you intend to create a new broker, you should remove all data in your data directories (log.dirs).',
        );
      }
      if (clusterId !== undefined && s.meta.clusterId !== undefined && s.meta.clusterId !== clusterId) {
        throw new InconsistentClusterIdError(
          `The Cluster ID ${clusterId} doesn't match stored clusterId ${s.meta.clusterId} in meta.properties of ${s.dir}. ` +
            'The broker is trying to join the wrong cluster. Configured zookeeper.connect may be wrong.',
        );
      }
    }
    for (const s of stored) {
      if (s.meta === null || (clusterId !== undefined && s.meta.clusterId === undefined)) {
        writeBrokerMetadata(s.dir, { brokerId, clusterId }, this.time.now());
      }
    }
  }

  getLog(topic: string, partition: number): Log | undefined {
    return this.logs.get(topicPartitionKey(topic, partition))?.log;
  }

  /** The future log of a replica being moved to another log dir. */
  getFutureLog(topic: string, partition: number): Log | undefined {
    return this.futureLogs.get(topicPartitionKey(topic, partition))?.log;
  }

  /** The absolute path of the log dir holding the partition's current (or future) log. */
  logDirPathOf(topic: string, partition: number, opts: { future?: boolean } = {}): string | undefined {
    return (opts.future === true ? this.futureLogs : this.logs).get(topicPartitionKey(topic, partition))?.logDir.absolutePath;
  }

  /** The current logs (what the cleaner, retention and the fetch paths see). */
  allLogs(): Log[] {
    return [...this.logs.values()].map((e) => e.log);
  }

  /** The future logs. */
  allFutureLogs(): Log[] {
    return [...this.futureLogs.values()].map((e) => e.log);
  }

  /**
   * Every log dir in log.dirs order, named by its absolute path, with the logs it holds, current
   * and future, for DescribeLogDirs. No dir is ever offline here: this LogManager has no
   * offline-dir state.
   */
  logDirsWithLogs(): { absolutePath: string; logs: Log[] }[] {
    return this.logDirs.map((d) => ({ absolutePath: d.absolutePath, logs: this.logsIn(d) }));
  }

  /**
   * Kafka's isLogDirOnline: whether the dir, named by its absolute path, is online (always, here);
   * a dir not in log.dirs is a LogDirNotFoundError.
   */
  isLogDirOnline(absolutePath: string): boolean {
    this.logDirNamed(absolutePath);
    return true;
  }

  private logDirNamed(absolutePath: string): LogDirState {
    const logDir = this.logDirs.find((d) => d.absolutePath === absolutePath);
    if (logDir === undefined) throw new LogDirNotFoundError(`Log dir ${absolutePath} is not found in the config.`);
    return logDir;
  }

  /**
   * Records where the partition's log should be (Kafka's maybeUpdatePreferredLogDir): the dir a
   * log created later goes to, or the one a future log is created in. Nothing changes when the
   * current or future log is already there.
   */
  maybeUpdatePreferredLogDir(topic: string, partition: number, absolutePath: string): void {
    const logDir = this.logDirNamed(absolutePath);
    const k = topicPartitionKey(topic, partition);
    if (this.logs.get(k)?.logDir === logDir || this.futureLogs.get(k)?.logDir === logDir) return;
    this.preferredLogDirs.set(k, logDir);
  }

  /** The log, created when absent: in its preferred log dir if it has one, else in the one with the fewest partitions. */
  getOrCreateLog(topic: string, partition: number, config?: LogConfig): Log {
    this.ensureRunning();
    const existing = this.logs.get(topicPartitionKey(topic, partition));
    if (existing !== undefined) return existing.log;
    return this.createLog(topic, partition, config, false);
  }

  /** The future log of a replica moving to its preferred log dir, created when absent (Kafka's getOrCreateLog with isFuture). */
  getOrCreateFutureLog(topic: string, partition: number, config?: LogConfig): Log {
    this.ensureRunning();
    const k = topicPartitionKey(topic, partition);
    const existing = this.futureLogs.get(k);
    if (existing !== undefined) return existing.log;
    const preferred = this.preferredLogDirs.get(k);
    if (preferred === undefined) throw new Error(`Can not create the future log for ${topic}-${partition} without having a preferred log directory`);
    if (this.logs.get(k)?.logDir === preferred) throw new Error(`Can not create the future log for ${topic}-${partition} in the current log directory of this partition`);
    return this.createLog(topic, partition, config, true);
  }

  private createLog(topic: string, partition: number, config: LogConfig | undefined, isFuture: boolean): Log {
    const k = topicPartitionKey(topic, partition);
    const logDir = this.preferredLogDirs.get(k) ?? this.nextLogDir();
    const dir = path.join(logDir.dir, isFuture ? futureDirName(topic, partition) : partitionDirName(topic, partition));
    fs.mkdirSync(dir, { recursive: true });
    fsyncDir(logDir.dir);
    const log = Log.open({
      dir,
      config: config ?? this.configOf(topic),
      time: this.time,
      logger: this.logger,
      scheduler: this.scheduler,
      hadCleanShutdown: true,
      cleaning: this.logCleaner ?? undefined,
        producerIdExpirationMs: this.producerIdExpirationMs,
    });
    (isFuture ? this.futureLogs : this.logs).set(k, { log, logDir });
    // Satisfied: the preference is forgotten.
    this.preferredLogDirs.delete(k);
    this.logger.info(`created log for partition ${topic}-${partition} in ${dir}`);
    return log;
  }

  /**
   * The moved replica caught up: its future log becomes the current one (renamed to `<t>-<p>` in
   * its dir) and the old one is renamed `-delete` and removed later (Kafka's
   * replaceCurrentWithFutureLog). Returns the new current log.
   */
  replaceCurrentWithFutureLog(topic: string, partition: number): Log {
    const k = topicPartitionKey(topic, partition);
    const source = this.logs.get(k);
    const dest = this.futureLogs.get(k);
    if (source === undefined) throw new KafkaStorageError(`The current replica for ${topic}-${partition} is offline`);
    if (dest === undefined) throw new KafkaStorageError(`The future replica for ${topic}-${partition} is offline`);
    this.logger.info(`Attempting to replace current log ${source.log.name} with ${dest.log.name} for ${topic}-${partition}`);
    dest.log.renameDir(partitionDirName(topic, partition));
    dest.log.updateHighWatermark(source.log.highWatermark);
    this.futureLogs.delete(k);
    this.logs.set(k, dest);
    if (this.logCleaner !== null) {
      this.logCleaner.alterCheckpointDir(dest.log, source.logDir.dir, dest.logDir.dir);
      this.logCleaner.resumeCleaning(dest.log);
    }
    this.renameForDeletion(source, topic, partition);
    this.logger.info(`The current replica is successfully replaced with the future replica for ${topic}-${partition}`);
    return dest.log;
  }

  /** Pauses the cleaner on a partition being moved (it resumes when the move ends). */
  abortAndPauseCleaning(topic: string, partition: number): void {
    const log = this.getLog(topic, partition);
    if (log !== undefined) this.logCleaner?.abortAndPauseCleaning(log);
  }

  private nextLogDir(): LogDirState {
    const counts = new Map<LogDirState, number>(this.logDirs.map((d) => [d, 0]));
    for (const e of this.logs.values()) counts.set(e.logDir, (counts.get(e.logDir) ?? 0) + 1);
    let best = this.logDirs[0];
    for (const d of this.logDirs) if (counts.get(d)! < counts.get(best)!) best = d;
    return best;
  }

  /**
   * Deletes a partition the way Kafka 2.4 does: rename its dir to
   * `<topic>-<partition>.<uuid>-delete` now, remove it after file.delete.delay.ms. Returns the
   * renamed path, or null when there was no such log.
   */
  deleteLog(topic: string, partition: number, opts: { future?: boolean } = {}): string | null {
    const k = topicPartitionKey(topic, partition);
    const pool = opts.future === true ? this.futureLogs : this.logs;
    const entry = pool.get(k);
    if (entry === undefined) return null;
    pool.delete(k);
    // A pass over this log stops at its next check; the checkpoint forgets the partition.
    if (this.logCleaner !== null && opts.future !== true) {
      this.logCleaner.abortCleaning(entry.log);
      this.logCleaner.updateCheckpoints(entry.logDir.dir);
    }
    return this.renameForDeletion(entry, topic, partition);
  }

  private renameForDeletion({ log, logDir }: Entry, topic: string, partition: number): string {
    log.closeHandlers();
    const renamed = path.join(logDir.dir, deleteDirName(topic, partition));
    fs.renameSync(log.dir, renamed);
    fsyncDir(logDir.dir);
    log.setDir(renamed);
    this.checkpointDir(logDir);
    this.scheduleDirDeletion(renamed, log.config['file.delete.delay.ms']);
    this.logger.info(`log for partition ${topic}-${partition} is renamed to ${renamed} and is scheduled for deletion`);
    return renamed;
  }

  private scheduleDirDeletion(dir: string, delayMs: number): void {
    this.scheduler.schedule(
      'delete-logs',
      () => {
        const p = fs.promises
          .rm(dir, { recursive: true, force: true })
          .catch((e: unknown) => this.logger.warn(`failed to delete ${dir}: ${String(e)}`))
          .finally(() => this.pendingDirDeletions.delete(p));
        this.pendingDirDeletions.add(p);
      },
      delayMs,
    );
  }

  /** Resolves when directory deletions already started have finished (tests, shutdown). */
  async awaitPendingDeletions(): Promise<void> {
    while (this.pendingDirDeletions.size > 0) await Promise.all([...this.pendingDirDeletions]);
  }

  /** The dir's current logs, then its future ones (Kafka's allLogs order). */
  private logsIn(logDir: LogDirState): Log[] {
    return [...this.logs.values(), ...this.futureLogs.values()].filter((e) => e.logDir === logDir).map((e) => e.log);
  }

  private writeCheckpoint(file: CheckpointFile<PartitionOffset>, logs: Log[], value: (log: Log) => number): void {
    file.write(logs.map((log) => ({ topic: log.topic, partition: log.partition, offset: value(log) })));
  }

  private checkpointDir(logDir: LogDirState): void {
    const logs = this.logsIn(logDir);
    this.writeCheckpoint(logDir.recoveryPoints, logs, (l) => l.recoveryPoint);
    this.writeCheckpoint(logDir.logStartOffsets, logs, (l) => l.logStartOffset);
  }

  /** recovery-point-offset-checkpoint of every dir (Kafka: every log.flush.offset.checkpoint.interval.ms). */
  checkpointRecoveryPointOffsets(): void {
    for (const d of this.logDirs) {
      const logs = this.logsIn(d);
      this.writeCheckpoint(d.recoveryPoints, logs, (l) => l.recoveryPoint);
      // Recovery now starts at these points: older producer snapshots are not needed for it.
      for (const log of logs) log.deleteSnapshotsAfterRecoveryPointCheckpoint();
    }
  }

  /** Forgets idle producers in every log (Kafka: every ProducerIdExpirationCheckIntervalMs, 10 minutes). */
  removeExpiredProducers(): void {
    const now = this.time.now();
    for (const { log } of this.logs.values()) log.removeExpiredProducers(now);
  }

  /** log-start-offset-checkpoint of every dir (Kafka: every log.flush.start.offset.checkpoint.interval.ms). */
  checkpointLogStartOffsets(): void {
    for (const d of this.logDirs) this.writeCheckpoint(d.logStartOffsets, this.logsIn(d), (l) => l.logStartOffset);
  }

  /** replication-offset-checkpoint of every dir (Kafka: every replica.high.watermark.checkpoint.interval.ms). */
  checkpointHighWatermarks(): void {
    for (const d of this.logDirs) this.writeCheckpoint(d.highWatermarks, this.logsIn(d), (l) => l.highWatermark);
  }

  /**
   * Retention of the logs that are not compacted; returns the number of segments deleted. As in
   * Kafka, compacted logs are left to the cleaner, which runs their retention between passes (so
   * with no cleaner they get none); logs are paused for the cleaner meanwhile, against a topic
   * turning compacted half-way.
   */
  cleanupLogs(now: number = this.time.now()): number {
    let total = 0;
    const cleaner = this.logCleaner;
    const deletable = cleaner !== null ? cleaner.pauseCleaningForNonCompactedPartitions() : this.allLogs().filter((l) => !l.config['cleanup.policy'].includes('compact'));
    try {
      for (const log of deletable) total += log.deleteOldSegments(now);
    } finally {
      cleaner?.resumeCleaningAll(deletable);
    }
    return total;
  }

  /** The log cleaner, when one runs (tests, tools). */
  get cleaner(): LogCleaner | null {
    return this.logCleaner;
  }

  /**
   * Applies new log.cleaner.* settings at runtime (the dynamic broker config calls this): Kafka's
   * LogCleaner.reconfigure, which checks the thread count and restarts the workers. Takes the
   * changed fields, or the broker's new effective properties (name -> parsed value) to read them
   * all from. Throws when the new values are refused; does nothing when no cleaner runs
   * (log.cleaner.enable is not dynamic in Kafka either).
   */
  reconfigureCleaner(config: Partial<CleanerConfig> | ((name: string) => unknown)): void {
    if (this.logCleaner === null || this.shutDown) return;
    const next = typeof config === 'function' ? cleanerConfigFromBroker(config) : config;
    const { enableCleaner: _notDynamic, ...changes } = next;
    this.logCleaner.reconfigure(changes);
  }

  /** flush.ms for every log. */
  flushDirtyLogs(now: number = this.time.now()): void {
    for (const log of [...this.allLogs(), ...this.allFutureLogs()]) log.maybeFlushByTime(now);
  }

  /**
   * Clean shutdown: flush and close every log, write all checkpoints, then the clean-shutdown
   * marker in each dir, so the next start skips recovery.
   */
  shutdown(): void {
    if (this.shutDown) return;
    this.shutDown = true;
    // The cleaner first, as in Kafka: a pass in flight stops and leaves no .cleaned files.
    this.logCleaner?.shutdown();
    const logs = [...this.allLogs(), ...this.allFutureLogs()];
    for (const log of logs) log.flush();
    this.checkpointRecoveryPointOffsets();
    this.checkpointLogStartOffsets();
    this.checkpointHighWatermarks();
    for (const log of logs) log.close();
    for (const d of this.logDirs) {
      const marker = path.join(d.dir, CLEAN_SHUTDOWN_FILE);
      fs.closeSync(fs.openSync(marker, 'w'));
      fsyncDir(d.dir);
    }
    this.logger.info('log manager shut down cleanly');
  }

  private ensureRunning(): void {
    if (this.shutDown) throw new Error('log manager is shut down');
  }
}
