// The group coordinator's protocol logic against a real partition log (one __consumer_offsets
// partition on disk, this broker its only replica): membership, rebalances, sessions, static
// members, offsets, reloading after a leadership change, deletion and expiry. Time is a
// ManualClock: sessions, rebalance delays and retention pass in virtual milliseconds.

import type { GroupCoordinator, JoinGroupParams } from '../../../src/coordinator/group/group-coordinator';
import type { JoinGroupResult, SyncGroupResult } from '../../../src/coordinator/group/group-results';
import type { OffsetAndMetadata } from '../../../src/coordinator/group/offset-and-metadata';
import { decodeOffsetCommitValue, decodeOffsetsTopicKey } from '../../../src/coordinator/group/offsets-topic-records';
import type { TopicPartitionMap } from '../../../src/coordinator/group/topic-partition-map';
import type { Log } from '../../../src/log/log';
import { ErrorCode } from '../../../src/protocol/errors';
import { decodeRecordSet } from '../../../src/protocol/records/record';
import { cleanupTempDirs } from '../../log/helpers';
import type { ManualClock } from '../../common/manual-clock';
import * as harness from './coordinator-harness';
import { loaded, offsetsToCommit, openOffsetsLog, untilLoaded, yieldToIo } from './coordinator-harness';

afterEach(cleanupTempDirs);

const SESSION_MS = 400;
/** How far virtual time moves between two looks at the coordinator. */
const TICK_MS = 10;

let clock: ManualClock;

/** Virtual time passes in ticks, with the coordinator's asynchronous work running between them. */
async function elapse(ms: number): Promise<void> {
  for (let passed = 0; passed < ms; passed += TICK_MS) {
    await yieldToIo();
    clock.advance(TICK_MS);
  }
  await yieldToIo();
}

/** Virtual time passes until the answer comes (rebalance delays, the leader's SyncGroup...). */
async function answered<T>(pending: Promise<T>, limitMs = 60_000): Promise<T> {
  let done = false;
  void pending.then(() => (done = true));
  for (let passed = 0; !done; passed += TICK_MS) {
    if (passed > limitMs) throw new Error(`no answer within ${limitMs} virtual ms`);
    await elapse(TICK_MS);
  }
  return pending;
}

function newCoordinator(log: Log, overrides: { retentionMs?: number } = {}) {
  const created = harness.newCoordinator(log, overrides);
  clock = created.clock;
  return created;
}

const subscription = (topics: string[]) => {
  // ConsumerProtocol Subscription v0: version, topics, user data.
  const parts = [Buffer.from([0, 0]), int32(topics.length)];
  for (const t of topics) parts.push(Buffer.from([0, t.length]), Buffer.from(t));
  parts.push(int32(-1));
  return Buffer.concat(parts);
};
function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function joinParams(overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    requireKnownMemberId: false,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    rebalanceTimeoutMs: 2000,
    sessionTimeoutMs: SESSION_MS,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(['t']) }],
    ...overrides,
  };
}

/** A JoinGroup that the test leaves waiting while it does other things. */
const startJoin = (c: GroupCoordinator, params: JoinGroupParams) => new Promise<JoinGroupResult>((resolve) => c.handleJoinGroup(params, resolve));
const join = (c: GroupCoordinator, params: JoinGroupParams) => answered(startJoin(c, params));
/** A SyncGroup that the test leaves waiting (a follower's, until the leader's). */
const startSync = (c: GroupCoordinator, groupId: string, generationId: number, memberId: string, assignments: Array<[string, Buffer]> = [], groupInstanceId: string | null = null) =>
  new Promise<SyncGroupResult>((resolve) => c.handleSyncGroup({ groupId, generationId, memberId, groupInstanceId, assignments: new Map(assignments) }, resolve));
const sync = (...args: Parameters<typeof startSync>) => answered(startSync(...args));

function commits(entries: Array<[string, number, bigint]>): TopicPartitionMap<OffsetAndMetadata> {
  return offsetsToCommit(clock.now(), entries);
}

describe('GroupCoordinator', () => {
  let coordinator: GroupCoordinator;
  afterEach(() => coordinator?.shutdown());

  it('hands out a member id first on JoinGroup v4+ (MEMBER_ID_REQUIRED), then forms generation 1 with the leader getting every member', async () => {
    const log = openOffsetsLog();
    ({ coordinator } = newCoordinator(log));
    await loaded(coordinator);
    const first = await join(coordinator, joinParams({ requireKnownMemberId: true }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^client-[0-9a-f-]{36}$/);
    const joined = await join(coordinator, joinParams({ memberId: first.memberId, requireKnownMemberId: true }));
    expect(joined).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1, protocolName: 'range', leaderId: first.memberId, memberId: first.memberId });
    expect(joined.members.map((m) => m.memberId)).toEqual([first.memberId]);
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('CompletingRebalance');
    const synced = await sync(coordinator, 'g', 1, first.memberId, [[first.memberId, Buffer.from('mine')]]);
    expect(synced).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('mine') });
    const description = coordinator.handleDescribeGroup('g').summary;
    expect(description).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocol: 'range' });
    expect(description.members[0]).toMatchObject({ memberId: first.memberId, clientId: 'client', clientHost: '/127.0.0.1' });
    expect(coordinator.handleHeartbeat('g', first.memberId, null, 1)).toBe(ErrorCode.NONE);
    expect(coordinator.handleHeartbeat('g', first.memberId, null, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.handleHeartbeat('g', 'nobody', null, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('rebalances when a member joins a stable group: the other learns it from its heartbeat and both land in generation 2', async () => {
    ({ coordinator } = newCoordinator(openOffsetsLog()));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams());
    await sync(coordinator, 'g', 1, a.memberId, [[a.memberId, Buffer.from('a')]]);
    const bJoining = startJoin(coordinator, joinParams({ clientId: 'b' }));
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('PreparingRebalance');
    expect(coordinator.handleHeartbeat('g', a.memberId, null, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const aAgain = await join(coordinator, joinParams({ memberId: a.memberId }));
    const b = await bJoining;
    expect([aAgain.generationId, b.generationId]).toEqual([2, 2]);
    expect(aAgain.leaderId).toBe(a.memberId);
    expect(aAgain.members).toHaveLength(2);
    expect(b.members).toHaveLength(0);
    // The follower's SyncGroup waits for the leader's.
    const bSync = startSync(coordinator, 'g', 2, b.memberId);
    expect(coordinator.handleHeartbeat('g', a.memberId, null, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await sync(coordinator, 'g', 2, a.memberId, [[a.memberId, Buffer.from('a2')], [b.memberId, Buffer.from('b2')]]);
    expect(await bSync).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('b2') });
  });

  it('refuses a member whose protocols share nothing with the group, and session timeouts outside the bounds', async () => {
    ({ coordinator } = newCoordinator(openOffsetsLog()));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams());
    await sync(coordinator, 'g', 1, a.memberId);
    expect((await join(coordinator, joinParams({ protocols: [{ name: 'roundrobin', metadata: Buffer.alloc(0) }] }))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(coordinator, joinParams({ sessionTimeoutMs: 50 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await join(coordinator, joinParams({ groupId: '' }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });

  it('drops a member whose session expires, leaving the group Empty in a new generation', async () => {
    ({ coordinator } = newCoordinator(openOffsetsLog()));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams());
    await sync(coordinator, 'g', 1, a.memberId);
    await elapse(SESSION_MS - 2 * TICK_MS);
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Stable');
    await elapse(4 * TICK_MS);
    const summary = coordinator.handleDescribeGroup('g').summary;
    expect(summary.state).toBe('Empty');
    expect(summary.members).toHaveLength(0);
    expect(coordinator.handleHeartbeat('g', a.memberId, null, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('lets a static member come back under a new id without a rebalance and fences the old id', async () => {
    ({ coordinator } = newCoordinator(openOffsetsLog()));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams({ groupInstanceId: 'instance-1' }));
    expect(a.memberId).toMatch(/^instance-1-/);
    await sync(coordinator, 'g', 1, a.memberId, [[a.memberId, Buffer.from('a')]], 'instance-1');
    const again = await join(coordinator, joinParams({ groupInstanceId: 'instance-1' }));
    expect(again.errorCode).toBe(ErrorCode.NONE);
    expect(again.memberId).not.toBe(a.memberId);
    expect(again.generationId).toBe(1);
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Stable');
    expect(coordinator.handleHeartbeat('g', a.memberId, 'instance-1', 1)).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.handleHeartbeat('g', again.memberId, 'instance-1', 1)).toBe(ErrorCode.NONE);
    expect(await sync(coordinator, 'g', 1, again.memberId, [], 'instance-1')).toEqual({ errorCode: ErrorCode.NONE, assignment: Buffer.from('a') });
  });

  it('stores commits as offset records in the log, and a new leader replays them (LOAD_IN_PROGRESS meanwhile)', async () => {
    const log = openOffsetsLog();
    let offsetsLog;
    ({ coordinator, offsetsLog } = newCoordinator(log));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams());
    await sync(coordinator, 'g', 1, a.memberId, [[a.memberId, Buffer.from('a')]]);
    const results = await coordinator.handleCommitOffsets('g', a.memberId, null, 1, commits([['t', 0, 42n], ['t', 1, 7n]]));
    expect([...results].map(([, code]) => code)).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
    // A standalone consumer (generation -1) may commit for a group nobody joined.
    await coordinator.handleCommitOffsets('solo', '', null, -1, commits([['t', 2, 5n]]));

    const records = decodeRecordSet(log.read(0, 1 << 20).records);
    const offsetRecords = records.filter((r) => decodeOffsetsTopicKey(r.key!).kind === 'offset');
    expect(offsetRecords.map((r) => [decodeOffsetsTopicKey(r.key!), decodeOffsetCommitValue(r.value!).offset])).toEqual([
      [{ kind: 'offset', version: 1, group: 'g', topic: 't', partition: 0 }, 42n],
      [{ kind: 'offset', version: 1, group: 'g', topic: 't', partition: 1 }, 7n],
      [{ kind: 'offset', version: 1, group: 'solo', topic: 't', partition: 2 }, 5n],
    ]);
    expect(records.some((r) => decodeOffsetsTopicKey(r.key!).kind === 'group')).toBe(true);

    // Leadership moves away and back: the partition is replayed into a fresh cache.
    coordinator.onResignation(0);
    offsetsLog.leading = false;
    expect(coordinator.handleFetchOffsets('g', null).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    offsetsLog.leading = true;
    coordinator.onElection(0);
    expect(coordinator.handleFetchOffsets('g', null).errorCode).toBe(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS);
    await untilLoaded(coordinator);
    const fetched = coordinator.handleFetchOffsets('g', [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }, { topic: 't', partition: 9 }]);
    expect(fetched.offsets.map(([tp, o]) => [tp.partition, o.offset])).toEqual([[0, 42n], [1, 7n], [9, -1n]]);
    expect(coordinator.handleFetchOffsets('solo', null).offsets.map(([, o]) => o.offset)).toEqual([5n]);
    const reloaded = coordinator.handleDescribeGroup('g').summary;
    expect(reloaded).toMatchObject({ state: 'Stable', protocol: 'range' });
    expect(reloaded.members.map((m) => [m.memberId, m.assignment.toString()])).toEqual([[a.memberId, 'a']]);
    expect(coordinator.handleListGroups().groups.map((g) => g.groupId).sort()).toEqual(['g', 'solo']);
  });

  it('deletes only Empty groups, with their offsets, and answers GROUP_ID_NOT_FOUND for unknown ones', async () => {
    const log = openOffsetsLog();
    ({ coordinator } = newCoordinator(log));
    await loaded(coordinator);
    const a = await join(coordinator, joinParams());
    await sync(coordinator, 'g', 1, a.memberId);
    await coordinator.handleCommitOffsets('g', a.memberId, null, 1, commits([['t', 0, 3n]]));
    expect(coordinator.handleDeleteGroups(['g', 'missing'])).toEqual(new Map([['g', ErrorCode.NON_EMPTY_GROUP], ['missing', ErrorCode.GROUP_ID_NOT_FOUND]]));
    // A stable consumer group may drop offsets only of topics it does not subscribe to.
    const subscribed = coordinator.handleDeleteOffsets('g', [{ topic: 't', partition: 0 }]);
    expect([...subscribed.partitionErrors].map(([, code]) => code)).toEqual([ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC]);
    expect(coordinator.handleLeaveGroup('g', [{ memberId: a.memberId, groupInstanceId: null }]).members[0].errorCode).toBe(ErrorCode.NONE);
    await elapse(100);
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Empty');
    expect(coordinator.handleDeleteGroups(['g'])).toEqual(new Map([['g', ErrorCode.NONE]]));
    expect(coordinator.handleDescribeGroup('g').summary.state).toBe('Dead');
    await elapse(20);
    const tombstones = decodeRecordSet(log.read(0, 1 << 20).records).filter((r) => r.value === null);
    expect(tombstones.map((r) => decodeOffsetsTopicKey(r.key!).kind).sort()).toEqual(['group', 'offset']);
  });

  it('expires the offsets of an Empty group after the retention time and writes tombstones', async () => {
    const log = openOffsetsLog();
    ({ coordinator } = newCoordinator(log, { retentionMs: 50 }));
    await loaded(coordinator);
    await coordinator.handleCommitOffsets('solo', '', null, -1, commits([['t', 0, 1n]]));
    expect(coordinator.groupManager.cleanupExpiredOffsets()).toBe(0);
    await elapse(80);
    expect(coordinator.groupManager.cleanupExpiredOffsets()).toBe(1);
    expect(coordinator.handleFetchOffsets('solo', [{ topic: 't', partition: 0 }]).offsets[0][1].offset).toBe(-1n);
    await elapse(20);
    expect(decodeRecordSet(log.read(0, 1 << 20).records).filter((r) => r.value === null)).toHaveLength(1);
  });
});
