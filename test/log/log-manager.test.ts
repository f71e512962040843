import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseProperties, readBrokerMetadata, renderProperties, javaDateString } from '../../src/log/broker-metadata';
import { InconsistentBrokerIdError, InconsistentClusterIdError, KafkaStorageError, LogDirNotFoundError } from '../../src/log/errors';
import { LogManager } from '../../src/log/log-manager';
import { ManualScheduler, ManualTime, batch, cleanupTempDirs, config, immediateScheduler, splitBatches, tempDir } from './helpers';

afterEach(cleanupTempDirs);

const text = (file: string) => fs.readFileSync(file, 'utf8');

describe('meta.properties', () => {
  it('renders like Java Properties.store with Kafka key order', () => {
    expect(javaDateString(Date.UTC(2026, 10, 22, 14, 7, 9))).toBe('Sun Nov 22 14:07:09 UTC 2026');
    const out = renderProperties([['broker.id', '0'], ['version', '0'], ['cluster.id', 'Q8HfAufAQZyodhChtDWU8g']], Date.UTC(2026, 10, 22, 14, 7, 9));
    expect(out).toBe('#\n#Sun Nov 22 14:07:09 UTC 2026\nbroker.id=0\nversion=0\ncluster.id=Q8HfAufAQZyodhChtDWU8g\n');
    const parsed = parseProperties('# c\n! c\nbroker.id = 3\nversion:0\nweird\\:key=a\\=b\\\n  continued\n');
    expect([...parsed]).toEqual([['broker.id', '3'], ['version', '0'], ['weird:key', 'a=bcontinued']]);
  });

  it('is written where missing and a mismatch refuses to start', () => {
    const dirs = [tempDir(), tempDir()];
    const time = new ManualTime(Date.UTC(2026, 10, 22, 14, 7, 9));
    const m = LogManager.open({ logDirs: dirs, time });
    m.checkBrokerMetadata(0, 'Q8HfAufAQZyodhChtDWU8g');
    for (const d of dirs) {
      expect(text(path.join(d, 'meta.properties'))).toBe('#\n#Sun Nov 22 14:07:09 UTC 2026\nbroker.id=0\nversion=0\ncluster.id=Q8HfAufAQZyodhChtDWU8g\n');
    }
    m.shutdown();
    const again = LogManager.open({ logDirs: dirs, time });
    again.checkBrokerMetadata(0, 'Q8HfAufAQZyodhChtDWU8g');
    expect(() => again.checkBrokerMetadata(1, 'Q8HfAufAQZyodhChtDWU8g')).toThrow(InconsistentBrokerIdError);
    expect(() => again.checkBrokerMetadata(1)).toThrow(/Configured broker.id 1 doesn't match stored broker.id 0/);
    expect(() => again.checkBrokerMetadata(0, 'other')).toThrow(InconsistentClusterIdError);
    fs.writeFileSync(path.join(dirs[1], 'meta.properties'), 'version=0\nbroker.id=7\n');
    expect(() => again.checkBrokerMetadata(0)).toThrow(/Failed to match broker.id across log.dirs/);
    expect(readBrokerMetadata(dirs[1])).toEqual({ brokerId: 7 });
    again.shutdown();
  });
});

describe('LogManager', () => {
  it('creates the root checkpoint files, spreads partitions over dirs, and shuts down cleanly', () => {
    const dirs = [tempDir(), tempDir()];
    const m = LogManager.open({ logDirs: dirs, defaultConfig: config(), scheduler: immediateScheduler });
    for (const d of dirs) {
      for (const f of ['recovery-point-offset-checkpoint', 'replication-offset-checkpoint', 'log-start-offset-checkpoint']) {
        expect(text(path.join(d, f))).toBe('');
      }
    }
    const a = m.getOrCreateLog('orders', 0);
    const b = m.getOrCreateLog('orders', 1);
    const c = m.getOrCreateLog('my-topic-x', 2);
    expect(m.getOrCreateLog('orders', 0)).toBe(a);
    expect(path.dirname(a.dir)).not.toBe(path.dirname(b.dir));
    a.appendAsLeader(batch(3), 0);
    c.appendAsLeader(batch(2), 5);
    a.updateHighWatermark(3);
    m.shutdown();
    const dirOf = (log: { dir: string }) => path.dirname(log.dir);
    expect(fs.existsSync(path.join(dirOf(a), '.kafka_cleanshutdown'))).toBe(true);
    expect(text(path.join(dirOf(a), 'replication-offset-checkpoint'))).toMatch(/^0\n2\n/);
    expect(text(path.join(dirOf(a), 'replication-offset-checkpoint'))).toContain('orders 0 3\n');
    expect(text(path.join(dirOf(a), 'recovery-point-offset-checkpoint'))).toContain('orders 0 3\n');
    expect(text(path.join(dirOf(c), 'recovery-point-offset-checkpoint'))).toContain('my-topic-x 2 2\n');
    expect(text(path.join(dirOf(a), 'log-start-offset-checkpoint'))).toContain('orders 0 0\n');
    // closed logs have trimmed indexes
    expect(fs.statSync(path.join(a.dir, '00000000000000000000.index')).size).toBe(0);

    const again = LogManager.open({ logDirs: dirs, defaultConfig: config(), scheduler: immediateScheduler });
    expect(again.cleanShutdownStatus.every((s) => s.hadCleanShutdown)).toBe(true);
    for (const d of dirs) expect(fs.existsSync(path.join(d, '.kafka_cleanshutdown'))).toBe(false);
    const a2 = again.getLog('orders', 0)!;
    expect(a2.logEndOffset).toBe(3);
    expect(a2.highWatermark).toBe(3);
    expect(again.getLog('my-topic-x', 2)!.latestEpoch).toBe(5);
    expect(again.allLogs()).toHaveLength(3);
    expect(fs.statSync(path.join(a2.dir, '00000000000000000000.index')).size).toBe(10485760);
    again.shutdown();
  });

  it('recovers after a crash (no marker) and keeps the intact data', () => {
    const dir = tempDir();
    const m = LogManager.open({ logDirs: [dir], defaultConfig: config(), scheduler: immediateScheduler });
    const log = m.getOrCreateLog('t', 0);
    for (let i = 0; i < 10; i++) log.appendAsLeader(batch(2), 0);
    m.checkpointRecoveryPointOffsets(); // recovery point 0: nothing flushed
    // crash: no shutdown, and the last batch is torn
    const file = path.join(log.dir, '00000000000000000000.log');
    fs.truncateSync(file, fs.statSync(file).size - 7);
    log.closeHandlers();
    const again = LogManager.open({ logDirs: [dir], defaultConfig: config(), scheduler: immediateScheduler });
    expect(again.cleanShutdownStatus[0].hadCleanShutdown).toBe(false);
    const recovered = again.getLog('t', 0)!;
    expect(recovered.logEndOffset).toBe(18);
    expect(splitBatches(recovered.read(0, 1 << 20).records)).toHaveLength(9);
    again.shutdown();
  });

  it('deletes a partition by renaming it to <topic>-<p>.<uuid>-delete, then removing it', async () => {
    const dir = tempDir();
    const scheduler = new ManualScheduler();
    const m = LogManager.open({ logDirs: [dir], defaultConfig: config({ 'file.delete.delay.ms': 60000 }), scheduler });
    m.getOrCreateLog('gone', 4).appendAsLeader(batch(1), 0);
    m.getOrCreateLog('kept', 0);
    const renamed = m.deleteLog('gone', 4)!;
    expect(path.basename(renamed)).toMatch(/^gone-4\.[0-9a-f]{32}-delete$/);
    expect(fs.existsSync(renamed)).toBe(true);
    expect(m.getLog('gone', 4)).toBeUndefined();
    expect(text(path.join(dir, 'recovery-point-offset-checkpoint'))).toBe('0\n1\nkept 0 0\n');
    expect(scheduler.tasks.map((t) => [t.name, t.delayMs])).toEqual([['delete-logs', 60000]]);
    scheduler.runAll();
    await m.awaitPendingDeletions();
    expect(fs.existsSync(renamed)).toBe(false);
    expect(m.deleteLog('gone', 4)).toBeNull();
    m.shutdown();
  });

  it('finishes deletion of -delete dirs found at startup and ignores non-partition dirs', async () => {
    const dir = tempDir();
    const leftover = path.join(dir, 'old-1.0123456789abcdef0123456789abcdef-delete');
    fs.mkdirSync(leftover);
    fs.writeFileSync(path.join(leftover, '00000000000000000000.log'), 'x');
    fs.mkdirSync(path.join(dir, 'not_a_partition'));
    const m = LogManager.open({ logDirs: [dir], scheduler: immediateScheduler });
    await m.awaitPendingDeletions();
    expect(fs.existsSync(leftover)).toBe(false);
    expect(m.allLogs()).toHaveLength(0);
    m.shutdown();
  });

  it('moves a replica to another log dir through a -future log that replaces the current one', async () => {
    const dirs = [tempDir(), tempDir()];
    const scheduler = new ManualScheduler();
    const m = LogManager.open({ logDirs: dirs, scheduler });
    const current = m.getOrCreateLog('moving', 0);
    current.appendAsLeader(batch(3), 0);
    expect(m.logDirPathOf('moving', 0)).toBe(dirs[0]);
    expect(() => m.isLogDirOnline('/not/configured')).toThrow(LogDirNotFoundError);
    expect(() => m.getOrCreateFutureLog('moving', 0)).toThrow(/without having a preferred log directory/);
    // Asking for the dir it is already in records nothing.
    m.maybeUpdatePreferredLogDir('moving', 0, dirs[0]!);
    expect(() => m.getOrCreateFutureLog('moving', 0)).toThrow(/without having a preferred log directory/);

    m.maybeUpdatePreferredLogDir('moving', 0, dirs[1]!);
    const future = m.getOrCreateFutureLog('moving', 0);
    expect(path.basename(future.dir)).toMatch(/^moving-0\.[0-9a-f]{32}-future$/);
    expect(path.dirname(future.dir)).toBe(dirs[1]);
    expect([future.isFuture, future.topic, future.partition]).toEqual([true, 'moving', 0]);
    expect(m.getFutureLog('moving', 0)).toBe(future);
    expect(m.logDirsWithLogs().map((d) => d.logs.map((l) => l.isFuture))).toEqual([[false], [true]]);
    future.appendAsFollower(current.read(0, 1 << 20).records);

    // Both checkpoints name the partition, each for the log in its own dir.
    m.checkpointRecoveryPointOffsets();
    expect(text(path.join(dirs[1]!, 'recovery-point-offset-checkpoint'))).toBe('0\n1\nmoving 0 0\n');

    const replaced = m.replaceCurrentWithFutureLog('moving', 0);
    expect(replaced).toBe(future);
    expect(replaced.dir).toBe(path.join(dirs[1]!, 'moving-0'));
    expect(replaced.isFuture).toBe(false);
    expect(m.getLog('moving', 0)).toBe(replaced);
    expect(m.getFutureLog('moving', 0)).toBeUndefined();
    const leftovers = fs.readdirSync(dirs[0]!).filter((n) => n.startsWith('moving-0'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0]).toMatch(/^moving-0\.[0-9a-f]{32}-delete$/);
    // The moved log keeps working where it now lives: appends, rolls and reads.
    replaced.appendAsLeader(batch(2), 1);
    replaced.roll();
    replaced.appendAsLeader(batch(1), 1);
    expect(fs.readdirSync(replaced.dir).filter((n) => n.endsWith('.log'))).toHaveLength(2);
    expect(replaced.read(0, 1 << 20).records.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(replaced.dir, 'leader-epoch-checkpoint'), 'utf8')).toBe('0\n2\n0 0\n1 3\n');
    scheduler.runAll();
    await m.awaitPendingDeletions();
    expect(fs.readdirSync(dirs[0]!).filter((n) => n.startsWith('moving-0'))).toEqual([]);
    m.shutdown();

    const reopened = LogManager.open({ logDirs: dirs });
    expect(reopened.getLog('moving', 0)!.logEndOffset).toBe(6);
    expect(reopened.logDirPathOf('moving', 0)).toBe(dirs[1]);
    reopened.shutdown();
  });

  it('reloads a future log left by a shutdown mid-move, and deletes it on request', () => {
    const dirs = [tempDir(), tempDir()];
    const m = LogManager.open({ logDirs: dirs, scheduler: immediateScheduler });
    m.getOrCreateLog('t', 1).appendAsLeader(batch(4), 0);
    m.maybeUpdatePreferredLogDir('t', 1, dirs[1]!);
    m.getOrCreateFutureLog('t', 1).appendAsFollower(m.getLog('t', 1)!.read(0, 1 << 20).records);
    m.shutdown();
    const again = LogManager.open({ logDirs: dirs, scheduler: immediateScheduler });
    expect(again.getLog('t', 1)!.logEndOffset).toBe(4);
    expect(again.getFutureLog('t', 1)!.logEndOffset).toBe(4);
    expect(again.logDirPathOf('t', 1, { future: true })).toBe(dirs[1]);
    expect(path.basename(again.deleteLog('t', 1, { future: true })!)).toMatch(/^t-1\.[0-9a-f]{32}-delete$/);
    expect(again.getFutureLog('t', 1)).toBeUndefined();
    expect(again.getLog('t', 1)).toBeDefined();
    again.shutdown();
  });

  it('creates a log in its preferred dir when one was asked for before it existed', () => {
    const dirs = [tempDir(), tempDir()];
    const m = LogManager.open({ logDirs: dirs });
    m.maybeUpdatePreferredLogDir('later', 0, dirs[1]!);
    expect(m.logDirPathOf('later', 0)).toBeUndefined();
    expect(path.dirname(m.getOrCreateLog('later', 0).dir)).toBe(dirs[1]);
    // Used once: the next partition goes where there is most room again.
    expect(path.dirname(m.getOrCreateLog('other', 0).dir)).toBe(dirs[0]);
    m.shutdown();
  });

  it('refuses duplicate partitions across dirs', () => {
    const dirs = [tempDir(), tempDir()];
    for (const d of dirs) fs.mkdirSync(path.join(d, 'dup-0'));
    expect(() => LogManager.open({ logDirs: dirs })).toThrow(KafkaStorageError);
  });

  it('runs retention over every log and applies topic configs', () => {
    const dir = tempDir();
    const m = LogManager.open({
      logDirs: [dir],
      defaultConfig: config(),
      configFor: (topic) => (topic === 'short' ? config({ 'retention.ms': 100, 'segment.bytes': 200 }) : undefined),
      scheduler: immediateScheduler,
    });
    const short = m.getOrCreateLog('short', 0);
    const long = m.getOrCreateLog('long', 0);
    for (let i = 0; i < 6; i++) {
      short.appendAsLeader(batch(2, { valueSize: 50, timestamp: 1000 }), 0);
      long.appendAsLeader(batch(2, { valueSize: 50, timestamp: 1000 }), 0);
    }
    short.updateHighWatermark(short.logEndOffset);
    long.updateHighWatermark(long.logEndOffset);
    expect(m.cleanupLogs(10_000)).toBeGreaterThan(0);
    expect(short.logStartOffset).toBe(12);
    expect(long.logStartOffset).toBe(0);
    m.checkpointLogStartOffsets();
    expect(text(path.join(dir, 'log-start-offset-checkpoint'))).toContain('short 0 12\n');
    m.shutdown();
  });
});
