// Kafka's file and directory naming, so Kafka's own tools can read our log dirs.

import { randomUUID } from 'node:crypto';
import type { TopicPartition } from '../common/topic-partition';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';
export const TXN_INDEX_SUFFIX = '.txnindex';
export const SNAPSHOT_SUFFIX = '.snapshot';
/** Segment files being deleted asynchronously. */
export const DELETED_SUFFIX = '.deleted';
/** Left behind by an interrupted log-cleaner pass. */
export const CLEANED_SUFFIX = '.cleaned';
/** Left behind by an interrupted segment swap. */
export const SWAP_SUFFIX = '.swap';
export const DELETE_DIR_SUFFIX = '-delete';
export const FUTURE_DIR_SUFFIX = '-future';

export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
export const LEADER_EPOCH_CHECKPOINT_FILE = 'leader-epoch-checkpoint';
export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
export const REPLICATION_OFFSET_CHECKPOINT_FILE = 'replication-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT_FILE = 'log-start-offset-checkpoint';
export const META_PROPERTIES_FILE = 'meta.properties';

/** Base offset zero-padded to 20 digits, Kafka's segment file stem. */
export function filenamePrefixFromOffset(offset: number): string {
  return String(offset).padStart(20, '0');
}

export const logFileName = (baseOffset: number): string => filenamePrefixFromOffset(baseOffset) + LOG_SUFFIX;
export const indexFileName = (baseOffset: number): string => filenamePrefixFromOffset(baseOffset) + INDEX_SUFFIX;
export const timeIndexFileName = (baseOffset: number): string => filenamePrefixFromOffset(baseOffset) + TIME_INDEX_SUFFIX;

/** Base offset of a segment file name like 00000000000000000042.log, or null. */
export function offsetFromFileName(name: string): number | null {
  const match = /^(\d{20})\./.exec(name);
  return match ? Number(match[1]) : null;
}

export const partitionDirName = (topic: string, partition: number): string => `${topic}-${partition}`;

/**
 * Parses `topic-partition` (the topic may itself contain dashes, so the partition is after the
 * last one). Returns null for names that are not partition dirs, including `-delete`/`-future` dirs.
 */
export function parsePartitionDirName(name: string): TopicPartition | null {
  if (name.endsWith(DELETE_DIR_SUFFIX) || name.endsWith(FUTURE_DIR_SUFFIX)) return null;
  const dash = name.lastIndexOf('-');
  if (dash <= 0) return null;
  const partitionText = name.slice(dash + 1);
  if (!/^\d+$/.test(partitionText)) return null;
  const partition = Number(partitionText);
  if (partition > 0x7fffffff) return null;
  return { topic: name.slice(0, dash), partition };
}

/** java.io.File#getAbsolutePath on Unix: relative to the working dir, slashes collapsed, no trailing slash; `.` and `..` kept. */
export function javaAbsolutePath(configured: string, cwd = process.cwd()): string {
  const normalize = (p: string) => p.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  const file = normalize(configured);
  if (file.startsWith('/')) return file;
  return file === '' ? normalize(cwd) : normalize(`${cwd}/${file}`);
}

/** `<topic>-<partition>.<uuid>-<suffix>`, the topic cut short so the name fits in 255 characters. */
function suffixedDirName(topic: string, partition: number, dirSuffix: string): string {
  const suffix = `-${partition}.${randomUUID().replace(/-/g, '')}${dirSuffix}`;
  return topic.slice(0, Math.min(topic.length, 255 - suffix.length)) + suffix;
}

/** Kafka 2.4's name for a partition dir awaiting deletion: `<topic>-<partition>.<uuid>-delete`. */
export function deleteDirName(topic: string, partition: number): string {
  return suffixedDirName(topic, partition, DELETE_DIR_SUFFIX);
}

/** Kafka 2.4's name for a replica being moved into this log dir (AlterReplicaLogDirs): `<topic>-<partition>.<uuid>-future`. */
export function futureDirName(topic: string, partition: number): string {
  return suffixedDirName(topic, partition, FUTURE_DIR_SUFFIX);
}

/** Whether a future dir's name would be too long for the file system (Kafka refuses to move such replicas). */
export const futureDirNameTooLong = (topic: string, partition: number): boolean =>
  `${partitionDirName(topic, partition)}.${'0'.repeat(32)}${FUTURE_DIR_SUFFIX}`.length > 255;

/** The partition of a `-future` dir (Kafka's FutureDirPattern `^(\S+)-(\S+)\.(\S+)-future$`), or null. */
export function parseFutureDirName(name: string): TopicPartition | null {
  const match = /^(\S+)\.\S+-future$/.exec(name);
  return match === null ? null : parsePartitionDirName(match[1]!);
}

/** The partition of any log dir, current or future. */
export function parseLogDirName(name: string): TopicPartition | null {
  return name.endsWith(FUTURE_DIR_SUFFIX) ? parseFutureDirName(name) : parsePartitionDirName(name);
}
