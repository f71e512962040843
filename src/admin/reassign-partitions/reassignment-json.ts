// The two JSON files of kafka-reassign-partitions in Kafka 2.4.1's format:
// - topics to move: `{"topics":[{"topic":"foo"}],"version":1}`;
// - a reassignment: `{"version":1,"partitions":[{"topic":"foo","partition":1,"replicas":[1,2],
//   "log_dirs":["any","any"]}]}`, where log_dirs is optional and "any" leaves the directory to the
//   broker.
// Parsing keeps the file's order and its duplicates (the command rejects those with its own
// messages); formatting writes the keys in 2.4.1's order and the partitions in the order of the
// map it is given.

import { tpString, type TopicPartition } from '../../common/topic-partition';
import { jsonObject, writeJson } from '../../zk/json/ordered-json';
import { AdminCommandFailedException, AdminOperationException } from '../common/kafka-exceptions';
import type { Assignment } from './current-assignment';
import { asJsonArray, asJsonObject, field, getField, parseJsonFull, toInt, toSeq, toStringValue, type JsonNode, type JsonObjectNode } from './jackson-json';
import { scalaSeqString } from './scala-collections';

/** ReassignPartitionsCommand.AnyLogDir */
export const ANY_LOG_DIR = 'any';

/** org.apache.kafka.common.TopicPartitionReplica */
export interface TopicPartitionReplica {
  topic: string;
  partition: number;
  brokerId: number;
}

/** TopicPartitionReplica.toString: `topic-partition-broker`. */
export const replicaString = (r: TopicPartitionReplica): string => `${r.topic}-${r.partition}-${r.brokerId}`;

export interface ReassignmentData {
  /** Every entry of the file, in file order, duplicates included. */
  partitions: Array<[TopicPartition, number[]]>;
  /** Replicas given a log directory other than "any", in file order (a repeated replica keeps its first place, last directory). */
  logDirs: Array<[TopicPartitionReplica, string]>;
}

/** Json.parseFull and the version field (1 when absent); only version 1 exists. */
function parseVersioned(text: string): JsonObjectNode {
  const json = parseJsonFull(text);
  if (json === null) throw new AdminOperationException('The input string is not a valid JSON');
  const root = asJsonObject(json);
  const versionNode = getField(root, 'version');
  const version = versionNode === undefined ? 1 : toInt(versionNode);
  if (version !== 1) throw new AdminOperationException(`Not supported version field value ${version}`);
  return root;
}

/** The array under `name`, or nothing when the field is absent. */
function optionalArray(root: JsonObjectNode, name: string): JsonNode[] {
  const node = getField(root, name);
  return node === undefined ? [] : asJsonArray(node);
}

/** ReassignPartitionsCommand.parseTopicsData */
export function parseTopicsData(text: string): string[] {
  const root = parseVersioned(text);
  return optionalArray(root, 'topics').map((t) => toStringValue(field(asJsonObject(t), 'topic')));
}

/** ReassignPartitionsCommand.parsePartitionReassignmentData (without deduplication). */
export function parsePartitionReassignmentData(text: string): ReassignmentData {
  const root = parseVersioned(text);
  const partitions: Array<[TopicPartition, number[]]> = [];
  const logDirs = new Map<string, [TopicPartitionReplica, string]>();
  for (const entry of optionalArray(root, 'partitions')) {
    const fields = asJsonObject(entry);
    const topic = toStringValue(field(fields, 'topic'));
    const partition = toInt(field(fields, 'partition'));
    const replicas = toSeq(field(fields, 'replicas'), toInt);
    const logDirsNode = getField(fields, 'log_dirs');
    const dirs = logDirsNode === undefined ? replicas.map(() => ANY_LOG_DIR) : toSeq(logDirsNode, toStringValue);
    const tp = { topic, partition };
    if (replicas.length !== dirs.length) {
      throw new AdminCommandFailedException(
        `Size of replicas list ${scalaSeqString('Vector', replicas)} is different from size of log dirs list ${scalaSeqString('Vector', dirs)} for partition ${tpString(tp)}`,
      );
    }
    partitions.push([tp, replicas]);
    replicas.forEach((brokerId, i) => {
      if (dirs[i] === ANY_LOG_DIR) return;
      const replica = { topic, partition, brokerId };
      const existing = logDirs.get(replicaString(replica));
      if (existing !== undefined) existing[1] = dirs[i]!;
      else logDirs.set(replicaString(replica), [replica, dirs[i]!]);
    });
  }
  return { partitions, logDirs: [...logDirs.values()] };
}

/** ReassignPartitionsCommand.formatAsReassignmentJson: every replica's directory, "any" unless given. */
export function formatAsReassignmentJson(assignment: Assignment, logDirs: ReadonlyArray<readonly [TopicPartitionReplica, string]> = []): string {
  const dirOf = (topic: string, partition: number, brokerId: number) =>
    logDirs.find(([r]) => r.topic === topic && r.partition === partition && r.brokerId === brokerId)?.[1] ?? ANY_LOG_DIR;
  return writeJson(
    jsonObject([
      ['version', 1],
      [
        'partitions',
        assignment.map(([tp, replicas]) =>
          jsonObject([
            ['topic', tp.topic],
            ['partition', tp.partition],
            ['replicas', replicas],
            ['log_dirs', replicas.map((r) => dirOf(tp.topic, tp.partition, r))],
          ]),
        ),
      ],
    ]),
  );
}
