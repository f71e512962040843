// ConsumerGroupCommand prints several lists in the iteration order of the JVM collections it built
// them in: java.util.HashMap / HashSet (the admin client's results, a member's assignment) and
// Scala 2.12's immutable Map / Set (the tool's own maps; Kafka 2.4.1's default build is Scala 2.12).
// To print the same lines we reproduce those orders from the keys' Java hash codes.
//
// - java.util.HashMap: bucket = (h ^ (h >>> 16)) & (capacity - 1); a bucket keeps insertion order.
// - Scala 2.12 immutable Map/Set: up to 4 entries are Map1..Map4 / Set1..Set4, which keep insertion
//   order; from 5 on a hash trie keyed by improve(h), walked 5 bits at a time from the low bits.

import { javaStringHash } from '../common/java-hash';
import { javaHashMapCapacity } from './java-hash-order';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** org.apache.kafka.common.TopicPartition#hashCode. */
export function topicPartitionHash(tp: TopicPartition): number {
  return (Math.imul(31, (31 + tp.partition) | 0) + javaStringHash(tp.topic)) | 0;
}

/** Kafka's TopicPartition#toString: `topic-partition`. */
export const tpString = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/** joptsimple's AbstractOptionSpec#hashCode for a single-name option: List.of(name).hashCode(). */
export function optionSpecHash(name: string): number {
  return (31 + javaStringHash(name)) | 0;
}

/** Entries in the order a java.util.HashMap (or HashSet) with that initial capacity iterates them. */
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

/** `new HashSet<>(collection)`: sized for the collection, so it never resizes. */
export function javaHashSetFromCollectionOrder<T>(entries: readonly T[], hashOf: (entry: T) => number): T[] {
  return javaHashOrder(entries, hashOf, Math.max(Math.floor(entries.length / 0.75) + 1, 16));
}

/** scala.collection.immutable.HashMap#improve (2.12). */
export function scalaImprove(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

/** Sort key of a hash in the trie walk: the 5-bit groups from the lowest up, as one unsigned number. */
function trieKey(improved: number): number {
  let key = 0;
  for (let shift = 0; shift < 32; shift += 5) key = key * 32 + ((improved >>> shift) & 0x1f);
  return key;
}

/**
 * Distinct entries (first occurrence wins, as `+` on an existing key keeps its position in
 * Map1..Map4) in the order a Scala 2.12 immutable Map/Set built by adding them iterates.
 */
export function scalaImmutableOrder<T>(entries: readonly T[], hashOf: (entry: T) => number, keyOf: (entry: T) => string): T[] {
  const seen = new Set<string>();
  const distinct = entries.filter((e) => {
    const k = keyOf(e);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (distinct.length <= 4) return distinct;
  return distinct
    .map((entry, index) => ({ entry, index, key: trieKey(scalaImprove(hashOf(entry))) }))
    .sort((a, b) => a.key - b.key || a.index - b.index)
    .map((e) => e.entry);
}

export const stringHash = javaStringHash;
