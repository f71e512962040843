// The controller's partition and replica state machines on their own, against a real 3-node
// ZooKeeper ensemble: legal and illegal transitions, what each writes to the partition state
// znodes (recorded on the way through, then read back from ZooKeeper), and the requests each adds
// to the batch (recorded instead of sent: there are no brokers here).

import { silentLogger } from '../../src/common/logger';
import { tpString, type TopicPartition } from '../../src/common/topic-partition';
import type { RequestSender } from '../../src/controller/channel-manager';
import { ControllerContext, PartitionState, ReplicaState } from '../../src/controller/controller-context';
import { PartitionStateMachine } from '../../src/controller/partition-state-machine';
import type { PartitionStateStore } from '../../src/controller/partition-state-store';
import { ReplicaStateMachine } from '../../src/controller/replica-state-machine';
import { ControllerRequestBatch } from '../../src/controller/request-batch';
import type { ApiDefinition } from '../../src/protocol/generated';
import { KafkaZkClient } from '../../src/zk/kafka-zk-client';
import { ControllerMovedError } from '../../src/zk/zk-errors';
import { TestEnsemble } from '../zk/zk-test-ensemble';

const CONTROLLER_ID = 1;
const T0: TopicPartition = { topic: 't', partition: 0 };
const T1: TopicPartition = { topic: 't', partition: 1 };

let ensemble: TestEnsemble;
let chroots = 0;

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
}, 90_000);

afterAll(async () => {
  await ensemble?.stop();
});

interface Sent {
  broker: number;
  api: string;
  request: unknown;
}

/** A controller's view of a fresh cluster under its own chroot: brokers 1-3 live, this one elected. */
async function fixture(assignment: Record<number, number[]> = { 0: [1, 2, 3], 1: [2, 3, 1] }) {
  const zk = new KafkaZkClient(await ensemble.client({ connectString: `${ensemble.connectString}/state-machines-${++chroots}` }));
  await zk.createTopLevelPaths();
  const election = await zk.registerControllerAndIncrementControllerEpoch(CONTROLLER_ID);
  const context = new ControllerContext();
  context.epoch = election.epoch;
  context.epochZkVersion = election.epochZkVersion;
  for (const id of [1, 2, 3]) {
    context.liveBrokers.set(id, { id, epoch: BigInt(100 + id), host: '127.0.0.1', port: 9090 + id, rack: null, endpoints: [] });
  }
  await zk.createTopicAssignment('t', new Map(Object.entries(assignment).map(([p, replicas]) => [Number(p), replicas])));
  context.allTopics.add('t');
  for (const [partition, replicas] of Object.entries(assignment)) context.setAssignment('t', Number(partition), { replicas, addingReplicas: [], removingReplicas: [] });

  const writes: string[] = [];
  const store: PartitionStateStore = {
    getPartitionStates: (partitions) => zk.getPartitionStates(partitions),
    createPartitionStates: (states, epochZkVersion) => {
      writes.push(...states.map((s) => `create ${tpString(s)} leader=${s.state.leader} isr=${s.state.isr}`));
      return zk.createPartitionStates(states, epochZkVersion);
    },
    updateLeaderAndIsr: (updates, controllerEpoch, epochZkVersion) => {
      writes.push(...updates.map((u) => `update ${tpString(u)} leader=${u.leaderAndIsr.leader} isr=${u.leaderAndIsr.isr} epoch=${u.leaderAndIsr.leaderEpoch}`));
      return zk.updateLeaderAndIsr(updates, controllerEpoch, epochZkVersion);
    },
  };
  const sent: Sent[] = [];
  const sender: RequestSender = {
    send<Req, Res>(broker: number, api: ApiDefinition<Req, Res>, _version: number, request: Req) {
      sent.push({ broker, api: api.name, request });
    },
  };
  const deps = { context, zk: store, controllerId: CONTROLLER_ID, logger: silentLogger, stateChangeLogger: silentLogger };
  const partitions = new PartitionStateMachine({ ...deps, uncleanLeaderElectionEnabled: async () => false });
  const replicas = new ReplicaStateMachine(deps);
  const batch = new ControllerRequestBatch(context, sender, CONTROLLER_ID, silentLogger);
  /** Sends the batch and returns what went out, as `broker api` lines plus the requests. */
  const flush = () => {
    batch.send();
    const out = sent.splice(0);
    return { lines: out.map((s) => `${s.broker} ${s.api}`).sort(), requests: out };
  };
  const stored = async (tp: TopicPartition) => (await zk.getPartitionState(tp.topic, tp.partition))?.state;
  return { zk, context, writes, partitions, replicas, batch, flush, stored };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Both partitions created and online with every replica online, the way a new topic starts. */
async function onlineTopic(f: Fixture): Promise<void> {
  await f.partitions.handleStateChanges([T0, T1], PartitionState.NewPartition, 'offline', f.batch);
  const all = [T0, T1].flatMap((tp) => f.replicas.replicasOf(tp));
  await f.replicas.handleStateChanges(all, ReplicaState.NewReplica, f.batch);
  await f.partitions.handleStateChanges([T0, T1], PartitionState.OnlinePartition, 'offline', f.batch);
  await f.replicas.handleStateChanges(all, ReplicaState.OnlineReplica, f.batch);
  f.flush();
  f.writes.length = 0;
}

describe('PartitionStateMachine', () => {
  it('NewPartition -> OnlinePartition creates the state znodes and tells every replica (isNew) and every broker', async () => {
    const f = await fixture();
    await f.partitions.handleStateChanges([T0, T1], PartitionState.NewPartition, 'offline', f.batch);
    expect(f.writes).toEqual([]);
    expect(f.context.partitionState(T0)).toBe(PartitionState.NewPartition);

    const failures = await f.partitions.handleStateChanges([T0, T1], PartitionState.OnlinePartition, 'offline', f.batch);
    expect(failures.size).toBe(0);
    expect(f.writes).toEqual(['create t-0 leader=1 isr=1,2,3', 'create t-1 leader=2 isr=2,3,1']);
    expect(await f.stored(T0)).toEqual({ leader: 1, leaderEpoch: 0, isr: [1, 2, 3], controllerEpoch: f.context.epoch });
    expect(f.context.partitionState(T1)).toBe(PartitionState.OnlinePartition);
    const { lines, requests } = f.flush();
    expect(lines).toEqual(['1 LeaderAndIsr', '1 UpdateMetadata', '2 LeaderAndIsr', '2 UpdateMetadata', '3 LeaderAndIsr', '3 UpdateMetadata']);
    const toBroker2 = requests.find((r) => r.broker === 2 && r.api === 'LeaderAndIsr')!.request as { topicStates: Array<{ partitionStates: Array<{ leader: number; isNew: boolean }> }> };
    expect(toBroker2.topicStates[0].partitionStates.map((s) => [s.leader, s.isNew])).toEqual([[1, true], [2, true]]);
  });

  it('refuses an illegal transition without writing or sending anything', async () => {
    const f = await fixture();
    const failures = await f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offline', f.batch);
    expect([...failures.keys()]).toEqual(['t-0']);
    expect(f.context.partitionState(T0)).toBe(PartitionState.NonExistentPartition);
    expect(f.writes).toEqual([]);
    expect(f.batch.isEmpty).toBe(true);
  });

  it('elects a live in-sync replica for an offline partition, bumping the leader epoch', async () => {
    const f = await fixture();
    await onlineTopic(f);
    f.context.liveBrokers.delete(1);
    await f.partitions.handleStateChanges([T0], PartitionState.OfflinePartition, 'offline', f.batch);
    expect(f.writes).toEqual([]);
    await f.partitions.triggerOnlinePartitionStateChange(f.batch);
    expect(f.writes).toEqual(['update t-0 leader=2 isr=2,3 epoch=1']);
    expect(await f.stored(T0)).toEqual({ leader: 2, leaderEpoch: 1, isr: [2, 3], controllerEpoch: f.context.epoch });
    expect(f.context.leadershipOf(T0)).toMatchObject({ leader: 2, leaderEpoch: 1, zkVersion: 1 });
    expect(f.flush().lines).toEqual(['2 LeaderAndIsr', '2 UpdateMetadata', '3 LeaderAndIsr', '3 UpdateMetadata']);
  });

  it('leaves a partition offline when no in-sync replica lives and unclean election is off', async () => {
    const f = await fixture({ 0: [1, 2] });
    await f.partitions.handleStateChanges([T0], PartitionState.NewPartition, 'offline', f.batch);
    f.context.liveBrokers.delete(2);
    await f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offline', f.batch); // ISR [1]
    f.flush();
    f.writes.length = 0;
    f.context.liveBrokers.delete(1);
    f.context.liveBrokers.set(2, { id: 2, epoch: 200n, host: '127.0.0.1', port: 9092, rack: null, endpoints: [] });
    await f.partitions.handleStateChanges([T0], PartitionState.OfflinePartition, 'offline', f.batch);
    const failures = await f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offline', f.batch);
    expect(failures.get('t-0')).toMatch(/no replica in ISR 1 is alive and unclean leader election is disabled/);
    expect(f.writes).toEqual([]);
    expect(f.context.partitionState(T0)).toBe(PartitionState.OfflinePartition);
    // ElectLeaders UNCLEAN may take the out-of-sync replica.
    await f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offlineUnclean', f.batch);
    expect(f.writes).toEqual(['update t-0 leader=2 isr=2 epoch=1']);
  });

  it('a controller whose epoch znode moved on is fenced: its write fails and ZooKeeper keeps the newer state', async () => {
    const f = await fixture();
    await onlineTopic(f);
    await f.zk.zk.delete('/controller');
    await f.zk.registerControllerAndIncrementControllerEpoch(2);
    f.context.liveBrokers.delete(1);
    await f.partitions.handleStateChanges([T0], PartitionState.OfflinePartition, 'offline', f.batch);
    await expect(f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offline', f.batch)).rejects.toBeInstanceOf(ControllerMovedError);
    expect(await f.stored(T0)).toMatchObject({ leader: 1, leaderEpoch: 0 });
  });
});

describe('ReplicaStateMachine', () => {
  it('after failover, replicas on live brokers start online and the others ineligible for deletion', async () => {
    const f = await fixture();
    f.context.liveBrokers.delete(3);
    const { online, offline } = f.replicas.initializeStates();
    expect(online.map((r) => `${tpString(r.tp)}:${r.replica}`)).toEqual(['t-0:1', 't-0:2', 't-1:2', 't-1:1']);
    expect(offline.map((r) => `${tpString(r.tp)}:${r.replica}`)).toEqual(['t-0:3', 't-1:3']);
    expect(f.context.replicaState(T0, 3)).toBe(ReplicaState.ReplicaDeletionIneligible);
  });

  it('OfflineReplica stops the replica and takes it out of the ISR, leader -1 where it led alone', async () => {
    const f = await fixture({ 0: [1, 2, 3], 1: [1] });
    await onlineTopic(f);
    f.context.liveBrokers.delete(1);
    await f.replicas.handleStateChanges([{ tp: T0, replica: 1 }, { tp: T1, replica: 1 }], ReplicaState.OfflineReplica, f.batch);
    expect(f.writes).toEqual(['update t-0 leader=-1 isr=2,3 epoch=1', 'update t-1 leader=-1 isr=1 epoch=1']);
    expect(await f.stored(T0)).toMatchObject({ leader: -1, isr: [2, 3] });
    expect(await f.stored(T1)).toMatchObject({ leader: -1, isr: [1] });
    expect(f.context.replicaState(T0, 1)).toBe(ReplicaState.OfflineReplica);
    // StopReplica is still addressed to the dead broker (the channel drops it, as Kafka's does); the others hear the new state.
    expect(f.flush().lines).toEqual(['1 StopReplica', '2 LeaderAndIsr', '2 UpdateMetadata', '3 LeaderAndIsr', '3 UpdateMetadata']);
  });

  it('a replica not in the ISR goes offline without a write; its partition state is resent', async () => {
    const f = await fixture();
    await onlineTopic(f);
    await f.zk.updateLeaderAndIsr([{ ...T0, leaderAndIsr: { leader: 1, leaderEpoch: 0, isr: [1, 2], zkVersion: 0 } }], f.context.epoch, f.context.epochZkVersion);
    await f.replicas.handleStateChanges([{ tp: T0, replica: 3 }], ReplicaState.OfflineReplica, f.batch);
    expect(f.writes).toEqual([]);
    expect(f.context.leadershipOf(T0)).toMatchObject({ isr: [1, 2], zkVersion: 1 });
    const { lines, requests } = f.flush();
    expect(lines).toEqual(['1 LeaderAndIsr', '1 UpdateMetadata', '2 LeaderAndIsr', '2 UpdateMetadata', '3 StopReplica', '3 UpdateMetadata']);
    expect(requests.find((r) => r.api === 'StopReplica')!.request).toMatchObject({ deletePartitions: false, topics: [{ name: 't', partitionIndexes: [0] }] });
  });

  it('deletion: ReplicaDeletionStarted sends StopReplica with delete, and only from OfflineReplica', async () => {
    const f = await fixture();
    await onlineTopic(f);
    await f.replicas.handleStateChanges([{ tp: T0, replica: 2 }], ReplicaState.ReplicaDeletionStarted, f.batch);
    expect(f.context.replicaState(T0, 2)).toBe(ReplicaState.OnlineReplica);
    expect(f.batch.isEmpty).toBe(true);
    await f.replicas.handleStateChanges([{ tp: T0, replica: 2 }], ReplicaState.OfflineReplica, f.batch);
    f.flush();
    await f.replicas.handleStateChanges([{ tp: T0, replica: 2 }], ReplicaState.ReplicaDeletionStarted, f.batch);
    const { requests } = f.flush();
    expect(requests.map((r) => [r.broker, r.api])).toEqual([[2, 'StopReplica']]);
    expect(requests[0].request).toMatchObject({ deletePartitions: true });
    expect(f.context.replicaState(T0, 2)).toBe(ReplicaState.ReplicaDeletionStarted);
  });

  it('OnlineReplica sends the current state to a replica coming back, but not to a new one', async () => {
    const f = await fixture();
    await f.partitions.handleStateChanges([T0], PartitionState.NewPartition, 'offline', f.batch);
    await f.replicas.handleStateChanges(f.replicas.replicasOf(T0), ReplicaState.NewReplica, f.batch);
    await f.partitions.handleStateChanges([T0], PartitionState.OnlinePartition, 'offline', f.batch);
    f.flush();
    await f.replicas.handleStateChanges(f.replicas.replicasOf(T0), ReplicaState.OnlineReplica, f.batch);
    expect(f.batch.isEmpty).toBe(true);
    await f.replicas.handleStateChanges([{ tp: T0, replica: 3 }], ReplicaState.OfflineReplica, f.batch);
    f.flush();
    await f.replicas.handleStateChanges([{ tp: T0, replica: 3 }], ReplicaState.OnlineReplica, f.batch);
    expect(f.flush().lines).toEqual(['1 UpdateMetadata', '2 UpdateMetadata', '3 LeaderAndIsr', '3 UpdateMetadata']);
  });
});
