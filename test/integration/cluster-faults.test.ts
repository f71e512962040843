// Faults on a real cluster (3-node ZooKeeper ensemble, 3 broker processes): a broker killed with
// kill -9 in the middle of a produce stream keeps every acknowledged batch; SIGTERM moves
// leadership away before the broker exits (controlled shutdown); a controller whose ZooKeeper
// session expired stops acting and another broker takes over with a higher epoch.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BrokerProcess } from '../../src/launcher/broker-process';
import { findFreePorts } from '../../src/launcher/free-ports';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';
import { sleep } from '../../src/common/poll';
import { eventually, readPartition, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

describe('faults on a 3-broker cluster', () => {
  let t: TestCluster;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;

  beforeAll(async () => {
  // Automatic leader rebalance would move leaders on its own schedule and confuse these checks.
    t = await startTestCluster('cluster-faults-', { 'zookeeper.session.timeout.ms': '6000', 'controlled.shutdown.retry.backoff.ms': '200', 'auto.leader.rebalance.enable': 'false' });
    ({ cluster, zk } = t);
    await eventually('3 brokers', async () => (await zk.getSortedBrokerList()).length === 3);
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  const kafka = () =>
    new Kafka({ clientId: 'faults', brokers: cluster.brokers.filter((b) => b.isRunning).map((b) => b.bootstrap), logLevel: logLevel.NOTHING, retry: { retries: 2 } });


  it('a broker killed with kill -9 mid-produce recovers its log: every acknowledged message is there, in order', async () => {
    const victim = cluster.broker(3);
    const admin = kafka().admin();
    await admin.connect();
    // All replicas on the victim, so what it acknowledged lives only in its own log.
    await admin.createTopics({ topics: [{ topic: 'crash', replicaAssignment: [{ partition: 0, replicas: [3] }] }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka().producer();
    await producer.connect();
    const acknowledged: string[] = [];
    let stop = false;
    const writer = (async () => {
      for (let batch = 0; !stop; batch++) {
        const messages = Array.from({ length: 200 }, (_, i) => ({ value: `b${batch}-m${i}` }));
        try {
          await producer.send({ topic: 'crash', acks: 1, messages });
          acknowledged.push(...messages.map((m) => m.value));
        } catch {
          return; // the broker is gone: this batch was never acknowledged
        }
      }
    })();
    await eventually('some acknowledged batches', async () => acknowledged.length >= 2000);
    await victim.kill();
    stop = true;
    await writer;
    await producer.disconnect().catch(() => undefined);
    const acknowledgedCount = acknowledged.length;

    await victim.start();
    await eventually('the partition led again by broker 3', async () => (await zk.getPartitionState('crash', 0))?.state.leader === 3);
    const stored = await eventually('the log readable', () => readPartition(victim.options.port, 'crash', 0), 30_000);
    expect(stored.length).toBeGreaterThanOrEqual(acknowledgedCount);
    expect(stored.slice(0, acknowledgedCount)).toEqual(acknowledged);
  }, 120_000);

  it('a second broker with a live broker id refuses to start with a clear error', async () => {
    const duplicate = new BrokerProcess({
      brokerId: 2,
      port: (await findFreePorts(1))[0],
      zkConnect: cluster.zooKeeper.connectString,
      baseDir: join(t.dir, 'duplicate-2'),
      properties: { 'zookeeper.session.timeout.ms': '6000' },
    });
    // Its sockets may open before registration fails, so wait for the process to give up.
    await duplicate.start(30_000).catch(() => undefined);
    await eventually('the duplicate broker to exit', async () => !duplicate.isRunning, 30_000);
    const log = readFileSync(join(duplicate.logDir, 'server.log'), 'utf8');
    expect(log).toMatch(/already registered/);
    expect((await zk.getSortedBrokerList()).filter((id) => id === 2)).toEqual([2]);
  }, 60_000);

  it('a broker starts with property names Kafka does not define, warning about each (with a near-miss suggestion); an invalid value stops it', async () => {
    const [port] = await findFreePorts(1);
    const extra = new BrokerProcess({
      brokerId: 4,
      port,
      zkConnect: cluster.zooKeeper.connectString,
      baseDir: join(t.dir, 'extra-4'),
      properties: { 'zookeeper.session.timeout.ms': '6000', 'allow.everyone.if.no.acl.found': 'true', 'log.retention.hour': '5' },
    });
    try {
      await extra.start();
      await eventually('broker 4 registered', async () => (await zk.getSortedBrokerList()).includes(4));
      const log = readFileSync(join(extra.logDir, 'server.log'), 'utf8');
      expect(log).toContain("The configuration 'allow.everyone.if.no.acl.found' was supplied but isn't a known config.");
      expect(log).toContain("The configuration 'log.retention.hour' was supplied but isn't a known config. Did you mean 'log.retention.hours'?");
    } finally {
      await extra.stop();
    }
    const invalid = spawnSync(join(__dirname, '../../bin/kafka-server-start'), [extra.configFile, '--override', 'num.partitions=three'], { encoding: 'utf8', timeout: 30_000 });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/num\.partitions/);
  }, 90_000);

  it('SIGTERM moves leadership away (controlled shutdown) before the broker exits', async () => {
    // The victim is not the controller: a controller that leaves is not asked for a controlled
    // shutdown, its successor finds it gone at failover (controller-failover.test.ts).
    await cluster.awaitMetadataConverged();
    const controllerId = (await zk.getControllerId())!;
    const [victim, ...others] = [...[1, 2, 3].filter((id) => id !== controllerId), controllerId];
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'handover', replicaAssignment: [0, 1, 2, 3].map((partition) => ({ partition, replicas: [victim, ...others] })) }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const partitions = [0, 1, 2, 3].map((partition) => ({ topic: 'handover', partition }));
    await eventually('the victim leading every partition', async () => [...(await zk.getPartitionStates(partitions)).values()].every((s) => s.state.leader === victim));
    await cluster.broker(victim).stop('SIGTERM');
    // The broker asked the controller to move its leaderships before it exited...
    expect(readFileSync(join(cluster.broker(victim).logDir, 'server.log'), 'utf8')).toContain('Controlled shutdown succeeded');
    // ...so every partition is led by another replica, and once it is gone it is out of the ISR.
    await eventually('leaders moved and the victim out of every ISR', async () => {
      const after = await zk.getPartitionStates(partitions);
      return [...after.values()].every((s) => others.includes(s.state.leader) && !s.state.isr.includes(victim));
    });
    await cluster.broker(victim).start();
    await eventually('the victim back', async () => (await zk.getSortedBrokerList()).includes(victim));
  }, 90_000);

  it('a controller whose ZooKeeper session expired stops acting; another broker takes over with a higher epoch', async () => {
    const controllerId = await eventually('a controller', () => zk.getControllerId());
    const epochBefore = (await zk.getControllerEpoch())!.epoch;
    const victim = cluster.broker(controllerId);
    // Freeze the controller longer than its session timeout: ZooKeeper expires the session, its
    // ephemeral znodes vanish, and another broker is elected while it cannot see it happen.
    victim.pause();
    const next = await eventually('another controller', async () => {
      const id = await zk.getControllerId();
      return id !== null && id !== controllerId ? id : null;
    }, 30_000);
    const epochAfter = (await zk.getControllerEpoch())!.epoch;
    expect(epochAfter).toBeGreaterThan(epochBefore);
    victim.resume();
    // The deposed controller re-registers as a plain broker and leaves /controller alone.
    await eventually('the old controller re-registered', async () => (await zk.getSortedBrokerList()).includes(controllerId), 30_000);
    await sleep(2000);
    expect(await zk.getControllerId()).toBe(next);
    await cluster.awaitMetadataConverged();
    expect((await zk.getControllerEpoch())!.epoch).toBe(epochAfter);
    // The cluster still works: a topic created now gets leaders.
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'after-expiry', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const states = await zk.getPartitionStates([0, 1, 2].map((partition) => ({ topic: 'after-expiry', partition })));
    for (const s of states.values()) expect(s.state.controllerEpoch).toBe(epochAfter);
  }, 120_000);
});
