// The observatory's JSON API on a real 3-broker cluster: /api/state against what ZooKeeper and the
// brokers hold, /api/znodes with ephemeral owners, a leader killed through POST /api/faults and the
// election that follows in /api/events and /api/state, and the controller's event stream equal to
// its state-change.log line for line.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { findFreePorts } from '../../src/launcher/free-ports';
import type { ClusterState, ControlPlaneEvent, ZnodeView } from '../../src/observatory/api-types';
import { localClusterFaults } from '../../src/observatory/local-cluster-faults';
import { startObservatory, type RunningObservatory } from '../../src/observatory/observatory-server';
import type { RecordedEvent } from '../../src/common/control-plane-events';
import { eventually, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

jest.setTimeout(180_000);

const TOPIC = 'observed';

describe('the observatory API', () => {
  let t: TestCluster | undefined;
  let obs: RunningObservatory | undefined;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${obs!.url}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    t = await startTestCluster('observatory-api-', { 'replica.lag.time.max.ms': '3000', 'auto.leader.rebalance.enable': 'false' }, { metricsPorts: 'free' });
    const [port] = await findFreePorts(1);
    obs = await startObservatory({
      zookeeper: t.cluster.zooKeeper.connectString,
      bootstrapServers: t.cluster.bootstrapServers,
      metricsUrls: new Map(t.cluster.brokers.map((b) => [String(b.id), b.metricsUrl!])),
      faults: localClusterFaults(t.cluster),
      port,
    });
    const kafka = new Kafka({ clientId: 'observatory-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `m${i}` })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await obs?.close();
    await stopTestCluster(t);
  });

  it('answers /api/state with the controller, the brokers and each partition with its offsets', async () => {
    const state = await eventually('offsets of every replica in /api/state', async () => {
      const s = await get<ClusterState>('/api/state');
      const p0 = s.partitions.find((p) => p.topic === TOPIC && p.partition === 0);
      return p0?.highWatermark === 10 && Object.keys(p0.logEndOffsets).length === 3 ? s : null;
    });
    const controllerId = await t!.zk.getControllerId();
    expect(state.controller.brokerId).toBe(controllerId);
    expect(state.controller.epoch).toBeGreaterThanOrEqual(1);
    expect(state.eventSource).toBe('broker-reported');
    expect(state.brokers.map((b) => [b.id, b.alive])).toEqual([[1, true], [2, true], [3, true]]);
    const registered = await t!.zk.getAllBrokerAndEpochsInCluster();
    for (const { broker, epoch } of registered) {
      const view = state.brokers.find((b) => b.id === broker.id)!;
      expect(view.epoch).toBe(Number(epoch));
      expect(view.port).toBe(t!.cluster.broker(broker.id).options.port);
    }
    const p0 = state.partitions.find((p) => p.topic === TOPIC && p.partition === 0)!;
    const zkState = (await t!.zk.getPartitionState(TOPIC, 0))!;
    expect(p0).toMatchObject({ leader: zkState.state.leader, isr: zkState.state.isr, leaderEpoch: zkState.state.leaderEpoch, zkVersion: zkState.zkVersion, underReplicated: false, offline: false });
    expect(Object.values(p0.logEndOffsets)).toEqual([10, 10, 10]);
  });

  it('answers /api/znodes with data, stat and children, and the broker owning an ephemeral znode', async () => {
    const node = await get<ZnodeView>('/api/znodes?path=/brokers/ids/2');
    expect(node.json).toMatchObject({ port: t!.cluster.broker(2).options.port, version: 4 });
    expect(node.stat.ephemeralOwner).not.toBe('0x0');
    expect(node.ownerBroker).toBe(2);
    const ids = await get<ZnodeView>('/api/znodes?path=/brokers/ids');
    expect(ids.children).toEqual(['1', '2', '3']);
    expect(ids.ownerBroker).toBeNull();
    expect((await fetch(`${obs!.url}/api/znodes?path=/nope`)).status).toBe(404);
  });

  it('refuses bad fault requests with 400 and a reason', async () => {
    const post = (body: unknown) => fetch(`${obs!.url}/api/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const unknownAction = await post({ action: 'explode', broker: 1 });
    expect(unknownAction.status).toBe(400);
    expect(((await unknownAction.json()) as { error: string }).error).toMatch(/unknown action/);
    expect((await post({ action: 'kill', broker: 9 })).status).toBe(400);
  });

  it('kills a leader through POST /api/faults; the election shows in /api/events and /api/state', async () => {
    const before = (await get<ClusterState>('/api/state')).partitions.find((p) => p.topic === TOPIC && p.partition === 0)!;
    const since = Math.max(0, ...(await get<ControlPlaneEvent[]>('/api/events')).map((e) => e.seq));
    const killedController = (await t!.zk.getControllerId()) === before.leader;
    const response = await fetch(`${obs!.url}/api/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'kill', broker: before.leader }) });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { expect: string };
    expect(answer.expect).toMatch(/zookeeper.session.timeout.ms/);

    const elected = await eventually('a leader-elected event for the partition', async () =>
      (await get<ControlPlaneEvent[]>(`/api/events?since=${since}`)).find((e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === 0),
    );
    expect(elected.election).toBe('offline');
    // The controller itself dead: the new controller elects during its failover.
    expect(elected.cause).toMatch(/\/brokers\/ids|\/controller was deleted/);
    if (killedController) {
      // As in Kafka 2.4, the new controller's ReplicaStateMachine.startup first takes the dead
      // replicas offline, which clears a dead leader (leader -1, epoch + 1); then its
      // PartitionStateMachine.startup elects (epoch + 2).
      expect(elected.leaderEpoch).toBe(before.leaderEpoch + 2);
      expect(elected.previousLeader).toBe(-1);
    } else {
      expect(elected.leaderEpoch).toBe(before.leaderEpoch + 1);
      expect(elected.previousLeader).toBe(before.leader);
    }
    expect(elected.source).toMatch(/^broker-\d$/);
    const events = await get<ControlPlaneEvent[]>(`/api/events?since=${since}`);
    expect(events.some((e) => e.kind === 'fault' && e.broker === before.leader)).toBe(true);
    expect(events.some((e) => e.kind === 'broker-expired' && e.broker === before.leader)).toBe(true);

    const after = await eventually('the new leader in /api/state', async () => {
      const p = (await get<ClusterState>('/api/state')).partitions.find((x) => x.topic === TOPIC && x.partition === 0)!;
      return p.leader === elected.leader && !p.isr.includes(before.leader) ? p : null;
    });
    expect(after.leaderEpoch).toBe(elected.leaderEpoch);
    expect(after.underReplicated).toBe(true);
    expect((await get<ClusterState>('/api/state')).brokers.find((b) => b.id === before.leader)!.alive).toBe(false);
  });

  it("gives the controller's state-change.log and its event stream the same lines in the same order", async () => {
    const controller = (await get<ClusterState>('/api/state')).controller.brokerId;
    const broker = t!.cluster.broker(controller);
    const events = (await (await fetch(`${broker.metricsUrl}/control-plane/events?format=json`)).json()) as RecordedEvent[];
    const streamed = events.filter((e) => e.file === 'state-change.log').map((e) => e.message);
    const logged = readFileSync(join(broker.logDir, 'state-change.log'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.replace(/^\[[^\]]+\] [A-Z]+ /, '').replace(/ \(state\.change\.logger\)$/, ''));
    expect(streamed.length).toBeGreaterThan(10);
    expect(streamed).toEqual(logged);
    expect(events.some((e) => e.kind === 'leader-elected' && e.election === 'offline')).toBe(true);
  });
});
