// Crash safety of the cleaner's swap (src/log/segment-swap.ts, src/log/log-loader.ts): the files a
// kill -9 leaves at each step of replaceSegments, reopened as Kafka 2.4.1's loadSegments does.
// Whatever the step, every key keeps its latest value and no offset appears twice.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log } from '../../../src/log/log';
import { ManualScheduler, ManualTime, cleanupTempDirs, config, immediateScheduler, tempDir } from '../helpers';
import { entries, filesIn, kv, latestByKey, manualCleaner } from './helpers';

afterEach(cleanupTempDirs);

const v = (s: string) => s + '.'.repeat(100);
const props = { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': 0.01 };
const SEGMENT_FILES = (base: number) => ['.log', '.index', '.timeindex'].map((ext) => String(base).padStart(20, '0') + ext);

function open(dir: string, scheduler = immediateScheduler): Log {
  return Log.open({ dir, config: config(props), time: new ManualTime(), scheduler });
}

/** A log of four segments with overwrites and a tombstone; returns its dir (closed) and segment bases. */
function buildOriginal(): { dir: string; bases: number[] } {
  const dir = path.join(tempDir('swap-'), 'topic-0');
  const log = open(dir);
  const t = 1_600_000_000_000;
  log.appendAsLeader(kv([['a', v('a1')], ['b', v('b1')]], t), 0);
  log.roll();
  log.appendAsLeader(kv([['a', v('a2')], ['c', v('c1')]], t), 0);
  log.roll();
  log.appendAsLeader(kv([['b', null], ['d', v('d1')]], t), 0);
  log.roll();
  log.appendAsLeader(kv([['a', v('a3')]], t), 0);
  const bases = log.segments.map((s) => s.baseOffset);
  log.close();
  return { dir, bases };
}

function copyDir(from: string): string {
  const to = path.join(tempDir('swap-copy-'), path.basename(from));
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/** The same log cleaned for real (one pass, all non-active segments merged into one at 0). */
async function cleanedCopy(original: string): Promise<string> {
  const dir = copyDir(original);
  const log = open(dir);
  const time = new ManualTime();
  const cleaner = manualCleaner(() => [log], [path.dirname(dir)], time);
  expect(await cleaner.runOnce()).toBe(true);
  log.close();
  return dir;
}

function expectIntact(log: Log, expected: Map<string, string | null>): void {
  const offsets = entries(log).map(([, o]) => o);
  expect(new Set(offsets).size).toBe(offsets.length);
  expect([...offsets].sort((x, y) => x - y)).toEqual(offsets);
  expect(latestByKey(log)).toEqual(expected);
}

describe('reopening a log after a crash during a cleaner swap', () => {
  let original: { dir: string; bases: number[] };
  let cleaned: string;
  let latest: Map<string, string | null>;
  let cleanedEntries: [string, number, string | null][];
  let originalEntries: [string, number, string | null][];

  beforeEach(async () => {
    original = buildOriginal();
    cleaned = await cleanedCopy(original.dir);
    const a = open(copyDir(original.dir));
    latest = latestByKey(a);
    originalEntries = entries(a);
    a.close();
    const b = open(copyDir(cleaned));
    cleanedEntries = entries(b);
    b.close();
    expect(cleanedEntries.length).toBeLessThan(originalEntries.length);
    expect(fs.readdirSync(cleaned).filter((f) => f.endsWith('.log'))).toEqual(['00000000000000000000.log', '00000000000000000006.log']);
  });

  /** Puts the cleaned segment's files (base 0) into `dir` with `suffix`. */
  const plant = (dir: string, suffix: string) => {
    for (const f of SEGMENT_FILES(0)) fs.copyFileSync(path.join(cleaned, f), path.join(dir, f + suffix));
  };
  const renameOld = (dir: string, base: number, suffix: string) => {
    for (const f of SEGMENT_FILES(base)) if (fs.existsSync(path.join(dir, f))) fs.renameSync(path.join(dir, f), path.join(dir, f + suffix));
  };

  it('before the swap (.cleaned written): the pass is dropped, the original data stays', () => {
    const dir = copyDir(original.dir);
    plant(dir, '.cleaned');
    const log = open(dir);
    expect(filesIn(dir).filter((f) => f.includes('.cleaned'))).toEqual([]);
    expect(entries(log)).toEqual(originalEntries);
    expectIntact(log, latest);
    log.close();
  });

  it('after the rename to .swap: the swap is completed', () => {
    const dir = copyDir(original.dir);
    plant(dir, '.swap');
    const log = open(dir);
    expect(entries(log)).toEqual(cleanedEntries);
    expectIntact(log, latest);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 6]);
    expect(filesIn(dir).filter((f) => /\.(swap|deleted|cleaned)$/.test(f))).toEqual([]);
    log.close();
  });

  it('part-way through renaming the old segments to .deleted: the swap is completed', () => {
    for (const renamed of [[0], [0, 2], [0, 2, 4]]) {
      const dir = copyDir(original.dir);
      plant(dir, '.swap');
      for (const base of renamed) renameOld(dir, base, '.deleted');
      const log = open(dir);
      expect(entries(log)).toEqual(cleanedEntries);
      expectIntact(log, latest);
      log.close();
    }
  });

  it('after the swap lost its suffix: the leftover .deleted files go', () => {
    const dir = copyDir(cleaned);
    for (const base of original.bases.slice(1, 3)) for (const f of SEGMENT_FILES(base)) fs.copyFileSync(path.join(original.dir, f), path.join(dir, f + '.deleted'));
    const log = open(dir);
    expect(filesIn(dir).filter((f) => f.endsWith('.deleted'))).toEqual([]);
    expect(entries(log)).toEqual(cleanedEntries);
    log.close();
  });

  it('a .swap above the lowest .cleaned offset (a multi-segment swap half renamed) is dropped with it', () => {
    const dir = copyDir(original.dir);
    plant(dir, '.cleaned');
    // Pretend a second new segment at base 2 had already been renamed .swap.
    for (const f of SEGMENT_FILES(2)) fs.copyFileSync(path.join(dir, f), path.join(dir, f + '.swap'));
    const log = open(dir);
    expect(filesIn(dir).filter((f) => /\.(swap|cleaned)$/.test(f))).toEqual([]);
    expect(entries(log)).toEqual(originalEntries);
    log.close();
  });

  it('a live swap whose old segments were not deleted yet when the process died', async () => {
    const dir = copyDir(original.dir);
    // Deletions never run: the old segments stay as .deleted files, as after a kill -9.
    const scheduler = new ManualScheduler();
    const log = open(dir, scheduler);
    const cleaner = manualCleaner(() => [log], [path.dirname(dir)], new ManualTime());
    expect(await cleaner.runOnce()).toBe(true);
    expect(filesIn(dir).filter((f) => f.endsWith('.log.deleted')).length).toBe(3);
    // No close: the next open sees the files exactly as the dead process left them.
    const reopened = open(dir);
    expect(filesIn(dir).filter((f) => f.endsWith('.deleted'))).toEqual([]);
    expect(entries(reopened)).toEqual(cleanedEntries);
    expectIntact(reopened, latest);
    reopened.close();
    log.closeHandlers();
  });
});
