// Consumer group rebalance time: 3 brokers, a 100-partition topic, 10 kafkajs consumers in one
// group (all in this process). Measured:
//   - the time for the first 10 to become stable (from starting them);
//   - per round, the time from an 11th member's connect/subscribe/run until the group is stable
//     again with all 11 assigned, and the time from its disconnect until the 10 are stable again.
// "Stable" means both sides agree: DescribeGroups (sent to the coordinator with our own client)
// answers Stable with exactly the running members, every member's assignment is non-empty, the
// assignments are disjoint and cover every partition, and every consumer's latest GROUP_JOIN event
// (what it was told after SyncGroup) carries its member id and exactly that assignment.
//
// The figures are dominated by client settings: existing members learn of a rebalance on their
// next heartbeat (kafkajs heartbeats between fetches, so max wait matters too), and the first
// join of an empty group waits group.initial.rebalance.delay.ms (extended while members keep
// arriving, up to the rebalance timeout, as in Kafka). The run prints all of them. Each join and
// leave starts 1 s plus a random part of a heartbeat interval after the group became stable,
// since the members heartbeat in step after a rebalance. The leave time includes kafkajs's
// disconnect (it finishes its fetch, then sends LeaveGroup).
//
// Run: npm run bench:group [-- --rounds 5 --members 10 --partitions 100 --heartbeat-ms 500
//                              --session-ms 10000 --max-wait-ms 100 --initial-delay-ms 3000]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol, Kafka, logLevel, type Consumer } from 'kafkajs';
import { sleep } from '../src/common/poll';
import { LocalCluster } from '../src/launcher/local-cluster';
import { BrokerConnection } from '../src/network/broker-connection';
import { Apis } from '../src/protocol/generated';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

const ROUNDS = option('--rounds', 5);
const MEMBERS = option('--members', 10);
const PARTITIONS = option('--partitions', 100);
const HEARTBEAT_MS = option('--heartbeat-ms', 500);
const SESSION_MS = option('--session-ms', 10_000);
const REBALANCE_TIMEOUT_MS = option('--rebalance-timeout-ms', 30_000);
const MAX_WAIT_MS = option('--max-wait-ms', 100);
const INITIAL_DELAY_MS = option('--initial-delay-ms', 3000);
const POLL_MS = 20;
const TOPIC = 'rebalance-bench';
const GROUP = 'rebalance-bench-group';

interface Member {
  consumer: Consumer;
  memberId: string | null;
  assignment: string;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-group-'));
  const cluster = await LocalCluster.start({
    baseDir: dir,
    brokers: 3,
    brokerProperties: { 'group.initial.rebalance.delay.ms': String(INITIAL_DELAY_MS), 'auto.leader.rebalance.enable': 'false' },
  });
  const kafka = new Kafka({ clientId: 'group-bench', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
  const members: Member[] = [];
  let coordinator: BrokerConnection | null = null;
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    coordinator = await connectToCoordinator(cluster);

    const describeStable = async (expected: Member[]): Promise<boolean> => {
      const response = await coordinator!.send(Apis.DescribeGroups, 4, { groups: [GROUP], includeAuthorizedOperations: false });
      const group = response.groups[0];
      if (group.errorCode !== 0 || group.groupState !== 'Stable' || group.members.length !== expected.length) return false;
      const described = new Map<string, number[]>();
      for (const m of group.members) {
        const partitions = AssignerProtocol.MemberAssignment.decode(Buffer.from(m.memberAssignment))?.assignment[TOPIC] ?? [];
        if (partitions.length === 0) return false;
        described.set(m.memberId, [...partitions].sort((a, b) => a - b));
      }
      const all = [...described.values()].flat().sort((a, b) => a - b);
      if (all.length !== PARTITIONS || all.some((p, i) => p !== i)) return false;
      return expected.every((member) => member.memberId !== null && described.get(member.memberId)?.join(',') === member.assignment);
    };
    const waitStable = async (expected: Member[], since: number, timeoutMs = 120_000): Promise<number> => {
      while (!(await describeStable(expected))) {
        if (Date.now() - since > timeoutMs) throw new Error(`the group did not become stable with ${expected.length} members within ${timeoutMs} ms`);
        await sleep(POLL_MS);
      }
      return Date.now() - since;
    };
    const startMember = async (): Promise<Member> => {
      const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: SESSION_MS, rebalanceTimeout: REBALANCE_TIMEOUT_MS, heartbeatInterval: HEARTBEAT_MS, maxWaitTimeInMs: MAX_WAIT_MS });
      const member: Member = { consumer, memberId: null, assignment: '' };
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        member.memberId = event.payload.memberId;
        member.assignment = [...(event.payload.memberAssignment[TOPIC] ?? [])].sort((a, b) => a - b).join(',');
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPIC] });
      await consumer.run({ eachMessage: async () => undefined });
      return member;
    };

    let started = Date.now();
    members.push(...(await Promise.all(Array.from({ length: MEMBERS }, startMember))));
    const initial = await waitStable(members, started);

    const joins: number[] = [];
    const leaves: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // After a rebalance the members heartbeat in step; start the join at a random point of that cycle.
      await sleep(1000 + Math.floor(Math.random() * HEARTBEAT_MS));
      started = Date.now();
      const extra = await startMember();
      members.push(extra);
      joins.push(await waitStable(members, started));
      await sleep(1000 + Math.floor(Math.random() * HEARTBEAT_MS));
      started = Date.now();
      members.pop();
      await extra.consumer.disconnect();
      leaves.push(await waitStable(members, started));
      console.error(`  round ${round + 1}: join ${joins[round]} ms, leave ${leaves[round]} ms`);
    }

    console.log(`group rebalance, 3 brokers, topic of ${PARTITIONS} partitions (replication factor 3), kafkajs consumers in one process`);
    console.log(
      `  settings: group.initial.rebalance.delay.ms=${INITIAL_DELAY_MS}, sessionTimeout=${SESSION_MS} ms, rebalanceTimeout=${REBALANCE_TIMEOUT_MS} ms, heartbeatInterval=${HEARTBEAT_MS} ms, maxWaitTimeInMs=${MAX_WAIT_MS} ms, DescribeGroups polled every ${POLL_MS} ms, joins/leaves 1 s + random(0..${HEARTBEAT_MS}) ms after the previous stable state`,
    );
    console.log(`  first ${MEMBERS} members stable after ${initial} ms (includes the initial rebalance delay)`);
    console.log(`  member ${MEMBERS + 1} joins -> all ${MEMBERS + 1} assigned and stable, ${ROUNDS} rounds: ${summary(joins)}`);
    console.log(`  member ${MEMBERS + 1} leaves -> ${MEMBERS} assigned and stable, ${ROUNDS} rounds: ${summary(leaves)}`);
  } finally {
    coordinator?.close();
    await Promise.all(members.map((m) => m.consumer.disconnect().catch(() => undefined)));
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return `min ${sorted[0]} ms, median ${median} ms, max ${sorted[sorted.length - 1]} ms`;
}

/** A connection to the group's coordinator, found with FindCoordinator (retried while __consumer_offsets is created and loaded). */
async function connectToCoordinator(cluster: LocalCluster): Promise<BrokerConnection> {
  const deadline = Date.now() + 60_000;
  for (let i = 0; ; i++) {
    const broker = cluster.brokers[i % cluster.brokers.length];
    const probe = new BrokerConnection({ host: '127.0.0.1', port: broker.options.port, clientId: 'group-bench' });
    try {
      await probe.connect();
      const found = await probe.send(Apis.FindCoordinator, 1, { key: GROUP, keyType: 0 });
      if (found.errorCode === 0) {
        const connection = new BrokerConnection({ host: '127.0.0.1', port: found.port, clientId: 'group-bench' });
        await connection.connect();
        return connection;
      }
    } catch {
      // not yet
    } finally {
      probe.close();
    }
    if (Date.now() > deadline) throw new Error('no coordinator for the group within 60 s');
    await sleep(200);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
