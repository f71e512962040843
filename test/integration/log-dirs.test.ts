// DescribeLogDirs on a real 3-broker cluster: bin/kafka-log-dirs as a process reports every
// replica of a topic on the broker that holds it, in that broker's log dir, with the size of its
// .log files on disk; --broker-list and --topic-list filter as in Kafka 2.4.1.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { runTool, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

interface PartitionJson {
  partition: string;
  size: number;
  offsetLag: number;
  isFuture: boolean;
}
interface LogDirsJson {
  version: number;
  brokers: { broker: number; logDirs: { logDir: string; error: string | null; partitions: PartitionJson[] }[] }[];
}

describe('kafka-log-dirs', () => {
  let t: TestCluster;
  let admin: Admin;
  let bootstrap: string;
  /** topic-partition → the brokers holding a replica. */
  const replicas = new Map<string, number[]>();

  const dataDir = (broker: number) => join(t.dir, `broker-${broker}`, 'data');
  const onDiskSize = (broker: number, partition: string) => {
    const dir = join(dataDir(broker), partition);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  };

  /** Runs the tool; returns its three lines, the JSON parsed. */
  async function logDirs(...args: string[]): Promise<{ received: string; json: LogDirsJson }> {
    const result = await runTool('kafka-log-dirs', ['--bootstrap-server', bootstrap, '--describe', ...args]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Querying brokers for log directories information');
    expect(lines[3]).toBe('');
    return { received: lines[1]!, json: JSON.parse(lines[2]!) as LogDirsJson };
  }

  beforeAll(async () => {
    t = await startTestCluster('log-dirs-', { 'auto.leader.rebalance.enable': 'false' });
    bootstrap = t.cluster.bootstrapServers[0]!;
    const kafka = new Kafka({ clientId: 'log-dirs-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'sized', numPartitions: 3, replicationFactor: 2 },
        { topic: 'other', numPartitions: 1, replicationFactor: 3 },
      ],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1, 2]) {
      // Different amounts per partition, acknowledged by every replica before the tool looks.
      await producer.send({ topic: 'sized', acks: -1, messages: Array.from({ length: 5 * (partition + 1) }, (_, i) => ({ partition, value: `value-${partition}-${i}`.repeat(10) })) });
    }
    await producer.send({ topic: 'other', acks: -1, messages: [{ value: 'x' }] });
    await producer.disconnect();
    for (const topic of (await admin.fetchTopicMetadata({ topics: ['sized', 'other'] })).topics) {
      for (const p of topic.partitions) replicas.set(`${topic.name}-${p.partitionId}`, [...p.replicas].sort());
    }
  }, 120_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('reports every replica on the broker holding it, with its size on disk', async () => {
    const { received, json } = await logDirs();
    expect(received).toBe('Received log directory information from brokers 1,2,3');
    expect(json.version).toBe(1);
    expect(json.brokers.map((b) => b.broker)).toEqual([1, 2, 3]);
    const seen = new Map<string, number[]>();
    for (const broker of json.brokers) {
      expect(broker.logDirs).toEqual([{ logDir: dataDir(broker.broker), error: null, partitions: expect.any(Array) }]);
      for (const p of broker.logDirs[0]!.partitions) {
        expect(Object.keys(p)).toEqual(['partition', 'size', 'offsetLag', 'isFuture']);
        expect(p).toEqual({ partition: p.partition, size: onDiskSize(broker.broker, p.partition), offsetLag: 0, isFuture: false });
        seen.set(p.partition, [...(seen.get(p.partition) ?? []), broker.broker]);
      }
    }
    expect(new Map([...seen].filter(([tp]) => replicas.has(tp)))).toEqual(replicas);
    const sizes = [0, 1, 2].map((p) => onDiskSize(replicas.get(`sized-${p}`)![0]!, `sized-${p}`));
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[0]).toBeLessThan(sizes[1]!);
    expect(sizes[1]).toBeLessThan(sizes[2]!);
  }, 60_000);

  it('asks only the brokers of --broker-list, in the order the Java admin client returns them', async () => {
    const one = await logDirs('--broker-list', '2');
    expect(one.received).toBe('Received log directory information from brokers 2');
    expect(one.json.brokers.map((b) => b.broker)).toEqual([2]);
    // The admin client's HashMap of futures (2 buckets) and its copies put 1 before 3.
    const two = await logDirs('--broker-list', '3,1');
    expect(two.received).toBe('Received log directory information from brokers 3,1');
    expect(two.json.brokers.map((b) => b.broker)).toEqual([1, 3]);
  }, 60_000);

  it('keeps only the topics of --topic-list', async () => {
    const { json } = await logDirs('--topic-list', 'other,missing');
    for (const broker of json.brokers) {
      expect(broker.logDirs[0]!.partitions.map((p) => p.partition)).toEqual(['other-0']);
    }
  }, 60_000);
});
