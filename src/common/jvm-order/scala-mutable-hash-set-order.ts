// Iteration order of a Scala 2.12 `mutable.HashSet` (Kafka 2.4.1's default build), which Kafka
// prints with toString in a few places, e.g. a transaction's partitions in kafka-dump-log's
// --transaction-log-decoder output.
//
// mutable.HashSet is a FlatHashTable: open addressing with linear probing in a table of 32 slots
// to start, load factor 0.45 (grow when the size reaches it), doubling on growth. A slot index is
// the top log2(size) bits of byteswap32(hash) rotated right by the seed, where the seed is the
// bit count of size - 1 and is recomputed on every growth (unlike mutable.HashMap's). Growth
// re-inserts the old table from slot 0 up; iteration walks the slots from 0 up.

const INITIAL_SIZE = 32;
const LOAD_FACTOR_PER_MILLE = 450;

function bitCount(x: number): number {
  let v = x >>> 0;
  let count = 0;
  for (; v !== 0; v >>>= 1) count += v & 1;
  return count;
}

function reverseBytes(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** scala.util.hashing.byteswap32 */
function byteswap32(v: number): number {
  return Math.imul(reverseBytes(Math.imul(v, 0x9e3775cd)), 0x9e3775cd);
}

/**
 * The distinct elements (by `keyOf`; a repeat is not added again) in the order a Scala 2.12
 * mutable.HashSet iterates after `+=` of each in turn.
 */
export function scalaMutableHashSetOrder<T>(elements: readonly T[], hashOf: (element: T) => number, keyOf: (element: T) => string): T[] {
  interface Slot {
    element: T;
    hash: number;
    key: string;
  }
  let table: Array<Slot | null> = new Array<Slot | null>(INITIAL_SIZE).fill(null);
  let seed = bitCount(table.length - 1);
  let threshold = Math.floor((table.length * LOAD_FACTOR_PER_MILLE) / 1000);
  let size = 0;

  const indexOf = (hash: number): number => {
    const improved = byteswap32(hash);
    const rotation = seed % 32;
    const rotated = (improved >>> rotation) | (improved << (32 - rotation));
    const ones = table.length - 1;
    return (rotated >>> (32 - bitCount(ones))) & ones;
  };

  const add = (slot: Slot): void => {
    let i = indexOf(slot.hash);
    for (let current = table[i]; current !== null; current = table[i]) {
      if (current.key === slot.key) return;
      i = (i + 1) % table.length;
    }
    table[i] = slot;
    size++;
    if (size >= threshold) grow();
  };

  const grow = (): void => {
    const old = table;
    table = new Array<Slot | null>(old.length * 2).fill(null);
    size = 0;
    seed = bitCount(table.length - 1);
    threshold = Math.floor((table.length * LOAD_FACTOR_PER_MILLE) / 1000);
    for (const slot of old) if (slot !== null) add(slot);
  };

  for (const element of elements) add({ element, hash: hashOf(element), key: keyOf(element) });
  return table.filter((slot): slot is Slot => slot !== null).map((slot) => slot.element);
}
