// Crash recovery: write many batches, damage the files the way crashes and bad disks do, reopen
// without a clean-shutdown marker and check exactly the intact prefix survives.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Log } from '../../src/log/log';
import { OffsetOutOfRangeError } from '../../src/log/errors';
import { batch, cleanupTempDirs, config, immediateScheduler, splitBatches, tempDir } from './helpers';

afterEach(cleanupTempDirs);

interface Written {
  baseOffset: number;
  lastOffset: number;
  bytes: Buffer;
  segmentBase: number;
  position: number;
}

const props = { 'segment.bytes': 6000, 'index.interval.bytes': 300 };
const name = (base: number) => String(base).padStart(20, '0');

/** Writes ~150 batches over several segments and "crashes" (closes fds without trimming anything). */
function writeAndCrash(): { dir: string; written: Written[]; leo: number; segmentBases: number[] } {
  const dir = path.join(tempDir(), 'crash-0');
  const log = Log.open({ dir, config: config(props), scheduler: immediateScheduler });
  for (let i = 0; i < 150; i++) {
    log.appendAsLeader(batch(1 + (i % 5), { valueSize: 10 + ((i * 37) % 90), timestamp: 10_000 + i }), Math.floor(i / 50));
  }
  const written: Written[] = [];
  for (const s of log.segments) {
    const stored = log.read(s.baseOffset, 1 << 20).records;
    const positions = s.batchPositions();
    splitBatches(stored).forEach((b, i) => {
      written.push({ ...b, bytes: Buffer.from(b.bytes), segmentBase: s.baseOffset, position: positions[i].position });
    });
  }
  const leo = log.logEndOffset;
  const segmentBases = log.segments.map((s) => s.baseOffset);
  log.closeHandlers();
  return { dir, written, leo, segmentBases };
}

function reopen(dir: string, recoveryPoint = 0): Log {
  return Log.open({ dir, config: config(props), scheduler: immediateScheduler, hadCleanShutdown: false, recoveryPoint });
}

/** Every batch before `firstLost` reads back byte-identical, nothing at or after it exists, appends continue. */
function expectIntactPrefix(log: Log, written: Written[], firstLost: number): void {
  const survivors = written.slice(0, firstLost);
  const expectedLeo = firstLost < written.length ? written[firstLost].baseOffset : written[written.length - 1].lastOffset + 1;
  expect(log.logEndOffset).toBe(expectedLeo);
  for (const w of survivors) {
    // read from a middle offset of each batch: the whole batch comes back first
    const middle = Math.floor((w.baseOffset + w.lastOffset) / 2);
    const r = log.read(middle, 1, { minOneBatch: true });
    expect(splitBatches(r.records)[0].bytes.equals(w.bytes)).toBe(true);
  }
  // sequential read of everything equals the survivors concatenated
  const collected: Buffer[] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const batches = splitBatches(log.read(offset, 4096).records);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) collected.push(Buffer.from(b.bytes));
    offset = batches[batches.length - 1].lastOffset + 1;
  }
  expect(Buffer.concat(collected).equals(Buffer.concat(survivors.map((w) => w.bytes)))).toBe(true);
  expect(log.read(expectedLeo, 1000).records.length).toBe(0);
  expect(() => log.read(expectedLeo + 1, 1000)).toThrow(OffsetOutOfRangeError);
  const next = log.appendAsLeader(batch(2), 9);
  expect(next.firstOffset).toBe(expectedLeo);
  expect(splitBatches(log.read(expectedLeo, 1000).records)[0].baseOffset).toBe(expectedLeo);
  // the rebuilt indexes serve timestamp lookups for the surviving data
  if (survivors.length > 0) {
    const target = survivors[Math.floor(survivors.length / 2)];
    expect(log.fetchOffsetByTimestamp(target.bytes.readUInt32BE(31))?.offset).toBe(target.baseOffset);
  }
}

type Damage = (file: string, victim: Written) => void;

const damages: [string, Damage, boolean][] = [
  // [description, damage to the victim batch, whether the victim itself survives]
  ['chop the tail mid-batch', (f, v) => fs.truncateSync(f, v.position + Math.floor(v.bytes.length / 2)), false],
  ['chop mid-header', (f, v) => fs.truncateSync(f, v.position + 20), false],
  ['chop inside the first 12 bytes', (f, v) => fs.truncateSync(f, v.position + 5), false],
  ['flip a byte in the records (CRC)', (f, v) => flipByte(f, v.position + v.bytes.length - 3), false],
  ['flip a byte in the header (CRC covers attributes..)', (f, v) => flipByte(f, v.position + 30), false],
  ['flip the magic byte', (f, v) => flipByte(f, v.position + 16), false],
  ['length field = huge', (f, v) => writeAt(f, v.position + 8, int32(0x7fffffff)), false],
  ['length field = negative', (f, v) => writeAt(f, v.position + 8, int32(-5)), false],
  ['length field = too small', (f, v) => writeAt(f, v.position + 8, int32(10)), false],
  ['length field = garbage that stays inside the file', (f, v) => writeAt(f, v.position + 8, int32(v.bytes.length + 40)), false],
  ['offset going backwards', (f, v) => writeAt(f, v.position, Buffer.alloc(8)), false],
];

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function writeAt(file: string, pos: number, data: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, data, 0, data.length, pos);
  fs.closeSync(fd);
}

function flipByte(file: string, pos: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, pos);
  b[0] ^= 0x5a;
  fs.writeSync(fd, b, 0, 1, pos);
  fs.closeSync(fd);
}

describe('recovery after a crash', () => {
  for (const [what, damage, victimSurvives] of damages) {
    it(`last batch damaged: ${what}`, () => {
      const { dir, written } = writeAndCrash();
      const victimIndex = written.length - 1;
      const victim = written[victimIndex];
      damage(path.join(dir, `${name(victim.segmentBase)}.log`), victim);
      const log = reopen(dir);
      expectIntactPrefix(log, written, victimSurvives ? victimIndex + 1 : victimIndex);
      log.close();
    });
  }

  for (const [what, damage] of damages.slice(3, 8)) {
    it(`a middle batch of the active segment damaged: ${what} (everything after it goes)`, () => {
      const { dir, written, segmentBases } = writeAndCrash();
      const active = segmentBases[segmentBases.length - 1];
      const inActive = written.map((w, i) => [w, i] as const).filter(([w]) => w.segmentBase === active);
      const [victim, victimIndex] = inActive[Math.floor(inActive.length / 2)];
      damage(path.join(dir, `${name(victim.segmentBase)}.log`), victim);
      const log = reopen(dir, active);
      expectIntactPrefix(log, written, victimIndex);
      log.close();
    });
  }

  it('damage in an older segment deletes every later segment', () => {
    const { dir, written, segmentBases } = writeAndCrash();
    expect(segmentBases.length).toBeGreaterThan(3);
    const target = segmentBases[1];
    const victimIndex = written.findIndex((w) => w.segmentBase === target) + 2;
    const victim = written[victimIndex];
    flipByte(path.join(dir, `${name(target)}.log`), victim.position + victim.bytes.length - 1);
    const log = reopen(dir, 0);
    expect(log.segments.map((s) => s.baseOffset)).toEqual(segmentBases.slice(0, 2));
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.log'))).toEqual(segmentBases.slice(0, 2).map((b) => `${name(b)}.log`));
    expectIntactPrefix(log, written, victimIndex);
    log.close();
  });

  it('zero bytes appended to the log (a preallocated or torn tail) are cut off', () => {
    const { dir, written, segmentBases } = writeAndCrash();
    const file = path.join(dir, `${name(segmentBases[segmentBases.length - 1])}.log`);
    fs.appendFileSync(file, Buffer.alloc(4096));
    const log = reopen(dir);
    expect(log.activeSegment.size).toBe(written.filter((w) => w.segmentBase === log.activeSegment.baseOffset).reduce((a, w) => a + w.bytes.length, 0));
    expectIntactPrefix(log, written, written.length);
    log.close();
  });

  it('no damage: everything survives an unclean restart and the epoch cache is rebuilt', () => {
    const { dir, written } = writeAndCrash();
    fs.writeFileSync(path.join(dir, 'leader-epoch-checkpoint'), '0\n0\n');
    const log = reopen(dir);
    expectIntactPrefix(log, written, written.length);
    expect(log.leaderEpochCache.entries.map((e) => e.epoch)).toEqual([0, 1, 2, 9]);
    log.close();
  });

  it('the epoch checkpoint running ahead of the recovered data is truncated', () => {
    const { dir, written } = writeAndCrash();
    const victimIndex = 60; // epoch 1 starts at batch 50
    const victim = written[victimIndex];
    flipByte(path.join(dir, `${name(victim.segmentBase)}.log`), victim.position + victim.bytes.length - 1);
    const log = reopen(dir);
    expect(log.leaderEpochCache.entries).toEqual([
      { epoch: 0, startOffset: 0 },
      { epoch: 1, startOffset: written[50].baseOffset },
    ]);
    expect(fs.readFileSync(path.join(dir, 'leader-epoch-checkpoint'), 'utf8')).toBe(`0\n2\n0 0\n1 ${written[50].baseOffset}\n`);
    log.close();
  });

  describe('corrupt index files', () => {
    const indexDamages: [string, (file: string) => void][] = [
      ['odd size', (f) => fs.appendFileSync(f, Buffer.from([1, 2, 3]))],
      ['garbage entries', (f) => writeAt(f, 0, Buffer.from('ffffffff7fffffff00000001ffffff00', 'hex'))],
      ['entries pointing past the log', (f) => fs.appendFileSync(f, Buffer.from('7ffffff07ffffff0', 'hex'))],
      ['deleted', (f) => fs.unlinkSync(f)],
      ['last entry not at a batch boundary', (f) => {
        const size = fs.statSync(f).size;
        const buf = fs.readFileSync(f);
        const pos = buf.readInt32BE(size - 4);
        writeAt(f, size - 4, int32(pos + 1));
      }],
    ];
    for (const [what, damage] of indexDamages) {
      it(`${what}: the index of a flushed segment is rebuilt, no data lost`, () => {
        const { dir, written, leo, segmentBases } = writeAndCrash();
        // A clean close trims the index files; simulate that for the first segment.
        const file = path.join(dir, `${name(segmentBases[1])}.index`);
        expect(fs.statSync(file).size).toBeGreaterThan(0);
        const before = fs.readFileSync(file);
        damage(file);
        // The recovery point says everything was flushed: only the sanity check can catch this.
        const log = reopen(dir, leo);
        expect(log.segments[1].offsetIndex.entries).toBe(before.length / 8);
        expectIntactPrefix(log, written, written.length);
        log.close();
        expect(fs.readFileSync(file).equals(before)).toBe(true);
      });
    }

    it('a corrupt time index of the active segment is rebuilt', () => {
      const { dir, written, segmentBases } = writeAndCrash();
      const file = path.join(dir, `${name(segmentBases[segmentBases.length - 1])}.timeindex`);
      writeAt(file, 0, Buffer.from('7fffffffffffffff00000000', 'hex'));
      const log = reopen(dir);
      expectIntactPrefix(log, written, written.length);
      log.close();
    });
  });

  it('leftover .deleted, .cleaned, .swap and orphan index files are removed at load', () => {
    const { dir, written } = writeAndCrash();
    for (const leftover of ['00000000000000099999.log.deleted', '00000000000000099999.log.cleaned', '00000000000000099999.log.swap', '00000000000000088888.index', 'leader-epoch-checkpoint.tmp']) {
      fs.writeFileSync(path.join(dir, leftover), 'junk');
    }
    const log = reopen(dir);
    expect(fs.readdirSync(dir).filter((n) => /deleted|cleaned|swap|88888|tmp/.test(n))).toEqual([]);
    expectIntactPrefix(log, written, written.length);
    log.close();
  });
});
