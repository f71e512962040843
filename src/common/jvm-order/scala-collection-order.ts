// Key orders of the JVM collections Kafka 2.4.1 (the Scala 2.12 build) serializes, so our znode
// bytes match a real broker's. Order is never significant to Kafka readers; this only makes
// `get /brokers/topics/t` look the same as on real Kafka. Checked against kafka-2.4.1-znodes.txt.

import { javaStringHash } from './java-hash';

export { javaStringHash };

function bitCount(x: number): number {
  let v = x >>> 0;
  let count = 0;
  while (v !== 0) {
    count += v & 1;
    v >>>= 1;
  }
  return count;
}

function reverseBytes(x: number): number {
  return ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
}

/** scala.util.hashing.byteswap32 */
function byteswap32(v: number): number {
  const hc = reverseBytes(Math.imul(v, 0x9e3775cd));
  return Math.imul(hc, 0x9e3775cd);
}

/**
 * Iteration order of a Scala 2.12 `mutable.HashMap` filled with `keys` in that order.
 * (mutable.HashTable: 16 buckets, load factor 0.75, resize doubling when size > threshold; the
 * hash seed is fixed at construction (bitCount(15) = 4) and not updated on resize; new entries go
 * to the head of their bucket; iteration walks buckets from the last to the first.)
 */
export function scalaMutableHashMapOrder<K>(keys: readonly K[], hashOf: (key: K) => number): K[] {
  interface Entry {
    key: K;
    next: Entry | null;
  }
  let table: Array<Entry | null> = new Array<Entry | null>(16).fill(null);
  const seed = bitCount(15);
  let threshold = 12;
  let size = 0;
  const index = (hash: number) => {
    const ones = table.length - 1;
    const i = byteswap32(hash);
    const rotated = (i >>> seed) | (i << (32 - seed));
    return (rotated >>> Math.clz32(ones)) & ones;
  };
  for (const key of keys) {
    const h = index(hashOf(key));
    table[h] = { key, next: table[h] };
    size++;
    if (size > threshold) {
      const old = table;
      table = new Array<Entry | null>(old.length * 2).fill(null);
      for (let i = old.length - 1; i >= 0; i--) {
        for (let e = old[i]; e !== null; ) {
          const next: Entry | null = e.next;
          const j = index(hashOf(e.key));
          e.next = table[j];
          table[j] = e;
          e = next;
        }
      }
      threshold = Math.floor((table.length * 750) / 1000);
    }
  }
  const order: K[] = [];
  for (let i = table.length - 1; i >= 0; i--) for (let e = table[i]; e !== null; e = e.next) order.push(e.key);
  return order;
}

/** scala.collection.immutable.HashMap#improve (2.12). */
function improveImmutable(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0;
  h ^= h >>> 14;
  h = (h + (h << 4)) | 0;
  return h ^ (h >>> 10);
}

/**
 * Iteration order of a Scala 2.12 immutable Map built from `keys` in that order: Map1..Map4 keep
 * insertion order; larger maps are hash tries walked by 5-bit chunks of the improved hash, low first.
 */
export function scalaImmutableMapOrder<K>(keys: readonly K[], hashOf: (key: K) => number): K[] {
  if (keys.length <= 4) return [...keys];
  const hashes = new Map(keys.map((k) => [k, improveImmutable(hashOf(k))]));
  return [...keys].sort((a, b) => {
    const ha = hashes.get(a) as number;
    const hb = hashes.get(b) as number;
    for (let shift = 0; shift < 32; shift += 5) {
      const d = ((ha >>> shift) & 31) - ((hb >>> shift) & 31);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/**
 * Order in which Kafka 2.4.1's TopicZNode.encode receives the partitions of a topic created through
 * AdminZkClient.createTopic: the assignment passes through a mutable Map[Int, _], then immutable
 * maps keyed by Int and by TopicPartition (whose hash mixes in the topic name).
 */
export function kafkaTopicPartitionInsertionOrder(topic: string, partitionIds: readonly number[]): number[] {
  const sorted = [...partitionIds].sort((a, b) => a - b);
  const byInt = scalaMutableHashMapOrder(sorted, (p) => p);
  const intMap = scalaImmutableMapOrder(byInt, (p) => p);
  const topicHash = javaStringHash(topic);
  // org.apache.kafka.common.TopicPartition#hashCode
  return scalaImmutableMapOrder(intMap, (p) => (Math.imul(31, 31 + p) + topicHash) | 0);
}

/**
 * Order of the partition ids in a topic znode written by Kafka 2.4.1 (TopicZNode.encode's
 * mutable Map[String, _] filled in the order above). Reproduces the reference: `golden` (3
 * partitions) gives 2,1,0 and `__consumer_offsets` (50) gives 30,39,45,2,5,48,...
 */
export function kafkaTopicPartitionOrder(topic: string, partitionIds: readonly number[]): number[] {
  const insertion = kafkaTopicPartitionInsertionOrder(topic, partitionIds);
  return scalaMutableHashMapOrder(insertion.map(String), javaStringHash).map(Number);
}

/**
 * Iteration order of java.util.Properties on Java 9+ (a ConcurrentHashMap: 16 bins for up to 12
 * keys, bins walked from 0 up, later keys appended in their bin). Kafka writes topic configs from
 * Properties; the reference's `compression.type, cleanup.policy, segment.bytes` is this order.
 */
export function javaPropertiesOrder(keys: readonly string[]): string[] {
  let bins: string[][] = Array.from({ length: 16 }, () => []);
  const spread = (h: number) => (h ^ (h >>> 16)) & 0x7fffffff;
  let count = 0;
  for (const key of keys) {
    bins[spread(javaStringHash(key)) & (bins.length - 1)].push(key);
    count++;
    if (count >= (bins.length * 3) / 4) {
      // ConcurrentHashMap.transfer: each bin splits into lo/hi; the trailing run that goes to one
      // side keeps its order, earlier nodes are prepended in reverse.
      const n = bins.length;
      const next: string[][] = Array.from({ length: n * 2 }, () => []);
      for (let i = 0; i < n; i++) {
        const bin = bins[i];
        if (bin.length === 0) continue;
        const high = (k: string) => (spread(javaStringHash(k)) & n) !== 0;
        let runStart = bin.length - 1;
        while (runStart > 0 && high(bin[runStart - 1]) === high(bin[bin.length - 1])) runStart--;
        const lo: string[] = [];
        const hi: string[] = [];
        (high(bin[bin.length - 1]) ? hi : lo).push(...bin.slice(runStart));
        for (let j = 0; j < runStart; j++) (high(bin[j]) ? hi : lo).unshift(bin[j]);
        next[i] = lo;
        next[i + n] = hi;
      }
      bins = next;
    }
  }
  return bins.flat();
}
