// Consumer groups with kafkajs against a real 3-broker cluster: the group coordinator balances
// partitions over the members and rebalances when members come and go, groups are independent,
// committed offsets survive a consumer restart, and a group survives kill -9 of its coordinator
// (the __consumer_offsets partition's leadership moves and the new coordinator loads the offsets).
// Assignments are checked twice: what every member was told (kafkajs's GROUP_JOIN event) and what
// the coordinator describes (DescribeGroups), which must agree.

import { AssignerProtocol, Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { sleep } from '../../src/common/poll';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { Apis } from '../../src/protocol/generated';
import { eventually, findGroupCoordinator, offsetsPartitionFor, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const OFFSETS_PARTITIONS = 10;

interface Delivery {
  partition: number;
  offset: number;
  value: string;
  at: number;
}

/** One kafkajs consumer and what it learnt: its latest join (member id, assignment) and every delivery. */
interface Member {
  name: string;
  consumer: Consumer;
  memberId: string | null;
  assignment: number[];
  joins: number;
  deliveries: Delivery[];
  running: boolean;
}

describe('consumer groups with kafkajs', () => {
  let t: TestCluster;
  let cluster: LocalCluster;
  let admin: Admin;
  let producer: Producer;
  const members: Member[] = [];

  beforeAll(async () => {
    t = await startTestCluster('consumer-groups-kafkajs-', {
      'zookeeper.session.timeout.ms': '6000',
      'auto.leader.rebalance.enable': 'false',
      'controlled.shutdown.retry.backoff.ms': '200',
      'replica.lag.time.max.ms': '3000',
      'offsets.topic.num.partitions': String(OFFSETS_PARTITIONS),
      'offsets.topic.replication.factor': '3',
      'group.initial.rebalance.delay.ms': '500',
      'group.min.session.timeout.ms': '1000',
    });
    cluster = t.cluster;
    admin = kafka().admin();
    await admin.connect();
    producer = kafka().producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(members.filter((m) => m.running).map((m) => m.consumer.disconnect().catch(() => undefined)));
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await stopTestCluster(t);
  }, 120_000);

  const liveBrokers = () => cluster.brokers.filter((b) => b.isRunning);
  const kafka = () =>
    new Kafka({
      clientId: 'consumer-groups-test',
      brokers: liveBrokers().map((b) => b.bootstrap),
      logLevel: logLevel.NOTHING,
      retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 1000 },
    });

  async function createTopic(topic: string, partitions: number): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 3 }], waitForLeaders: true });
  }

  /** `perPartition` messages to each partition, values `<topic>-<partition>-<i>` for i from `from`. */
  async function produce(topic: string, partitions: number, from: number, perPartition: number, p: Producer = producer): Promise<string[]> {
    const values: string[] = [];
    const messages = [];
    for (let partition = 0; partition < partitions; partition++) {
      for (let i = from; i < from + perPartition; i++) {
        const value = `${topic}-${partition}-${i}`;
        values.push(value);
        messages.push({ partition, value });
      }
    }
    await p.send({ topic, acks: -1, messages });
    return values;
  }

  async function startMember(groupId: string, topic: string, name: string, options: { autoCommit?: boolean } = {}): Promise<Member> {
    const consumer = kafka().consumer({
      groupId,
      sessionTimeout: 6000,
      rebalanceTimeout: 15_000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 300,
      // kafkajs retries a dead coordinator's address until its retries run out, then restarts the
      // consumer, which finds the new coordinator: few retries keep the failover test short.
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const member: Member = { name, consumer, memberId: null, assignment: [], joins: 0, deliveries: [], running: true };
    members.push(member);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      member.memberId = event.payload.memberId;
      member.assignment = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
      member.joins++;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: options.autoCommit ?? true,
      eachMessage: async ({ partition, message }) => {
        member.deliveries.push({ partition, offset: Number(message.offset), value: message.value!.toString(), at: Date.now() });
      },
    });
    return member;
  }

  async function stopMember(member: Member): Promise<void> {
    member.running = false;
    await member.consumer.disconnect();
  }

  /**
   * Waits until the coordinator describes the group as Stable with exactly the given members, each
   * member's described assignment is what its latest GROUP_JOIN told it, and the assignments are
   * disjoint and cover every partition. Returns member name -> partitions.
   */
  async function stableGroup(groupId: string, topic: string, partitions: number, expected: Member[], timeoutMs = 45_000): Promise<Map<string, number[]>> {
    return eventually(
      `group ${groupId} stable with ${expected.map((m) => m.name).join(', ')}`,
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0];
        if (group.state !== 'Stable' || group.members.length !== expected.length) return null;
        expect(group.protocolType).toBe('consumer');
        const described = new Map<string, number[]>();
        for (const m of group.members) {
          const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
          described.set(m.memberId, [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b));
        }
        const result = new Map<string, number[]>();
        for (const member of expected) {
          const partitionsOfMember = member.memberId === null ? undefined : described.get(member.memberId);
          if (partitionsOfMember === undefined) return null;
          if (partitionsOfMember.join(',') !== member.assignment.join(',')) return null;
          result.set(member.name, partitionsOfMember);
        }
        const all = [...result.values()].flat().sort((a, b) => a - b);
        if (all.join(',') !== Array.from({ length: partitions }, (_, p) => p).join(',')) return null;
        return result;
      },
      timeoutMs,
    );
  }

  const seenValues = (ms: Member[]) => new Set(ms.flatMap((m) => m.deliveries.map((d) => d.value)));

  async function committed(groupId: string, topic: string): Promise<number[]> {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  }

  it('gives each of three members 2 of 6 partitions; a 4th joining and one leaving rebalance to one owner per partition', async () => {
    const topic = 'balance';
    const groupId = 'balance-group';
    await createTopic(topic, 6);
    const firstValues = await produce(topic, 6, 0, 10);

    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => startMember(groupId, topic, name)));
    let owners = await stableGroup(groupId, topic, 6, [a, b, c]);
    for (const partitions of owners.values()) expect(partitions).toHaveLength(2);
    await eventually('every first message delivered', async () => firstValues.every((v) => seenValues([a, b, c]).has(v)));

    const d = await startMember(groupId, topic, 'd');
    owners = await stableGroup(groupId, topic, 6, [a, b, c, d]);
    expect([...owners.values()].map((p) => p.length).sort()).toEqual([1, 1, 2, 2]);
    expect(owners.get('d')!.length).toBeGreaterThanOrEqual(1);
    expect(d.joins).toBeGreaterThanOrEqual(1);

    const leftMemberId = a.memberId;
    await stopMember(a);
    owners = await stableGroup(groupId, topic, 6, [b, c, d]);
    for (const partitions of owners.values()) expect(partitions).toHaveLength(2);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0].members.map((m) => m.memberId)).not.toContain(leftMemberId);

    // New messages reach exactly the members that own their partitions now.
    const aBefore = a.deliveries.length;
    const secondValues = await produce(topic, 6, 10, 10);
    await eventually('every second message delivered', async () => secondValues.every((v) => seenValues([b, c, d]).has(v)));
    expect(a.deliveries.length).toBe(aBefore);
    for (const member of [b, c, d]) {
      const fresh = member.deliveries.filter((x) => secondValues.includes(x.value));
      expect(new Set(fresh.map((x) => x.partition))).toEqual(new Set(owners.get(member.name)));
    }
    // The group's committed offsets catch up with the log ends (autocommit).
    await eventually('offsets committed up to the end', async () => (await committed(groupId, topic)).every((o) => o === 20));
    await Promise.all([b, c, d].map(stopMember));
    await eventually('the group empty', async () => (await admin.describeGroups([groupId])).groups[0].state === 'Empty');
  }, 150_000);

  it('a second group reads the whole topic on its own, whatever the first group committed', async () => {
    expect(await committed('balance-group', 'balance')).toEqual([20, 20, 20, 20, 20, 20]);
    const replay = await startMember('balance-replay', 'balance', 'replay');
    await eventually('all 120 messages read by the second group', async () => replay.deliveries.length >= 120);
    await sleep(1000);
    expect(replay.deliveries).toHaveLength(120);
    expect(new Set(replay.deliveries.map((x) => x.value)).size).toBe(120);
    for (let p = 0; p < 6; p++) {
      expect(replay.deliveries.filter((x) => x.partition === p).map((x) => x.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
    await eventually('the second group committed its own offsets', async () => (await committed('balance-replay', 'balance')).every((o) => o === 20));
    const { groups } = await admin.listGroups();
    const listed = new Map(groups.map((g) => [g.groupId, g.protocolType]));
    expect(listed.get('balance-group')).toBe('consumer');
    expect(listed.get('balance-replay')).toBe('consumer');
    await stopMember(replay);
  }, 90_000);

  it('a restarted consumer resumes from its committed offset: nothing before it again, everything after it once', async () => {
    const topic = 'resume';
    const groupId = 'resume-group';
    await createTopic(topic, 3);
    await produce(topic, 3, 0, 30);
    const first = await startMember(groupId, topic, 'first', { autoCommit: false });
    await eventually('all 90 messages read', async () => first.deliveries.length >= 90);
    // Commit a point in the middle of every partition: offset 20 (the next message to read).
    await first.consumer.commitOffsets([0, 1, 2].map((partition) => ({ topic, partition, offset: '20' })));
    expect(await committed(groupId, topic)).toEqual([20, 20, 20]);
    await stopMember(first);

    // Produced while no member runs.
    await produce(topic, 3, 30, 10);
    const second = await startMember(groupId, topic, 'second', { autoCommit: false });
    await eventually('60 messages read after the restart', async () => second.deliveries.length >= 60);
    await sleep(1500);
    expect(second.deliveries).toHaveLength(60);
    for (let p = 0; p < 3; p++) {
      const read = second.deliveries.filter((x) => x.partition === p);
      expect(read.map((x) => x.offset)).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
      expect(read.map((x) => x.value)).toEqual(Array.from({ length: 20 }, (_, i) => `${topic}-${p}-${20 + i}`));
    }
    await stopMember(second);
  }, 90_000);

  it('kill -9 of the coordinator: the group moves to the new leader of its offsets partition and keeps its offsets', async () => {
    const topic = 'failover';
    const groupId = 'failover-group';
    const offsetsPartition = offsetsPartitionFor(groupId, OFFSETS_PARTITIONS);
    await createTopic(topic, 6);
    const before = await findGroupCoordinator(cluster.brokers.map((b) => b.options.port), groupId);
    const offsetsLeader = async () => (await t.zk.getPartitionState('__consumer_offsets', offsetsPartition))!.state.leader;
    expect(before.nodeId).toBe(await offsetsLeader());
    expect(before.port).toBe(cluster.broker(before.nodeId).options.port);

    const firstValues = await produce(topic, 6, 0, 10);
    const x = await startMember(groupId, topic, 'x');
    const y = await startMember(groupId, topic, 'y');
    await stableGroup(groupId, topic, 6, [x, y]);
    await eventually('every first message delivered', async () => firstValues.every((v) => seenValues([x, y]).has(v)));
    await eventually('offsets committed up to the end', async () => (await committed(groupId, topic)).every((o) => o === 10));

    const killedAt = Date.now();
    await cluster.broker(before.nodeId).kill();
    const survivors = liveBrokers();
    const after = await eventually(
      'a new coordinator',
      async () => {
        const c = await findGroupCoordinator(survivors.map((b) => b.options.port), groupId, 5000);
        return c.nodeId !== before.nodeId ? c : null;
      },
      60_000,
    );
    expect(survivors.map((b) => b.id)).toContain(after.nodeId);
    expect(after.nodeId).toBe(await offsetsLeader());

    // The new coordinator answers OffsetFetch with the offsets committed through the old one.
    const fetched = await eventually(
      'the offsets loaded on the new coordinator',
      () =>
        withBrokerConnection(after.port, async (connection) => {
          const response = await connection.send(Apis.OffsetFetch, 5, { groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2, 3, 4, 5] }] });
          if (response.errorCode !== 0) throw new Error(`OffsetFetch error ${response.errorCode}`);
          return response.topics[0].partitions;
        }),
      60_000,
    );
    expect(fetched.map((p) => [p.partitionIndex, p.committedOffset, p.errorCode])).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, 10n, 0]));

    // The members carry on: new messages are read, nothing from before the kill is read again.
    const survivorProducer = kafka().producer();
    await survivorProducer.connect();
    try {
      const secondValues = await produce(topic, 6, 10, 10, survivorProducer);
      await eventually('every second message delivered', async () => secondValues.every((v) => seenValues([x, y]).has(v)), 90_000);
    } finally {
      await survivorProducer.disconnect();
    }
    const reread = [x, y].flatMap((m) => m.deliveries.filter((d) => d.at >= killedAt && d.offset < 10));
    expect(reread).toEqual([]);
    await stableGroup(groupId, topic, 6, [x, y], 60_000);
    await eventually('offsets committed through the new coordinator', async () => (await committed(groupId, topic)).every((o) => o === 20), 60_000);
    await Promise.all([x, y].map(stopMember));
  }, 180_000);
});
