// Choosing what to clean and tracking progress (src/log/cleaner/cleaner-manager.ts): the dirty
// ratio, max.compaction.lag.ms, cleaner-offset-checkpoint, truncation below it, and passes
// aborted by truncation or deletion.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Log } from '../../../src/log/log';
import { LogManager } from '../../../src/log/log-manager';
import { ManualTime, cleanupTempDirs, config, immediateScheduler, tempDir } from '../helpers';
import { compactedLog, entries, filesIn, kv, manualCleaner } from './helpers';

afterEach(cleanupTempDirs);

const v = (s: string) => s + '.'.repeat(100);
const checkpointText = (dir: string) => fs.readFileSync(path.join(dir, 'cleaner-offset-checkpoint'), 'utf8');

/** `rounds` overwrites of the same `keys` keys, a segment per round, then an empty active segment. */
function overwrite(log: Log, keys: number, rounds: number, time: ManualTime, prefix = 'k'): void {
  for (let r = 0; r < rounds; r++) {
    log.appendAsLeader(kv(Array.from({ length: keys }, (_, i): [string, string] => [`${prefix}${i}`, v(`r${r}`)]), time.ms), 0);
    log.roll();
  }
}

describe('choosing the log to clean', () => {
  it('takes the dirtiest log above min.cleanable.dirty.ratio and leaves the others', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const a = compactedLog({ 'min.cleanable.dirty.ratio': 0.5 }, time, path.join(root, 'a-0'));
    const b = compactedLog({ 'min.cleanable.dirty.ratio': 0.5 }, time, path.join(root, 'b-0'));
    const cleaner = manualCleaner(() => [a, b], [root], time);
    overwrite(a, 10, 2, time);
    overwrite(b, 10, 2, time);
    expect(await cleaner.runOnce()).toBe(true);
    expect(await cleaner.runOnce()).toBe(true);
    expect(await cleaner.runOnce()).toBe(false);

    // a gets a little more dirt (ratio below 0.5), b a lot: only b is due.
    overwrite(a, 2, 1, time);
    overwrite(b, 10, 5, time);
    const before = cleaner.manager.allCleanerCheckpoints();
    expect(await cleaner.runOnce()).toBe(true);
    const after = cleaner.manager.allCleanerCheckpoints();
    expect(after.get('a-0')).toBe(before.get('a-0'));
    expect(after.get('b-0')).toBe(b.activeSegment.baseOffset);
    expect(cleaner.manager.dirtiestLogCleanableRatio).toBeGreaterThan(0.5);
    expect(await cleaner.runOnce()).toBe(false);

    // Both due: the dirtier goes first.
    overwrite(a, 10, 6, time);
    overwrite(b, 10, 2, time);
    expect(await cleaner.runOnce()).toBe(true);
    expect(cleaner.manager.allCleanerCheckpoints().get('a-0')).toBe(a.activeSegment.baseOffset);
    expect(cleaner.manager.allCleanerCheckpoints().get('b-0')).toBeLessThan(b.activeSegment.baseOffset);
    a.close();
    b.close();
  });

  it('cleans a log whose oldest dirty record is past max.compaction.lag.ms whatever its ratio', async () => {
    const time = new ManualTime();
    const log = compactedLog({ 'min.cleanable.dirty.ratio': 0.99, 'max.compaction.lag.ms': 60_000 }, time);
    const cleaner = manualCleaner(() => [log], [path.dirname(log.dir)], time);
    overwrite(log, 10, 3, time);
    expect(await cleaner.runOnce()).toBe(true); // first pass: everything is dirty, ratio 1
    overwrite(log, 1, 1, time);
    expect(await cleaner.runOnce()).toBe(false); // tiny ratio, records fresh
    time.advance(120_000);
    expect(await cleaner.runOnce()).toBe(true);
    expect(cleaner.manager.allCleanerCheckpoints().get('topic-0')).toBe(log.activeSegment.baseOffset);
    log.close();
  });
});

describe('cleaner-offset-checkpoint', () => {
  it('is created empty, written after each pass, and the next pass starts from it', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const log = compactedLog({}, time, path.join(root, 'orders-3'));
    const cleaner = manualCleaner(() => [log], [root], time);
    expect(checkpointText(root)).toBe('');
    overwrite(log, 5, 3, time);
    expect(await cleaner.runOnce()).toBe(true);
    expect(checkpointText(root)).toBe('0\n1\norders 3 15\n');
    expect(cleaner.lastStats[0]!.mapMessagesRead).toBe(15);
    overwrite(log, 5, 1, time);
    expect(await cleaner.runOnce()).toBe(true);
    // Only the new dirty section was mapped.
    expect(cleaner.lastStats[0]!.mapMessagesRead).toBe(5);
    expect(checkpointText(root)).toBe('0\n1\norders 3 20\n');
    expect(entries(log).map(([k, o]) => `${k}@${o}`)).toEqual(['k0@15', 'k1@16', 'k2@17', 'k3@18', 'k4@19']);
    log.close();
  });

  it('is reset to the log start when it points past the log end', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const log = compactedLog({}, time, path.join(root, 'orders-0'));
    fs.writeFileSync(path.join(root, 'cleaner-offset-checkpoint'), '0\n1\norders 0 500\n');
    const cleaner = manualCleaner(() => [log], [root], time);
    overwrite(log, 5, 2, time);
    expect(await cleaner.runOnce()).toBe(true);
    expect(checkpointText(root)).toBe('0\n1\norders 0 10\n');
    log.close();
  });

  it('follows a truncation below it back to the new active segment (maybeTruncateCheckpoint)', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const holder: { cleaner?: ReturnType<typeof manualCleaner> } = {};
    const coordinator = {
      abortAndPauseCleaning: (l: Log) => holder.cleaner!.abortAndPauseCleaning(l),
      maybeTruncateCheckpoint: (l: Log, o: number) => holder.cleaner!.maybeTruncateCheckpoint(l, o),
      resumeCleaning: (l: Log) => holder.cleaner!.resumeCleaning(l),
    };
    const log = compactedLog({}, time, path.join(root, 't-0'), coordinator);
    holder.cleaner = manualCleaner(() => [log], [root], time);
    overwrite(log, 5, 4, time);
    expect(await holder.cleaner.runOnce()).toBe(true);
    expect(checkpointText(root)).toBe('0\n1\nt 0 20\n');
    // A follower truncating to offset 12 (inside the cleaned segment at 0).
    log.truncateTo(12);
    expect(log.activeSegment.baseOffset).toBe(0);
    expect(checkpointText(root)).toBe('0\n1\nt 0 0\n');
    expect(holder.cleaner.manager.cleaningState(log)).toBe('none');
    // A truncation above the active segment's base leaves it alone.
    log.roll();
    overwrite(log, 5, 2, time);
    expect(await holder.cleaner.runOnce()).toBe(true);
    const cleanedTo = holder.cleaner.manager.allCleanerCheckpoints().get('t-0')!;
    log.appendAsLeader(kv([['z', v('z')]], time.ms), 0);
    log.truncateTo(log.logEndOffset - 1);
    expect(holder.cleaner.manager.allCleanerCheckpoints().get('t-0')).toBe(cleanedTo);
    // Starting over above the checkpoint leaves it below the log start: the next choice resets it.
    log.truncateFullyAndStartAt(100);
    expect(checkpointText(root)).toBe(`0\n1\nt 0 ${cleanedTo}\n`);
    overwrite(log, 5, 2, time);
    expect(await holder.cleaner.runOnce()).toBe(true);
    expect(checkpointText(root)).toBe('0\n1\nt 0 110\n');
    log.close();
  });

  it('writes more than four partitions in Scala HashMap order, as Kafka does', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const logs = ['p-0', 'p-1', 'p-2', 'p-3', 'p-4', 'p-5'].map((n) => compactedLog({}, time, path.join(root, n)));
    const cleaner = manualCleaner(() => logs, [root], time);
    for (const log of logs) overwrite(log, 2, 2, time);
    while (await cleaner.runOnce());
    const lines = checkpointText(root).split('\n');
    expect(lines.slice(0, 2)).toEqual(['0', '6']);
    expect(new Set(lines.slice(2, 8))).toEqual(new Set(['p 0 4', 'p 1 4', 'p 2 4', 'p 3 4', 'p 4 4', 'p 5 4']));
    for (const log of logs) log.close();
  });
});

describe('aborting and pausing', () => {
  it('a truncation during a pass aborts it: no swap, no checkpoint, no .cleaned files left', async () => {
    const time = new ManualTime();
    const root = tempDir();
    const holder: { cleaner?: ReturnType<typeof manualCleaner> } = {};
    const coordinator = {
      abortAndPauseCleaning: (l: Log) => holder.cleaner!.abortAndPauseCleaning(l),
      maybeTruncateCheckpoint: (l: Log, o: number) => holder.cleaner!.maybeTruncateCheckpoint(l, o),
      resumeCleaning: (l: Log) => holder.cleaner!.resumeCleaning(l),
    };
    const log = compactedLog({}, time, path.join(root, 't-0'), coordinator);
    holder.cleaner = manualCleaner(() => [log], [root], time);
    overwrite(log, 5, 4, time);
    const pass = holder.cleaner.runOnce();
    // The pass is now suspended at its first yield.
    expect(holder.cleaner.manager.cleaningState(log)).toBe('in-progress');
    log.truncateTo(7); // the whole batch holding 7 goes: the log now ends at 5
    expect(holder.cleaner.manager.cleaningState(log)).toBe('aborted');
    expect(await pass).toBe(false);
    expect(holder.cleaner.manager.cleaningState(log)).toBe('none');
    expect(checkpointText(root)).toBe('');
    expect(filesIn(log.dir).filter((f) => f.includes('.cleaned') || f.includes('.swap'))).toEqual([]);
    expect(entries(log).map(([, o]) => o)).toEqual([0, 1, 2, 3, 4]);
    // Nothing was lost: the next pass cleans what is there now.
    overwrite(log, 2, 1, time);
    expect(await holder.cleaner.runOnce()).toBe(true);
    expect(entries(log).map(([k, o]) => `${k}@${o}`)).toEqual(['k2@2', 'k3@3', 'k4@4', 'k0@5', 'k1@6']);
    log.close();
  });

  it('a paused log is skipped until resumed; resumes undo pauses one at a time', async () => {
    const time = new ManualTime();
    const log = compactedLog({}, time);
    const cleaner = manualCleaner(() => [log], [path.dirname(log.dir)], time);
    overwrite(log, 3, 3, time);
    cleaner.abortAndPauseCleaning(log);
    cleaner.abortAndPauseCleaning(log);
    expect(await cleaner.runOnce()).toBe(false);
    cleaner.resumeCleaning(log);
    expect(cleaner.manager.cleaningState(log)).toBe('paused');
    expect(await cleaner.runOnce()).toBe(false);
    cleaner.resumeCleaning(log);
    expect(() => cleaner.resumeCleaning(log)).toThrow(/cannot be resumed since it is not paused/);
    expect(await cleaner.runOnce()).toBe(true);
    log.close();
  });

  it('LogManager.deleteLog aborts a pass in flight and drops the partition from the checkpoint', async () => {
    const time = new ManualTime();
    const dir = tempDir();
    const m = LogManager.open({ logDirs: [dir], defaultConfig: config({ 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': 0.01 }), time, scheduler: immediateScheduler, cleanerConfig: { dedupeBufferSize: 1 << 20 } });
    // The worker loop is running for real; stop it and drive passes by hand.
    const cleaner = m.cleaner!;
    cleaner.shutdown();
    await cleaner.awaitShutdown();
    cleaner.startup({ run: false });
    const keep = m.getOrCreateLog('keep', 0);
    const doomed = m.getOrCreateLog('doomed', 0);
    overwrite(keep, 3, 2, time);
    expect(await cleaner.runOnce()).toBe(true);
    overwrite(doomed, 5, 40, time);
    const pass = cleaner.runOnce();
    expect(cleaner.manager.cleaningState(doomed)).toBe('in-progress');
    m.deleteLog('doomed', 0);
    expect(await pass).toBe(false);
    expect(cleaner.manager.cleaningState(doomed)).toBe('none');
    expect(checkpointText(dir)).toBe('0\n1\nkeep 0 6\n');
    m.shutdown();
  });
});
