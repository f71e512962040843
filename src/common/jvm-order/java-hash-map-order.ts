// Kafka's tools print some collections in java.util.HashMap iteration order (TopicCommand's
// topic list under --bootstrap-server, and the Configs of a topic). To print the same lines as
// Kafka 2.4 we reproduce that order: bucket index of the spread String.hashCode for the table
// size the map ends up with; keys in one bucket keep insertion order.

import { javaStringHash } from './java-hash';

/** Table size after `size` puts into `new HashMap<>(initialCapacity)` (default 16), load factor 0.75. */
export function javaHashMapCapacity(size: number, initialCapacity = 16): number {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2; // tableSizeFor
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** Entries (in insertion order) as a java.util.HashMap/HashSet with that initial capacity iterates them. */
export function javaHashOrder<T>(entries: readonly T[], hashOf: (entry: T) => number, initialCapacity = 16): T[] {
  const capacity = javaHashMapCapacity(entries.length, initialCapacity);
  return entries
    .map((entry, index) => {
      const h = hashOf(entry);
      return { entry, index, bucket: (h ^ (h >>> 16)) & (capacity - 1) };
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.entry);
}

/** `javaHashOrder` for entries keyed by a string (String.hashCode). */
export function javaHashMapOrder<T>(entries: readonly T[], keyOf: (entry: T) => string, initialCapacity = 16): T[] {
  return javaHashOrder(entries, (entry) => javaStringHash(keyOf(entry)), initialCapacity);
}
