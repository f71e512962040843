// A fetch waiting for min_bytes (Kafka's DelayedFetch): re-checked on every append and
// high-watermark move of the partitions it reads, answered when enough bytes are there, when one
// of them fails (lost leadership, deleted), or at max_wait_ms; it re-reads everything when it
// completes, so the answer is as fresh as a new fetch.

import { DelayedOperation } from '../common/purgatory';
import type { FetchParams, PartitionRead } from './fetch-types';

/** What a waiting fetch needs of ReplicaManager. */
export interface LocalReads {
  readableEnd(topic: string, partition: number, forFollower: boolean, readCommitted: boolean): number | null;
  readFromLocalLog(params: FetchParams): { reads: PartitionRead[]; bytes: number };
}

export class DelayedFetch extends DelayedOperation {
  constructor(
    private readonly params: FetchParams,
    private readonly replicaManager: LocalReads,
    private readonly respond: (reads: PartitionRead[]) => void,
  ) {
    super(params.maxWaitMs);
  }

  /**
   * Cheap, because it runs on every append: with min_bytes <= 1 (what clients send) any new
   * offset is enough, and only larger min_bytes re-read to count bytes.
   */
  tryComplete(): boolean {
    const follower = this.params.replicaId >= 0;
    let anyNewData = false;
    for (const p of this.params.partitions) {
      const end = this.replicaManager.readableEnd(p.topic, p.partition, follower, this.params.isolationLevel === 1);
      if (end === null) return this.forceComplete();
      if (end > p.fetchOffset) anyNewData = true;
    }
    if (!anyNewData) return false;
    if (this.params.minBytes <= 1 || this.replicaManager.readFromLocalLog(this.params).bytes >= this.params.minBytes) return this.forceComplete();
    return false;
  }

  protected onComplete(): void {
    this.respond(this.replicaManager.readFromLocalLog(this.params).reads);
  }
}
