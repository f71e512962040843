// Controller failover on a real cluster: when the controller itself is killed with kill -9, the
// broker that takes over finds the dead broker's replicas at startup (Kafka's
// ReplicaStateMachine.startup moves them to OfflineReplica) and takes them out of every ISR in
// ZooKeeper — it does not wait for the leaders to shrink their ISRs after replica.lag.time.max.ms,
// which these brokers have set far beyond the test's deadlines.

import { Kafka, logLevel } from 'kafkajs';
import { eventually, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const PARTITIONS = 6;

describe('a new controller after kill -9 of the old one', () => {
  let t: TestCluster;

  beforeAll(async () => {
    t = await startTestCluster('controller-failover-', {
      'zookeeper.session.timeout.ms': '6000',
      'auto.leader.rebalance.enable': 'false',
      // Leaders would drop the silent replica themselves after this long: far beyond the deadlines below.
      'replica.lag.time.max.ms': '120000',
    });
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  it('removes the dead broker from every ISR, elects other leaders, and leaves its RF=1 partitions without a leader', async () => {
    const { cluster, zk } = t;
    const admin = new Kafka({ clientId: 'failover', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'rf3', numPartitions: PARTITIONS, replicationFactor: 3 },
        { topic: 'rf1', replicaAssignment: Array.from({ length: PARTITIONS }, (_, p) => ({ partition: p, replicas: [(p % 3) + 1] })) },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const fullIsr = async () => {
      for (let p = 0; p < PARTITIONS; p++) if ((await zk.getPartitionState('rf3', p))?.state.isr.length !== 3) return false;
      return true;
    };
    await eventually('every rf3 partition with a full ISR', fullIsr);

    const oldController = (await zk.getControllerId())!;
    const oldEpoch = await zk.getControllerEpoch();
    await cluster.broker(oldController).kill();
    const newController = await eventually(
      'another broker in /controller',
      async () => {
        const id = await zk.getControllerId();
        return id !== null && id !== oldController ? id : null;
      },
      30_000,
    );
    expect((await zk.getControllerEpoch())!.epoch).toBeGreaterThan(oldEpoch!.epoch);

    const states = await eventually(
      'partition states without the dead broker',
      async () => {
        const rf3 = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => zk.getPartitionState('rf3', p)));
        const rf1 = await Promise.all(Array.from({ length: PARTITIONS }, (_, p) => zk.getPartitionState('rf1', p)));
        // Leader -1 is a moment in between: the dead leader left the ISR, the election comes next.
        const done = rf3.every((s) => s !== null && !s.state.isr.includes(oldController) && s.state.leader > 0 && s.state.leader !== oldController);
        const orphansDone = rf1.every((s, p) => (p % 3) + 1 !== oldController || s?.state.leader === -1);
        if (done && orphansDone) return { rf3, rf1 };
        // Shown in the timeout message: what the znodes still say.
        const show = (topic: string, list: typeof rf3) => list.map((s, p) => `${topic}-${p} leader ${s?.state.leader} isr [${s?.state.isr}]`).join('; ');
        throw new Error(`broker ${oldController} is dead; ${show('rf3', rf3)}; ${show('rf1', rf1)}`);
      },
      5_000,
    );
    for (const s of states.rf3) {
      expect(s!.state.isr).toHaveLength(2);
      expect([1, 2, 3].filter((id) => id !== oldController)).toContain(s!.state.leader);
      expect(s!.state.controllerEpoch).toBeGreaterThan(oldEpoch!.epoch);
    }
    states.rf1.forEach((s, p) => {
      if ((p % 3) + 1 === oldController) {
        // The last member of an ISR stays in it, so that a later clean election knows who has the data.
        expect(s!.state).toMatchObject({ leader: -1, isr: [oldController] });
      } else {
        expect(s!.state.leader).toBe((p % 3) + 1);
      }
    });
    expect(newController).not.toBe(oldController);
  }, 120_000);
});
