// The `[{"topic":"t","partition":0},...]` list shared by /admin/preferred_replica_election and
// /isr_change_notification/isr_change_<seq> (Map2 per entry: topic then partition).

import type { JsonReader, JsonRecord } from '../json/json-reader';
import { jsonObject, type OrderedJson } from '../json/ordered-json';
import { topicPartitionKey, type TopicPartition } from '../../common/topic-partition';

export function topicPartitionListJson(partitions: readonly TopicPartition[]): OrderedJson[] {
  return partitions.map((tp) => jsonObject([['topic', tp.topic], ['partition', tp.partition]]));
}

export function readTopicPartitionList(reader: JsonReader, json: JsonRecord): TopicPartition[] {
  return reader.array(json.partitions, 'partitions').map((entry, i) => {
    const item = reader.asObject(entry, `partitions[${i}]`);
    return { topic: reader.string(item, 'topic'), partition: reader.int(item, 'partition') };
  });
}

/** Drops duplicates (Kafka encodes these lists from Sets). */
export function uniqueTopicPartitions(partitions: readonly TopicPartition[]): TopicPartition[] {
  const seen = new Set<string>();
  return partitions.filter((tp) => {
    const key = topicPartitionKey(tp.topic, tp.partition);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
