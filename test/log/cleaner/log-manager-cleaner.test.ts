// The cleaner as the LogManager runs it (src/log/log-manager.ts): started by open() when
// configured, its own loop cleaning in the background, retention of compacted logs, runtime
// reconfiguration, and shutdown leaving no .cleaned files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogManager } from '../../../src/log/log-manager';
import { cleanupTempDirs, config, immediateScheduler, tempDir } from '../helpers';
import { entries, filesIn, kv } from './helpers';

afterEach(cleanupTempDirs);

const compact = config({ 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': 0.01 });

function manager(dirs: string[], cleanerConfig: Record<string, unknown> | undefined = { backOffMs: 20, dedupeBufferSize: 1 << 20 }) {
  return LogManager.open({ logDirs: dirs, defaultConfig: compact, scheduler: immediateScheduler, cleanerConfig });
}

async function until(what: string, probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('LogManager with a cleaner', () => {
  it('creates cleaner-offset-checkpoint in each dir and cleans in the background', async () => {
    const dirs = [tempDir(), tempDir()];
    const m = manager(dirs);
    for (const d of dirs) expect(fs.readFileSync(path.join(d, 'cleaner-offset-checkpoint'), 'utf8')).toBe('');
    const log = m.getOrCreateLog('compacted', 0);
    for (let r = 0; r < 5; r++) {
      log.appendAsLeader(kv(Array.from({ length: 20 }, (_, i): [string, string] => [`k${i}`, `r${r}`]), Date.now()), 0);
      log.roll();
    }
    expect(await m.cleaner!.awaitCleaned(log, 100, 10_000)).toBe(true);
    const kept = entries(log);
    expect(kept.map(([k]) => k)).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`));
    expect(kept.every(([, , value]) => value === 'r4')).toBe(true);
    m.shutdown();
    await m.cleaner!.awaitShutdown();
  });

  it('runs retention of compacted logs on the cleaner, and none without one (as Kafka)', async () => {
    const dir = tempDir();
    const withCleaner = LogManager.open({ logDirs: [dir], defaultConfig: config({ 'cleanup.policy': 'compact,delete', 'retention.ms': 1000, 'min.cleanable.dirty.ratio': 0.99 }), scheduler: immediateScheduler, cleanerConfig: { backOffMs: 20 } });
    const log = withCleaner.getOrCreateLog('cd', 0);
    log.appendAsLeader(kv([['a', 'old']], Date.now() - 60_000), 0);
    log.roll();
    log.appendAsLeader(kv([['b', 'new']], Date.now()), 0);
    log.updateHighWatermark(log.logEndOffset);
    // The retention task leaves compacted logs alone...
    expect(withCleaner.cleanupLogs()).toBe(0);
    // ...the cleaner's loop deletes the expired segment.
    await until('retention on the cleaner', () => log.logStartOffset === 1);
    withCleaner.shutdown();

    const noCleaner = LogManager.open({ logDirs: [tempDir()], defaultConfig: config({ 'cleanup.policy': 'compact,delete', 'retention.ms': 1000 }), scheduler: immediateScheduler });
    expect(noCleaner.cleaner).toBeNull();
    const other = noCleaner.getOrCreateLog('cd', 0);
    other.appendAsLeader(kv([['a', 'old']], Date.now() - 60_000), 0);
    other.roll();
    other.updateHighWatermark(other.logEndOffset);
    expect(noCleaner.cleanupLogs()).toBe(0);
    noCleaner.shutdown();
  });

  it('log.cleaner.enable=false means no cleaner', () => {
    const m = manager([tempDir()], { enableCleaner: false });
    expect(m.cleaner).toBeNull();
    m.reconfigureCleaner({ numThreads: 2 });
    m.shutdown();
  });

  it('reconfigureCleaner applies new settings, refusing thread counts Kafka refuses', async () => {
    const m = manager([tempDir()]);
    const cleaner = m.cleaner!;
    expect(cleaner.cleanerCount).toBe(1);
    expect(() => m.reconfigureCleaner({ numThreads: 3 })).toThrow('Log cleaner threads cannot be increased to more than double the current value 1');
    m.reconfigureCleaner({ numThreads: 2, backOffMs: 5, maxIoBytesPerSecond: 1e6 });
    expect(cleaner.cleanerCount).toBe(2);
    expect(cleaner.currentConfig).toMatchObject({ numThreads: 2, backOffMs: 5, maxIoBytesPerSecond: 1e6 });
    expect(cleaner.throttler.desiredRate).toBe(1e6);
    expect(() => m.reconfigureCleaner({ numThreads: 0 })).toThrow('Log cleaner threads should be at least 1');
    // Both workers clean.
    const logs = [0, 1, 2].map((p) => m.getOrCreateLog('multi', p));
    for (const log of logs) {
      for (let r = 0; r < 3; r++) {
        log.appendAsLeader(kv([['k', `r${r}`]], Date.now()), 0);
        log.roll();
      }
    }
    for (const log of logs) expect(await cleaner.awaitCleaned(log, 3, 10_000)).toBe(true);
    m.shutdown();
    await cleaner.awaitShutdown();
  });

  it('shutdown in the middle of a pass leaves no .cleaned files and the checkpoint where it was', async () => {
    const dir = tempDir();
    // A slow cleaner: 200 kB/s over about 2 MB of dirty data.
    const m = manager([dir], { backOffMs: 10, maxIoBytesPerSecond: 200_000, dedupeBufferSize: 1 << 20 });
    const log = m.getOrCreateLog('slow', 0);
    for (let r = 0; r < 20; r++) {
      log.appendAsLeader(kv(Array.from({ length: 100 }, (_, i): [string, string] => [`k${i}`, 'x'.repeat(1000)]), Date.now()), 0);
      log.roll();
    }
    await until('a .cleaned file', () => filesIn(log.dir).some((f) => f.endsWith('.cleaned')));
    m.shutdown();
    expect(filesIn(log.dir).filter((f) => f.endsWith('.cleaned'))).toEqual([]);
    await m.cleaner!.awaitShutdown();
    expect(fs.readFileSync(path.join(dir, 'cleaner-offset-checkpoint'), 'utf8')).not.toMatch(/slow 0 2000/);
    // Reopened, nothing is lost.
    const again = manager([dir], undefined);
    const reopened = again.getLog('slow', 0)!;
    expect(new Set(entries(reopened).map(([k]) => k)).size).toBe(100);
    again.shutdown();
  });
});
