// KafkaZkClient against a real 3-node ensemble: startup paths, cluster id, broker registration,
// controller election and fencing, leader-side ISR writes, notifications, topic admin, configs,
// producer-id blocks. Each test works under its own chroot so tests stay independent.

import { ControllerMovedError, BrokerIdAlreadyRegisteredError, isZkError } from '../../src/zk/zk-errors';
import { KafkaZkClient } from '../../src/zk/kafka-zk-client';
import { expireSession } from '../../src/zk/zk-session-expiry';
import { TestEnsemble } from './zk-test-ensemble';

let zk: TestEnsemble;
let chrootCounter = 0;

beforeAll(async () => {
  zk = await TestEnsemble.start();
}, 90_000);

afterAll(async () => {
  await zk?.stop();
});

/** A KafkaZkClient under a fresh chroot (or the given one), closed with the ensemble. */
async function kafkaZk(chroot?: string): Promise<KafkaZkClient & { chroot: string }> {
  const root = chroot ?? `/kafka-${++chrootCounter}`;
  const client = new KafkaZkClient(await zk.client({ connectString: `${zk.connectString}${root}` }));
  return Object.assign(client, { chroot: root });
}

const plaintext = (port: number) => ({ listenerName: 'PLAINTEXT', host: '127.0.0.1', port, securityProtocol: 'PLAINTEXT' });

describe('startup', () => {
  it('creates the top-level paths of a 2.4.1 broker with null data, idempotently', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.createTopLevelPaths();
    expect((await k.zk.getChildren('/')).sort()).toEqual(
      ['admin', 'brokers', 'config', 'consumers', 'isr_change_notification', 'latest_producer_id_block', 'log_dir_event_notification'].sort(),
    );
    expect((await k.zk.getChildren('/brokers')).sort()).toEqual(['ids', 'seqid', 'topics']);
    expect((await k.zk.getChildren('/config')).sort()).toEqual(['brokers', 'changes', 'clients', 'topics', 'users']);
    expect((await k.zk.getData('/config/topics')).data).toBeNull();
    expect((await k.zk.getData('/brokers')).data).toBeNull();
  });

  it('generates a cluster id once and reuses it', async () => {
    const k = await kafkaZk();
    const other = await kafkaZk(k.chroot);
    expect(await k.getClusterId()).toBeNull();
    const [a, b] = await Promise.all([k.getOrGenerateClusterId(), other.getOrGenerateClusterId()]);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(b).toBe(a);
    expect(await k.getOrGenerateClusterId()).toBe(a);
    expect((await k.zk.getData('/cluster/id')).data?.toString()).toBe(`{"version":"1","id":"${a}"}`);
  });

  it('generates broker sequence ids from /brokers/seqid', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    expect(await k.generateBrokerSequenceId()).toBe(1);
    expect(await k.generateBrokerSequenceId()).toBe(2);
  });
});

describe('broker registration', () => {
  it('registers an ephemeral znode at dataVersion 1 and returns czxid as the broker epoch', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    const epoch = await k.registerBroker({ id: 1, endpoints: [plaintext(9092)] });
    const node = await k.zk.getData('/brokers/ids/1');
    expect(node.stat.version).toBe(1);
    expect(node.stat.ephemeralOwner).toBe(k.zk.sessionId);
    expect(node.stat.czxid).toBe(epoch);
    expect(node.data?.toString()).toMatch(
      /^\{"listener_security_protocol_map":\{"PLAINTEXT":"PLAINTEXT"\},"endpoints":\["PLAINTEXT:\/\/127.0.0.1:9092"\],"jmx_port":-1,"host":"127.0.0.1","timestamp":"\d+","port":9092,"version":4\}$/,
    );
    // Same session again: accepted, same epoch.
    expect(await k.registerBroker({ id: 1, endpoints: [plaintext(9092)] })).toBe(epoch);

    await k.registerBroker({ id: 0, endpoints: [plaintext(9093)], rack: 'r' });
    expect((await k.getAllBrokersInCluster()).map((b) => b.id)).toEqual([0, 1]);
    expect(await k.getBroker(0)).toMatchObject({ id: 0, rack: 'r', endpoints: [plaintext(9093)], version: 4 });
    expect(await k.getBroker(7)).toBeNull();
    const withEpochs = await k.getAllBrokerAndEpochsInCluster();
    expect(withEpochs.find((b) => b.broker.id === 1)?.epoch).toBe(epoch);
  });

  it('refuses a broker id registered by another session', async () => {
    const k = await kafkaZk();
    const other = await kafkaZk(k.chroot);
    await k.createTopLevelPaths();
    await k.registerBroker({ id: 3, endpoints: [plaintext(9092)] });
    const failure = await other.registerBroker({ id: 3, endpoints: [plaintext(9093)] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BrokerIdAlreadyRegisteredError);
    expect((failure as Error).message).toMatch(/broker id 3 is already registered/);
  });

  it('re-registers with a new epoch after session expiry', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    const first = await k.registerBroker({ id: 4, endpoints: [plaintext(9092)] });
    const renewed = new Promise<bigint>((resolve) => k.zk.once('newSession', resolve));
    await expireSession(zk.connectString, k.zk.sessionCredentials());
    await renewed;
    const second = await k.registerBroker({ id: 4, endpoints: [plaintext(9092)] });
    expect(second).toBeGreaterThan(first);
    expect((await k.zk.getData('/brokers/ids/4')).stat.ephemeralOwner).toBe(k.zk.sessionId);
  }, 20_000);
});

describe('controller election and fencing', () => {
  it('elects one controller, bumps the epoch, and hands over when the session ends', async () => {
    const a = await kafkaZk();
    const b = await kafkaZk(a.chroot);
    expect(await a.getControllerId()).toBeNull();
    expect(await a.getControllerEpoch()).toBeNull();

    const won = await a.registerControllerAndIncrementControllerEpoch(1);
    expect(won).toEqual({ epoch: 1, epochZkVersion: 1 });
    expect(await b.getControllerId()).toBe(1);
    expect(await b.getControllerEpoch()).toEqual({ epoch: 1, zkVersion: 1 });
    expect((await b.zk.getData('/controller_epoch')).data?.toString()).toBe('1');
    expect((await b.zk.getData('/controller')).stat.ephemeralOwner).toBe(a.zk.sessionId);
    await expect(b.registerControllerAndIncrementControllerEpoch(2)).rejects.toBeInstanceOf(ControllerMovedError);
    expect(await b.getControllerEpoch()).toEqual({ epoch: 1, zkVersion: 1 });

    await a.close();
    expect(await b.getControllerId()).toBeNull();
    expect(await b.registerControllerAndIncrementControllerEpoch(2)).toEqual({ epoch: 2, epochZkVersion: 2 });
    expect(await b.getControllerId()).toBe(2);
  });

  it('fails a deposed controller’s fenced writes with ControllerMovedError', async () => {
    const a = await kafkaZk();
    const b = await kafkaZk(a.chroot);
    await a.createTopLevelPaths();
    await a.createTopicAssignment('fenced', new Map([[0, [1]]]));
    const old = await a.registerControllerAndIncrementControllerEpoch(1);
    const created = await a.createPartitionStates(
      [{ topic: 'fenced', partition: 0, state: { leader: 1, leaderEpoch: 0, isr: [1], controllerEpoch: old.epoch } }],
      old.epochZkVersion,
    );
    expect(created).toEqual([{ topic: 'fenced', partition: 0, ok: true, zkVersion: 0 }]);

    // a's session dies (as for a zombie controller); b takes over and bumps the epoch.
    await expireSession(zk.connectString, a.zk.sessionCredentials());
    await new Promise<bigint>((resolve) => a.zk.once('newSession', resolve));
    const current = await b.registerControllerAndIncrementControllerEpoch(2);
    expect(current.epoch).toBe(old.epoch + 1);

    const update = [{ topic: 'fenced', partition: 0, leaderAndIsr: { leader: 1, leaderEpoch: 1, isr: [1], zkVersion: 0 } }];
    await expect(a.updateLeaderAndIsr(update, old.epoch, old.epochZkVersion)).rejects.toBeInstanceOf(ControllerMovedError);
    await expect(a.deleteTopicZNode('fenced', old.epochZkVersion)).rejects.toBeInstanceOf(ControllerMovedError);
    await expect(a.deleteIsrChangeNotifications(old.epochZkVersion, ['0000000000'])).rejects.toBeInstanceOf(ControllerMovedError);
    expect((await b.getPartitionState('fenced', 0))?.zkVersion).toBe(0);

    const result = await b.updateLeaderAndIsr(update, current.epoch, current.epochZkVersion);
    expect(result.successes).toEqual([{ topic: 'fenced', partition: 0, leaderAndIsr: { leader: 1, leaderEpoch: 1, isr: [1], zkVersion: 1 } }]);
    expect((await b.getPartitionState('fenced', 0))?.state).toEqual({ leader: 1, leaderEpoch: 1, isr: [1], controllerEpoch: current.epoch });
    const conflict = await b.updateLeaderAndIsr(update, current.epoch, current.epochZkVersion);
    expect(conflict.versionConflicts).toEqual([{ topic: 'fenced', partition: 0 }]);
    expect(conflict.successes).toEqual([]);
  }, 20_000);

  it('creates partition state znodes with their parents and reports existing ones', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.createTopicAssignment('t', new Map([[0, [1]], [1, [1]]]));
    const { epoch, epochZkVersion } = await k.registerControllerAndIncrementControllerEpoch(1);
    const state = { leader: 1, leaderEpoch: 0, isr: [1], controllerEpoch: epoch };
    const first = await k.createPartitionStates(
      [{ topic: 't', partition: 0, state }, { topic: 't', partition: 1, state }],
      epochZkVersion,
    );
    expect(first.every((r) => r.ok)).toBe(true);
    expect((await k.zk.getData('/brokers/topics/t/partitions/1')).data).toBeNull();
    expect((await k.zk.getData('/brokers/topics/t/partitions/0/state')).data?.toString()).toBe(
      '{"controller_epoch":1,"leader":1,"version":1,"leader_epoch":0,"isr":[1]}',
    );
    const again = await k.createPartitionStates([{ topic: 't', partition: 0, state }], epochZkVersion);
    expect(again[0].ok).toBe(false);
    expect(!again[0].ok && again[0].error.code).toBe('NODE_EXISTS');
    const states = await k.getPartitionStates([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }, { topic: 't', partition: 9 }]);
    expect([...states.keys()]).toEqual(['t-0', 't-1']);
    expect(await k.getChildrenPartitions('t')).toEqual([0, 1]);
  });
});

describe('leader-side ISR changes (pre-AlterIsr)', () => {
  it('updates the state conditionally and detects conflicts', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.createTopicAssignment('isr', new Map([[0, [1, 2]]]));
    const { epoch, epochZkVersion } = await k.registerControllerAndIncrementControllerEpoch(1);
    await k.createPartitionStates([{ topic: 'isr', partition: 0, state: { leader: 1, leaderEpoch: 0, isr: [1, 2], controllerEpoch: epoch } }], epochZkVersion);

    const shrunk = { leader: 1, leaderEpoch: 0, isr: [1], controllerEpoch: epoch };
    expect(await k.conditionalUpdatePartitionState('isr', 0, shrunk, 0)).toEqual({ ok: true, newVersion: 1 });
    // A retry of the same write (e.g. after connection loss) counts as done.
    expect(await k.conditionalUpdatePartitionState('isr', 0, shrunk, 0)).toEqual({ ok: true, newVersion: 1 });
    // A stale version with different contents is a conflict.
    expect(await k.conditionalUpdatePartitionState('isr', 0, { ...shrunk, isr: [1, 2] }, 0)).toEqual({ ok: false, currentVersion: 1 });
    expect(await k.conditionalUpdatePartitionState('isr', 5, shrunk, 0)).toEqual({ ok: false, currentVersion: null });
  });

  it('propagates ISR changes as persistent-sequential notifications the controller can read and delete', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    const first = await k.propagateIsrChanges([{ topic: 'a', partition: 0 }]);
    const second = await k.propagateIsrChanges([{ topic: 'b', partition: 1 }, { topic: 'b', partition: 2 }]);
    expect(first).toMatch(/^\/isr_change_notification\/isr_change_\d{10}$/);
    expect(second > first).toBe(true);
    expect((await k.zk.getData(first)).stat.ephemeralOwner).toBe(0n);
    const sequences = await k.getAllIsrChangeNotifications();
    expect(sequences).toHaveLength(2);
    expect(await k.getPartitionsFromIsrChangeNotifications(sequences)).toEqual([
      { topic: 'a', partition: 0 },
      { topic: 'b', partition: 1 },
      { topic: 'b', partition: 2 },
    ]);
    const { epochZkVersion } = await k.registerControllerAndIncrementControllerEpoch(1);
    await k.deleteIsrChangeNotifications(epochZkVersion);
    expect(await k.getAllIsrChangeNotifications()).toEqual([]);

    await k.propagateLogDirEvent(3);
    const events = await k.getAllLogDirEventNotifications();
    expect(await k.getBrokerIdsFromLogDirEvents(events)).toEqual([3]);
    await k.deleteLogDirEventNotifications(epochZkVersion);
    expect(await k.getAllLogDirEventNotifications()).toEqual([]);
  });
});

describe('topics, configs and producer ids', () => {
  it('creates a topic (config first), reads, rewrites and deletes it', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.createTopicAssignment('golden', new Map([[0, [0]], [1, [0]], [2, [0]]]));
    expect((await k.zk.getData('/brokers/topics/golden')).data?.toString()).toBe(
      '{"version":2,"partitions":{"2":[0],"1":[0],"0":[0]},"adding_replicas":{},"removing_replicas":{}}',
    );
    expect((await k.zk.getData('/config/topics/golden')).data?.toString()).toBe('{"version":1,"config":{}}');
    await expect(k.createTopicAssignment('golden', new Map([[0, [0]]]))).rejects.toMatchObject({ code: 'NODE_EXISTS' });

    await k.createTopicAssignment('compacted', new Map([[0, [1, 2]]]), new Map([['cleanup.policy', 'compact']]));
    expect(await k.getAllTopics()).toEqual(['compacted', 'golden']);
    expect(await k.topicExists('golden')).toBe(true);
    expect(await k.getTopicConfig('compacted')).toEqual(new Map([['cleanup.policy', 'compact']]));
    expect(await k.getTopicAssignment('missing')).toBeNull();
    const assignments = await k.getTopicAssignments(['golden', 'compacted', 'missing']);
    expect([...assignments.keys()]).toEqual(['golden', 'compacted']);
    expect(assignments.get('compacted')?.get(0)).toEqual({ replicas: [1, 2], addingReplicas: [], removingReplicas: [] });

    // Adding a partition rewrites the whole znode.
    const grown = new Map(assignments.get('golden'));
    grown.set(3, { replicas: [0], addingReplicas: [], removingReplicas: [] });
    await k.setTopicAssignment('golden', grown);
    expect([...((await k.getTopicAssignment('golden')) ?? new Map()).keys()]).toEqual([0, 1, 2, 3]);

    await k.createDeleteTopicMarker('golden');
    await expect(k.createDeleteTopicMarker('golden')).rejects.toMatchObject({ code: 'NODE_EXISTS' });
    expect((await k.zk.getData('/admin/delete_topics/golden')).data).toBeNull();
    expect(await k.getTopicDeletions()).toEqual(['golden']);
    expect(await k.isTopicMarkedForDeletion('golden')).toBe(true);

    const { epochZkVersion } = await k.registerControllerAndIncrementControllerEpoch(0);
    await k.createPartitionStates([{ topic: 'golden', partition: 0, state: { leader: 0, leaderEpoch: 0, isr: [0], controllerEpoch: 1 } }], epochZkVersion);
    await k.setTopicAssignment('golden', grown, epochZkVersion);
    await k.deleteTopicZNode('golden', epochZkVersion);
    await k.deleteTopicConfigs(['golden'], epochZkVersion);
    await k.deleteDeleteTopicMarker('golden', epochZkVersion);
    expect(await k.topicExists('golden')).toBe(false);
    expect(await k.zk.exists('/config/topics/golden')).toBeNull();
    expect(await k.getTopicDeletions()).toEqual([]);
  });

  it('writes entity configs and v2 change notifications', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.setOrCreateEntityConfig('brokers', '<default>', new Map([['log.retention.ms', '1000']]));
    expect(await k.getEntityConfig('brokers', '<default>')).toEqual(new Map([['log.retention.ms', '1000']]));
    const notification = await k.changeEntityConfig('topics', 't', new Map([['retention.ms', '5']]));
    expect(notification).toMatch(/^\/config\/changes\/config_change_\d{10}$/);
    expect((await k.zk.getData(notification)).data?.toString()).toBe('{"version":2,"entity_path":"topics/t"}');
    await k.changeEntityConfig('users', 'alice/clients/app', new Map([['producer_byte_rate', '1024']]));
    expect(await k.getEntityConfig('users', 'alice/clients/app')).toEqual(new Map([['producer_byte_rate', '1024']]));
    expect(await k.getTopicConfig('none')).toEqual(new Map());
  });

  it('claims consecutive producer id blocks, also concurrently', async () => {
    const k = await kafkaZk();
    const other = await kafkaZk(k.chroot);
    await k.createTopLevelPaths();
    expect(await k.claimProducerIdBlock(0)).toEqual({ brokerId: 0, blockStart: 0n, blockEnd: 999n });
    expect((await k.zk.getData('/latest_producer_id_block')).data?.toString()).toBe(
      '{"version":1,"broker":0,"block_start":"0","block_end":"999"}',
    );
    const blocks = await Promise.all([k.claimProducerIdBlock(0), other.claimProducerIdBlock(1), k.claimProducerIdBlock(0)]);
    expect(blocks.map((b) => b.blockStart).sort()).toEqual([1000n, 2000n, 3000n]);
  });

  it('reads and fences the legacy admin znodes', async () => {
    const k = await kafkaZk();
    await k.createTopLevelPaths();
    await k.createPreferredReplicaElection([{ topic: 't', partition: 0 }]);
    expect(await k.getPreferredReplicaElection()).toEqual([{ topic: 't', partition: 0 }]);
    await k.createPartitionReassignment([{ topic: 't', partition: 0, replicas: [2, 1] }]);
    expect(await k.getPartitionReassignment()).toEqual([{ topic: 't', partition: 0, replicas: [2, 1] }]);
    const { epochZkVersion } = await k.registerControllerAndIncrementControllerEpoch(1);
    await k.setPartitionReassignment([], epochZkVersion);
    expect(await k.getPartitionReassignment()).toEqual([]);
    await k.deletePartitionReassignment(epochZkVersion);
    await k.deletePreferredReplicaElection(epochZkVersion);
    expect(await k.getPreferredReplicaElection()).toBeNull();
    expect(await k.getPartitionReassignment()).toBeNull();
    await k.deleteController(epochZkVersion);
    expect(await k.getControllerId()).toBeNull();
    await expect(k.deleteController(epochZkVersion + 5)).rejects.toBeInstanceOf(ControllerMovedError);
    expect(isZkError(new Error('x'))).toBe(false);
  });
});
