// Keys and values of the records in __consumer_offsets, byte for byte as Kafka 2.4 writes them.
//
// Every key and value is an int16 schema version followed by the fields in the classic encoding
// (big-endian ints, int16-length strings, int32-length bytes, int32-count arrays). Key versions 0
// and 1 are offset commits (group, topic, partition), key version 2 is a group's metadata. A null
// record value is a tombstone; callers handle that before calling the value decoders here.
//
// What 2.4 (inter.broker.protocol.version 2.4) writes: offset keys v1, group keys v2, group values
// v3, and offset values v1 when the commit carries an explicit expire timestamp (OffsetCommit v1-v4
// retention), otherwise v3. Every version is read. Like Kafka's Schema.read, decoders ignore bytes
// after the last field of their version, so a newer writer's appended fields do not break us.

import { Reader, Writer } from '../../protocol/primitives';
import type { OffsetAndMetadata, StoredGroup, StoredMember } from './offset-and-metadata';

export const OFFSET_COMMIT_KEY_VERSION = 1;
export const GROUP_METADATA_KEY_VERSION = 2;
/** Offset value written when the commit has an expire timestamp. */
export const OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE = 1;
export const OFFSET_COMMIT_VALUE_VERSION = 3;
export const GROUP_METADATA_VALUE_VERSION = 3;

/**
 * A key or value whose schema version this code does not know. Kafka throws a KafkaException
 * with these same messages (from GroupMetadataManager.schemaForKey / schemaForOffsetValue /
 * schemaForGroupValue), which fails the load of the whole offsets partition.
 */
export class UnknownOffsetsRecordVersionError extends Error {
  override readonly name = 'UnknownOffsetsRecordVersionError';
}

export type OffsetsTopicKey =
  | { kind: 'offset'; version: number; group: string; topic: string; partition: number }
  | { kind: 'group'; version: number; group: string };

// ---- keys ------------------------------------------------------------------------------------

export function encodeOffsetCommitKey(group: string, topic: string, partition: number): Buffer {
  const w = new Writer(64);
  w.writeInt16(OFFSET_COMMIT_KEY_VERSION);
  w.writeString(group);
  w.writeString(topic);
  w.writeInt32(partition);
  return w.toBuffer();
}

export function encodeGroupMetadataKey(group: string): Buffer {
  const w = new Writer(32);
  w.writeInt16(GROUP_METADATA_KEY_VERSION);
  w.writeString(group);
  return w.toBuffer();
}

export function decodeOffsetsTopicKey(buf: Buffer): OffsetsTopicKey {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version === 0 || version === 1) {
    return { kind: 'offset', version, group: r.readString(), topic: r.readString(), partition: r.readInt32() };
  }
  if (version === 2) return { kind: 'group', version, group: r.readString() };
  throw new UnknownOffsetsRecordVersionError(`Unknown message key schema version ${version}`);
}

// ---- offset commit values ----------------------------------------------------------------------

export function encodeOffsetCommitValue(value: OffsetAndMetadata): Buffer {
  const w = new Writer(64);
  if (value.expireTimestamp !== null) {
    w.writeInt16(OFFSET_COMMIT_VALUE_VERSION_WITH_EXPIRE);
    w.writeInt64(value.offset);
    w.writeString(value.metadata);
    w.writeInt64(BigInt(value.commitTimestamp));
    w.writeInt64(BigInt(value.expireTimestamp));
  } else {
    w.writeInt16(OFFSET_COMMIT_VALUE_VERSION);
    w.writeInt64(value.offset);
    w.writeInt32(value.leaderEpoch);
    w.writeString(value.metadata);
    w.writeInt64(BigInt(value.commitTimestamp));
  }
  return w.toBuffer();
}

/**
 * Reads an offset value of any version. As in Kafka's readOffsetMessageValue: an expire
 * timestamp of -1 (v1) means none, and a negative leader epoch (v3) means none (-1).
 */
export function decodeOffsetCommitValue(buf: Buffer): OffsetAndMetadata {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0 || version > 3) throw new UnknownOffsetsRecordVersionError(`Unknown offset schema version ${version}`);
  const offset = r.readInt64();
  const leaderEpoch = version >= 3 ? r.readInt32() : -1;
  const metadata = r.readString();
  const commitTimestamp = Number(r.readInt64());
  const expireTimestamp = version === 1 ? Number(r.readInt64()) : -1;
  return {
    offset,
    leaderEpoch: leaderEpoch < 0 ? -1 : leaderEpoch,
    metadata,
    commitTimestamp,
    expireTimestamp: expireTimestamp === -1 ? null : expireTimestamp,
  };
}

// ---- group metadata values ---------------------------------------------------------------------

/** Always version 3 (what 2.4 writes): v2's currentStateTimestamp plus each member's groupInstanceId. */
export function encodeGroupMetadataValue(value: StoredGroup): Buffer {
  const w = new Writer(256);
  w.writeInt16(GROUP_METADATA_VALUE_VERSION);
  w.writeString(value.protocolType);
  w.writeInt32(value.generation);
  w.writeNullableString(value.protocol);
  w.writeNullableString(value.leader);
  w.writeInt64(BigInt(value.currentStateTimestamp));
  w.writeArrayLength(value.members.length);
  for (const m of value.members) {
    w.writeString(m.memberId);
    w.writeNullableString(m.groupInstanceId);
    w.writeString(m.clientId);
    w.writeString(m.clientHost);
    w.writeInt32(m.rebalanceTimeoutMs);
    w.writeInt32(m.sessionTimeoutMs);
    w.writeBytes(m.subscription);
    w.writeBytes(m.assignment);
  }
  return w.toBuffer();
}

/**
 * Reads a group value of any version: currentStateTimestamp is -1 before v2, groupInstanceId null
 * before v3, and v0 members (no rebalance timeout) get their session timeout, as Kafka does.
 * Member subscription/assignment bytes are copies, so the result does not pin the input buffer.
 *
 * Note for the loader: Kafka 2.4.1's readGroupMessageValue only looks at currentStateTimestamp
 * when the version is exactly 2 (it ignores the field in v3). This decoder reports the field for
 * v2 and v3 as written; whoever builds the in-memory group decides whether to copy that quirk.
 */
export function decodeGroupMetadataValue(buf: Buffer): StoredGroup {
  const r = new Reader(buf);
  const version = r.readInt16();
  if (version < 0 || version > 3) throw new UnknownOffsetsRecordVersionError(`Unknown group metadata version ${version}`);
  const protocolType = r.readString();
  const generation = r.readInt32();
  const protocol = r.readNullableString();
  const leader = r.readNullableString();
  const currentStateTimestamp = version >= 2 ? Number(r.readInt64()) : -1;
  const count = r.readArrayLength();
  const members: StoredMember[] = [];
  for (let i = 0; i < count; i++) {
    const memberId = r.readString();
    const groupInstanceId = version >= 3 ? r.readNullableString() : null;
    const clientId = r.readString();
    const clientHost = r.readString();
    const rebalanceTimeout = version >= 1 ? r.readInt32() : null;
    const sessionTimeoutMs = r.readInt32();
    const subscription = Buffer.from(r.readBytes());
    const assignment = Buffer.from(r.readBytes());
    members.push({
      memberId,
      groupInstanceId,
      clientId,
      clientHost,
      rebalanceTimeoutMs: rebalanceTimeout ?? sessionTimeoutMs,
      sessionTimeoutMs,
      subscription,
      assignment,
    });
  }
  return { protocolType, generation, protocol, leader, currentStateTimestamp, members };
}
