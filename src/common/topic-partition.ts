// Kafka's org.apache.kafka.common.TopicPartition, used by every layer, and the one string key
// for maps and sets of partitions.

export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * Kafka's TopicPartition#toString, `topic-partition`, which log lines and tools print. It is also
 * a unique key: a topic may contain '-', but what follows the last '-' is the partition number.
 */
export const topicPartitionKey = (topic: string, partition: number): string => `${topic}-${partition}`;

export const tpString = (tp: TopicPartition): string => topicPartitionKey(tp.topic, tp.partition);
