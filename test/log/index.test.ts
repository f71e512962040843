import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorruptIndexError } from '../../src/log/index-file';
import { OffsetIndex } from '../../src/log/offset-index';
import { TimeIndex } from '../../src/log/time-index';
import { cleanupTempDirs, fileSize, tempDir } from './helpers';

afterEach(cleanupTempDirs);

describe('OffsetIndex', () => {
  function make(base = 100, max = 10485760) {
    const file = path.join(tempDir(), '00000000000000000100.index');
    const index = new OffsetIndex(file, base, max);
    index.open(false, true);
    return { index, file };
  }

  it('preallocates the active file to segment.index.bytes and trims to its entries', () => {
    const { index, file } = make();
    expect(fileSize(file)).toBe(10485760);
    expect(index.maxEntries).toBe(1310720);
    index.append(105, 4100);
    index.append(110, 8300);
    index.trimToValidSize();
    expect(fileSize(file)).toBe(16);
    const bytes = fs.readFileSync(file);
    expect(bytes.toString('hex')).toBe('00000005' + '00001004' + '0000000a' + '0000206c');
    index.close();
  });

  it('looks up the largest entry <= target', () => {
    const { index } = make();
    for (let i = 1; i <= 50; i++) index.append(100 + i * 10, i * 5000);
    expect(index.lookup(99)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(109)).toEqual({ offset: 100, position: 0 });
    expect(index.lookup(110)).toEqual({ offset: 110, position: 5000 });
    expect(index.lookup(119)).toEqual({ offset: 110, position: 5000 });
    expect(index.lookup(355)).toEqual({ offset: 350, position: 125000 });
    expect(index.lookup(600)).toEqual({ offset: 600, position: 250000 });
    expect(index.lookup(10_000)).toEqual({ offset: 600, position: 250000 });
    index.close();
  });

  it('rejects offsets that do not increase', () => {
    const { index } = make();
    index.append(110, 10);
    expect(() => index.append(110, 20)).toThrow(/no larger/);
    expect(() => index.append(105, 20)).toThrow(/no larger/);
    index.close();
  });

  it('truncates by offset with Kafka three cases', () => {
    const { index, file } = make();
    for (const o of [110, 120, 130, 140]) index.append(o, (o - 100) * 100);
    index.truncateTo(130); // exact entry: dropped with everything after
    expect(index.entries).toBe(2);
    expect(index.lastOffset).toBe(120);
    index.truncateTo(125); // between entries: keep up to 120
    expect(index.entries).toBe(2);
    index.truncateTo(50); // below everything
    expect(index.entries).toBe(0);
    expect(index.lastOffset).toBe(100);
    // Still preallocated, and the truncated range reads back as zeros.
    expect(fileSize(file)).toBe(10485760);
    const head = Buffer.alloc(32);
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, 32, 0);
    fs.closeSync(fd);
    expect(head.equals(Buffer.alloc(32))).toBe(true);
    index.close();
  });

  it('reloads entries and drops the zero tail of a preallocated file', () => {
    const { index, file } = make();
    index.append(110, 4097);
    index.append(120, 9000);
    index.close(); // not trimmed: simulates a crash with a preallocated file
    const again = new OffsetIndex(file, 100, 10485760);
    again.open(true, false);
    expect(again.entries).toBe(2);
    expect(again.lookup(125)).toEqual({ offset: 120, position: 9000 });
    again.sanityCheck(10_000);
    again.close();
  });

  it('sanity check catches odd sizes, disorder and positions past the log', () => {
    const dir = tempDir();
    const odd = path.join(dir, 'a.index');
    fs.writeFileSync(odd, Buffer.alloc(13, 1));
    const a = new OffsetIndex(odd, 0, 1024);
    a.open(true, false);
    expect(() => a.sanityCheck(1000)).toThrow(CorruptIndexError);
    a.close();

    const disordered = path.join(dir, 'b.index');
    fs.writeFileSync(disordered, Buffer.from('00000005000010000000000300002000', 'hex'));
    const b = new OffsetIndex(disordered, 0, 1024);
    b.open(true, false);
    expect(() => b.sanityCheck(100_000)).toThrow(CorruptIndexError);
    b.close();

    const past = path.join(dir, 'c.index');
    fs.writeFileSync(past, Buffer.from('0000000500001000', 'hex'));
    const c = new OffsetIndex(past, 0, 1024);
    c.open(true, false);
    expect(() => c.sanityCheck(4096)).toThrow(CorruptIndexError);
    expect(() => c.sanityCheck(4097)).not.toThrow();
    c.close();

    const missing = new OffsetIndex(path.join(dir, 'd.index'), 0, 1024);
    missing.open(true, false);
    expect(() => missing.sanityCheck(1)).toThrow(/missing/);
    missing.close();
  });

  it('coalesces writes to the file and writes everything out on flush', () => {
    const { index, file } = make(0);
    for (let i = 1; i <= 200; i++) index.append(i, i * 10);
    const onDisk = () => {
      const fd = fs.openSync(file, 'r');
      const b = Buffer.alloc(8 * 200);
      fs.readSync(fd, b, 0, b.length, 0);
      fs.closeSync(fd);
      return b;
    };
    // the first 128 entries went out together; the rest are only in memory (lookups still see them)
    expect(onDisk().readInt32BE(127 * 8)).toBe(128);
    expect(onDisk().readInt32BE(128 * 8)).toBe(0);
    expect(index.lookup(199)).toEqual({ offset: 199, position: 1990 });
    index.flush();
    expect(onDisk().readInt32BE(199 * 8)).toBe(200);
    index.close();
  });

  it('is full at maxEntries', () => {
    const { index } = make(0, 24);
    index.append(1, 10);
    index.append(2, 20);
    expect(index.isFull()).toBe(false);
    index.append(3, 30);
    expect(index.isFull()).toBe(true);
    index.close();
  });
});

describe('TimeIndex', () => {
  function make(base = 0) {
    const file = path.join(tempDir(), '00000000000000000000.timeindex');
    const index = new TimeIndex(file, base, 10485760);
    index.open(false, true);
    return { index, file };
  }

  it('preallocates to a multiple of 12 (10485756) and trims', () => {
    const { index, file } = make();
    expect(fileSize(file)).toBe(10485756);
    index.maybeAppend(0x01a203951785, 7);
    index.trimToValidSize();
    expect(fs.readFileSync(file).toString('hex')).toBe('000001a203951785' + '00000007');
    index.close();
  });

  it('appends only growing timestamps and looks up the largest <= target', () => {
    const { index } = make(1000);
    expect(index.lastEntry).toEqual({ timestamp: -1, offset: 1000 });
    index.maybeAppend(100, 1010);
    index.maybeAppend(100, 1012); // same timestamp: ignored
    index.maybeAppend(200, 1020);
    index.maybeAppend(300, 1030);
    expect(index.entries).toBe(3);
    expect(() => index.maybeAppend(250, 1040)).toThrow(/timestamp/);
    expect(() => index.maybeAppend(400, 1025)).toThrow(/offset/);
    expect(index.lookup(50)).toEqual({ timestamp: -1, offset: 1000 });
    expect(index.lookup(100)).toEqual({ timestamp: 100, offset: 1010 });
    expect(index.lookup(299)).toEqual({ timestamp: 200, offset: 1020 });
    expect(index.lookup(1e12)).toEqual({ timestamp: 300, offset: 1030 });
    index.truncateTo(1020);
    expect(index.lastEntry).toEqual({ timestamp: 100, offset: 1010 });
    index.close();
  });

  it('keeps a legitimate (0, base) first entry on reload and rejects disorder', () => {
    const { index, file } = make();
    index.maybeAppend(0, 0);
    index.trimToValidSize();
    index.close();
    const again = new TimeIndex(file, 0, 10485760);
    again.open(true, false);
    expect(again.entries).toBe(1);
    again.sanityCheck();
    again.close();

    fs.writeFileSync(file, Buffer.from('0000000000000064' + '00000001' + '0000000000000032' + '00000002', 'hex'));
    const bad = new TimeIndex(file, 0, 10485760);
    bad.open(true, false);
    expect(() => bad.sanityCheck()).toThrow(CorruptIndexError);
    bad.close();
  });
});
