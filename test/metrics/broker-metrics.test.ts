import { register as globalRegistry } from 'prom-client';
import { BrokerMetrics } from '../../src/metrics/broker-metrics';
import type { HostedPartition } from '../../src/metrics/replica-manager-metrics';
import { ErrorCode } from '../../src/protocol/errors';
import { parseSamples, sampleValue, type Sample } from './prometheus-text';

async function scrape(metrics: BrokerMetrics): Promise<Sample[]> {
  return parseSamples(await metrics.registry.metrics());
}

describe('BrokerMetrics', () => {
  it('counts BrokerTopicMetrics for all topics (no label) and per topic', async () => {
    const m = new BrokerMetrics();
    m.topics.produced('a', ErrorCode.NONE, 10, 1000);
    m.topics.produced('a', ErrorCode.NONE, 5, 500);
    m.topics.produced('b', ErrorCode.NONE, 1, 70);
    m.topics.produced('b', ErrorCode.MESSAGE_TOO_LARGE, 0, 2_000_000);
    m.topics.produced('b', ErrorCode.NOT_ENOUGH_REPLICAS, 0, 10);
    m.topics.produced('b', ErrorCode.NOT_LEADER_FOR_PARTITION, 0, 10);
    m.topics.fetchRequested('a');
    m.topics.fetchFailed('a', ErrorCode.OFFSET_OUT_OF_RANGE);
    m.topics.fetchFailed('a', ErrorCode.UNKNOWN_SERVER_ERROR);
    m.topics.bytesSent('a', false, 300);
    m.topics.bytesSent('a', true, 900);
    m.topics.replicatedIn(42);
    const s = await scrape(m);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_messagesin_total')).toBe(16);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_messagesin_total', { topic: 'a' })).toBe(15);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_bytesin_total', { topic: 'b' })).toBe(70);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_bytesrejected_total')).toBe(2_000_000);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_totalproducerequests_total')).toBe(6);
    // Only the unexpected failure counts, as in Kafka.
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_failedproducerequests_total', { topic: 'b' })).toBe(1);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_failedfetchrequests_total', { topic: 'a' })).toBe(1);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_totalfetchrequests_total')).toBe(1);
    // Followers' fetches are replication, not BytesOut.
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_bytesout_total')).toBe(300);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_replicationbytesout_total')).toBe(900);
    expect(sampleValue(s, 'kafka_server_brokertopicmetrics_replicationbytesin_total')).toBe(42);

    m.topics.removeTopic('a');
    const after = await scrape(m);
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_messagesin_total', { topic: 'a' })).toBeUndefined();
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_messagesin_total')).toBe(16);
  });

  it('reports all-topics meters, controller and ReplicaManager gauges as 0 before anything happens', async () => {
    const s = await scrape(new BrokerMetrics());
    for (const name of [
      'kafka_server_brokertopicmetrics_messagesin_total',
      'kafka_server_brokertopicmetrics_bytesin_total',
      'kafka_server_replicamanager_underreplicatedpartitions',
      'kafka_server_replicamanager_partitioncount',
      'kafka_server_replicamanager_isrshrinks_total',
      'kafka_controller_kafkacontroller_activecontrollercount',
      'kafka_controller_kafkacontroller_globalpartitioncount',
      'kafka_controller_kafkacontroller_offlinepartitionscount',
      'kafka_controller_controllerstats_uncleanleaderelections_total',
      'kafka_controller_controllerstats_leaderelectionrateandtimems_count',
    ]) {
      expect([name, sampleValue(s, name)]).toEqual([name, 0]);
    }
  });

  it('computes the ReplicaManager gauges from the partitions when scraped', async () => {
    const m = new BrokerMetrics();
    const partitions: HostedPartition[] = [
      { topic: 't', isLeader: true, isr: [1, 2, 3], replicas: [1, 2, 3], log: {} },
      { topic: 't', isLeader: true, isr: [1], replicas: [1, 2, 3], log: {} },
      { topic: 't', isLeader: false, isr: [2], replicas: [2, 1], log: {} },
      { topic: 'u', isLeader: false, isr: [], replicas: [1], log: null },
    ];
    m.replicaManager.observe({ allPartitions: () => partitions, minInsyncReplicas: () => 2 });
    m.replicaManager.isrChanged(3, 2);
    m.replicaManager.isrChanged(2, 3);
    m.replicaManager.isrChanged(3, 1);
    const s = await scrape(m);
    expect(sampleValue(s, 'kafka_server_replicamanager_partitioncount')).toBe(4);
    expect(sampleValue(s, 'kafka_server_replicamanager_leadercount')).toBe(2);
    expect(sampleValue(s, 'kafka_server_replicamanager_underreplicatedpartitions')).toBe(1);
    expect(sampleValue(s, 'kafka_server_replicamanager_underminisrpartitioncount')).toBe(1);
    expect(sampleValue(s, 'kafka_server_replicamanager_offlinereplicacount')).toBe(1);
    expect(sampleValue(s, 'kafka_server_replicamanager_isrshrinks_total')).toBe(2);
    expect(sampleValue(s, 'kafka_server_replicamanager_isrexpands_total')).toBe(1);
  });

  it('counts requests per name and version, fetches also as FetchConsumer/FetchFollower, with Kafka quantiles', async () => {
    const m = new BrokerMetrics();
    for (let i = 1; i <= 100; i++) m.requests.record(0, 8, {}, i);
    m.requests.record(0, 7, {}, 1);
    m.requests.record(1, 11, { replicaId: -1 }, 2);
    m.requests.record(1, 11, { replicaId: 2 }, 3);
    m.requests.record(2, 5, {}, 1);
    const s = await scrape(m);
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'Produce', version: '8' })).toBe(100);
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'Produce', version: '7' })).toBe(1);
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'Fetch', version: '11' })).toBe(2);
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'FetchConsumer', version: '11' })).toBe(1);
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'FetchFollower', version: '11' })).toBe(1);
    // ApiKeys' name, not the message spec's (ListOffset).
    expect(sampleValue(s, 'kafka_network_requestmetrics_requests_total', { request: 'ListOffsets', version: '5' })).toBe(1);
    expect(sampleValue(s, 'kafka_network_requestmetrics_totaltimems_count', { request: 'Produce' })).toBe(101);
    const median = sampleValue(s, 'kafka_network_requestmetrics_totaltimems', { request: 'Produce', quantile: '0.50' });
    expect(median).toBeGreaterThan(40);
    expect(median).toBeLessThan(60);
    for (const q of ['0.75', '0.95', '0.98', '0.99', '0.999']) {
      expect(sampleValue(s, 'kafka_network_requestmetrics_totaltimems', { request: 'Produce', quantile: q })).toBeGreaterThan(median!);
    }
    expect(s.some((x) => x.labels.quantile === '0.5')).toBe(false);
  });

  it('keeps each broker in its own registry, with process metrics only when asked', async () => {
    const a = new BrokerMetrics();
    const b = new BrokerMetrics();
    a.topics.produced('t', ErrorCode.NONE, 3, 30);
    expect(sampleValue(await scrape(b), 'kafka_server_brokertopicmetrics_messagesin_total')).toBe(0);
    expect((await globalRegistry.metrics()).includes('kafka_')).toBe(false);
    expect((await scrape(a)).some((x) => x.name === 'process_cpu_user_seconds_total')).toBe(false);
    a.collectProcessMetrics();
    a.collectProcessMetrics();
    const withProcess = await scrape(a);
    expect(withProcess.some((x) => x.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(withProcess.some((x) => x.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('times leader elections and counts unclean ones', async () => {
    const m = new BrokerMetrics();
    const stop = m.controller.startLeaderElectionTimer();
    stop();
    m.controller.uncleanLeaderElection();
    m.controller.observe({
      activeControllerCount: () => 1,
      offlinePartitionsCount: () => 2,
      preferredReplicaImbalanceCount: () => 3,
      globalTopicCount: () => 4,
      globalPartitionCount: () => 5,
    });
    const s = await scrape(m);
    expect(sampleValue(s, 'kafka_controller_controllerstats_leaderelectionrateandtimems_count')).toBe(1);
    expect(sampleValue(s, 'kafka_controller_controllerstats_leaderelectionrateandtimems', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(s, 'kafka_controller_controllerstats_uncleanleaderelections_total')).toBe(1);
    expect(sampleValue(s, 'kafka_controller_kafkacontroller_activecontrollercount')).toBe(1);
    expect(sampleValue(s, 'kafka_controller_kafkacontroller_preferredreplicaimbalancecount')).toBe(3);
    expect(sampleValue(s, 'kafka_controller_kafkacontroller_globalpartitioncount')).toBe(5);
  });
});
