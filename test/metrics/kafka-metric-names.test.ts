import { gaugeMetricName, histogramMetricName, KAFKA_QUANTILES, meterMetricName, parseMBeanName, quantileLabel } from '../../src/metrics/kafka-metric-names';

// Expected names worked out by hand from jmx_exporter's example_configs/kafka-2_0_0.yml rules.
describe('Prometheus names of Kafka MBeans (JMX exporter kafka-2_0_0 rules)', () => {
  it('turns meters into _total counters without PerSec, lowercased', () => {
    expect(meterMetricName('kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec')).toBe('kafka_server_brokertopicmetrics_messagesin_total');
    expect(meterMetricName('kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec')).toBe('kafka_server_brokertopicmetrics_bytesout_total');
    expect(meterMetricName('kafka.server:type=ReplicaManager,name=IsrShrinksPerSec')).toBe('kafka_server_replicamanager_isrshrinks_total');
    expect(meterMetricName('kafka.network:type=RequestMetrics,name=RequestsPerSec')).toBe('kafka_network_requestmetrics_requests_total');
    expect(meterMetricName('kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec')).toBe('kafka_controller_controllerstats_uncleanleaderelections_total');
  });

  it('refuses a meter name the counter rules would not match', () => {
    expect(() => meterMetricName('kafka.server:type=ReplicaManager,name=LeaderCount')).toThrow(/PerSec/);
  });

  it('keeps gauge names whole', () => {
    expect(gaugeMetricName('kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions')).toBe('kafka_server_replicamanager_underreplicatedpartitions');
    expect(gaugeMetricName('kafka.controller:type=KafkaController,name=ActiveControllerCount')).toBe('kafka_controller_kafkacontroller_activecontrollercount');
  });

  it('names histograms like gauges, with the exporter\'s quantile labels', () => {
    expect(histogramMetricName('kafka.network:type=RequestMetrics,name=TotalTimeMs')).toBe('kafka_network_requestmetrics_totaltimems');
    expect(histogramMetricName('kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs')).toBe('kafka_controller_controllerstats_leaderelectionrateandtimems');
    expect(quantileLabel('50thPercentile')).toBe('0.50');
    expect(quantileLabel('999thPercentile')).toBe('0.999');
    expect(KAFKA_QUANTILES).toEqual([
      { quantile: 0.5, label: '0.50' },
      { quantile: 0.75, label: '0.75' },
      { quantile: 0.95, label: '0.95' },
      { quantile: 0.98, label: '0.98' },
      { quantile: 0.99, label: '0.99' },
      { quantile: 0.999, label: '0.999' },
    ]);
  });

  it('parses MBean names and rejects others', () => {
    expect(parseMBeanName('kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec')).toEqual({ domain: 'server', type: 'BrokerTopicMetrics', name: 'BytesInPerSec' });
    expect(() => parseMBeanName('java.lang:type=Memory')).toThrow();
    expect(() => parseMBeanName('kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=t')).toThrow();
  });
});
