import type { PartitionElectionResult } from '../../../src/controller/preferred-election';
import { ElectionType } from '../../../src/protocol/election-type';
import { ErrorCode } from '../../../src/protocol/errors';
import { Reader, Writer } from '../../../src/protocol/primitives';
import { decodeElectLeadersResponse, encodeElectLeadersResponse, type ElectLeadersRequest, type UpdateMetadataPartitionState } from '../../../src/protocol/generated';
import { createElectLeadersHandler, electLeadersResponse, type ElectLeadersService } from '../../../src/server/apis/43-elect-leaders';
import { RequestContext } from '../../../src/server/apis/api-handler';
import { MetadataCache } from '../../../src/server/metadata-cache';

const state = (partitionIndex: number, leader: number): UpdateMetadataPartitionState => ({
  topicName: '',
  partitionIndex,
  controllerEpoch: 1,
  leader,
  leaderEpoch: 1,
  isr: [1, 2],
  zkVersion: 1,
  replicas: [1, 2],
  offlineReplicas: [],
});

function cacheWith(leaders: number[]): MetadataCache {
  const cache = new MetadataCache(1);
  cache.update({
    controllerId: 1,
    controllerEpoch: 1,
    brokerEpoch: -1n,
    ungroupedPartitionStates: [],
    topicStates: [{ topicName: 't', partitionStates: leaders.map((leader, p) => state(p, leader)) }],
    liveBrokers: [1, 2].map((id) => ({ id, v0Host: '', v0Port: 0, rack: null, endpoints: [{ listener: 'PLAINTEXT', host: 'localhost', port: 9090 + id, securityProtocol: 0 }] })),
  });
  return cache;
}

const ctx = (version: number) =>
  new RequestContext(
    { requestApiKey: 43, requestApiVersion: version, correlationId: 1, clientId: 'test' },
    { listenerName: 'PLAINTEXT', clientHost: '127.0.0.1', clientPort: 1, connectionId: 'c' },
  );

const ok = (partition: number, leader: number): PartitionElectionResult => ({ tp: { topic: 't', partition }, errorCode: 0, errorMessage: null, leader });
const notNeeded = (partition: number): PartitionElectionResult => ({ tp: { topic: 't', partition }, errorCode: ErrorCode.ELECTION_NOT_NEEDED, errorMessage: 'Leader election not needed for topic partition' });

function controller(results: PartitionElectionResult[], isActive = true): ElectLeadersService & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return { isActive, calls, electLeaders: async (partitions, type) => (calls.push([partitions, type]), results) };
}

const request = (electionType: number, topicPartitions: ElectLeadersRequest['topicPartitions'], timeoutMs = 1000): ElectLeadersRequest => ({ electionType, topicPartitions, timeoutMs });

describe('ElectLeaders handler', () => {
  it('answers NOT_CONTROLLER on every requested partition when this broker is not the controller', async () => {
    const handler = createElectLeadersHandler({ controller: controller([], false), metadataCache: cacheWith([1, 1]) });
    const response = await handler.handle(request(0, [{ topic: 't', partitionId: [0, 1] }]), ctx(1));
    expect(response).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      replicaElectionResults: [{ topic: 't', partitionResult: [0, 1].map((partitionId) => ({ partitionId, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })) }],
    });
  });

  it('a null topic list elects over every partition in the metadata cache and leaves ELECTION_NOT_NEEDED out', async () => {
    const service = controller([ok(1, 2), notNeeded(0)]);
    const handler = createElectLeadersHandler({ controller: service, metadataCache: cacheWith([1, 2]) });
    const response = await handler.handle(request(ElectionType.PREFERRED, null), ctx(2));
    expect(service.calls).toEqual([[[{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }], ElectionType.PREFERRED]]);
    expect(response).toMatchObject({ replicaElectionResults: [{ topic: 't', partitionResult: [{ partitionId: 1, errorCode: 0, errorMessage: null }] }] });
  });

  it('named partitions keep their ELECTION_NOT_NEEDED answers; a partition named twice is asked once', async () => {
    const service = controller([notNeeded(0)]);
    const handler = createElectLeadersHandler({ controller: service, metadataCache: cacheWith([1]) });
    const response = await handler.handle(request(ElectionType.PREFERRED, [{ topic: 't', partitionId: [0, 0] }]), ctx(1));
    expect((service.calls[0][0] as unknown[]).length).toBe(1);
    expect(response).toMatchObject({ replicaElectionResults: [{ topic: 't', partitionResult: [{ partitionId: 0, errorCode: 84 }] }] });
  });

  it('a success the metadata cache does not show within timeout_ms becomes REQUEST_TIMED_OUT', async () => {
    const handler = createElectLeadersHandler({ controller: controller([ok(0, 2)]), metadataCache: cacheWith([1]) });
    const response = await handler.handle(request(ElectionType.PREFERRED, [{ topic: 't', partitionId: [0] }], 100), ctx(1));
    expect(response).toMatchObject({ replicaElectionResults: [{ topic: 't', partitionResult: [{ partitionId: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT }] }] });
  });

  it('passes UNCLEAN through and refuses unknown election types', async () => {
    const service = controller([]);
    const handler = createElectLeadersHandler({ controller: service, metadataCache: cacheWith([1]) });
    await handler.handle(request(ElectionType.UNCLEAN, [{ topic: 't', partitionId: [0] }]), ctx(1));
    expect(service.calls[0][1]).toBe(ElectionType.UNCLEAN);
    await expect(handler.handle(request(2, [{ topic: 't', partitionId: [0] }]), ctx(1))).rejects.toThrow('must be one of PREFERRED, UNCLEAN');
  });

  it('v0 responses have no top-level error code; the error response puts the code on each partition', () => {
    const handler = createElectLeadersHandler({ controller: controller([]), metadataCache: cacheWith([1]) });
    const body = handler.errorResponse!(request(0, [{ topic: 't', partitionId: [3] }]), ErrorCode.UNKNOWN_SERVER_ERROR, ctx(0))!;
    const w = new Writer();
    encodeElectLeadersResponse(w, body, 0);
    const decoded = decodeElectLeadersResponse(new Reader(w.toBuffer()), 0);
    expect(decoded).toEqual({ throttleTimeMs: 0, errorCode: 0, replicaElectionResults: [{ topic: 't', partitionResult: [{ partitionId: 3, errorCode: -1, errorMessage: null }] }] });
    expect(handler.errorResponse!(request(0, null), ErrorCode.UNKNOWN_SERVER_ERROR, ctx(1))).toEqual({ throttleTimeMs: 0, errorCode: -1, replicaElectionResults: [] });
  });

  it('groups results by topic in first-seen order', () => {
    const results = [ok(0, 1), { ...ok(0, 1), tp: { topic: 'u', partition: 0 } }, ok(1, 2)];
    expect(electLeadersResponse(results, false).replicaElectionResults.map((r) => [r.topic, r.partitionResult.map((p) => p.partitionId)])).toEqual([
      ['t', [0, 1]],
      ['u', [0]],
    ]);
  });
});
