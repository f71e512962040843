// A committed offset together with where its record sits in __consumer_offsets (Kafka's
// CommitRecordMetadataAndOffset). The position decides between commits that race: a plain
// OffsetCommit and a transactional one completed later by its marker, live or while replaying.

import type { OffsetAndMetadata } from './offset-and-metadata';

export interface CommitRecord {
  /** Base offset of the batch holding the record; null while its append has not been acknowledged. */
  appendedBatchOffset: number | null;
  offsetAndMetadata: OffsetAndMetadata;
}

/**
 * Kafka's olderThan: `current` may be replaced by `candidate` only if it was appended earlier.
 * A transactional commit becomes visible when its marker is written, which can be after a plain
 * commit that was appended later; the log order, not the completion order, decides. Positions
 * are always known in Kafka here; if one is not, the candidate wins (the newest knowledge).
 */
export function isOlderThan(current: CommitRecord, candidate: CommitRecord): boolean {
  if (current.appendedBatchOffset === null || candidate.appendedBatchOffset === null) return true;
  return current.appendedBatchOffset < candidate.appendedBatchOffset;
}
