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

/**
 * Kafka 2.4's name for a partition dir awaiting deletion: `<topic>-<partition>.<uuid>-delete`,
 * with the topic cut short so the name fits in 255 characters.
 */
export function deleteDirName(topic: string, partition: number): string {
  const suffix = `-${partition}.${randomUUID().replace(/-/g, '')}${DELETE_DIR_SUFFIX}`;
  return topic.slice(0, Math.min(topic.length, 255 - suffix.length)) + suffix;
}
