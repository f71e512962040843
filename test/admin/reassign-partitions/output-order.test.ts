// The orders the tool prints and writes partitions in, against what a real Kafka 2.4.1 printed
// for the same cluster state (topics t1: 3 partitions, big: 7, b: 2; later x5 and data too).

import { replicaAssignmentForTopics, type Assignment } from '../../../src/admin/reassign-partitions/current-assignment';
import { generateAssignment } from '../../../src/admin/reassign-partitions/generate-assignment';
import { reassignmentZnodeOrder } from '../../../src/admin/reassign-partitions/reassign-partitions-command';
import { checkReassignPartitionsArgs } from '../../../src/admin/reassign-partitions/reassign-partitions-options';
import { partitionStatuses } from '../../../src/admin/reassign-partitions/reassignment-status';
import { TP_KEY, immutableMap } from '../../../src/admin/reassign-partitions/scala-collections';
import type { KafkaZkClient } from '../../../src/zk';
import { ClusterZnodes, topicZnode } from './cluster-znodes';

const names = (entries: Array<[{ topic: string; partition: number }, unknown]>) => entries.map(([tp]) => `${tp.topic}-${tp.partition}`);
const tps = (list: string) => list.split(' ').map((s) => ({ topic: s.slice(0, s.lastIndexOf('-')), partition: Number(s.slice(s.lastIndexOf('-') + 1)) }));

const cluster = {
  brokers: [1, 2, 3],
  topics: {
    t1: topicZnode([[2, [1, 2]], [1, [2, 1]], [0, [1, 2]]]),
    big: topicZnode([[2, [3, 1]], [5, [3, 2]], [1, [2, 3]], [4, [2, 1]], [6, [1, 2]], [0, [1, 2]], [3, [1, 3]]]),
    b: topicZnode([[1, [2]], [0, [3]]]),
  },
};

let znodes: ClusterZnodes;
let zk: KafkaZkClient;
beforeAll(async () => {
  znodes = await ClusterZnodes.start();
  zk = await znodes.load(cluster);
}, 60_000);
afterAll(() => znodes.stop());

describe('the current assignment (getReplicaAssignmentForTopics)', () => {
  it('keeps the topic znode order for up to 4 partitions', async () => {
    expect(names(await replicaAssignmentForTopics(zk, ['t1']))).toEqual(['t1-2', 't1-1', 't1-0']);
  });

  it('is in hash order beyond, as 2.4.1 printed for t1, big and b', async () => {
    expect(names(await replicaAssignmentForTopics(zk, ['t1', 'big', 'b']))).toEqual(
      'big-6 big-2 t1-1 b-0 big-3 t1-2 big-4 b-1 big-0 big-5 t1-0 big-1'.split(' '),
    );
  });
});

describe('--generate', () => {
  it('proposes the partitions in the order 2.4.1 printed them', async () => {
    const { proposed } = await generateAssignment(zk, [1, 2, 3], '{"topics":[{"topic":"t1"},{"topic":"big"},{"topic":"b"}],"version":1}', false);
    expect(names(proposed)).toEqual('big-4 t1-2 big-1 big-6 big-3 t1-1 big-0 b-1 big-2 t1-0 big-5 b-0'.split(' '));
    expect(proposed.every(([tp, replicas]) => replicas.length === (tp.topic === 'b' ? 1 : 2))).toBe(true);
  });

  it('drops listed brokers that are not registered, as getBrokerMetadatas does', async () => {
    await expect(generateAssignment(zk, [1, 7], '{"topics":[{"topic":"t1"}]}', false)).rejects.toThrow('Replication factor: 2 larger than available brokers: 1.');
  });
});

describe('/admin/reassign_partitions', () => {
  it('lists the partitions in 2.4.1\'s order (the part a real controller had not yet finished)', () => {
    const proposed = immutableMap(
      tps('data-0 data-1 x5-0 x5-3 big-4 big-6 big-1 x5-1').map((tp): Assignment[number] => [tp, [1]]),
      TP_KEY,
    );
    const stillPending = new Set('x5-1 big-4 x5-3 data-1 data-0 x5-0'.split(' '));
    expect(names(reassignmentZnodeOrder(proposed)).filter((n) => stillPending.has(n))).toEqual('x5-1 big-4 x5-3 data-1 data-0 x5-0'.split(' '));
  });
});

describe('--verify', () => {
  it('reports in 2.4.1\'s order, in-progress partitions by the pending znode', async () => {
    const pendingZk = await znodes.load({
      ...cluster,
      pending: [
        { topic: 'data', partition: 0, replicas: [1, 2] },
        { topic: 'data', partition: 1, replicas: [1, 3] },
        { topic: 'x5', partition: 0, replicas: [3, 2] },
      ],
    });
    const targets = immutableMap(tps('data-0 data-1 x5-0 x5-3 big-4 big-6 big-1 x5-1').map((tp): Assignment[number] => [tp, [9]]), TP_KEY);
    expect((await partitionStatuses(pendingZk, targets)).map(([tp, s]) => `${tp.topic}-${tp.partition} ${s}`)).toEqual([
      'big-6 failed',
      'x5-1 failed',
      'big-4 failed',
      'x5-3 failed',
      'data-1 in progress',
      'big-1 failed',
      'data-0 in progress',
      'x5-0 in progress',
    ]);
  });

  it('says completed only for exactly the target replicas', async () => {
    const entries: Assignment = [
      [{ topic: 't1', partition: 0 }, [1, 2]],
      [{ topic: 't1', partition: 1 }, [1, 2]],
      [{ topic: 'nope', partition: 0 }, [1]],
    ];
    const targets = immutableMap(entries, TP_KEY);
    expect(await partitionStatuses(zk, targets)).toEqual([
      [{ topic: 't1', partition: 0 }, 'completed'],
      [{ topic: 't1', partition: 1 }, 'failed'],
      [{ topic: 'nope', partition: 0 }, 'failed'],
    ]);
  });
});

describe('option checks', () => {
  const zookeeper = { zookeeper: 'h:2181' };
  it.each([
    [{}, 'Command must include exactly one action: --generate, --execute or --verify'],
    [{ generate: true, execute: true, ...zookeeper }, 'Command must include exactly one action: --generate, --execute or --verify'],
    [{ generate: true }, 'Missing required argument "[zookeeper]"'],
    [{ verify: true, ...zookeeper }, 'If --verify option is used, command must include --reassignment-json-file that was used during the --execute option'],
    [{ execute: true, ...zookeeper }, 'If --execute option is used, command must include --reassignment-json-file that was output during the --generate option'],
    [{ generate: true, brokerList: '1', ...zookeeper }, 'If --generate option is used, command must include both --topics-to-move-json-file and --broker-list options'],
    // The first refused option in the order of 2.4.1's 5-element Scala Set.
    [
      { verify: true, reassignmentJsonFile: 'f', throttle: '5', brokerList: '1', disableRackAware: true, topicsToMoveJsonFile: 'y', replicaAlterLogDirsThrottle: '7', ...zookeeper },
      'Option "[verify]" can\'t be used with option "[throttle]"',
    ],
    [
      { verify: true, reassignmentJsonFile: 'f', brokerList: '1', disableRackAware: true, topicsToMoveJsonFile: 'y', replicaAlterLogDirsThrottle: '7', ...zookeeper },
      'Option "[verify]" can\'t be used with option "[broker-list]"',
    ],
    [{ generate: true, topicsToMoveJsonFile: 'y', brokerList: '1', throttle: '4', reassignmentJsonFile: 'f', ...zookeeper }, 'Option "[generate]" can\'t be used with option "[throttle]"'],
    [{ execute: true, reassignmentJsonFile: 'f', topicsToMoveJsonFile: 'y', brokerList: '1', ...zookeeper }, 'Option "[execute]" can\'t be used with option "[topics-to-move-json-file]"'],
  ])('%j → %s', (opts, message) => {
    expect(() => checkReassignPartitionsArgs(opts)).toThrow(message);
  });

  it('returns the action', () => {
    expect(checkReassignPartitionsArgs({ execute: true, reassignmentJsonFile: 'f', throttle: '10', ...zookeeper })).toBe('execute');
  });
});
