// Kafka's controller metrics: the KafkaController gauges (kafka.controller:type=KafkaController),
// which every broker has and which are 0 except on the active controller, and ControllerStats'
// unclean election meter and LeaderElectionRateAndTimeMs timer. Kafka's timer of that name times
// the processing of BrokerChange events (ControllerState.BrokerChange), the event that elects
// leaders for a dead broker's partitions; ours times the same.

import type { Registry, Summary } from 'prom-client';
import { kafkaGauge, kafkaHistogram, kafkaMeter } from './kafka-metric-types';

/** The controller's state as its gauges report it: all 0 unless this broker is the active controller. */
export interface ControllerGaugeValues {
  activeControllerCount(): number;
  offlinePartitionsCount(): number;
  preferredReplicaImbalanceCount(): number;
  globalTopicCount(): number;
  globalPartitionCount(): number;
}

const ZERO: ControllerGaugeValues = {
  activeControllerCount: () => 0,
  offlinePartitionsCount: () => 0,
  preferredReplicaImbalanceCount: () => 0,
  globalTopicCount: () => 0,
  globalPartitionCount: () => 0,
};

export class ControllerMetrics {
  private source: ControllerGaugeValues = ZERO;
  private uncleanLeaderElections = 0;
  private readonly leaderElectionTime: Summary<never>;

  constructor(registry: Registry) {
    const gauge = (name: string, read: (s: ControllerGaugeValues) => number) => kafkaGauge(registry, `kafka.controller:type=KafkaController,name=${name}`, () => read(this.source));
    gauge('ActiveControllerCount', (s) => s.activeControllerCount());
    gauge('OfflinePartitionsCount', (s) => s.offlinePartitionsCount());
    gauge('PreferredReplicaImbalanceCount', (s) => s.preferredReplicaImbalanceCount());
    gauge('GlobalTopicCount', (s) => s.globalTopicCount());
    gauge('GlobalPartitionCount', (s) => s.globalPartitionCount());
    kafkaMeter(registry, 'kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec', [], (emit) => emit(null, this.uncleanLeaderElections));
    this.leaderElectionTime = kafkaHistogram(registry, 'kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs', []);
  }

  /** Where the gauges read from (src/controller/controller-gauges.ts); 0 until then. */
  observe(source: ControllerGaugeValues): void {
    this.source = source;
  }

  /** An out-of-sync replica was elected leader. */
  uncleanLeaderElection(): void {
    this.uncleanLeaderElections++;
  }

  /** Starts timing a BrokerChange event; call the result when it is processed. */
  startLeaderElectionTimer(): () => void {
    const started = performance.now();
    return () => this.leaderElectionTime.observe(performance.now() - started);
  }
}
