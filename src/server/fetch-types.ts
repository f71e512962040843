// What a fetch asks of the local logs and what it gets back, shared by ReplicaManager (which
// reads), DelayedFetch (which waits) and the Fetch handler (which encodes).

export interface PartitionReadRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  /** KIP-74: return the first batch even when it is larger than maxBytes. */
  minOneBatch: boolean;
  /** -1 when the client does not know (or send) the leader epoch. */
  currentLeaderEpoch: number;
  /** A follower's own log start offset (Fetch v5+); -1 for consumers and older versions. */
  logStartOffset?: number;
}

export interface PartitionRead {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Whole batches, empty when there is nothing (or an error). */
  records: Buffer;
  /** read_committed: the aborted transactions among the records; undefined for read_uncommitted. */
  abortedTransactions?: { producerId: number; firstOffset: number }[];
}

/** One fetch request as ReplicaManager reads it (Kafka's fetchMessages arguments). */
export interface FetchParams {
  /** -1 for a consumer, the follower's broker id for a replica. */
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  /** The response's byte budget, shared by the partitions in request order. */
  maxBytes: number;
  /** KIP-74: until one partition returned data, its first batch may exceed the limits. */
  minOneBatch: boolean;
  /** 0 read_uncommitted (up to the high watermark), 1 read_committed (up to the last stable offset). */
  isolationLevel: number;
  partitions: ReadonlyArray<Omit<PartitionReadRequest, 'minOneBatch'>>;
}
