// The size of a Fetch response, header included, as Kafka's FetchContext.getResponseSize
// computes it for consumer_byte_rate (FetchResponse.sizeOf: 4 bytes of correlation id plus the
// body at the request's version), from the records as read, before any down-conversion.
// Counted field by field from the Fetch v0-11 schema, so nothing is encoded twice.

export interface FetchedPartitionSize {
  /** Bytes of the partition's records as read from the log. */
  readonly recordsBytes: number;
  /** read_committed's aborted transactions listed with it (0 for none or null). */
  readonly abortedTransactions: number;
}

export interface FetchedTopicSize {
  readonly name: string;
  readonly partitions: readonly FetchedPartitionSize[];
}

export function fetchResponseSize(version: number, topics: readonly FetchedTopicSize[]): number {
  let size = 4; // response header: correlation id
  if (version >= 1) size += 4; // throttle_time_ms
  if (version >= 7) size += 2 + 4; // error_code, session_id
  size += 4; // topics array length
  for (const topic of topics) {
    size += 2 + Buffer.byteLength(topic.name, 'utf8') + 4;
    for (const partition of topic.partitions) {
      size += 4 + 2 + 8; // partition index, error code, high watermark
      if (version >= 4) size += 8 + 4 + 16 * partition.abortedTransactions; // last stable offset, aborted transactions
      if (version >= 5) size += 8; // log start offset
      if (version >= 11) size += 4; // preferred read replica
      size += 4 + partition.recordsBytes;
    }
  }
  return size;
}
