// One ReplicaFetcher per leader broker this broker follows (Kafka's ReplicaFetcherManager with
// num.replica.fetchers = 1). LeaderAndIsr moves partitions between fetchers; a fetcher left
// without partitions is stopped.

import type { Logger } from '../common/logger';
import type { Partition } from './partition';
import { ReplicaFetcher, type ReplicaFetcherConfig } from './replica-fetcher';
import type { FollowerFetching } from './replica-manager';

export class ReplicaFetcherManager implements FollowerFetching {
  private readonly fetchers = new Map<number, ReplicaFetcher>();

  constructor(
    private readonly config: ReplicaFetcherConfig,
    private readonly logger: Logger,
    /** The leader's inter-broker endpoint when LeaderAndIsr did not carry it. */
    private readonly endpointOf: (brokerId: number) => { host: string; port: number } | undefined,
  ) {}

  addPartitions(partitions: Partition[], leaderEndpoints: ReadonlyMap<number, { host: string; port: number }>): void {
    this.removePartitions(partitions.map((p) => ({ topic: p.topic, partition: p.partition })));
    const byLeader = new Map<number, Partition[]>();
    for (const p of partitions) {
      if (p.leaderId < 0) continue; // no leader to follow until the controller elects one
      byLeader.set(p.leaderId, [...(byLeader.get(p.leaderId) ?? []), p]);
    }
    for (const [leaderId, ps] of byLeader) {
      const endpoint = leaderEndpoints.get(leaderId) ?? this.endpointOf(leaderId);
      if (endpoint === undefined) {
        this.logger.warn(`No endpoint known for leader ${leaderId}; not fetching ${ps.map((p) => p.name).join(',')} until the next LeaderAndIsr`);
        continue;
      }
      let fetcher = this.fetchers.get(leaderId);
      if (fetcher === undefined) {
        fetcher = new ReplicaFetcher(leaderId, endpoint, this.config, this.logger);
        this.fetchers.set(leaderId, fetcher);
      } else {
        fetcher.setEndpoint(endpoint);
      }
      fetcher.addPartitions(ps);
    }
  }

  removePartitions(tps: Array<{ topic: string; partition: number }>): void {
    for (const [leaderId, fetcher] of this.fetchers) {
      fetcher.removePartitions(tps);
      if (fetcher.isEmpty) {
        this.fetchers.delete(leaderId);
        void fetcher.stop();
      }
    }
  }

  async shutdown(): Promise<void> {
    const all = [...this.fetchers.values()];
    this.fetchers.clear();
    await Promise.all(all.map((f) => f.stop()));
  }
}
