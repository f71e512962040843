// Client quotas through the real dispatcher and handlers (Produce, Fetch, Metadata, LeaderAndIsr)
// over a real ReplicaManager and log: throttle_time_ms in the responses, the connection muted
// through its throttle(), exemptions, and the empty throttled fetch. Time is a manual clock, and
// so is the handling-time clock the request quota reads, so every expected throttle is exact.
// (test/network/socket-server.test.ts shows what a muted connection does on a real socket.)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LONG_MAX } from '../../../src/common/config';
import { ANONYMOUS_PRINCIPAL } from '../../../src/common/kafka-principal';
import { silentLogger } from '../../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../../src/log';
import type { ConnectionInfo, ConnectionSession, DispatchResult } from '../../../src/network/request-dispatcher';
import { ErrorCode } from '../../../src/protocol/errors';
import { Apis, type ApiDefinition, type FetchRequest, type ProduceRequest } from '../../../src/protocol/generated';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { ApiDispatcher } from '../../../src/server/apis';
import { createBrokerApis } from '../../../src/server/broker-apis';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ClientQuotas } from '../../../src/server/quota/client-quotas';
import { applyQuotaConfig } from '../../../src/server/quota/quota-config-handler';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { ManualClock } from '../../common/manual-clock';
import { decodeResponse, requestFrame } from '../../network/raw-kafka-client';

const BROKER = 1;
const TOPIC = 't';

/** What the dispatcher sees of a connection; records the throttles asked of it. */
class RecordingConnection implements ConnectionInfo {
  readonly connectionId = '127.0.0.1:9092-127.0.0.1:50000-0';
  readonly listenerName = 'PLAINTEXT';
  readonly clientHost = '127.0.0.1';
  readonly clientPort = 50000;
  readonly session: ConnectionSession = { securityProtocol: 'PLAINTEXT', principal: ANONYMOUS_PRINCIPAL, peerCertificate: null, authState: undefined };
  readonly throttles: number[] = [];
  throttle(ms: number): void {
    this.throttles.push(ms);
  }
  closeAfterResponse(): void {}
}

let dir: string;
let logManager: LogManager;
let clock: ManualClock;
/** Handling time: each read of this clock is `handlingStepMs` later than the last. */
let handlingNow: number;
let handlingStepMs: number;
let quotas: ClientQuotas;
let dispatcher: ApiDispatcher;
let correlationId = 0;

async function send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, body: Req, clientId: string, connection: RecordingConnection): Promise<{ body: Res; bytes: number } | null> {
  const frame = requestFrame(api, version, ++correlationId, body, clientId).subarray(4);
  const result: DispatchResult = await dispatcher.dispatch(frame, connection);
  if (result === null) return null;
  const response = Buffer.concat(result);
  return { body: decodeResponse(api, version, response).body, bytes: response.length };
}

function produceBody(valueBytes: number, acks = 1): ProduceRequest {
  const records = buildRecordBatch([{ value: Buffer.alloc(valueBytes, 7), timestamp: Date.now() }]);
  return { transactionalId: null, acks, timeoutMs: 1000, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, records }] }] };
}

function fetchBody(replicaId = -1): FetchRequest {
  return {
    replicaId,
    maxWait: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    epoch: -1,
    topics: [{ name: TOPIC, fetchPartitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, maxBytes: 1 << 20 }] }],
    forgotten: [],
    rackId: '',
  };
}

function setQuota(entityPath: string, config: Record<string, string>): void {
  applyQuotaConfig(quotas, entityPath, new Map(Object.entries(config)));
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'handler-quotas-'));
  logManager = LogManager.open({ logDirs: [dir] });
  clock = new ManualClock();
  handlingNow = 0;
  handlingStepMs = 0;
  quotas = new ClientQuotas({ producerByteRateDefault: LONG_MAX, consumerByteRateDefault: LONG_MAX, numQuotaSamples: 11, quotaWindowSizeSeconds: 1 }, clock, silentLogger, () => (handlingNow += handlingStepMs));
  const replicaManager = new ReplicaManager({ brokerId: BROKER, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger });
  const { registry } = createBrokerApis({
    replicaManager,
    metadataCache: new MetadataCache(BROKER),
    clusterId: 'quota-test-cluster-0000',
    brokerEpoch: () => 10n,
    autoCreateTopicsEnable: false,
    autoCreateTopics: async () => {},
    logger: silentLogger,
    clientQuotas: quotas,
  });
  dispatcher = new ApiDispatcher(registry, silentLogger, undefined, null, quotas);
  const controller = new RecordingConnection();
  const state = { topicName: '', partitionIndex: 0, controllerEpoch: 1, leader: BROKER, leaderEpoch: 0, isr: [BROKER], zkVersion: 0, replicas: [BROKER], addingReplicas: [], removingReplicas: [], isNew: true };
  const leaderAndIsr = await send(Apis.LeaderAndIsr, 4, { controllerId: BROKER, controllerEpoch: 1, brokerEpoch: 10n, ungroupedPartitionStates: [], topicStates: [{ topicName: TOPIC, partitionStates: [state] }], liveLeaders: [] }, 'controller', controller);
  expect(leaderAndIsr?.body.partitionErrors.map((p) => p.errorCode)).toEqual([ErrorCode.NONE]);
});

afterEach(() => {
  logManager.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('producer_byte_rate', () => {
  it('a produce over quota gets throttle_time_ms and its connection is muted for that long', async () => {
    setQuota('clients/app', { producer_byte_rate: '1000' });
    const connection = new RecordingConnection();
    const first = produceBody(4000);
    const firstBytes = requestFrame(Apis.Produce, 8, 0, first, 'app').length - 4;
    const ok = await send(Apis.Produce, 8, first, 'app', connection);
    expect(ok?.body.throttleTimeMs).toBe(0);
    expect(ok?.body.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(connection.throttles).toEqual([]);

    const second = produceBody(8000);
    const secondBytes = requestFrame(Apis.Produce, 8, 0, second, 'app').length - 4;
    const throttled = await send(Apis.Produce, 8, second, 'app', connection);
    // Both requests (header + body) over the 10 s minimum window at 1000 B/s:
    // X = (O - T) / T * W = total bytes - 10 000 ms.
    const expected = firstBytes + secondBytes - 10_000;
    expect(expected).toBeGreaterThan(0);
    expect(throttled?.body.throttleTimeMs).toBe(expected);
    // The records are appended all the same: throttling slows, it does not refuse.
    expect(throttled?.body.responses[0]!.partitions[0]!.baseOffset).toBe(1n);
    expect(connection.throttles).toEqual([expected]);
  });

  it('other clients are not slowed', async () => {
    setQuota('clients/app', { producer_byte_rate: '1000' });
    const slow = new RecordingConnection();
    const other = new RecordingConnection();
    expect((await send(Apis.Produce, 8, produceBody(20_000), 'app', slow))?.body.throttleTimeMs).toBeGreaterThan(0);
    expect((await send(Apis.Produce, 8, produceBody(20_000), 'other', other))?.body.throttleTimeMs).toBe(0);
    expect(other.throttles).toEqual([]);
  });

  it('acks=0 has no response to carry the throttle, but the connection is muted', async () => {
    setQuota('clients/app', { producer_byte_rate: '1000' });
    const connection = new RecordingConnection();
    expect(await send(Apis.Produce, 8, produceBody(20_000, 0), 'app', connection)).toBeNull();
    expect(connection.throttles).toHaveLength(1);
    expect(connection.throttles[0]).toBeGreaterThan(10_000);
  });

  it('a removed quota stops throttling at once', async () => {
    setQuota('clients/app', { producer_byte_rate: '1000' });
    const connection = new RecordingConnection();
    expect((await send(Apis.Produce, 8, produceBody(20_000), 'app', connection))?.body.throttleTimeMs).toBeGreaterThan(0);
    setQuota('clients/app', {});
    expect((await send(Apis.Produce, 8, produceBody(20_000), 'app', connection))?.body.throttleTimeMs).toBe(0);
    expect(connection.throttles).toHaveLength(1);
  });
});

describe('consumer_byte_rate', () => {
  beforeEach(async () => {
    const producer = new RecordingConnection();
    await send(Apis.Produce, 8, produceBody(3000), 'producer', producer);
  });

  it('a fetch over quota answers no partitions, with throttle_time_ms, and the bytes are taken back', async () => {
    // The same fetch unthrottled, from a client without a quota: its response size is what is charged.
    const reference = await send(Apis.Fetch, 11, fetchBody(), 'unlimited', new RecordingConnection());
    expect(reference?.body.topics[0]!.partitions[0]!.records!.length).toBeGreaterThan(3000);
    const size = reference!.bytes;

    setQuota('clients/reader', { consumer_byte_rate: '100' });
    const connection = new RecordingConnection();
    const throttled = await send(Apis.Fetch, 11, fetchBody(), 'reader', connection);
    // size bytes over 10 s against 100 B/s: X = size * 1000 / 100 - 10 000 ms.
    const expected = size * 10 - 10_000;
    expect(throttled?.body).toEqual({ throttleTimeMs: expected, errorCode: ErrorCode.NONE, sessionId: 0, topics: [] });
    expect(connection.throttles).toEqual([expected]);
    // Unrecorded: nothing was sent, so nothing is held against the reader.
    expect(quotas.fetch.measuredRate(ANONYMOUS_PRINCIPAL, 'reader')).toBe(0);
  });

  it('a fetch within quota gets its data', async () => {
    setQuota('clients/reader', { consumer_byte_rate: '1000000' });
    const connection = new RecordingConnection();
    const fetched = await send(Apis.Fetch, 11, fetchBody(), 'reader', connection);
    expect(fetched?.body.throttleTimeMs).toBe(0);
    expect(fetched?.body.topics[0]!.partitions[0]!.records!.length).toBeGreaterThan(3000);
    expect(connection.throttles).toEqual([]);
  });

  it('follower fetches are exempt from client quotas', async () => {
    setQuota('clients/<default>', { consumer_byte_rate: '1', request_percentage: '0.01' });
    handlingStepMs = 100;
    const follower = new RecordingConnection();
    const fetched = await send(Apis.Fetch, 11, fetchBody(2), 'broker-2-fetcher', follower);
    expect(fetched?.body.throttleTimeMs).toBe(0);
    expect(fetched?.body.topics[0]!.partitions).toHaveLength(1);
    expect(follower.throttles).toEqual([]);
  });
});

describe('request_percentage', () => {
  it('throttles any request over its share of handling time, capped at one quota window', async () => {
    setQuota('clients/busy', { request_percentage: '1' });
    // Each request takes 200 ms of handling: 20 percent-seconds over the 10 s minimum window is
    // 2% against 1%: (2 - 1) / 1 * 10 000 ms, capped at quota.window.size.seconds (1000 ms).
    handlingStepMs = 200;
    const connection = new RecordingConnection();
    const metadata = await send(Apis.Metadata, 9, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }, 'busy', connection);
    expect(metadata?.body.throttleTimeMs).toBe(1000);
    expect(connection.throttles).toEqual([1000]);
  });

  it('versions without throttle_time_ms are answered as usual and muted all the same (as 2.4.1, KIP-219)', async () => {
    setQuota('clients/busy', { request_percentage: '1' });
    handlingStepMs = 200;
    const connection = new RecordingConnection();
    // ListOffsets v1 predates the field (v2+).
    const body = { replicaId: -1, isolationLevel: 0, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, currentLeaderEpoch: 0, timestamp: -1n, maxNumOffsets: 0 }] }] };
    const offsets = await send(Apis.ListOffset, 1, body, 'busy', connection);
    expect(offsets?.body.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(offsets?.body.throttleTimeMs).toBe(0);
    expect(connection.throttles).toEqual([1000]);
    // v2 carries it.
    const v2 = await send(Apis.ListOffset, 2, body, 'busy', connection);
    expect(v2?.body.throttleTimeMs).toBe(1000);
  });

  it('a small share is not throttled; the charge is the handler time, measured exactly', async () => {
    setQuota('clients/light', { request_percentage: '50' });
    handlingStepMs = 100; // 10 percent-seconds per request: 1% each over 10 s
    const connection = new RecordingConnection();
    for (let i = 0; i < 3; i++) {
      const metadata = await send(Apis.Metadata, 9, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }, 'light', connection);
      expect(metadata?.body.throttleTimeMs).toBe(0);
    }
    expect(quotas.request.measuredRate(ANONYMOUS_PRINCIPAL, 'light')).toBeCloseTo(3, 10);
    expect(connection.throttles).toEqual([]);
  });

  it('inter-broker requests (ClusterAction APIs) are exempt', async () => {
    setQuota('clients/<default>', { request_percentage: '0.01' });
    handlingStepMs = 500;
    const controller = new RecordingConnection();
    const state = { topicName: '', partitionIndex: 0, controllerEpoch: 1, leader: BROKER, leaderEpoch: 1, isr: [BROKER], zkVersion: 1, replicas: [BROKER], addingReplicas: [], removingReplicas: [], isNew: false };
    const response = await send(Apis.LeaderAndIsr, 4, { controllerId: BROKER, controllerEpoch: 1, brokerEpoch: 10n, ungroupedPartitionStates: [], topicStates: [{ topicName: TOPIC, partitionStates: [state] }], liveLeaders: [] }, 'controller', controller);
    expect(response?.body.errorCode).toBe(ErrorCode.NONE);
    expect(controller.throttles).toEqual([]);
  });

  it('a produce is throttled by the larger of its byte-rate and request throttles', async () => {
    setQuota('clients/app', { producer_byte_rate: '1000000', request_percentage: '1' });
    handlingStepMs = 200;
    const connection = new RecordingConnection();
    const produced = await send(Apis.Produce, 8, produceBody(100), 'app', connection);
    expect(produced?.body.throttleTimeMs).toBe(1000);
    expect(connection.throttles).toEqual([1000]);
  });
});
