// Kafka's ReplicaManager metrics (kafka.server:type=ReplicaManager). The gauges are computed from
// the broker's partitions when scraped, as Kafka's gauges are when read; the ISR meters count the
// leader's successful ISR writes.

import type { Registry } from 'prom-client';
import { kafkaGauge, kafkaMeter } from './kafka-metric-types';

/** What the gauges need to know of one partition hosted here (src/server/partition.ts has it). */
export interface HostedPartition {
  readonly topic: string;
  readonly isLeader: boolean;
  readonly isr: readonly number[];
  readonly replicas: readonly number[];
  /** null when the replica has no usable local log (it failed to open). */
  readonly log: object | null;
}

/** The broker's partitions (src/server/replica-manager.ts). */
export interface HostedPartitions {
  allPartitions(): readonly HostedPartition[];
  minInsyncReplicas(topic: string): number;
}

const NONE: HostedPartitions = { allPartitions: () => [], minInsyncReplicas: () => 1 };

const count = (state: HostedPartitions, predicate: (p: HostedPartition) => boolean): number => state.allPartitions().filter(predicate).length;

export class ReplicaManagerMetrics {
  private state: HostedPartitions = NONE;
  private isrShrinks = 0;
  private isrExpands = 0;
  private failedIsrUpdates = 0;

  constructor(registry: Registry) {
    const gauge = (name: string, read: (state: HostedPartitions) => number) => kafkaGauge(registry, `kafka.server:type=ReplicaManager,name=${name}`, () => read(this.state));
    gauge('PartitionCount', (s) => s.allPartitions().length);
    gauge('LeaderCount', (s) => count(s, (p) => p.isLeader));
    // Kafka's Partition.isUnderReplicated: led here with fewer in-sync replicas than assigned.
    gauge('UnderReplicatedPartitions', (s) => count(s, (p) => p.isLeader && p.isr.length < p.replicas.length));
    gauge('UnderMinIsrPartitionCount', (s) => count(s, (p) => p.isLeader && p.isr.length < s.minInsyncReplicas(p.topic)));
    gauge('OfflineReplicaCount', (s) => count(s, (p) => p.log === null));
    const meter = (name: string, read: () => number) => kafkaMeter(registry, `kafka.server:type=ReplicaManager,name=${name}`, [], (emit) => emit(null, read()));
    meter('IsrShrinksPerSec', () => this.isrShrinks);
    meter('IsrExpandsPerSec', () => this.isrExpands);
    meter('FailedIsrUpdatesPerSec', () => this.failedIsrUpdates);
  }

  /** The partitions the gauges report on; until then they report 0. */
  observe(state: HostedPartitions): void {
    this.state = state;
  }

  /** The leader wrote a new ISR to ZooKeeper (`from` → `to` members). */
  isrChanged(from: number, to: number): void {
    if (to < from) this.isrShrinks++;
    else this.isrExpands++;
  }

  /** The leader's conditional ISR write lost to a newer version of the state znode. */
  isrUpdateFailed(): void {
    this.failedIsrUpdates++;
  }
}
