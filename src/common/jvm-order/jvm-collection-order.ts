// ConsumerGroupCommand prints several lists in the iteration order of the JVM collections it built
// them in: java.util.HashMap / HashSet (the admin client's results, a member's assignment) and
// Scala 2.12's immutable Map / Set (the tool's own maps; Kafka 2.4.1's default build is Scala 2.12).
// To print the same lines we reproduce those orders from the keys' Java hash codes.
//
// - java.util.HashMap: bucket = (h ^ (h >>> 16)) & (capacity - 1); a bucket keeps insertion order.
// - Scala 2.12 immutable Map/Set: up to 4 entries are Map1..Map4 / Set1..Set4, which keep insertion
//   order; from 5 on a hash trie keyed by improve(h), walked 5 bits at a time from the low bits.

import { javaStringHash } from './java-hash';
import { scalaImmutableMapOrder } from './scala-collection-order';
import { javaHashOrder } from './java-hash-map-order';
import type { TopicPartition } from '../topic-partition';

export { javaHashOrder };

/** org.apache.kafka.common.TopicPartition#hashCode. */
export function topicPartitionHash(tp: TopicPartition): number {
  return (Math.imul(31, (31 + tp.partition) | 0) + javaStringHash(tp.topic)) | 0;
}

/** joptsimple's AbstractOptionSpec#hashCode for a single-name option: List.of(name).hashCode(). */
export function optionSpecHash(name: string): number {
  return (31 + javaStringHash(name)) | 0;
}

/** `new HashSet<>(collection)`: sized for the collection, so it never resizes. */
export function javaHashSetFromCollectionOrder<T>(entries: readonly T[], hashOf: (entry: T) => number): T[] {
  return javaHashOrder(entries, hashOf, Math.max(Math.floor(entries.length / 0.75) + 1, 16));
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
  return scalaImmutableMapOrder(distinct, hashOf);
}

export const stringHash = javaStringHash;
