// Kafka's promise under real faults: RF=3, min.insync.replicas=2, acks=all, unclean election off.
// Producers write counted sequences (one per partition) while, in turn, the leader is killed with kill -9, the
// controller is killed with kill -9, a follower is paused (SIGSTOP) until it drops out of the ISR
// and resumed, and a broker is paused past its ZooKeeper session timeout so its session expires.
// Then every partition is read back: every acknowledged message must be there, in order.

import { Kafka, logLevel, type Producer } from 'kafkajs';
import { sleep } from '../../src/common/poll';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';
import { eventually, readPartition, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const TOPIC = 'ledger';
const PARTITIONS = 3;
const LAG_MS = 3000;

describe('no acknowledged write is lost while an in-sync replica survives', () => {
  let t: TestCluster;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;

  beforeAll(async () => {
    t = await startTestCluster('replication-faults-', {
      'zookeeper.session.timeout.ms': '6000',
      'replica.lag.time.max.ms': String(LAG_MS),
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'controlled.shutdown.retry.backoff.ms': '200',
      'auto.leader.rebalance.enable': 'false',
    });
    ({ cluster, zk } = t);
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  const kafka = () =>
    new Kafka({
      clientId: 'ledger',
      brokers: cluster.bootstrapServers,
      logLevel: logLevel.NOTHING,
      // A paused broker never answers: give up on it quickly (the send then counts as not acknowledged).
      requestTimeout: 5000,
      retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 2000 },
    });

  const states = () => zk.getPartitionStates(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition })));
  const fullIsr = async () => [...(await states()).values()].every((s) => s.state.isr.length === 3 && s.state.leader >= 0);

  it('survives leader kill, controller kill, a paused follower and an expired session', async () => {
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await eventually('a full ISR', fullIsr);

    const acknowledged: string[][] = Array.from({ length: PARTITIONS }, () => []);
    let failedSends = 0;
    let stop = false;
    const producer: Producer = kafka().producer({ allowAutoTopicCreation: false });
    await producer.connect();
    // One writer per partition, so a partition whose leader is frozen only stalls its own writer.
    const writePartition = async (partition: number) => {
      for (let seq = 0; !stop; seq++) {
        const value = `${partition}:${seq}`;
        try {
          await producer.send({ topic: TOPIC, acks: -1, timeout: 10_000, messages: [{ partition, value }] });
          acknowledged[partition].push(value);
        } catch {
          failedSends++; // not acknowledged: may or may not be stored, never counted as lost
          await sleep(100);
        }
      }
    };
    const writer = Promise.all(Array.from({ length: PARTITIONS }, (_, p) => writePartition(p)));
    const ackedTotal = () => acknowledged.reduce((n, a) => n + a.length, 0);
    const progress = async (more: number) => {
      const target = ackedTotal() + more;
      await eventually(`${more} more acknowledged messages`, async () => ackedTotal() >= target, 60_000);
    };
    const faults: string[] = [];

    await progress(300);
    // 1. kill -9 the leader of partition 0.
    const leader = (await zk.getPartitionState(TOPIC, 0))!.state.leader;
    await cluster.broker(leader).kill();
    faults.push(`kill -9 leader ${leader}`);
    await eventually('a new leader for partition 0', async () => ((await zk.getPartitionState(TOPIC, 0))!.state.leader ?? leader) !== leader);
    await progress(300);
    await cluster.broker(leader).start();
    await eventually('the ISR full again', fullIsr, 60_000);

    // 2. kill -9 the controller.
    const controller = (await zk.getControllerId())!;
    await cluster.broker(controller).kill();
    faults.push(`kill -9 controller ${controller}`);
    await eventually('a new controller', async () => {
      const id = await zk.getControllerId();
      return id !== null && id !== controller;
    });
    await progress(300);
    await cluster.broker(controller).start();
    await eventually('the ISR full again', fullIsr, 60_000);

    // 3. Pause a follower until it drops out of the ISR, then resume it.
    const p1 = (await zk.getPartitionState(TOPIC, 1))!.state;
    const follower = p1.isr.find((id) => id !== p1.leader)!;
    cluster.broker(follower).pause();
    faults.push(`SIGSTOP follower ${follower}`);
    await eventually('the paused follower out of the ISR', async () => !(await zk.getPartitionState(TOPIC, 1))!.state.isr.includes(follower), 60_000);
    await progress(300);
    cluster.broker(follower).resume();
    await eventually('the ISR full again', fullIsr, 60_000);

    // 4. Expire a broker's ZooKeeper session: pause it past zookeeper.session.timeout.ms.
    const victim = [1, 2, 3].find((id) => id !== follower)!;
    const registered = (await zk.getBrokerAndEpoch(victim))!.epoch;
    cluster.broker(victim).pause();
    faults.push(`session expiry of broker ${victim}`);
    await eventually('its registration gone', async () => !(await zk.getSortedBrokerList()).includes(victim), 30_000);
    await progress(300);
    cluster.broker(victim).resume();
    await eventually('re-registered with a new broker epoch', async () => ((await zk.getBrokerAndEpoch(victim))?.epoch ?? registered) > registered, 30_000);
    await eventually('the ISR full again', fullIsr, 60_000);
    await progress(300);

    stop = true;
    await writer;
    await producer.disconnect();

    // Read everything back from each partition's leader and look for every acknowledged message.
    let lost = 0;
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const leaderId = (await zk.getPartitionState(TOPIC, partition))!.state.leader;
      const stored = await readPartition(cluster.broker(leaderId).options.port, TOPIC, partition);
      let position = 0;
      for (const value of acknowledged[partition]) {
        const found = stored.indexOf(value, position);
        if (found < 0) lost++;
        else position = found + 1;
      }
    }
    console.log(
      `replication faults: ${ackedTotal()} acknowledged, ${failedSends} sends failed (unacknowledged), ${faults.length} faults (${faults.join('; ')}), ${lost} lost`,
    );
    expect(faults).toHaveLength(4);
    expect(lost).toBe(0);
  }, 600_000);
});
