// group-rebalance: the consumer group protocol of Kafka 2.4 (eager rebalancing). Members find the
// group's coordinator — the leader of the __consumer_offsets partition the group id hashes to —
// and JoinGroup; the first to join leads the group and computes the assignment, SyncGroup hands it
// out, and the group's generation goes up by one. Every join and every LeaveGroup starts a new
// generation in which all members give up their partitions and rejoin. The coordinator stores
// each generation as a group metadata record in __consumer_offsets.

import type { Consumer } from 'kafkajs';
import { decodeGroupMetadataValue, decodeOffsetsTopicKey } from '../../coordinator/group/offsets-topic-records';
import { offsetsPartitionFor } from '../../coordinator/group/offsets-topic';
import type { GroupView } from '../api-types';
import type { Lab, LabContext } from './lab';
import { createLabTopic, readPartition } from './lab-support';

const TOPIC = 'events';
const GROUP = 'lab-group';
const PARTITIONS = 4;

interface Member {
  name: string;
  consumer: Consumer;
  /** The assignment of each generation this member joined, in order. */
  joins: number[][];
}

async function startMember(ctx: LabContext, name: string): Promise<Member> {
  const consumer = ctx.kafka.consumer({ groupId: GROUP, sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 200, retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 } });
  const member: Member = { name, consumer, joins: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    const assignment = (e.payload.memberAssignment as Record<string, number[]>)[TOPIC] ?? [];
    member.joins.push([...assignment].sort((a, b) => a - b));
  });
  ctx.onCleanup(() => consumer.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
  return member;
}

/** The generations the coordinator stored for the group, oldest first, read from __consumer_offsets. */
async function storedGenerations(ctx: LabContext): Promise<{ partition: number; generations: { generation: number; members: number }[] }> {
  const partitions = ctx.state().partitions.filter((p) => p.topic === '__consumer_offsets').length;
  const partition = offsetsPartitionFor(GROUP, partitions);
  const generations: { generation: number; members: number }[] = [];
  for (const r of await readPartition(ctx, '__consumer_offsets', partition)) {
    if (r.keyBytes === null || r.valueBytes === null) continue;
    const key = decodeOffsetsTopicKey(r.keyBytes);
    if (key.kind !== 'group' || key.group !== GROUP) continue;
    const group = decodeGroupMetadataValue(r.valueBytes);
    generations.push({ generation: group.generation, members: group.members.length });
  }
  return { partition, generations };
}

function describeGroup(g: GroupView | undefined): string {
  if (g === undefined) return 'not listed';
  return `${g.state}, coordinator ${g.coordinator}, ${g.members.length} member(s): ${g.members.map((m) => `${m.clientId}/${m.memberId.slice(-8)} [${m.assignment.flatMap((a) => a.partitions.map((p) => `${a.topic}-${p}`)).join(',')}]`).join('; ')}`;
}

function groupWith(ctx: LabContext, sizes: number[]): Promise<GroupView | null> {
  const matches = (g: GroupView | undefined) =>
    g !== undefined &&
    g.state === 'Stable' &&
    g.members.length === sizes.length &&
    g.members
      .map((m) => m.assignment.reduce((n, a) => n + (a.topic === TOPIC ? a.partitions.length : 0), 0))
      .sort()
      .join() === [...sizes].sort().join();
  const deadline = Date.now() + 20_000;
  return (async () => {
    while (Date.now() < deadline) {
      const g = ctx.observatory.groups().find((x) => x.groupId === GROUP);
      if (matches(g)) return g!;
      await ctx.sleep(250);
    }
    return null;
  })();
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export const groupRebalance: Lab = {
  name: 'group-rebalance',
  title: 'A consumer group rebalances as members join and leave',
  summary:
    'Two kafkajs consumers join a group and one leaves: each change is a rebalance (JoinGroup, SyncGroup) into a new generation with a new assignment, seen in DescribeGroups and in the group metadata the coordinator writes to __consumer_offsets.',
  brokerProperties: { 'group.initial.rebalance.delay.ms': '0' },
  async run(ctx) {
    ctx.step(`Creating topic ${TOPIC} with ${PARTITIONS} partitions (replication factor 3).`);
    await createLabTopic(ctx, { topic: TOPIC, assignment: [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 3, 2]] });

    ctx.step(
      `Consumer A joins group ${GROUP}. It sends FindCoordinator: the coordinator is the leader of the __consumer_offsets partition abs(hashCode("${GROUP}")) % offsets.topic.num.partitions ` +
        `(the topic is created on this first request, offsets.topic.replication.factor=3). JoinGroup: as the first member A becomes the group leader; ` +
        `with group.initial.rebalance.delay.ms=0 the coordinator completes the join at once, generation 1; A computes the assignment (all ${PARTITIONS} partitions) and sends it with SyncGroup. ` +
        `The coordinator stores the generation in __consumer_offsets.`,
    );
    const a = await startMember(ctx, 'A');
    ctx.check('consumer A joins and is assigned every partition', await waitFor(() => a.joins.length >= 1, 30_000) && a.joins.at(-1)!.length === PARTITIONS, `A's assignment: [${a.joins.at(-1)?.join(',')}]`);
    const one = await groupWith(ctx, [PARTITIONS]);
    ctx.check('DescribeGroups shows the group Stable with one member holding everything', one !== null, describeGroup(one ?? ctx.observatory.groups().find((g) => g.groupId === GROUP)));
    if (one !== null) {
      const offsetsLeader = ctx.state().partitions.find((p) => p.topic === '__consumer_offsets' && p.partition === offsetsPartitionFor(GROUP, ctx.state().partitions.filter((x) => x.topic === '__consumer_offsets').length))?.leader;
      ctx.check(`the coordinator is the leader of the group's __consumer_offsets partition`, one.coordinator === offsetsLeader, `coordinator ${one.coordinator}, leader ${offsetsLeader}`);
    }

    ctx.step(
      `Consumer B joins. The coordinator moves the group to PreparingRebalance; A learns it from its next heartbeat (REBALANCE_IN_PROGRESS), gives up its partitions and rejoins (eager rebalancing: everyone stops). ` +
        `When both have joined, generation 2 begins; leader A assigns ${PARTITIONS / 2} partitions to each.`,
    );
    const aJoinsBefore = a.joins.length;
    const b = await startMember(ctx, 'B');
    ctx.check(
      'A rejoins and both get half of the partitions',
      (await waitFor(() => b.joins.length >= 1 && a.joins.length > aJoinsBefore && a.joins.at(-1)!.length === PARTITIONS / 2 && b.joins.at(-1)!.length === PARTITIONS / 2, 30_000)),
      `A: [${a.joins.at(-1)?.join(',')}], B: [${b.joins.at(-1)?.join(',')}]`,
    );
    const two = await groupWith(ctx, [PARTITIONS / 2, PARTITIONS / 2]);
    ctx.check('DescribeGroups shows two members with two partitions each', two !== null, describeGroup(two ?? ctx.observatory.groups().find((g) => g.groupId === GROUP)));

    ctx.step(`Consumer B leaves (disconnect sends LeaveGroup). The coordinator does not wait for its session to time out: the group rebalances at once into generation 3, and A gets every partition back.`);
    const aJoinsBeforeLeave = a.joins.length;
    await b.consumer.disconnect();
    ctx.check('A rejoins alone and gets every partition back', await waitFor(() => a.joins.length > aJoinsBeforeLeave && a.joins.at(-1)!.length === PARTITIONS, 30_000), `A: [${a.joins.at(-1)?.join(',')}]`);
    const back = await groupWith(ctx, [PARTITIONS]);
    ctx.check('DescribeGroups shows one member again', back !== null, describeGroup(back ?? ctx.observatory.groups().find((g) => g.groupId === GROUP)));

    const stored = await storedGenerations(ctx);
    const gens = stored.generations.map((g) => g.generation);
    ctx.note(`Group metadata records in __consumer_offsets-${stored.partition}: ${stored.generations.map((g) => `generation ${g.generation} (${g.members} member${g.members === 1 ? '' : 's'})`).join(', ') || 'none'}.`);
    ctx.check(
      'the coordinator stored generations 1, 2 and 3 with 1, 2 and 1 members',
      [1, 2, 3].every((n, i) => stored.generations.some((g) => g.generation === n && g.members === [1, 2, 1][i])),
      `generations stored: ${gens.join(', ') || 'none'}`,
    );
  },
};
