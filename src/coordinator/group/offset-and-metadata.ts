// What the group coordinator keeps per committed partition and per group in __consumer_offsets
// (Kafka's OffsetAndMetadata and the GroupMetadataValue record). Shared by the record codec, the
// loader that replays an offsets partition, and the coordinator itself.

/** One committed offset (Kafka's OffsetAndMetadata). */
export interface OffsetAndMetadata {
  offset: bigint;
  /** -1 when the committer did not send one. */
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Set only by OffsetCommit v1 (explicit commit timestamp) / v2-v4 retention; null otherwise. */
  expireTimestamp: number | null;
}

/** One member as stored in a group metadata record. */
export interface StoredMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  /** The member's metadata for the group's chosen protocol. */
  subscription: Buffer;
  assignment: Buffer;
}

/** The value of a group metadata record (GroupMetadataValue v0-3). */
export interface StoredGroup {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  /** -1 when the record carried none (versions 0-1). */
  currentStateTimestamp: number;
  members: StoredMember[];
}
