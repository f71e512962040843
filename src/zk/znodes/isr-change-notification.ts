// /isr_change_notification/isr_change_<seq> — PS, written by partition leaders after they change an
// ISR in ZooKeeper (pre-AlterIsr); the controller turns it into UpdateMetadata.
// `{"version":1,"partitions":[{"topic":"t","partition":0}]}`.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { ISR_CHANGE_NOTIFICATION_PATH } from './paths';
import { readTopicPartitionList, topicPartitionListJson, uniqueTopicPartitions } from './topic-partition-list';
import type { TopicPartition } from '../../common/topic-partition';

export const ISR_CHANGE_SEQUENCE_PREFIX = 'isr_change_';

/** Path to pass to a persistent-sequential create (ZooKeeper appends the 10-digit counter). */
export const ISR_CHANGE_NOTIFICATION_CREATE_PATH = `${ISR_CHANGE_NOTIFICATION_PATH}/${ISR_CHANGE_SEQUENCE_PREFIX}`;

export function isrChangeNotificationPath(sequenceNumber: string): string {
  return `${ISR_CHANGE_NOTIFICATION_CREATE_PATH}${sequenceNumber}`;
}

/** `isr_change_0000000042` → `0000000042` */
export function isrChangeSequenceNumber(childName: string): string {
  return childName.startsWith(ISR_CHANGE_SEQUENCE_PREFIX) ? childName.slice(ISR_CHANGE_SEQUENCE_PREFIX.length) : childName;
}

export function encodeIsrChangeNotification(partitions: readonly TopicPartition[]): Buffer {
  return jsonBytes(jsonObject([['version', 1], ['partitions', topicPartitionListJson(uniqueTopicPartitions(partitions))]]));
}

export function decodeIsrChangeNotification(sequenceNumber: string, data: Buffer | null): TopicPartition[] {
  const { reader, json } = JsonReader.object(isrChangeNotificationPath(sequenceNumber), data);
  reader.version(json, [1]);
  return uniqueTopicPartitions(readTopicPartitionList(reader, json));
}
