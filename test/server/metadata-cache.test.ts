import { MetadataCache, LEADER_DURING_DELETE } from '../../src/server/metadata-cache';
import { ErrorCode } from '../../src/protocol/errors';
import type { UpdateMetadataPartitionState, UpdateMetadataRequest } from '../../src/protocol/generated';

function broker(id: number, listeners: string[] = ['PLAINTEXT']) {
  return {
    id,
    v0Host: '',
    v0Port: 0,
    rack: null,
    endpoints: listeners.map((listener, i) => ({ listener, host: 'localhost', port: 9090 + id * 10 + i, securityProtocol: 0 })),
  };
}

function state(partitionIndex: number, leader: number, replicas: number[], isr = replicas): UpdateMetadataPartitionState {
  return { topicName: '', partitionIndex, controllerEpoch: 1, leader, leaderEpoch: 3, isr, zkVersion: 2, replicas, offlineReplicas: [] };
}

function request(liveBrokers: ReturnType<typeof broker>[], topics: Record<string, UpdateMetadataPartitionState[]>): UpdateMetadataRequest {
  return {
    controllerId: 2,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: Object.entries(topics).map(([topicName, partitionStates]) => ({ topicName, partitionStates })),
    liveBrokers,
  };
}

describe('MetadataCache', () => {
  it('answers partition metadata from the latest UpdateMetadata', () => {
    const cache = new MetadataCache(1);
    cache.update(request([broker(1), broker(2)], { t: [state(1, 2, [2, 1]), state(0, 1, [1, 2])] }));
    expect(cache.controllerId).toBe(2);
    expect(cache.aliveBrokersFor('PLAINTEXT').map((b) => [b.nodeId, b.port])).toEqual([
      [1, 9100],
      [2, 9110],
    ]);
    const md = cache.topicMetadata('t', 'PLAINTEXT', 9)!;
    expect(md.partitions.map((p) => [p.partitionIndex, p.errorCode, p.leaderId, p.leaderEpoch, p.replicaNodes])).toEqual([
      [0, ErrorCode.NONE, 1, 3, [1, 2]],
      [1, ErrorCode.NONE, 2, 3, [2, 1]],
    ]);
    expect(cache.topicMetadata('unknown', 'PLAINTEXT', 9)).toBeUndefined();
  });

  it('reports LEADER_NOT_AVAILABLE for a dead or missing leader, with leader -1', () => {
    const cache = new MetadataCache(1);
    cache.update(request([broker(1)], { t: [state(0, -1, [1, 3], [3]), state(1, 3, [3, 1])] }));
    const md = cache.topicMetadata('t', 'PLAINTEXT', 5)!;
    expect(md.partitions.map((p) => [p.errorCode, p.leaderId, p.leaderEpoch])).toEqual([
      [ErrorCode.LEADER_NOT_AVAILABLE, -1, -1],
      [ErrorCode.LEADER_NOT_AVAILABLE, -1, -1],
    ]);
    // v1+ lists every replica, alive or not; v0 lists live ones only and says REPLICA_NOT_AVAILABLE.
    expect(md.partitions[1].replicaNodes).toEqual([3, 1]);
    cache.update(request([broker(1)], { u: [state(0, 1, [1, 3], [1, 3])] }));
    expect(cache.topicMetadata('u', 'PLAINTEXT', 0)!.partitions[0]).toMatchObject({ errorCode: ErrorCode.REPLICA_NOT_AVAILABLE, replicaNodes: [1], isrNodes: [1] });
    expect(cache.topicMetadata('u', 'PLAINTEXT', 1)!.partitions[0]).toMatchObject({ errorCode: ErrorCode.NONE, replicaNodes: [1, 3] });
  });

  it('a leader without the listener: LISTENER_NOT_FOUND from v6, LEADER_NOT_AVAILABLE before', () => {
    const cache = new MetadataCache(1);
    cache.update(request([broker(1, ['PLAINTEXT', 'INTERNAL']), broker(2, ['INTERNAL'])], { t: [state(0, 2, [2])] }));
    expect(cache.topicMetadata('t', 'PLAINTEXT', 6)!.partitions[0].errorCode).toBe(ErrorCode.LISTENER_NOT_FOUND);
    expect(cache.topicMetadata('t', 'PLAINTEXT', 5)!.partitions[0].errorCode).toBe(ErrorCode.LEADER_NOT_AVAILABLE);
    expect(cache.aliveBrokersFor('PLAINTEXT').map((b) => b.nodeId)).toEqual([1]);
  });

  it('forgets partitions marked for deletion and reports them', () => {
    const cache = new MetadataCache(1);
    cache.update(request([broker(1)], { t: [state(0, 1, [1]), state(1, 1, [1])] }));
    const deleted = cache.update(request([broker(1)], { t: [state(0, LEADER_DURING_DELETE, [1]), state(1, LEADER_DURING_DELETE, [1])] }));
    expect(deleted).toEqual([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);
    expect(cache.contains('t')).toBe(false);
    expect(cache.topics()).toEqual([]);
  });

  it('accepts pre-v5 ungrouped partition states', () => {
    const cache = new MetadataCache(1);
    cache.update({ ...request([broker(1)], {}), ungroupedPartitionStates: [{ ...state(0, 1, [1]), topicName: 'old' }] });
    expect(cache.partitionCount('old')).toBe(1);
  });
});
