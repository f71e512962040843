// Partition reassignment on a real 3-broker cluster, through /admin/reassign_partitions and
// through the KIP-455 APIs: a partition with data moves from [1,2] to [2,3] while an acks=all
// producer writes to it, every acknowledged record ends up on broker 3's disk and readable; a
// reassignment held up by a stopped target broker is listed, survives a controller kill -9 and
// completes when the broker returns; a cancellation restores the original replicas.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Apis } from '../../src/protocol/generated';
import { eventually, readPartition, readSegmentRecords, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const NO_REASSIGNMENT_IN_PROGRESS = 85;
const INVALID_REPLICA_ASSIGNMENT = 39;
const NOT_CONTROLLER = 41;

describe('partition reassignment', () => {
  let t: TestCluster;
  let admin: Admin;
  const port = (id: number) => Number(t.cluster.broker(id).bootstrap.split(':')[1]);
  const controllerId = async () => (await t.zk.getControllerId())!;
  const topicAssignment = async (topic: string) => (await t.zk.getTopicAssignment(topic))!.get(0)!;
  const alter = async (viaBroker: number, topic: string, replicas: number[] | null) =>
    withBrokerConnection(port(viaBroker), (c) => c.send(Apis.AlterPartitionReassignments, 0, { timeoutMs: 30_000, topics: [{ name: topic, partitions: [{ partitionIndex: 0, replicas }] }] }));
  const list = async (viaBroker: number) => withBrokerConnection(port(viaBroker), (c) => c.send(Apis.ListPartitionReassignments, 0, { timeoutMs: 30_000, topics: null }));

  beforeAll(async () => {
    t = await startTestCluster('reassignment-', { 'auto.leader.rebalance.enable': 'false', 'replica.lag.time.max.ms': '5000' });
    await t.cluster.awaitMetadataConverged();
    admin = new Kafka({ clientId: 'reassignment-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('moves a partition with data from [1,2] to [2,3] through /admin/reassign_partitions while an acks=all producer writes', async () => {
    await admin.createTopics({ topics: [{ topic: 'moving', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }], waitForLeaders: true });
    const producer = new Kafka({ clientId: 'moving-producer', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const value = `m-${i}`;
        await producer.send({ topic: 'moving', acks: -1, messages: [{ value }] });
        acknowledged.push(value);
      }
    })();
    await eventually('some records written', async () => acknowledged.length >= 200);

    await t.zk.createPartitionReassignment([{ topic: 'moving', partition: 0, replicas: [2, 3] }]);
    await eventually('the reassignment completed', async () => {
      const a = await topicAssignment('moving');
      return a.replicas.join(',') === '2,3' && a.addingReplicas.length === 0 && a.removingReplicas.length === 0 && (await t.zk.getPartitionReassignment()) === null;
    }, 60_000);
    await eventually('more records written after the move', async () => acknowledged.length >= 400);
    writing = false;
    await writer;
    await producer.disconnect();

    // The topic znode is Kafka's version 2 with empty adding/removing sections.
    const znode = JSON.parse((await t.zk.zk.getData('/brokers/topics/moving')).data!.toString());
    expect(znode).toEqual({ version: 2, partitions: { '0': [2, 3] }, adding_replicas: {}, removing_replicas: {} });
    const state = (await t.zk.getPartitionState('moving', 0))!.state;
    expect(state.isr.sort()).toEqual([2, 3]);
    expect([2, 3]).toContain(state.leader);
    // Broker 1 renamed its replica for deletion; broker 3 has every acknowledged record on disk.
    await eventually('broker 1 dropped its replica', async () => !existsSync(join(t.dir, 'broker-1', 'data', 'moving-0')));
    await eventually('broker 3 has every record', async () => {
      const onDisk = new Set(readSegmentRecords(join(t.dir, 'broker-3', 'data', 'moving-0')).map((r) => r.value!.toString()));
      return acknowledged.every((v) => onDisk.has(v));
    });
    const read = await readPartition(port(state.leader), 'moving', 0);
    expect(read).toEqual(acknowledged);
  }, 120_000);

  it('lists a reassignment held up by a stopped broker, resumes it after a controller kill -9, cancels another', async () => {
    await admin.createTopics({
      topics: [
        { topic: 'held', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] },
        { topic: 'cancelled', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] },
      ],
      waitForLeaders: true,
    });
    const controller = await controllerId();
    const others = [1, 2, 3].filter((id) => id !== controller);
    // Refused by the API: a new replica on a broker that is not alive, duplicates, an empty list.
    await t.cluster.broker(3).stop('SIGTERM');
    await eventually('broker 3 gone', async () => !(await t.zk.getSortedBrokerList()).includes(3));
    const alive = (await controllerId()) === 3 ? others.find((id) => id !== 3)! : await controllerId();
    for (const replicas of [[1, 3], [1, 1], []]) {
      const refused = await alter(alive, 'held', replicas);
      expect(refused.responses[0]!.partitions[0]!.errorCode).toBe(INVALID_REPLICA_ASSIGNMENT);
    }
    expect((await alter(alive, 'held', null)).responses[0]!.partitions[0]).toMatchObject({ errorCode: NO_REASSIGNMENT_IN_PROGRESS, errorMessage: 'No partition reassignment is in progress.' });
    const notController = [1, 2].find((id) => id !== alive)!;
    expect((await alter(notController, 'held', [2, 1])).errorCode).toBe(NOT_CONTROLLER);

    // Through ZooKeeper no check stops them: they wait for broker 3.
    await t.zk.createPartitionReassignment([
      { topic: 'held', partition: 0, replicas: [2, 3] },
      { topic: 'cancelled', partition: 0, replicas: [2, 3] },
    ]);
    await eventually('both in flight', async () => (await topicAssignment('held')).addingReplicas.join(',') === '3' && (await topicAssignment('cancelled')).addingReplicas.join(',') === '3');
    expect(await topicAssignment('held')).toEqual({ replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] });
    const listed = await list(alive);
    expect(listed.topics.map((x) => x.name).sort()).toEqual(['cancelled', 'held']);
    expect(listed.topics.find((x) => x.name === 'held')).toEqual({ name: 'held', partitions: [{ partitionIndex: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] }] });

    // Cancelled through the API: back to the original replicas (in the order Kafka can recover: target first).
    const cancel = await alter(alive, 'cancelled', null);
    expect(cancel).toMatchObject({ errorCode: 0, responses: [{ name: 'cancelled', partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null }] }] });
    await eventually('cancelled restored', async () => {
      const a = await topicAssignment('cancelled');
      return a.replicas.join(',') === '2,1' && a.addingReplicas.length === 0 && a.removingReplicas.length === 0;
    });
    expect((await t.zk.getPartitionReassignment())!.map((r) => r.topic)).toEqual(['held']);

    // The controller dies with "held" in flight; the new one resumes it from the topic znode.
    const victim = await controllerId();
    await t.cluster.broker(victim).stop('SIGKILL');
    await eventually('a new controller', async () => {
      const id = await t.zk.getControllerId();
      return id !== null && id !== victim;
    }, 60_000);
    await t.cluster.broker(3).start();
    if (victim !== 3) await t.cluster.broker(victim).start();
    await eventually('held completed on the new controller', async () => {
      const a = await topicAssignment('held');
      return a.replicas.join(',') === '2,3' && a.addingReplicas.length === 0 && (await t.zk.getPartitionReassignment()) === null;
    }, 90_000);
    expect(readdirSync(join(t.dir, 'broker-3', 'data'))).toContain('held-0');
  }, 240_000);
});
