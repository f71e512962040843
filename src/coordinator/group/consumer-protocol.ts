// The "consumer" embedded protocol (Kafka 2.4's ConsumerProtocol): what a consumer puts in the
// opaque metadata bytes of JoinGroup (its subscription) and what the leader hands out through
// SyncGroup (each member's assignment). The broker never needs it to run a group; tools do, to show
// which partitions a member owns (DumpLogSegments --offsets-decoder, kafka-consumer-groups).
//
// Layouts (classic encoding, int16 version first):
//   Subscription v0: topics [string], userData nullable bytes
//   Subscription v1: v0 + ownedPartitions [{topic string, partitions [int32]}]
//   Assignment v0/v1: partitions [{topic string, partitions [int32]}], userData nullable bytes
// As in Kafka, versions above 1 are read as version 1 (later versions only append fields) and a
// negative version is an error. Byte fields (userData) are views of the input buffer.

import { Reader, Writer } from '../../protocol/primitives';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';
export const CONSUMER_PROTOCOL_LATEST_VERSION = 1;

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

export interface ConsumerSubscription {
  version: number;
  topics: string[];
  userData: Buffer | null;
  /** Version 1+ (KIP-429); empty for version 0. */
  ownedPartitions: TopicPartitions[];
}

export interface ConsumerAssignment {
  version: number;
  /** In the order written: the leader's assignor groups partitions by topic. */
  partitions: TopicPartitions[];
  userData: Buffer | null;
}

/** Thrown for a negative version (Kafka's SchemaException "Unsupported ... version"). */
export class ConsumerProtocolError extends Error {
  override readonly name = 'ConsumerProtocolError';
}

function readTopicPartitions(r: Reader): TopicPartitions[] {
  const count = r.readArrayLength();
  const out: TopicPartitions[] = [];
  for (let i = 0; i < count; i++) {
    const topic = r.readString();
    const n = r.readArrayLength();
    const partitions: number[] = [];
    for (let j = 0; j < n; j++) partitions.push(r.readInt32());
    out.push({ topic, partitions });
  }
  return out;
}

function writeTopicPartitions(w: Writer, list: readonly TopicPartitions[]): void {
  w.writeArrayLength(list.length);
  for (const { topic, partitions } of list) {
    w.writeString(topic);
    w.writeArrayLength(partitions.length);
    for (const p of partitions) w.writeInt32(p);
  }
}

export function decodeConsumerSubscription(buf: Buffer): ConsumerSubscription {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0) throw new ConsumerProtocolError(`Unsupported subscription version: ${version}`);
  const count = r.readArrayLength();
  const topics: string[] = [];
  for (let i = 0; i < count; i++) topics.push(r.readString());
  const userData = r.readNullableBytes();
  const ownedPartitions = version >= 1 ? readTopicPartitions(r) : [];
  return { version, topics, userData, ownedPartitions };
}

export function decodeConsumerAssignment(buf: Buffer): ConsumerAssignment {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0) throw new ConsumerProtocolError(`Unsupported assignment version: ${version}`);
  const partitions = readTopicPartitions(r);
  const userData = r.readNullableBytes();
  return { version, partitions, userData };
}

/** Writes version 0 or 1 (the default, what 2.4 clients send); ownedPartitions only exist in v1. */
export function encodeConsumerSubscription(
  s: { topics: readonly string[]; userData?: Buffer | null; ownedPartitions?: readonly TopicPartitions[] },
  version = CONSUMER_PROTOCOL_LATEST_VERSION,
): Buffer {
  const w = new Writer(64);
  w.writeInt16(version);
  w.writeArrayLength(s.topics.length);
  for (const t of s.topics) w.writeString(t);
  w.writeNullableBytes(s.userData ?? null);
  if (version >= 1) writeTopicPartitions(w, s.ownedPartitions ?? []);
  return w.toBuffer();
}

export function encodeConsumerAssignment(
  a: { partitions: readonly TopicPartitions[]; userData?: Buffer | null },
  version = CONSUMER_PROTOCOL_LATEST_VERSION,
): Buffer {
  const w = new Writer(64);
  w.writeInt16(version);
  writeTopicPartitions(w, a.partitions);
  w.writeNullableBytes(a.userData ?? null);
  return w.toBuffer();
}

/** Flattens to `topic-partition` names in order: ["t-0", "t-1", "u-3"] (TopicPartition.toString). */
export function topicPartitionNames(list: readonly TopicPartitions[]): string[] {
  return list.flatMap(({ topic, partitions }) => partitions.map((p) => `${topic}-${p}`));
}

/** A Java List<TopicPartition>.toString, as Kafka's tools print it: `[t-0, t-1]`. */
export function formatTopicPartitionList(list: readonly TopicPartitions[]): string {
  return `[${topicPartitionNames(list).join(', ')}]`;
}
