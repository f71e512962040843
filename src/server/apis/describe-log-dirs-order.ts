// Two JVM iteration orders DescribeLogDirs' answer depends on in Kafka 2.4.1, beside the
// java.util.HashMap (put) and Scala immutable Map orders of common/jvm-order: the
// ConcurrentHashMap LogManager keeps its logs in, and a HashMap filled with computeIfAbsent.

import { javaHashMapCapacity } from '../../common/jvm-order/java-hash-map-order';

/**
 * java.util.concurrent.ConcurrentHashMap iteration order of entries put in the given order: 16
 * bins, doubled when the count reaches 3/4 of them; a doubling splits each bin into a low and a
 * high list, the trailing run that stays together first and the nodes before it prepended in
 * reverse. (A map that once held more entries, since removed, may have more bins than this
 * assumes; its order can then differ where hashes share a bin.)
 */
export function concurrentHashMapOrder<T>(entries: readonly T[], hashOf: (entry: T) => number): T[] {
  const spread = (entry: T) => {
    const h = hashOf(entry);
    return (h ^ (h >>> 16)) & 0x7fffffff;
  };
  let bins: T[][] = Array.from({ length: 16 }, () => []);
  entries.forEach((entry, count) => {
    bins[spread(entry) & (bins.length - 1)].push(entry);
    if (count + 1 < (bins.length * 3) / 4) return;
    const n = bins.length;
    const next: T[][] = Array.from({ length: n * 2 }, () => []);
    bins.forEach((bin, i) => {
      if (bin.length === 0) return;
      const high = (e: T) => (spread(e) & n) !== 0;
      let runStart = bin.length - 1;
      while (runStart > 0 && high(bin[runStart - 1]) === high(bin[bin.length - 1])) runStart--;
      const lo: T[] = [];
      const hi: T[] = [];
      (high(bin[bin.length - 1]) ? hi : lo).push(...bin.slice(runStart));
      for (let j = 0; j < runStart; j++) (high(bin[j]) ? hi : lo).unshift(bin[j]);
      next[i] = lo;
      next[i + n] = hi;
    });
    bins = next;
  });
  return bins.flat();
}

/**
 * Iteration order of a java.util.HashMap filled with computeIfAbsent, as
 * CollectionUtils.groupPartitionDataByTopic fills its map of topics. Unlike put, computeIfAbsent
 * resizes before adding (only once the size already exceeds the threshold) and links a new key
 * at the head of its bucket, so keys sharing a bucket come newest first (checked on 2.4.1's
 * classes: topics "Aa" and "BB", whose hash codes are equal, come out in reverse).
 */
export function computeIfAbsentOrder<T>(entries: readonly T[], hashOf: (entry: T) => number): T[] {
  const capacity = javaHashMapCapacity(Math.max(entries.length - 1, 0));
  return entries
    .map((entry, index) => {
      const h = hashOf(entry);
      return { entry, index, bucket: (h ^ (h >>> 16)) & (capacity - 1) };
    })
    .sort((a, b) => a.bucket - b.bucket || b.index - a.index)
    .map((e) => e.entry);
}
