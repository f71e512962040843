// Sentinel values that are part of the inter-broker protocol's meaning rather than of any one message.

/** UpdateMetadata gives this leader id to partitions of a topic being deleted: brokers drop them. */
export const LEADER_DURING_DELETE = -2;

/** A partition with no leader (LeaderAndIsr, UpdateMetadata, the partition state znode). */
export const NO_LEADER = -1;
