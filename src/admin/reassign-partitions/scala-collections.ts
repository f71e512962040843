// The iteration orders of the Scala collections ReassignPartitionsCommand builds its output from
// (Kafka 2.4.1; the 2.11 and 2.12 collections agree on these), so the tool prints partitions and
// writes znodes in the same order as the real one:
// - an immutable Map or Set with up to 4 keys keeps insertion order (Map1..Map4; adding a key it
//   already has keeps that key's place); from 5 keys on it is a hash trie, whatever the insertion;
//   filtering or mapping one keeps its relative order;
// - a mutable.HashMap iterates in bucket order (common/jvm-order has the emulation);
// - groupBy collects the groups in a mutable.HashMap and copies it into an immutable Map.
// Keys hash as on the JVM (`##`): String.hashCode, an Int's value, TopicPartition.hashCode.

import { javaStringHash, scalaImmutableMapOrder, scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { tpString, type TopicPartition } from '../../common/topic-partition';

/** How to identify and hash one kind of key. */
export interface KeyKind<K> {
  id: (key: K) => string;
  hash: (key: K) => number;
}

export const TP_KEY: KeyKind<TopicPartition> = { id: tpString, hash: topicPartitionHash };
export const STRING_KEY: KeyKind<string> = { id: (s) => s, hash: javaStringHash };
export const INT_KEY: KeyKind<number> = { id: String, hash: (n) => n };

/** Distinct keys by first occurrence, each with its last value. */
function distinct<K, V>(entries: Iterable<readonly [K, V]>, kind: KeyKind<K>): Array<[K, V]> {
  const byId = new Map<string, [K, V]>();
  for (const [k, v] of entries) {
    const existing = byId.get(kind.id(k));
    if (existing !== undefined) existing[1] = v;
    else byId.set(kind.id(k), [k, v]);
  }
  return [...byId.values()];
}

function reorder<K, V>(entries: Array<[K, V]>, keys: K[], kind: KeyKind<K>): Array<[K, V]> {
  const byId = new Map(entries.map((e) => [kind.id(e[0]), e]));
  return keys.map((k) => byId.get(kind.id(k))!);
}

/** An immutable Map built by adding `entries` in order (`Seq.toMap`, a Map builder), as it iterates. */
export function immutableMap<K, V>(entries: Iterable<readonly [K, V]>, kind: KeyKind<K>): Array<[K, V]> {
  const unique = distinct(entries, kind);
  if (unique.length <= 4) return unique;
  return reorder(unique, scalaImmutableMapOrder(unique.map(([k]) => k), kind.hash), kind);
}

/** An immutable Set built by adding `items` in order, as it iterates. */
export function immutableSet<K>(items: Iterable<K>, kind: KeyKind<K>): K[] {
  return immutableMap([...items].map((k) => [k, null] as const), kind).map(([k]) => k);
}

/** A mutable.HashMap filled with `entries` in order, as it iterates. */
export function mutableHashMap<K, V>(entries: Iterable<readonly [K, V]>, kind: KeyKind<K>): Array<[K, V]> {
  const unique = distinct(entries, kind);
  return reorder(unique, scalaMutableHashMapOrder(unique.map(([k]) => k), kind.hash), kind);
}

/**
 * TraversableLike.groupBy: the group keys in the order of the immutable Map it returns, each with
 * its members in the order the source iterated them (the caller orders a group further if its
 * collection type reorders).
 */
export function groupBy<T, G>(items: readonly T[], groupOf: (item: T) => G, kind: KeyKind<G>): Array<[G, T[]]> {
  const groups = new Map<string, [G, T[]]>();
  for (const item of items) {
    const g = groupOf(item);
    const existing = groups.get(kind.id(g));
    if (existing !== undefined) existing[1].push(item);
    else groups.set(kind.id(g), [g, [item]]);
  }
  return immutableMap(mutableHashMap(groups.values(), kind), kind);
}

/** CoreUtils.duplicates: the values occurring more than once, in groupBy's order. */
export function duplicates<K>(items: readonly K[], kind: KeyKind<K>): K[] {
  return groupBy(items, (k) => k, kind)
    .filter(([, members]) => members.length > 1)
    .map(([k]) => k);
}

/** Scala's toString of a sequence: `Vector(1, 2)`, `ListBuffer(t-0, t-1)`. */
export function scalaSeqString(collection: string, items: readonly unknown[]): string {
  return `${collection}(${items.map(String).join(', ')})`;
}
