// Three consumers that join one group at the same instant end with disjoint, complete assignments,
// round after round, with kafka-python 2.0.2 and with kafkajs. Each round: a new group on a
// 6-partition topic with data, the three members start together (the first alone forms generation
// 1 and starts consuming, the others force the next generation), poll and commit for a few seconds;
// then every member's own view of its assignment is taken at the same moment, while all three are
// still in the group, and compared with the coordinator's (DescribeGroups: Stable, the same member
// ids, the same partitions). Views must be taken together: a member that outlives the others
// rightly takes over their partitions in a new generation, on Kafka 2.4.1 as here.

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AssignerProtocol, Kafka, logLevel, type Admin, type Consumer } from 'kafkajs';
import { startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const TOPIC = 'rounds';
const PARTITIONS = 6;
const ROUNDS = 10;
const ROUND_SECONDS = 5;

interface MemberView {
  memberId: string;
  partitions: number[];
}

// Three processes, released together by a barrier; each reports its view at the end of the round and
// keeps its membership until the test writes a line on stdin (after it asked the coordinator).
const KAFKA_PYTHON_ROUND = `
import sys, json, time, multiprocessing as mp
from kafka import KafkaConsumer
a = json.loads(sys.argv[1])

def member(i, start, views, release):
    c = KafkaConsumer(a['topic'], group_id=a['group'], bootstrap_servers=a['servers'], session_timeout_ms=10000,
                      heartbeat_interval_ms=1000, enable_auto_commit=False, auto_offset_reset='earliest')
    start.wait()
    end = time.time() + a['seconds']
    while time.time() < end:
        if c.poll(timeout_ms=200):
            c.commit()
    views.put({'memberId': c._coordinator._generation.member_id, 'partitions': sorted(tp.partition for tp in c.assignment())})
    release.wait()
    c.close()

if __name__ == '__main__':
    start, release, views = mp.Barrier(3), mp.Event(), mp.Queue()
    ps = [mp.Process(target=member, args=(i, start, views, release)) for i in range(3)]
    for p in ps: p.start()
    print(json.dumps([views.get(timeout=60) for _ in ps]), flush=True)
    sys.stdin.readline()
    release.set()
    for p in ps: p.join()
`;

describe('three consumers joining a group at the same instant, ten rounds per client', () => {
  let t: TestCluster;
  let admin: Admin;
  let kafka: Kafka;

  beforeAll(async () => {
    t = await startTestCluster('consumer-groups-rounds-', {
      'zookeeper.session.timeout.ms': '6000',
      'auto.leader.rebalance.enable': 'false',
      'group.initial.rebalance.delay.ms': '0',
      'offsets.topic.num.partitions': '10',
    });
    kafka = new Kafka({ clientId: 'rounds', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({ topic: TOPIC, messages: Array.from({ length: 1200 }, (_, i) => ({ partition: i % PARTITIONS, value: `v${batch}-${i}` })) });
    }
    await producer.disconnect();
  }, 180_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  /** The coordinator's view must be the members' own: Stable, same member ids, same partitions, disjoint and complete. */
  async function expectConsistentAssignment(groupId: string, views: MemberView[]): Promise<void> {
    const all = views.flatMap((v) => v.partitions).sort((a, b) => a - b);
    expect({ groupId, all }).toEqual({ groupId, all: Array.from({ length: PARTITIONS }, (_, p) => p) });
    const group = (await admin.describeGroups([groupId])).groups[0];
    expect(group.state).toBe('Stable');
    const coordinatorView = group.members
      .map((m) => ({ memberId: m.memberId, partitions: [...(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[TOPIC] ?? [])].sort((a, b) => a - b) }))
      .sort((a, b) => a.memberId.localeCompare(b.memberId));
    expect(coordinatorView).toEqual([...views].sort((a, b) => a.memberId.localeCompare(b.memberId)));
  }

  it('kafka-python 2.0.2', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const groupId = `python-round-${round}`;
      const child = spawn('/usr/bin/python3', ['-c', KAFKA_PYTHON_ROUND, JSON.stringify({ topic: TOPIC, group: groupId, servers: t.cluster.bootstrapServers, seconds: ROUND_SECONDS })], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      try {
        const firstLine = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout! }).once('line', resolve);
          child.once('close', (code) => reject(new Error(`kafka-python round ${round} exited with ${code} before reporting`)));
        });
        await expectConsistentAssignment(groupId, JSON.parse(firstLine) as MemberView[]);
      } finally {
        child.stdin!.end('\n');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      }
    }
  }, 300_000);

  it('kafkajs', async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const groupId = `kafkajs-round-${round}`;
      const members: Array<{ consumer: Consumer; view: MemberView }> = [0, 1, 2].map(() => ({
        consumer: kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, rebalanceTimeout: 30_000, maxWaitTimeInMs: 200 }),
        view: { memberId: '', partitions: [] },
      }));
      try {
        for (const m of members) {
          m.consumer.on(m.consumer.events.GROUP_JOIN, ({ payload }) => {
            m.view = { memberId: payload.memberId, partitions: [...(payload.memberAssignment[TOPIC] ?? [])].sort((a, b) => a - b) };
          });
        }
        await Promise.all(
          members.map(async (m) => {
            await m.consumer.connect();
            await m.consumer.subscribe({ topic: TOPIC, fromBeginning: true });
            await m.consumer.run({ eachMessage: async () => undefined });
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, ROUND_SECONDS * 1000));
        await expectConsistentAssignment(groupId, members.map((m) => m.view));
      } finally {
        await Promise.all(members.map((m) => m.consumer.disconnect()));
      }
    }
  }, 300_000);
});
