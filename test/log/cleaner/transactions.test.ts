// The cleaner and transactions on real logs (src/log/cleaner/cleaner.ts, transaction-metadata.ts):
// committed and aborted transactions of two producers interleaved with plain records and
// overwritten keys. As in Kafka 2.4.1: aborted data goes whatever its keys, committed data is
// deduplicated like any other, COMMIT/ABORT markers stay while their transaction's data does and
// then until delete.retention.ms, the aborts whose markers stay are listed in the cleaned
// segments' .txnindex, a live producer's last batch survives (empty) so its sequence does, and
// nothing from the first unstable offset on is cleaned. read_committed reads, reopening and a
// crash at the swap agree with all of it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log } from '../../../src/log/log';
import { Cleaner } from '../../../src/log/cleaner/cleaner';
import { LogToClean, cleanableOffsets } from '../../../src/log/cleaner/cleanable-log';
import { SkimpyOffsetMap } from '../../../src/log/cleaner/offset-map';
import { Throttler } from '../../../src/log/cleaner/throttler';
import { decodeAbortedTxns, type AbortedTxn } from '../../../src/log/transaction-index';
import { silentLogger } from '../../../src/common/logger';
import { ManualTime, cleanupTempDirs, config, tempDir } from '../helpers';
import { ageSegment, compactedLog, entries, filesIn, kv, manualCleaner } from './helpers';
import { TestProducer, latestOfEachKey, markers, readCommitted, storedBatches, type Visible } from './txn-helpers';

afterEach(cleanupTempDirs);

const v = (s: string) => s.padEnd(100, '.');
const name = (base: number, ext: string) => String(base).padStart(20, '0') + ext;
const COMMITTER = 1000;
const ABORTER = 2000;
const DAY = 86_400_000;
/**
 * With 100-byte values the first four segments are 921, 669, 420 and 721 bytes: each is alone in
 * its cleaning group, so each cleaned segment keeps its own base offset, modification time and
 * transaction index.
 */
const SEGMENT_BYTES = 1000;

interface TxnLog {
  log: Log;
  time: ManualTime;
  committer: TestProducer;
  aborter: TestProducer;
  /** Offsets of interest, by name. */
  at: Record<'commit1' | 'abort1' | 'commit2' | 'aborted2' | 'abort2' | 'open', number>;
  /** Base offsets of the segments, in order: A, B, C, C2 (plain), D (open transaction), E. */
  bases: number[];
}

/**
 *   A:  0-1 plain a1 b1 | 2-3 committer a2 c1 | 4-5 aborter b d (aborted) | 6 COMMIT committer
 *   B:  7 aborter a (aborted) | 8 ABORT aborter | 9 plain c2 | 10 committer d2 | 11 COMMIT committer
 *   C:  12 aborter e (aborted: the aborter's last data) | 13 ABORT aborter | 14 plain a3
 *   C2: 15-20 plain h..m
 *   D:  21 committer f (transaction left open) | 22 plain b3
 *   E:  23 plain b4
 *   active: 24 plain g1
 */
function buildTxnLog(props: Record<string, string | number> = {}, dir?: string): TxnLog {
  const time = new ManualTime();
  const log = compactedLog({ 'segment.bytes': SEGMENT_BYTES, ...props }, time, dir);
  const now = () => time.ms;
  const committer = new TestProducer(log, COMMITTER, now);
  const aborter = new TestProducer(log, ABORTER, now);
  const plain = (pairs: [string, string][]) => log.appendAsLeader(kv(pairs, now()), 0).firstOffset;
  const bases: number[] = [];
  const roll = () => {
    bases.push(log.activeSegment.baseOffset);
    log.roll();
  };

  plain([['a', v('a1')], ['b', v('b1')]]);
  committer.sendTransactional([['a', v('a2')], ['c', v('c1')]]);
  aborter.sendTransactional([['b', v('b-aborted')], ['d', v('d-aborted')]]);
  const commit1 = committer.commit();
  roll();
  aborter.sendTransactional([['a', v('a-aborted')]]);
  const abort1 = aborter.abort();
  plain([['c', v('c2')]]);
  committer.sendTransactional([['d', v('d2')]]);
  const commit2 = committer.commit();
  roll();
  const aborted2 = aborter.sendTransactional([['e', v('e-aborted')]]);
  const abort2 = aborter.abort();
  plain([['a', v('a3')]]);
  roll();
  plain(['h', 'i', 'j', 'k', 'l', 'm'].map((k): [string, string] => [k, v(`${k}1`)]));
  roll();
  const open = committer.sendTransactional([['f', v('f-open')]]);
  plain([['b', v('b3')]]);
  roll();
  plain([['b', v('b4')]]);
  roll();
  plain([['g', v('g1')]]);
  log.updateHighWatermark(log.logEndOffset);
  return { log, time, committer, aborter, at: { commit1, abort1, commit2, aborted2, abort2, open }, bases };
}

/** Each segment's transaction index entries, by base offset (segments without any left out). */
function txnIndexes(log: Log): Map<number, readonly AbortedTxn[]> {
  return new Map(log.segments.filter((s) => s.abortedTxns.length > 0).map((s) => [s.baseOffset, s.abortedTxns]));
}

/** Every record value stored in the log, read_uncommitted. */
const storedValues = (log: Log) => entries(log).map(([, , value]) => value);

const producerStates = (log: Log) => [...log.activeProducers()].sort((a, b) => a.producerId - b.producerId);

function cleanerFor(log: Log, time: ManualTime) {
  return manualCleaner(() => [log], [path.dirname(log.dir)], time);
}

/** A Cleaner driven directly with a chosen tombstone horizon, as Kafka's own tests use doClean. */
function directCleaner(time: ManualTime): Cleaner {
  return new Cleaner({
    id: 0,
    offsetMap: new SkimpyOffsetMap(1 << 20),
    ioBufferSize: 64 * 1024,
    maxIoBufferSize: 1 << 20,
    dupBufferLoadFactor: 0.9,
    throttler: new Throttler(Number.MAX_VALUE, time, async () => undefined),
    time,
    logger: silentLogger,
    checkDone: () => undefined,
    yieldToEventLoop: async () => undefined,
  });
}

/** One pass over everything cleanable, every marker and tombstone past its horizon. */
async function cleanPastHorizon(cleaner: Cleaner, log: Log, time: ManualTime): Promise<number> {
  const offsets = cleanableOffsets(log, undefined, time.ms);
  const { endOffset } = await cleaner.doClean(new LogToClean(log, offsets.firstDirtyOffset, offsets.firstUncleanableDirtyOffset), Number.MAX_SAFE_INTEGER);
  return endOffset;
}

describe('cleaning a log with transactions', () => {
  it('drops aborted data whatever its keys, deduplicates committed data, keeps the markers and lists the kept aborts in the cleaned .txnindex', async () => {
    const { log, time, at, bases } = buildTxnLog();
    expect(bases.slice(0, 4)).toEqual([0, 7, 12, 15]);
    const abortB = log.segments[1].abortedTxns[0];
    const abortC = log.segments[2].abortedTxns[0];
    expect([abortB, abortC]).toMatchObject([
      { producerId: ABORTER, firstOffset: 4, lastOffset: at.abort1 },
      { producerId: ABORTER, firstOffset: at.aborted2, lastOffset: at.abort2 },
    ]);
    const committedBefore = readCommitted(log);
    // The consumer model filters for real: the aborted values are in the log, not in what it reads.
    expect(storedValues(log).filter((x) => x!.includes('aborted'))).toHaveLength(4);
    expect(committedBefore.map(([k, o]) => `${k}@${o}`)).toEqual(['a@0', 'b@1', 'a@2', 'c@3', 'c@9', 'd@10', 'a@14', 'h@15', 'i@16', 'j@17', 'k@18', 'l@19', 'm@20']);
    const producersBefore = producerStates(log);

    expect(await cleanerFor(log, time).runOnce()).toBe(true);

    // Not one aborted record is left, read_uncommitted.
    expect(storedValues(log).filter((x) => x!.includes('aborted'))).toEqual([]);
    // What the pass rewrote: per key the latest committed record, every marker, and the
    // aborter's last data batch as an empty header (it is a live producer's last write).
    expect(storedBatches(log.segments.filter((s) => s.baseOffset < at.open)).map(({ base, last, producerId, count, kind, values }) => ({ base, last, producerId, count, kind, values: values.map((x) => x?.slice(0, 2)) }))).toEqual([
      { base: 0, last: 1, producerId: -1, count: 1, kind: 'data', values: ['b1'] },
      { base: 6, last: 6, producerId: COMMITTER, count: 1, kind: 'commit', values: [] },
      { base: 8, last: 8, producerId: ABORTER, count: 1, kind: 'abort', values: [] },
      { base: 9, last: 9, producerId: -1, count: 1, kind: 'data', values: ['c2'] },
      { base: 10, last: 10, producerId: COMMITTER, count: 1, kind: 'data', values: ['d2'] },
      { base: 11, last: 11, producerId: COMMITTER, count: 1, kind: 'commit', values: [] },
      { base: 12, last: 12, producerId: ABORTER, count: 0, kind: 'data', values: [] },
      { base: 13, last: 13, producerId: ABORTER, count: 1, kind: 'abort', values: [] },
      { base: 14, last: 14, producerId: -1, count: 1, kind: 'data', values: ['a3'] },
      { base: 15, last: 20, producerId: -1, count: 6, kind: 'data', values: ['h1', 'i1', 'j1', 'k1', 'l1', 'm1'] },
    ]);
    // A read_committed consumer sees the latest committed record of each key, as before.
    expect(readCommitted(log)).toEqual(latestOfEachKey(committedBefore));

    // Each cleaned segment kept its base offset and carries the abort whose marker it holds,
    // read back from its renamed .txnindex file.
    expect(log.segments.map((s) => s.baseOffset)).toEqual(bases.concat(log.activeSegment.baseOffset));
    expect(txnIndexes(log)).toEqual(new Map([[7, [abortB]], [12, [abortC]]]));
    expect(decodeAbortedTxns(fs.readFileSync(path.join(log.dir, name(7, '.txnindex'))))).toEqual([abortB]);
    expect(decodeAbortedTxns(fs.readFileSync(path.join(log.dir, name(12, '.txnindex'))))).toEqual([abortC]);
    expect(filesIn(log.dir).filter((f) => /\.(cleaned|swap|deleted)$/.test(f))).toEqual([]);
    // The read_committed fetch of the segment still lists the abort (its empty batch stays).
    expect(log.read(12, 1 << 20, { maxOffset: log.lastStableOffset, includeAbortedTxns: true }).abortedTransactions).toEqual([{ producerId: ABORTER, firstOffset: at.aborted2 }]);
    // Producer state is the log's, untouched by the pass.
    expect(producerStates(log)).toEqual(producersBefore);
    log.close();
  });

  it('cleans nothing from the first unstable offset on, until that transaction is decided and its marker replicated', async () => {
    const { log, time, at, bases, committer } = buildTxnLog();
    expect(bases[4]).toBe(at.open);
    expect(log.firstUnstableOffset).toBe(at.open);
    expect(log.lastStableOffset).toBe(at.open);
    // The open transaction sits in segment D, below the active segment: it is the bound.
    expect(cleanableOffsets(log, undefined, time.ms).firstUncleanableDirtyOffset).toBe(at.open);
    const unstableSegments = () => log.segments.filter((s) => s.baseOffset >= at.open).map((s) => fs.readFileSync(s.logFile));
    const before = unstableSegments();
    const cleaner = cleanerFor(log, time);

    expect(await cleaner.runOnce()).toBe(true);
    expect(cleaner.manager.allCleanerCheckpoints().get('topic-0')).toBe(at.open);
    expect(unstableSegments()).toEqual(before);
    // b1 survives although b3 and b4 overwrite it: the offset map stopped at the open transaction.
    expect(entries(log).filter(([k]) => k === 'b').map(([, o]) => o)).toEqual([1, 22, 23]);

    // Decided, but its COMMIT not yet below the high watermark: still unstable.
    const commit = committer.commit();
    log.roll();
    expect(log.firstUnstableOffset).toBe(at.open);
    expect(await cleaner.runOnce()).toBe(false);
    expect(cleaner.manager.allCleanerCheckpoints().get('topic-0')).toBe(at.open);

    log.updateHighWatermark(log.logEndOffset);
    expect(log.firstUnstableOffset).toBeUndefined();
    expect(await cleaner.runOnce()).toBe(true);
    expect(cleaner.manager.allCleanerCheckpoints().get('topic-0')).toBe(log.activeSegment.baseOffset);
    expect(entries(log).filter(([k]) => k === 'b').map(([, o]) => o)).toEqual([23]);
    expect(readCommitted(log).filter(([k]) => k === 'f')).toEqual([['f', at.open, v('f-open')]]);
    expect(markers(log.segments)).toContain(`commit@${commit}`);
    log.close();
  });

  it('drops a marker whose data is gone only past delete.retention.ms; an ABORT stays while its producer keeps an empty batch', async () => {
    const { log, time, at, committer } = buildTxnLog({ 'delete.retention.ms': 5000 });
    const cleaner = cleanerFor(log, time);
    expect(await cleaner.runOnce()).toBe(true);
    const commit3 = committer.commit();
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    const committed = readCommitted(log);
    const all = [`commit@${at.commit1}`, `abort@${at.abort1}`, `commit@${at.commit2}`, `abort@${at.abort2}`, `commit@${commit3}`];

    // A second pass right away: the markers' data is gone, but their segments are newer than the
    // horizon (the last clean segment's time minus delete.retention.ms).
    expect(await cleaner.runOnce()).toBe(true);
    expect(markers(log.segments)).toEqual(all);

    // Segments A, B and C are now older than the horizon; C2, the last clean one, is not.
    const now = Date.now();
    for (const s of log.segments) if (s !== log.activeSegment) ageSegment(log, s.baseOffset, s.baseOffset < 15 ? now - 10_000 : now);
    log.appendAsLeader(kv([['n', v('n1')]], time.ms), 0);
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    expect(await cleaner.runOnce()).toBe(true);
    // COMMIT 6 and ABORT 8 go: no record of their transactions is left. COMMIT 11 stays with d2,
    // and ABORT 13 with the aborter's empty batch (still its last write), though past the horizon.
    expect(markers(log.segments)).toEqual([`commit@${at.commit2}`, `abort@${at.abort2}`, `commit@${commit3}`]);
    expect(storedBatches(log.segments).find((b) => b.base === at.aborted2)).toMatchObject({ producerId: ABORTER, count: 0 });
    // Only the kept abort is listed, in the index of the segment holding its marker.
    const indexed = [...txnIndexes(log)];
    expect(indexed.map(([, txns]) => txns)).toEqual([[{ producerId: ABORTER, firstOffset: at.aborted2, lastOffset: at.abort2, lastStableOffset: at.abort2 + 1 }]]);
    const holder = log.segments.find((s) => s.baseOffset === indexed[0][0])!;
    expect(log.logSegments(at.abort2, at.abort2 + 1)[0]).toBe(holder);
    expect(readCommitted(log)).toEqual(latestOfEachKey([...committed, ['n', log.logEndOffset - 1, v('n1')]]));
    log.close();
  });

  it('keeps markers through the pass that removes their data, and the empty batch of a live producer until it expires, its ABORT one pass longer', async () => {
    const { log, time, at, committer } = buildTxnLog();
    const commit3 = committer.commit();
    log.roll();
    log.updateHighWatermark(log.logEndOffset);
    const cleaner = directCleaner(time);
    const committed = latestOfEachKey(readCommitted(log));
    const aborterLast = () => storedBatches(log.segments).find((b) => b.producerId === ABORTER && b.kind === 'data');

    // Past the horizon, yet every marker stays: this pass is the one that reads their data.
    await cleanPastHorizon(cleaner, log, time);
    expect(markers(log.segments)).toEqual([`commit@${at.commit1}`, `abort@${at.abort1}`, `commit@${at.commit2}`, `abort@${at.abort2}`, `commit@${commit3}`]);
    expect([...txnIndexes(log).values()].flat().map((t) => t.lastOffset)).toEqual([at.abort1, at.abort2]);

    await cleanPastHorizon(cleaner, log, time);
    expect(markers(log.segments)).toEqual([`commit@${at.commit2}`, `abort@${at.abort2}`, `commit@${commit3}`]);
    expect(aborterLast()).toMatchObject({ base: at.aborted2, count: 0 });
    expect([...txnIndexes(log).values()].flat().map((t) => t.lastOffset)).toEqual([at.abort2]);

    // The producers expire (transactional.id.expiration.ms, 7 days): nothing holds the empty batch.
    time.advance(8 * DAY);
    log.removeExpiredProducers();
    expect(log.lastRecordsOfActiveProducers().size).toBe(0);
    await cleanPastHorizon(cleaner, log, time);
    expect(aborterLast()).toBeUndefined();
    // The ABORT saw its (empty) batch in this pass, so it stays for one more.
    expect(markers(log.segments)).toEqual([`commit@${at.commit2}`, `abort@${at.abort2}`, `commit@${commit3}`]);
    expect([...txnIndexes(log).values()].flat().map((t) => t.lastOffset)).toEqual([at.abort2]);

    await cleanPastHorizon(cleaner, log, time);
    // COMMIT 11 and the last COMMIT stay: d2 and f of their transactions are still the latest.
    expect(markers(log.segments)).toEqual([`commit@${at.commit2}`, `commit@${commit3}`]);
    expect(txnIndexes(log).size).toBe(0);
    expect(readCommitted(log)).toEqual(committed);
    log.close();
  });

  it('a log reopened after cleaning agrees: the .txnindex is read back and producer state rebuilt from the cleaned log matches', async () => {
    const { log, time, at } = buildTxnLog();
    expect(await cleanerFor(log, time).runOnce()).toBe(true);
    const dir = log.dir;
    const committed = readCommitted(log);
    const indexes = txnIndexes(log);
    const producers = producerStates(log);
    // The aborter's last sequence survives only through the empty batch the cleaner kept.
    expect(producers.find((p) => p.producerId === ABORTER)).toMatchObject({ lastSequence: 3, currentTxnFirstOffset: undefined });
    expect(producers.find((p) => p.producerId === COMMITTER)).toMatchObject({ currentTxnFirstOffset: at.open });
    const end = log.logEndOffset;
    log.close();

    const expectSame = (reopened: Log) => {
      reopened.updateHighWatermark(reopened.logEndOffset);
      expect(reopened.logEndOffset).toBe(end);
      expect(txnIndexes(reopened)).toEqual(indexes);
      expect(producerStates(reopened)).toEqual(producers);
      expect(reopened.firstUnstableOffset).toBe(at.open);
      expect(readCommitted(reopened)).toEqual(committed);
    };
    const open = (opts: { hadCleanShutdown: boolean; recoveryPoint: number }) =>
      Log.open({ dir, config: config({ 'cleanup.policy': 'compact', 'segment.bytes': SEGMENT_BYTES }), time, ...opts });

    const clean = open({ hadCleanShutdown: true, recoveryPoint: end });
    expectSame(clean);
    clean.close();

    // As after a crash: no snapshot, every segment recovered and producer state replayed from the log.
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.snapshot')) fs.rmSync(path.join(dir, f));
    const recovered = open({ hadCleanShutdown: false, recoveryPoint: 0 });
    expectSame(recovered);
    recovered.close();
  });

  it('a crash after the cleaned segment became .swap: reopening completes the swap with its .txnindex', async () => {
    const original = path.join(tempDir('txn-swap-'), 'topic-0');
    const built = buildTxnLog({}, original);
    const committedBefore = readCommitted(built.log);
    built.log.close();
    const cleanedDir = path.join(tempDir('txn-swap-cleaned-'), 'topic-0');
    fs.cpSync(original, cleanedDir, { recursive: true });
    const time = new ManualTime();
    const cleanedLog = compactedLog({ 'segment.bytes': SEGMENT_BYTES }, time, cleanedDir);
    expect(await cleanerFor(cleanedLog, time).runOnce()).toBe(true);
    const cleanedB = storedBatches(cleanedLog.segments.filter((s) => s.baseOffset === 7));
    const abortB = cleanedLog.segments.find((s) => s.baseOffset === 7)!.abortedTxns;
    expect(abortB).toHaveLength(1);
    cleanedLog.close();

    // The process died right after renaming the cleaned segment B to .swap.
    const crashed = path.join(tempDir('txn-swap-crashed-'), 'topic-0');
    fs.cpSync(original, crashed, { recursive: true });
    for (const ext of ['.log', '.index', '.timeindex', '.txnindex']) fs.copyFileSync(path.join(cleanedDir, name(7, ext)), path.join(crashed, name(7, ext) + '.swap'));
    const log = compactedLog({ 'segment.bytes': SEGMENT_BYTES }, time, crashed);
    log.updateHighWatermark(log.logEndOffset);
    expect(filesIn(crashed).filter((f) => /\.(swap|deleted|cleaned)$/.test(f))).toEqual([]);
    expect(storedBatches(log.segments.filter((s) => s.baseOffset === 7))).toEqual(cleanedB);
    expect(log.segments.find((s) => s.baseOffset === 7)!.abortedTxns).toEqual(abortB);
    expect(decodeAbortedTxns(fs.readFileSync(path.join(crashed, name(7, '.txnindex'))))).toEqual(abortB);
    // Only B was cleaned: a read_committed consumer sees the same, minus what B's cleaning dropped.
    const visible = readCommitted(log);
    expect(latestOfEachKey(visible)).toEqual(latestOfEachKey(committedBefore));
    expect(visible.filter((r) => !committedBefore.some((c: Visible) => c[1] === r[1]))).toEqual([]);
    log.close();
  });
});

