// SkimpyOffsetMap (src/log/cleaner/offset-map.ts): Kafka's digest-keyed open-addressing map.

import { SkimpyOffsetMap } from '../../../src/log/cleaner/offset-map';

const key = (s: string) => Buffer.from(s);

describe('SkimpyOffsetMap', () => {
  it('maps keys to their latest offset and answers -1 for unknown keys', () => {
    const map = new SkimpyOffsetMap(4096);
    expect(map.bytesPerEntry).toBe(24); // MD5 digest + 8-byte offset, as in Kafka
    expect(map.maxSlots).toBe(Math.floor(4096 / 24));
    map.reset();
    map.put(key('a'), 0);
    map.put(key('b'), 1);
    map.put(key('a'), 7);
    expect(map.get(key('a'))).toBe(7);
    expect(map.get(key('b'))).toBe(1);
    expect(map.get(key('c'))).toBe(-1);
    expect(map.size).toBe(2);
    expect(map.latestOffset).toBe(7);
    map.updateLatestOffset(20);
    expect(map.latestOffset).toBe(20);
  });

  it('keeps every key apart under heavy probing and forgets all on reset', () => {
    const map = new SkimpyOffsetMap(24 * 1000);
    map.reset();
    for (let i = 0; i < 900; i++) map.put(key(`key-${i}`), i * 3);
    for (let i = 0; i < 900; i++) expect(map.get(key(`key-${i}`))).toBe(i * 3);
    expect(map.utilization).toBeCloseTo(0.9);
    map.reset();
    expect(map.size).toBe(0);
    expect(map.latestOffset).toBe(-1);
    expect(map.get(key('key-1'))).toBe(-1);
  });

  it('sizes the table for the pass but never beyond the configured memory', () => {
    const map = new SkimpyOffsetMap(24 * 10_000);
    map.reset(100, 0.9);
    expect(map.slots).toBe(Math.ceil(100 / 0.9) + 1);
    // The cleaner stops adding at slots * loadFactor: a pass over 100 offsets never gets there.
    expect(Math.floor(map.slots * 0.9)).toBeGreaterThanOrEqual(100);
    map.reset(1_000_000, 0.9);
    expect(map.slots).toBe(10_000);
  });

  it('refuses a new key when full, like Kafka', () => {
    const map = new SkimpyOffsetMap(24 * 3);
    map.reset();
    map.put(key('a'), 1);
    map.put(key('b'), 2);
    map.put(key('c'), 3);
    expect(() => map.put(key('d'), 4)).toThrow('Attempt to add a new entry to a full offset map.');
    expect(map.get(key('d'))).toBe(-1);
    expect(map.get(key('c'))).toBe(3);
  });

  it('takes other digests by their Java names', () => {
    const map = new SkimpyOffsetMap(1024, 'SHA-256');
    expect(map.bytesPerEntry).toBe(40);
    map.reset();
    map.put(key('x'), 5);
    expect(map.get(key('x'))).toBe(5);
    expect(() => new SkimpyOffsetMap(1024, 'NOPE')).toThrow(/unknown hash algorithm/);
  });
});
