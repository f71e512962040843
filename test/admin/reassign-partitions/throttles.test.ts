// The throttle configs --execute writes and --verify removes, for moves a real Kafka 2.4.1 ran
// (the expected lists are what it wrote to /config/topics/<t>).

import { replicaAssignmentForTopics, type Assignment } from '../../../src/admin/reassign-partitions/current-assignment';
import { TP_KEY, immutableMap } from '../../../src/admin/reassign-partitions/scala-collections';
import {
  assignThrottledReplicas,
  brokersToThrottle,
  limitBrokers,
  removeThrottles,
  throttledReplicasForTopic,
} from '../../../src/admin/reassign-partitions/throttles';
import type { KafkaZkClient } from '../../../src/zk';
import { AdminZkClient } from '../../../src/zk/admin/admin-zk-client';
import { ClusterZnodes, topicZnode, type ClusterState } from './cluster-znodes';

const proposal = (entries: Array<[string, number, number[]]>): Assignment =>
  immutableMap(entries.map(([topic, partition, replicas]) => [{ topic, partition }, replicas] as const), TP_KEY);

const cluster = {
  brokers: [1, 2, 3],
  topics: {
    t1: topicZnode([[2, [1, 2]], [1, [2, 1]], [0, [2, 3]]]),
    big: topicZnode([[2, [3, 1]], [5, [3, 2]], [1, [2, 3]], [4, [2, 1]], [6, [1, 2]], [0, [1, 2]], [3, [1, 3]]]),
    b: topicZnode([[1, [2]], [0, [3]]]),
    data: topicZnode([[1, [2, 3]], [0, [3, 2]]]),
    x5: topicZnode([[2, [3, 1]], [1, [2, 3]], [4, [2, 1]], [0, [1, 2]], [3, [1, 3]]]),
  },
};

let znodes: ClusterZnodes;
let zk: KafkaZkClient;
beforeAll(async () => {
  znodes = await ClusterZnodes.start();
  zk = await znodes.load(cluster);
}, 60_000);
afterAll(() => znodes.stop());

/** A fresh copy of the cluster with these config overrides, and an AdminZkClient on it. */
async function withConfigs(configs: ClusterState['configs']) {
  const configured = await znodes.load({ ...cluster, configs });
  return { zk: configured, admin: new AdminZkClient(configured) };
}

describe('throttled replica lists', () => {
  it('matches 2.4.1 for a move across t1, big and b', async () => {
    const existing = await replicaAssignmentForTopics(zk, ['t1', 'big', 'b']);
    const proposed = proposal([['t1', 0, [3, 1]], ['t1', 1, [2, 3]], ['big', 2, [3, 1]], ['big', 5, [1, 2, 3]], ['b', 0, [1]]]);
    expect(throttledReplicasForTopic('t1', existing, proposed)).toEqual({ leader: '1:2,1:1,0:2,0:3', follower: '1:3,0:1' });
    // big-2 keeps its replicas, so only big-5 is throttled.
    expect(throttledReplicasForTopic('big', existing, proposed)).toEqual({ leader: '5:3,5:2', follower: '5:1' });
    expect(throttledReplicasForTopic('b', existing, proposed)).toEqual({ leader: '0:3', follower: '0:1' });
  });

  it('matches 2.4.1 for a move across data, x5 and big', async () => {
    const topics = { ...cluster.topics, big: topicZnode([[2, [3, 1]], [5, [1, 2, 3]], [1, [2, 3]], [4, [2, 1]], [6, [1, 2]], [0, [1, 2]], [3, [1, 3]]]) };
    const existing = await replicaAssignmentForTopics(await znodes.load({ ...cluster, topics }), ['data', 'x5', 'big']);
    const proposed = proposal([
      ['data', 0, [1, 2]],
      ['data', 1, [1, 3]],
      ['x5', 0, [3, 2]],
      ['x5', 3, [2, 1, 3]],
      ['big', 4, [3, 1]],
      ['big', 6, [2, 1]],
      ['big', 1, [2, 3]],
      ['x5', 1, [3, 1]],
    ]);
    expect(throttledReplicasForTopic('data', existing, proposed)).toEqual({ leader: '1:2,1:3,0:3,0:2', follower: '1:1,0:1' });
    expect(throttledReplicasForTopic('x5', existing, proposed)).toEqual({ leader: '1:2,1:3,3:1,3:3,0:1,0:2', follower: '1:1,3:2,0:3' });
    expect(throttledReplicasForTopic('big', existing, proposed)).toEqual({ leader: '4:2,4:1', follower: '4:3' });
  });

  it('is empty for a proposal that moves nothing', () => {
    const same = proposal([['t1', 0, [1, 2]]]);
    expect(throttledReplicasForTopic('t1', same, same)).toEqual({ leader: '', follower: '' });
  });
});

describe('throttle configs', () => {
  it('sets the lists on each moving topic (keeping its other configs) and the rates on every broker involved', async () => {
    const { zk: configured, admin } = await withConfigs({ 'topics/big': { 'cleanup.policy': 'delete', 'retention.ms': '1000000' } });
    const existing = await replicaAssignmentForTopics(configured, ['t1', 'big', 'b']);
    const proposed = proposal([['t1', 0, [3, 1]], ['t1', 1, [2, 3]], ['big', 2, [3, 1]], ['big', 5, [1, 2, 3]], ['b', 0, [1]]]);
    await assignThrottledReplicas(admin, existing, proposed);
    await limitBrokers(admin, brokersToThrottle(existing, proposed, []), { interBrokerLimit: 10_000_000n, replicaAlterLogDirsLimit: -1n });
    // The order 2.4.1 wrote them in (its config change notifications).
    expect(await ClusterZnodes.configChanges(configured)).toEqual(['topics/big', 'topics/t1', 'topics/b', 'brokers/1', 'brokers/2', 'brokers/3']);
    expect(await ClusterZnodes.config(configured, 'topics/big')).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '1000000',
      'leader.replication.throttled.replicas': '5:3,5:2',
      'follower.replication.throttled.replicas': '5:1',
    });
    expect(await ClusterZnodes.config(configured, 'brokers/2')).toEqual({ 'leader.replication.throttled.rate': '10000000', 'follower.replication.throttled.rate': '10000000' });
  });

  it('removes them all, only where something was set, and says whether anything changed', async () => {
    const { zk: configured, admin } = await withConfigs({
      'topics/t1': { 'leader.replication.throttled.replicas': '0:1', 'follower.replication.throttled.replicas': '0:3', 'retention.ms': '5' },
      'topics/b': {},
      'brokers/1': { 'leader.replication.throttled.rate': '1', 'follower.replication.throttled.rate': '1' },
      'brokers/3': { 'replica.alter.log.dirs.io.max.bytes.per.second': '9' },
    });
    expect(await removeThrottles(configured, admin, ['t1', 'b'])).toBe(true);
    expect(await ClusterZnodes.configChanges(configured)).toEqual(['brokers/1', 'brokers/3', 'topics/t1']);
    expect(await ClusterZnodes.config(configured, 'topics/t1')).toEqual({ 'retention.ms': '5' });
    expect(await ClusterZnodes.config(configured, 'brokers/1')).toEqual({});
    expect(await removeThrottles(configured, admin, ['t1', 'b'])).toBe(false);
    expect(await ClusterZnodes.configChanges(configured)).toHaveLength(3);
  });
});
