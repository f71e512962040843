// Per-partition results grouped by topic, in the order the partitions were first seen: the shape
// OffsetCommit, OffsetFetch and OffsetDelete answer with.

export interface TopicResults<P> {
  name: string;
  partitions: P[];
}

export function groupByTopic<P>(entries: Iterable<[string, P]>): Array<TopicResults<P>> {
  const topics = new Map<string, P[]>();
  for (const [topic, partition] of entries) {
    let list = topics.get(topic);
    if (list === undefined) topics.set(topic, (list = []));
    list.push(partition);
  }
  return [...topics].map(([name, partitions]) => ({ name, partitions }));
}
