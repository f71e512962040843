// /brokers/topics/<topic> — P, the replica assignment. Kafka 2.4 writes version 2:
// `{"version":2,"partitions":{"2":[0],...},"adding_replicas":{},"removing_replicas":{}}`.
// Partition ids come out in the order a real 2.4.1 (Scala 2.12) broker writes them (see
// kafkaTopicPartitionOrder). Version 1 (no adding/removing) and 3 (topic_id) also decode.

import { JsonReader } from '../json/json-reader';
import { kafkaTopicPartitionInsertionOrder, javaStringHash, scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { jsonBytes, jsonObject, type OrderedJsonObject } from '../json/ordered-json';
import { TOPICS_PATH, checkPathSegment } from './paths';

export const TOPIC_ASSIGNMENT_VERSION = 2;

export function topicPath(topic: string): string {
  return `${TOPICS_PATH}/${checkPathSegment('topic name', topic)}`;
}

export function topicPartitionsPath(topic: string): string {
  return `${topicPath(topic)}/partitions`;
}

export function topicPartitionPath(topic: string, partition: number): string {
  return `${topicPartitionsPath(topic)}/${partition}`;
}

/** Kafka's ReplicaAssignment: the replica list plus an in-flight reassignment's adding/removing sets. */
export interface ReplicaAssignment {
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

/** Partition id → assignment. */
export type TopicAssignment = Map<number, ReplicaAssignment>;

export function replicaAssignment(replicas: number[]): ReplicaAssignment {
  return { replicas, addingReplicas: [], removingReplicas: [] };
}

export function encodeTopicAssignment(topic: string, assignment: TopicAssignment): Buffer {
  const insertion = kafkaTopicPartitionInsertionOrder(topic, [...assignment.keys()]);
  // TopicZNode.encode fills three mutable Map[String, _] in one loop; each iterates in hash order.
  const section = (pick: (a: ReplicaAssignment) => number[], keepEmpty: boolean): OrderedJsonObject => {
    const ids = insertion.filter((p) => keepEmpty || pick(assignment.get(p) as ReplicaAssignment).length > 0);
    const ordered = scalaMutableHashMapOrder(ids.map(String), javaStringHash);
    return jsonObject(ordered.map((id) => [id, pick(assignment.get(Number(id)) as ReplicaAssignment)]));
  };
  return jsonBytes(
    jsonObject([
      ['version', TOPIC_ASSIGNMENT_VERSION],
      ['partitions', section((a) => a.replicas, true)],
      ['adding_replicas', section((a) => a.addingReplicas, false)],
      ['removing_replicas', section((a) => a.removingReplicas, false)],
    ]),
  );
}

export function decodeTopicAssignment(topic: string, data: Buffer | null): TopicAssignment {
  const { reader, json } = JsonReader.object(topicPath(topic), data);
  reader.version(json, [1, 2, 3]);
  const partitions = reader.asObject(json.partitions, 'partitions');
  const optionalSection = (field: string) => (json[field] === undefined ? {} : reader.asObject(json[field], field));
  const adding = optionalSection('adding_replicas');
  const removing = optionalSection('removing_replicas');
  const assignment: TopicAssignment = new Map();
  const ids = Object.keys(partitions).map((key) => {
    if (!/^\d+$/.test(key)) reader.fail(`partition id ${JSON.stringify(key)} is not a non-negative integer`);
    return Number(key);
  });
  for (const id of ids.sort((a, b) => a - b)) {
    const key = String(id);
    assignment.set(id, {
      replicas: reader.intArray(partitions[key], `partitions.${key}`),
      addingReplicas: adding[key] === undefined ? [] : reader.intArray(adding[key], `adding_replicas.${key}`),
      removingReplicas: removing[key] === undefined ? [] : reader.intArray(removing[key], `removing_replicas.${key}`),
    });
  }
  return assignment;
}
