// Each broker's /metrics (metrics.prometheus.port) under real traffic: a 3-broker cluster, kafkajs
// producing to a replicated topic, then kill -9 of a follower. The names are those the Prometheus
// JMX exporter's Kafka rules give Kafka 2.4's MBeans. (METRICS_SAMPLE=<file> keeps the leader's
// last scrape there, to look at.)

import { writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, readPartition, startTestCluster, stopTestCluster, type TestCluster } from './helpers';
import { parseSamples, sampleValue, type Sample } from '../metrics/prometheus-text';

const TOPIC = 'metered';
const PARTITIONS = 3;
const MESSAGES = 40;

describe('broker metrics at /metrics', () => {
  let t: TestCluster;

  beforeAll(async () => {
    t = await startTestCluster(
      'broker-metrics-',
      {
        // The leader drops the killed follower itself (IsrShrinks) well before its session expires.
        'replica.lag.time.max.ms': '2000',
        'zookeeper.session.timeout.ms': '10000',
        'auto.leader.rebalance.enable': 'false',
      },
      { metricsPorts: 'free' },
    );
  }, 120_000);

  afterAll(() => stopTestCluster(t), 120_000);

  const scrape = async (brokerId: number): Promise<Sample[]> => {
    const response = await fetch(`${t.cluster.broker(brokerId).metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    if (process.env.METRICS_SAMPLE) writeFileSync(process.env.METRICS_SAMPLE, text);
    return parseSamples(text);
  };
  const sum = (samples: Sample[], name: string, labels: Record<string, string>) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

  it('counts produce traffic, requests and controller state, and sees the ISR shrink after a kill', async () => {
    const kafka = new Kafka({ clientId: 'metrics-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await eventually('a full ISR on partition 0', async () => (await t.zk.getPartitionState(TOPIC, 0))?.state.isr.length === 3);
    const leader = (await t.zk.getPartitionState(TOPIC, 0))!.state.leader;

    const before = await scrape(leader);
    const messagesBefore = sampleValue(before, 'kafka_server_brokertopicmetrics_messagesin_total', { topic: TOPIC }) ?? 0;
    const bytesBefore = sampleValue(before, 'kafka_server_brokertopicmetrics_bytesin_total')!;

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: MESSAGES }, (_, i) => ({ partition: 0, value: `message-${i}` })) });
    expect(await readPartition(t.cluster.broker(leader).options.port, TOPIC, 0)).toHaveLength(MESSAGES);

    const after = await scrape(leader);
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_messagesin_total', { topic: TOPIC })! - messagesBefore).toBe(MESSAGES);
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_bytesin_total')!).toBeGreaterThan(bytesBefore);
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_bytesout_total', { topic: TOPIC })!).toBeGreaterThan(0);
    expect(sampleValue(after, 'kafka_server_brokertopicmetrics_replicationbytesout_total')!).toBeGreaterThan(0);
    expect(sum(after, 'kafka_network_requestmetrics_requests_total', { request: 'Produce' })).toBeGreaterThan(0);
    expect(sum(after, 'kafka_network_requestmetrics_requests_total', { request: 'FetchConsumer' })).toBeGreaterThan(0);
    expect(sum(after, 'kafka_network_requestmetrics_requests_total', { request: 'FetchFollower' })).toBeGreaterThan(0);
    for (const quantile of ['0.50', '0.75', '0.95', '0.98', '0.99', '0.999']) {
      expect(sampleValue(after, 'kafka_network_requestmetrics_totaltimems', { request: 'Produce', quantile })).toBeGreaterThan(0);
    }
    expect(sampleValue(after, 'kafka_network_requestmetrics_totaltimems_count', { request: 'Produce' })).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);

    const ids = t.cluster.brokers.map((b) => b.id);
    const controllerId = (await t.zk.getControllerId())!;
    const all = await Promise.all(ids.map(scrape));
    expect(all.map((s) => sampleValue(s, 'kafka_controller_kafkacontroller_activecontrollercount')).reduce((a, b) => a! + b!, 0)).toBe(1);
    const onController = all[ids.indexOf(controllerId)];
    expect(sampleValue(onController, 'kafka_controller_kafkacontroller_activecontrollercount')).toBe(1);
    expect(sampleValue(onController, 'kafka_controller_kafkacontroller_globalpartitioncount')).toBe(PARTITIONS);
    expect(sampleValue(onController, 'kafka_controller_kafkacontroller_globaltopiccount')).toBe(1);
    expect(sampleValue(onController, 'kafka_controller_kafkacontroller_offlinepartitionscount')).toBe(0);
    for (const other of all.filter((_, i) => ids[i] !== controllerId)) {
      expect(sampleValue(other, 'kafka_controller_kafkacontroller_activecontrollercount')).toBe(0);
      expect(sampleValue(other, 'kafka_controller_kafkacontroller_globalpartitioncount')).toBe(0);
    }
    expect(sum(all[ids.indexOf(leader)], 'kafka_server_replicamanager_partitioncount', {})).toBe(PARTITIONS);
    expect(sampleValue(all[ids.indexOf(leader)], 'kafka_server_replicamanager_underreplicatedpartitions')).toBe(0);

    // kill -9 a follower of partition 0 (not the controller, so nothing else moves meanwhile).
    const victim = ids.find((id) => id !== leader && id !== controllerId)!;
    const shrinksBefore = sampleValue(after, 'kafka_server_replicamanager_isrshrinks_total')!;
    await t.cluster.broker(victim).kill();
    // A caught-up follower is only out of sync once the leader's log moves past it (Kafka 2.4).
    await producer.send({ topic: TOPIC, acks: 1, messages: [{ partition: 0, value: 'after-the-kill' }] });
    await producer.disconnect();
    const shrunk = await eventually(
      'the leader to report under-replicated partitions',
      async () => {
        const s = await scrape(leader);
        return sampleValue(s, 'kafka_server_replicamanager_underreplicatedpartitions')! > 0 ? s : null;
      },
      20_000,
    );
    // The leader's own shrink (replica.lag.time.max.ms), before the victim's session expires.
    expect(sampleValue(shrunk, 'kafka_server_replicamanager_isrshrinks_total')!).toBeGreaterThan(shrinksBefore);
    expect(await t.zk.getBroker(victim)).not.toBeNull();
    expect(sampleValue(shrunk, 'kafka_server_replicamanager_leadercount')).toBeGreaterThan(0);
  }, 60_000);
});
