// A real cluster: 3-node ZooKeeper ensemble + 3 broker processes on free loopback ports. Checks
// the control plane against ZooKeeper itself (znode formats, controller election and epochs,
// leader/ISR state after kill -9) and the data plane with real clients (kafkajs, kcat).

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';
import { eventually, isAlive, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const run = promisify(execFile);

describe('a 3-broker cluster on a real ZooKeeper ensemble', () => {
  let t: TestCluster;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;
  const allPids = new Set<number>();

  beforeAll(async () => {
  // Fast failure detection and no retry pauses, so faults resolve quickly in tests.
  // Automatic leader rebalance would move leaders on its own schedule and confuse these checks.
    t = await startTestCluster('cluster-test-', { 'zookeeper.session.timeout.ms': '6000', 'controlled.shutdown.retry.backoff.ms': '200', 'auto.leader.rebalance.enable': 'false' });
    ({ cluster, zk } = t);
    t.cluster.pids().forEach((p) => allPids.add(p));
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
    expect([...allPids].filter(isAlive)).toEqual([]);
  }, 120_000);

  const kafka = () => new Kafka({ clientId: 'cluster-test', brokers: cluster.bootstrapServers.filter((_, i) => cluster.brokers[i].isRunning), logLevel: logLevel.NOTHING });

  it('registers every broker, elects one controller and writes Kafka 2.4 znodes for a created topic', async () => {
    await eventually('3 registered brokers', async () => (await zk.getSortedBrokerList()).length === 3);
    const raw = async (path: string) => {
      const data = await zk.zk.getData(path);
      return data.data === null ? null : JSON.parse(data.data.toString('utf8'));
    };
    const broker = await raw('/brokers/ids/1');
    expect(Object.keys(broker)).toEqual(['listener_security_protocol_map', 'endpoints', 'jmx_port', 'host', 'timestamp', 'port', 'version']);
    expect(broker).toMatchObject({ version: 4, jmx_port: -1, host: 'localhost', port: cluster.broker(1).options.port, listener_security_protocol_map: { PLAINTEXT: 'PLAINTEXT' } });
    expect(broker.endpoints).toEqual([`PLAINTEXT://localhost:${cluster.broker(1).options.port}`]);
    expect(typeof broker.timestamp).toBe('string');
    expect((await zk.zk.getData('/brokers/ids/1')).stat.version).toBe(1);

    const controller = await raw('/controller');
    expect(Object.keys(controller)).toEqual(['version', 'brokerid', 'timestamp']);
    expect([1, 2, 3]).toContain(controller.brokerid);
    expect((await zk.getControllerEpoch())!.epoch).toBeGreaterThanOrEqual(1);
    const clusterId = await raw('/cluster/id');
    expect(clusterId.version).toBe('1');
    expect(clusterId.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'golden', numPartitions: 3, replicationFactor: 2 }], waitForLeaders: true });
    await admin.disconnect();

    const topic = await raw('/brokers/topics/golden');
    expect(Object.keys(topic)).toEqual(['version', 'partitions', 'adding_replicas', 'removing_replicas']);
    expect(topic.version).toBe(2);
    expect(Object.keys(topic.partitions).sort()).toEqual(['0', '1', '2']);
    expect(topic.adding_replicas).toEqual({});
    expect(await raw('/config/topics/golden')).toEqual({ version: 1, config: {} });
    for (const p of [0, 1, 2]) {
      const state = await eventually('partition state', () => raw(`/brokers/topics/golden/partitions/${p}/state`));
      expect(Object.keys(state)).toEqual(['controller_epoch', 'leader', 'version', 'leader_epoch', 'isr']);
      expect(state).toMatchObject({ version: 1, leader_epoch: 0, leader: topic.partitions[String(p)][0], isr: topic.partitions[String(p)] });
    }
  }, 60_000);

  it('kafkajs produces 100,000 keyed messages to 6 partitions and kcat reads every one back', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 6, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka().producer();
    await producer.connect();
    const count = 100_000;
    for (let i = 0; i < count; i += 1000) {
      await producer.send({ topic: 'orders', acks: -1, messages: Array.from({ length: 1000 }, (_, j) => ({ key: `k${(i + j) % 50}`, value: `m${i + j}` })) });
    }
    await producer.disconnect();
    const { stdout } = await run('kcat', ['-C', '-b', cluster.bootstrapServers.join(','), '-t', 'orders', '-o', 'beginning', '-e', '-q', '-f', '%p %k %s\\n'], { maxBuffer: 64 << 20 });
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(count);
    const partitionsOfKey = new Map<string, Set<string>>();
    for (const line of lines) {
      const [partition, key] = line.split(' ');
      if (!partitionsOfKey.has(key)) partitionsOfKey.set(key, new Set());
      partitionsOfKey.get(key)!.add(partition);
    }
    for (const partitions of partitionsOfKey.values()) expect(partitions.size).toBe(1);
  }, 90_000);

  it('kcat produces and reads back 100,000 keyed messages per codec across 6 partitions, keys landing per key hash', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'codecs', numPartitions: 6, replicationFactor: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const brokers = cluster.bootstrapServers.join(',');
    const perCodec = 100_000;
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      const input = Array.from({ length: perCodec }, (_, i) => `${codec}-key-${i % 97}:${codec}-${i}`).join('\n') + '\n';
      await new Promise<void>((resolve, reject) => {
        const child = execFile('kcat', ['-P', '-b', brokers, '-t', 'codecs', '-K:', '-z', codec, '-X', 'linger.ms=5'], { maxBuffer: 1 << 20 }, (error) =>
          error ? reject(error) : resolve(),
        );
        child.stdin!.end(input);
      });
    }
    const { stdout } = await run('kcat', ['-C', '-b', brokers, '-t', 'codecs', '-o', 'beginning', '-e', '-q', '-f', '%p %k %s\\n'], { maxBuffer: 256 << 20 });
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(5 * perCodec);
    const partitionsOfKey = new Map<string, Set<string>>();
    const values = new Set<string>();
    for (const line of lines) {
      const [partition, key, value] = line.split(' ');
      values.add(value);
      if (!partitionsOfKey.has(key)) partitionsOfKey.set(key, new Set());
      partitionsOfKey.get(key)!.add(partition);
    }
    expect(values.size).toBe(5 * perCodec);
    expect(partitionsOfKey.size).toBe(5 * 97);
    for (const partitions of partitionsOfKey.values()) expect(partitions.size).toBe(1);
    // kcat -L sees the topic with a leader for every partition.
    const { stdout: listing } = await run('kcat', ['-L', '-b', brokers, '-t', 'codecs']);
    expect((listing.match(/partition \d+, leader \d+/g) ?? []).length).toBe(6);
  }, 180_000);

  it('grows a topic with CreatePartitions and deletes one with DeleteTopics: znodes and log dirs go', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 2, replicationFactor: 2 }], waitForLeaders: true });
    await admin.createPartitions({ topicPartitions: [{ topic: 'doomed', count: 4 }] });
    await eventually('4 partitions with leaders', async () => {
      const md = await admin.fetchTopicMetadata({ topics: ['doomed'] });
      return md.topics[0].partitions.length === 4 && md.topics[0].partitions.every((p) => p.leader >= 0);
    });
    expect([...(await zk.getTopicAssignment('doomed'))!.keys()].sort()).toEqual([0, 1, 2, 3]);
    await admin.deleteTopics({ topics: ['doomed'], timeout: 20_000 });
    await admin.disconnect();
    await eventually('the topic znodes removed', async () => !(await zk.topicExists('doomed')) && (await zk.getTopicDeletions()).length === 0);
    expect((await zk.getTopicConfig('doomed')).size).toBe(0);
    expect(await zk.zk.exists('/config/topics/doomed')).toBeNull();
    // Every broker renamed the partition dirs for deletion (or already removed them).
    for (const b of cluster.brokers) {
      const dirs = readdirSync(b.dataDir).filter((d) => d.startsWith('doomed-'));
      expect(dirs.every((d) => d.endsWith('-delete'))).toBe(true);
    }
  }, 60_000);

  it('kill -9 of the controller elects another broker with a higher epoch; it comes back as a broker', async () => {
    const before = (await zk.getControllerEpoch())!.epoch;
    const controllerId = (await zk.getControllerId())!;
    const victim = cluster.broker(controllerId);
    await victim.kill();
    const next = await eventually('a new controller', async () => {
      const id = await zk.getControllerId();
      return id !== null && id !== controllerId ? id : null;
    });
    expect(next).not.toBe(controllerId);
    expect((await zk.getControllerEpoch())!.epoch).toBeGreaterThan(before);
    await victim.start();
    allPids.add(victim.pid!);
    await eventually('the old controller re-registered', async () => (await zk.getSortedBrokerList()).includes(controllerId));
  }, 90_000);

  it('kill -9 of a partition leader makes the controller write a new leader and ISR; restarting brings it back', async () => {
    const before = (await zk.getPartitionState('orders', 0))!;
    const leader = before.state.leader;
    await cluster.broker(leader).kill();
    const after = await eventually('a new leader for orders-0', async () => {
      const s = (await zk.getPartitionState('orders', 0))!;
      return s.state.leader !== leader && s.state.leader >= 0 ? s : null;
    });
    expect(after.state.leaderEpoch).toBeGreaterThan(before.state.leaderEpoch);
    expect(after.state.isr).not.toContain(leader);
    expect(after.zkVersion).toBeGreaterThan(before.zkVersion);

    // Clients follow the new leader.
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic: 'orders', acks: 1, messages: [{ value: 'after failover' }] });
    await producer.disconnect();

    await cluster.broker(leader).start();
    allPids.add(cluster.broker(leader).pid!);
    await eventually('the broker back in the cluster', async () => (await zk.getSortedBrokerList()).includes(leader));
  }, 90_000);
});
