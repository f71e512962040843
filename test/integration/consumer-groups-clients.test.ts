// Consumer groups with clients other than kafkajs, and what the coordinator leaves on disk:
// - kcat's balanced consumer (librdkafka, -G): one instance reads everything and commits; two
//   instances in one group split the partitions with no partition read by both;
// - kafka-python 2.0.2: reads everything and commits; later runs of the group read only what is new;
// - a group driven request by request with our own client (JoinGroup/SyncGroup/Heartbeat/
//   OffsetCommit/OffsetFetch/LeaveGroup), after which the __consumer_offsets segment files on every
//   broker are read byte by byte and decoded: the offset commit and group metadata records must be
//   exactly the ones Kafka 2.4 writes for that history.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AssignerProtocol, Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { decodeGroupMetadataValue, decodeOffsetCommitValue, decodeOffsetsTopicKey } from '../../src/coordinator/group/offsets-topic-records';
import type { OffsetAndMetadata, StoredGroup } from '../../src/coordinator/group/offset-and-metadata';
import { sleep } from '../../src/common/poll';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { BrokerConnection } from '../../src/network/broker-connection';
import { ErrorCode } from '../../src/protocol/errors';
import { Apis, type JoinGroupResponse } from '../../src/protocol/generated';
import {
  eventually,
  findGroupCoordinator,
  offsetsPartitionFor,
  readSegmentRecords,
  RunningChild,
  startTestCluster,
  stopTestCluster,
  type TestCluster,
} from './helpers';

const OFFSETS_PARTITIONS = 10;
const execFileAsync = promisify(execFile);

describe('consumer groups with kcat, kafka-python and our own client; __consumer_offsets on disk', () => {
  let t: TestCluster;
  let cluster: LocalCluster;
  let admin: Admin;
  let producer: Producer;
  const children: RunningChild[] = [];

  beforeAll(async () => {
    t = await startTestCluster('consumer-groups-clients-', {
      'zookeeper.session.timeout.ms': '6000',
      'auto.leader.rebalance.enable': 'false',
      'controlled.shutdown.retry.backoff.ms': '200',
      'offsets.topic.num.partitions': String(OFFSETS_PARTITIONS),
      'offsets.topic.replication.factor': '3',
      'group.initial.rebalance.delay.ms': '500',
      'group.min.session.timeout.ms': '1000',
    });
    cluster = t.cluster;
    const kafka = new Kafka({ clientId: 'consumer-groups-clients', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop('SIGKILL').catch(() => undefined)));
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
    await stopTestCluster(t);
  }, 120_000);

  const servers = () => cluster.bootstrapServers.join(',');
  const ports = () => cluster.brokers.map((b) => b.options.port);

  async function createTopic(topic: string, partitions: number): Promise<void> {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 3 }], waitForLeaders: true });
  }

  /** `perPartition` messages to each partition, values `<topic>-<partition>-<i>` for i from `from`. */
  async function produce(topic: string, partitions: number, from: number, perPartition: number): Promise<string[]> {
    const messages = [];
    for (let partition = 0; partition < partitions; partition++) {
      for (let i = from; i < from + perPartition; i++) messages.push({ partition, value: `${topic}-${partition}-${i}` });
    }
    await producer.send({ topic, acks: -1, messages });
    return messages.map((m) => m.value);
  }

  async function committed(groupId: string, topic: string): Promise<number[]> {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  }

  function kcatGroup(groupId: string, topic: string, extra: string[]): RunningChild {
    const child = new RunningChild('kcat', ['-b', servers(), '-G', groupId, '-X', 'auto.offset.reset=earliest', '-q', '-u', '-f', '%p %o %s\\n', ...extra, topic]);
    children.push(child);
    return child;
  }

  /** "partition offset value" lines as tuples. */
  const parseLines = (lines: string[]) =>
    lines.map((l) => {
      const [p, o, v] = l.split(' ');
      return { partition: Number(p), offset: Number(o), value: v };
    });

  describe('kcat balanced consumer (-G)', () => {
    it('reads every message, commits, and a later run of the group reads only the new ones', async () => {
      const topic = 'kcat-one';
      const groupId = 'kcat-one-group';
      await createTopic(topic, 4);
      const values = await produce(topic, 4, 0, 50);
      const first = await kcatGroup(groupId, topic, ['-c', '200']).wait(60_000);
      expect(first.code).toBe(0);
      const read = parseLines(first.stdout.split('\n').filter((l) => l.length > 0));
      expect(read).toHaveLength(200);
      expect(new Set(read.map((r) => r.value))).toEqual(new Set(values));
      for (let p = 0; p < 4; p++) expect(read.filter((r) => r.partition === p).map((r) => r.offset)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      // librdkafka commits what it delivered when it closes.
      await eventually('kcat committed the log ends', async () => (await committed(groupId, topic)).every((o) => o === 50));

      const fresh = await produce(topic, 4, 50, 5);
      const second = await kcatGroup(groupId, topic, ['-c', '20']).wait(60_000);
      expect(second.code).toBe(0);
      const again = parseLines(second.stdout.split('\n').filter((l) => l.length > 0));
      expect(new Set(again.map((r) => r.value))).toEqual(new Set(fresh));
      expect(again.every((r) => r.offset >= 50)).toBe(true);
      await eventually('kcat committed the new log ends', async () => (await committed(groupId, topic)).every((o) => o === 55));
    }, 150_000);

    it('two instances in one group split the partitions: together they read everything, no partition is read by both', async () => {
      const topic = 'kcat-two';
      const groupId = 'kcat-two-group';
      await createTopic(topic, 4);
      const a = kcatGroup(groupId, topic, ['-X', 'client.id=kcat-a']);
      const b = kcatGroup(groupId, topic, ['-X', 'client.id=kcat-b']);
      // Both members joined and got partitions before anything is produced. (-u: kcat's output is
      // block-buffered on a pipe otherwise, and these two run until stopped.)
      const assigned = await eventually(
        'both kcat instances in a stable group',
        async () => {
          const group = (await admin.describeGroups([groupId])).groups[0];
          if (group.state !== 'Stable' || group.members.length !== 2) return null;
          const byClient = new Map(group.members.map((m) => [m.clientId, AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? []]));
          const all = [...byClient.values()].flat().sort();
          return all.join(',') === '0,1,2,3' && [...byClient.values()].every((p) => p.length === 2) ? byClient : null;
        },
        60_000,
      );
      expect([...assigned.keys()].sort()).toEqual(['kcat-a', 'kcat-b']);

      const values = await produce(topic, 4, 0, 50);
      await eventually('every message read by one of them', async () => a.lines().length + b.lines().length >= 200, 60_000);
      await sleep(1500);
      const [outA, outB] = await Promise.all([a.stop(), b.stop()]);
      const readA = parseLines(outA.stdout.split('\n').filter((l) => l.length > 0));
      const readB = parseLines(outB.stdout.split('\n').filter((l) => l.length > 0));
      expect(readA.length + readB.length).toBe(200);
      expect(new Set([...readA, ...readB].map((r) => r.value))).toEqual(new Set(values));
      const partitionsA = new Set(readA.map((r) => r.partition));
      const partitionsB = new Set(readB.map((r) => r.partition));
      expect([...partitionsA].filter((p) => partitionsB.has(p))).toEqual([]);
      expect([...partitionsA].sort()).toEqual([...assigned.get('kcat-a')!].sort());
      expect([...partitionsB].sort()).toEqual([...assigned.get('kcat-b')!].sort());
    }, 120_000);
  });

  describe('kafka-python 2.0.2', () => {
    // Polls until `expect` messages are read and the consumer has an assignment, then `quiet`
    // seconds more (to catch anything read twice); commits explicitly unless auto-commit is on
    // (then close() commits). Prints the messages and the assignment as JSON.
    const script = `
import json, sys, time
from kafka import KafkaConsumer
a = json.loads(sys.argv[1])
c = KafkaConsumer(a['topic'], group_id=a['group'], bootstrap_servers=a['servers'], client_id='kafka-python-test',
                  auto_offset_reset='earliest', enable_auto_commit=a['autoCommit'], session_timeout_ms=6000,
                  heartbeat_interval_ms=500, consumer_timeout_ms=1000)
seen = []
deadline = time.time() + a['timeout']
quiet_until = None
while time.time() < deadline:
    for tp, messages in c.poll(timeout_ms=200).items():
        for m in messages:
            seen.append([m.partition, m.offset, m.value.decode()])
    if len(seen) >= a['expect'] and c.assignment():
        if quiet_until is None:
            quiet_until = time.time() + a['quiet']
        elif time.time() >= quiet_until:
            break
assignment = sorted(tp.partition for tp in c.assignment())
if not a['autoCommit']:
    c.commit()
c.close()
print(json.dumps({'seen': seen, 'assignment': assignment}))
`;
    async function runPython(args: { topic: string; group: string; autoCommit: boolean; expect: number; quiet: number }) {
      const { stdout } = await execFileAsync('/usr/bin/python3', ['-c', script, JSON.stringify({ ...args, servers: cluster.bootstrapServers, timeout: 60 })], { timeout: 90_000, maxBuffer: 16 << 20 });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as { seen: [number, number, string][]; assignment: number[] };
      return { ...result, values: result.seen.map((s) => s[2]) };
    }

    it('reads every message and commits; later runs of the group read nothing old', async () => {
      const topic = 'python-topic';
      const group = 'python-group';
      await createTopic(topic, 3);
      const values = await produce(topic, 3, 0, 40);

      const first = await runPython({ topic, group, autoCommit: false, expect: 120, quiet: 1 });
      expect(first.assignment).toEqual([0, 1, 2]);
      expect(first.values).toHaveLength(120);
      expect(new Set(first.values)).toEqual(new Set(values));
      expect(await committed(group, topic)).toEqual([40, 40, 40]);

      // Only what was produced since is read, once; close() auto-commits it.
      const fresh = await produce(topic, 3, 40, 5);
      const second = await runPython({ topic, group, autoCommit: true, expect: 15, quiet: 2 });
      expect([...second.values].sort()).toEqual([...fresh].sort());
      expect(second.seen.every(([, offset]) => offset >= 40)).toBe(true);
      expect(await committed(group, topic)).toEqual([45, 45, 45]);

      const third = await runPython({ topic, group, autoCommit: true, expect: 0, quiet: 3 });
      expect(third.assignment).toEqual([0, 1, 2]);
      expect(third.values).toEqual([]);
    }, 150_000);
  });

  describe('__consumer_offsets records on disk', () => {
    /** A group member driven request by request over its own connection (JoinGroup v5 etc.). */
    class RawMember {
      memberId = '';
      generation = -1;
      constructor(
        readonly connection: BrokerConnection,
        readonly groupId: string,
        readonly subscription: Buffer,
      ) {}

      async join(): Promise<JoinGroupResponse> {
        for (;;) {
          const response = await this.connection.send(Apis.JoinGroup, 5, {
            groupId: this.groupId,
            sessionTimeoutMs: 10_000,
            rebalanceTimeoutMs: 12_000,
            memberId: this.memberId,
            groupInstanceId: null,
            protocolType: 'consumer',
            protocols: [{ name: 'range', metadata: this.subscription }],
          });
          // KIP-394: a first join without a member id is answered MEMBER_ID_REQUIRED with one.
          if (response.errorCode === ErrorCode.MEMBER_ID_REQUIRED && this.memberId === '') {
            expect(response.memberId).not.toBe('');
            this.memberId = response.memberId;
            continue;
          }
          expect(response.errorCode).toBe(0);
          this.memberId = response.memberId;
          this.generation = response.generationId;
          return response;
        }
      }

      async sync(assignments: { memberId: string; assignment: Buffer }[]): Promise<Buffer> {
        const response = await this.connection.send(Apis.SyncGroup, 3, { groupId: this.groupId, generationId: this.generation, memberId: this.memberId, groupInstanceId: null, assignments });
        expect(response.errorCode).toBe(0);
        return response.assignment;
      }

      heartbeat(): Promise<number> {
        return this.connection
          .send(Apis.Heartbeat, 3, { groupId: this.groupId, generationId: this.generation, memberId: this.memberId, groupInstanceId: null })
          .then((r) => r.errorCode);
      }

      /** OffsetCommit v7; returns the error code of every partition. */
      async commit(topic: string, offsets: Record<number, number>, generation = this.generation): Promise<number[]> {
        const response = await this.connection.send(Apis.OffsetCommit, 7, {
          groupId: this.groupId,
          generationId: generation,
          memberId: this.memberId,
          groupInstanceId: null,
          retentionTimeMs: -1n,
          topics: [
            {
              name: topic,
              partitions: Object.entries(offsets).map(([p, o]) => ({
                partitionIndex: Number(p),
                committedOffset: BigInt(o),
                committedLeaderEpoch: 0,
                commitTimestamp: -1n,
                committedMetadata: `${this.memberId.slice(0, 8)}@${o}`,
              })),
            },
          ],
        });
        return response.topics[0].partitions.map((p) => p.errorCode);
      }
    }

    it('holds the offset commits and group metadata of a group exactly as Kafka 2.4 writes them, on every replica', async () => {
      const topic = 'raw-topic';
      const groupId = 'raw-group';
      await createTopic(topic, 3);
      const coordinator = await findGroupCoordinator(ports(), groupId);
      const offsetsPartition = offsetsPartitionFor(groupId, OFFSETS_PARTITIONS);
      expect(coordinator.nodeId).toBe((await t.zk.getPartitionState('__consumer_offsets', offsetsPartition))!.state.leader);

      const subscription = AssignerProtocol.MemberMetadata.encode({ version: 0, topics: [topic], userData: Buffer.alloc(0) });
      const assignmentOf = (partitions: number[]) => AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: { [topic]: partitions }, userData: Buffer.alloc(0) });
      const connect = async (clientId: string) => {
        const c = new BrokerConnection({ host: '127.0.0.1', port: coordinator.port, clientId, requestTimeoutMs: 30_000 });
        await c.connect();
        return c;
      };
      const c1 = await connect('raw-1');
      const c2 = await connect('raw-2');
      const started = Date.now();
      try {
        // Generation 1: one member, the leader, with all three partitions.
        const m1 = new RawMember(c1, groupId, subscription);
        const join1 = await m1.join();
        expect(join1.leader).toBe(m1.memberId);
        expect(join1.protocolName).toBe('range');
        expect(join1.members.map((m) => [m.memberId, Buffer.from(m.metadata)])).toEqual([[m1.memberId, subscription]]);
        const g1 = m1.generation;
        expect(Buffer.from(await m1.sync([{ memberId: m1.memberId, assignment: assignmentOf([0, 1, 2]) }]))).toEqual(assignmentOf([0, 1, 2]));
        expect(await m1.commit(topic, { 0: 11, 1: 22, 2: 33 })).toEqual([0, 0, 0]);

        // A second member joins; the first learns of the rebalance from its heartbeat and rejoins.
        const m2 = new RawMember(c2, groupId, subscription);
        const join2 = m2.join();
        await eventually('the first member told to rejoin', async () => (await m1.heartbeat()) === ErrorCode.REBALANCE_IN_PROGRESS, 15_000);
        const [rejoin1, joined2] = await Promise.all([m1.join(), join2]);
        const g2 = m1.generation;
        expect(g2).toBe(g1 + 1);
        expect(m2.generation).toBe(g2);
        expect(rejoin1.leader).toBe(m1.memberId);
        expect(joined2.leader).toBe(m1.memberId);
        expect(rejoin1.members.map((m) => m.memberId).sort()).toEqual([m1.memberId, m2.memberId].sort());
        expect(joined2.members).toEqual([]);
        const [got1, got2] = await Promise.all([
          m1.sync([
            { memberId: m1.memberId, assignment: assignmentOf([0, 1]) },
            { memberId: m2.memberId, assignment: assignmentOf([2]) },
          ]),
          m2.sync([]),
        ]);
        expect(Buffer.from(got1)).toEqual(assignmentOf([0, 1]));
        expect(Buffer.from(got2)).toEqual(assignmentOf([2]));
        expect(await m1.heartbeat()).toBe(0);
        expect(await m2.heartbeat()).toBe(0);
        expect(await m1.commit(topic, { 0: 15 })).toEqual([0]);
        expect(await m2.commit(topic, { 2: 40 })).toEqual([0]);
        // A commit with the previous generation is refused and must leave no record.
        expect(await m1.commit(topic, { 1: 99 }, g1)).toEqual([ErrorCode.ILLEGAL_GENERATION]);

        const described = await c1.send(Apis.DescribeGroups, 4, { groups: [groupId], includeAuthorizedOperations: false });
        expect(described.groups[0]).toMatchObject({ errorCode: 0, groupId, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
        expect(described.groups[0].members.map((m) => [m.memberId, m.clientId, Buffer.from(m.memberAssignment)]).sort()).toEqual(
          [
            [m1.memberId, 'raw-1', assignmentOf([0, 1])],
            [m2.memberId, 'raw-2', assignmentOf([2])],
          ].sort(),
        );
        const fetched = await c1.send(Apis.OffsetFetch, 5, { groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }] });
        expect(fetched.errorCode).toBe(0);
        expect(fetched.topics[0].partitions.map((p) => [p.partitionIndex, p.committedOffset, p.committedLeaderEpoch, p.metadata, p.errorCode])).toEqual([
          [0, 15n, 0, `${m1.memberId.slice(0, 8)}@15`, 0],
          [1, 22n, 0, `${m1.memberId.slice(0, 8)}@22`, 0],
          [2, 40n, 0, `${m2.memberId.slice(0, 8)}@40`, 0],
        ]);

        // Both leave in one LeaveGroup v3 (KIP-345 batch): the group is empty with the next generation.
        const left = await c1.send(Apis.LeaveGroup, 3, {
          groupId,
          memberId: '',
          members: [
            { memberId: m1.memberId, groupInstanceId: null },
            { memberId: m2.memberId, groupInstanceId: null },
          ],
        });
        expect(left.errorCode).toBe(0);
        expect(left.members.map((m) => m.errorCode)).toEqual([0, 0]);
        const finished = Date.now();

        // The records of this group in the offsets partition, as every replica stored them.
        const recordsOn = (brokerDataDir: string): GroupRecord[] =>
          readSegmentRecords(join(brokerDataDir, `__consumer_offsets-${offsetsPartition}`)).flatMap((r): GroupRecord[] => {
            const key = decodeOffsetsTopicKey(r.key!);
            if (key.group !== groupId) return [];
            if (key.kind === 'offset') return [{ kind: 'offset', partition: key.partition, topic: key.topic, value: r.value === null ? null : decodeOffsetCommitValue(r.value) }];
            return [{ kind: 'group', value: r.value === null ? null : decodeGroupMetadataValue(r.value) }];
          });
        const expectedShape = (records: GroupRecord[]) =>
          records.filter((r) => r.kind === 'group').length === 3 && records.filter((r) => r.kind === 'offset').length === 5;
        const leaderCopy = await eventually('the records in the leader segment', async () => {
          const records = recordsOn(cluster.broker(coordinator.nodeId).dataDir);
          return expectedShape(records) ? records : null;
        });

        const offsets = leaderCopy.flatMap((r) => (r.kind === 'offset' ? [r] : []));
        expect(offsets.map((r) => [r.topic, r.partition, r.value?.offset, r.value?.leaderEpoch, r.value?.metadata, r.value?.expireTimestamp])).toEqual([
          [topic, 0, 11n, 0, `${m1.memberId.slice(0, 8)}@11`, null],
          [topic, 1, 22n, 0, `${m1.memberId.slice(0, 8)}@22`, null],
          [topic, 2, 33n, 0, `${m1.memberId.slice(0, 8)}@33`, null],
          [topic, 0, 15n, 0, `${m1.memberId.slice(0, 8)}@15`, null],
          [topic, 2, 40n, 0, `${m2.memberId.slice(0, 8)}@40`, null],
        ]);
        for (const r of offsets) {
          expect(r.value!.commitTimestamp).toBeGreaterThanOrEqual(started - 1000);
          expect(r.value!.commitTimestamp).toBeLessThanOrEqual(finished + 1000);
        }

        const groups = leaderCopy.flatMap((r) => (r.kind === 'group' ? [r.value!] : []));
        expect(groups.map((g) => [g.protocolType, g.generation, g.protocol, g.leader])).toEqual([
          ['consumer', g1, 'range', m1.memberId],
          ['consumer', g2, 'range', m1.memberId],
          ['consumer', g2 + 1, null, null],
        ]);
        const membersOf = (i: number) =>
          groups[i].members
            .map((m) => [m.memberId, m.groupInstanceId, m.clientId, m.sessionTimeoutMs, m.rebalanceTimeoutMs, Buffer.from(m.subscription), Buffer.from(m.assignment)] as const)
            .sort((x, y) => (x[0] < y[0] ? -1 : 1));
        expect(membersOf(0)).toEqual([[m1.memberId, null, 'raw-1', 10_000, 12_000, subscription, assignmentOf([0, 1, 2])]]);
        expect(membersOf(1)).toEqual(
          [
            [m1.memberId, null, 'raw-1', 10_000, 12_000, subscription, assignmentOf([0, 1])],
            [m2.memberId, null, 'raw-2', 10_000, 12_000, subscription, assignmentOf([2])],
          ].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)),
        );
        for (const g of groups.slice(0, 2)) for (const m of g.members) expect(m.clientHost).toContain('127.0.0.1');
        expect(groups[2].members).toEqual([]);
        for (const g of groups) {
          expect(g.currentStateTimestamp).toBeGreaterThanOrEqual(started - 1000);
          expect(g.currentStateTimestamp).toBeLessThanOrEqual(finished + 1000);
        }

        // The followers hold the same records.
        for (const b of cluster.brokers.filter((x) => x.id !== coordinator.nodeId)) {
          await eventually(`broker ${b.id}'s replica caught up`, async () => JSON.stringify(recordsOn(b.dataDir), bigints) === JSON.stringify(leaderCopy, bigints));
        }
      } finally {
        c1.close();
        c2.close();
      }
    }, 90_000);
  });
});

type GroupRecord =
  | { kind: 'offset'; topic: string; partition: number; value: OffsetAndMetadata | null }
  | { kind: 'group'; value: StoredGroup | null };

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : Buffer.isBuffer(value) ? value.toString('hex') : value);
