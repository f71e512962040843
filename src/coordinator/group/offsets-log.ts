// What the group coordinator needs from the broker's partitions: read its offsets partitions when
// it becomes their leader, and append to them as leader, waiting for the replication it asks for.
// Appends are the coordinator's own writes, not a client's: a TxnOffsetCommit batch carries the
// producer's id and epoch with base sequence 0 every time, so only the epoch may be checked.

import type { Log } from '../../log';

export interface AppendResult {
  errorCode: number;
  /** Offset of the first appended record; -1 on error. */
  baseOffset: number;
}

export interface OffsetsLog {
  /** The local log of __consumer_offsets-<partition> if this broker leads it, else null. */
  leaderLog(partition: number): Log | null;
  /**
   * Appends a batch as leader. requiredAcks -1 resolves once the ISR has it (or with
   * NOT_ENOUGH_REPLICAS_AFTER_APPEND / REQUEST_TIMED_OUT / NOT_LEADER_FOR_PARTITION), 0 and 1 right
   * after the local append.
   */
  append(partition: number, batch: Buffer, requiredAcks: number, timeoutMs: number): Promise<AppendResult>;
}
