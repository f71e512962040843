// The order Kafka 2.4.1's tool meets and prints brokers in. org.apache.kafka.common.Cluster
// shuffles its node list (Collections.shuffle) both for the bootstrap servers and for a Metadata
// answer, so the bootstrap servers are tried in random order, and the brokers are then collected
// into a Scala immutable Map: up to 4 brokers keep that random order, from 5 on the map is a hash
// trie over Node#hashCode and the order is fixed by the nodes themselves.

import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { nodeHash, type KafkaNode } from './kafka-node';

/** A source of doubles in [0, 1), Math.random by default; tests pass a fixed one. */
export type RandomSource = () => number;

/** java.util.Collections.shuffle: from the last position down, swap with a random earlier-or-same one. */
export function javaShuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const list = [...items];
  for (let i = list.length; i > 1; i--) {
    const j = Math.floor(random() * i);
    [list[i - 1], list[j]] = [list[j], list[i - 1]];
  }
  return list;
}

/** The iteration order of `brokers.map(b => b -> ...).toMap` for brokers in that (shuffled) order. */
export function brokerMapOrder<T>(entries: readonly T[], nodeOf: (entry: T) => KafkaNode): T[] {
  return scalaImmutableMapOrder(entries, (entry) => nodeHash(nodeOf(entry)));
}
