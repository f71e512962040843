// A producer over its producer_byte_rate, end to end: a real SocketServer, the real dispatcher and
// handlers with client quotas, and a client connection sending produce requests one after the
// other. The throttled client is slowed to about its quota by the broker's muting alone (this
// client does not back off by itself) and sees throttle_time_ms; another client is not slowed.
// Quota windows are 3 x 1 s here (quota.window.num=3), so the burst allowance is 2 s worth.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LONG_MAX } from '../../../src/common/config';
import { systemClock } from '../../../src/common/clock';
import { silentLogger } from '../../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../../src/log';
import { BrokerConnection } from '../../../src/network/broker-connection';
import { SocketServer } from '../../../src/network/socket-server';
import { ErrorCode } from '../../../src/protocol/errors';
import { Apis } from '../../../src/protocol/generated';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { ApiDispatcher } from '../../../src/server/apis';
import { createBrokerApis } from '../../../src/server/broker-apis';
import { MetadataCache } from '../../../src/server/metadata-cache';
import { ClientQuotas } from '../../../src/server/quota/client-quotas';
import { applyQuotaConfig } from '../../../src/server/quota/quota-config-handler';
import { ReplicaManager } from '../../../src/server/replica-manager';

const BROKER = 1;
const TOPIC = 'throttled';
const QUOTA = 200_000; // bytes/s

let dir: string;
let logManager: LogManager;
let server: SocketServer;
let port: number;
let controller: BrokerConnection;
let quotas: ClientQuotas;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quota-wire-'));
  logManager = LogManager.open({ logDirs: [dir] });
  const replicaManager = new ReplicaManager({ brokerId: BROKER, logManager, topicConfig: () => defaultLogConfig(), logger: silentLogger, stateChangeLogger: silentLogger });
  quotas = new ClientQuotas({ producerByteRateDefault: LONG_MAX, consumerByteRateDefault: LONG_MAX, numQuotaSamples: 3, quotaWindowSizeSeconds: 1 }, systemClock);
  const { registry } = createBrokerApis({
    replicaManager,
    metadataCache: new MetadataCache(BROKER),
    clusterId: 'quota-wire-cluster-0000',
    brokerEpoch: () => 100n,
    autoCreateTopicsEnable: false,
    autoCreateTopics: async () => {},
    logger: silentLogger,
    clientQuotas: quotas,
  });
  server = new SocketServer({ listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }], dispatcher: new ApiDispatcher(registry, silentLogger, undefined, null, quotas) });
  await server.start();
  port = server.boundPort('PLAINTEXT')!;
  controller = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'controller' });
  await controller.connect();
  const state = { topicName: '', partitionIndex: 0, controllerEpoch: 1, leader: BROKER, leaderEpoch: 0, isr: [BROKER], zkVersion: 0, replicas: [BROKER] };
  const leaderAndIsr = await controller.send(Apis.LeaderAndIsr, 4, {
    controllerId: BROKER,
    controllerEpoch: 1,
    brokerEpoch: 100n,
    ungroupedPartitionStates: [],
    topicStates: [{ topicName: TOPIC, partitionStates: [{ ...state, addingReplicas: [], removingReplicas: [], isNew: true }] }],
    liveLeaders: [{ brokerId: BROKER, hostName: '127.0.0.1', port }],
  });
  expect(leaderAndIsr.partitionErrors[0]!.errorCode).toBe(ErrorCode.NONE);
  await controller.send(Apis.UpdateMetadata, 6, {
    controllerId: BROKER,
    controllerEpoch: 1,
    brokerEpoch: 100n,
    ungroupedPartitionStates: [],
    topicStates: [{ topicName: TOPIC, partitionStates: [{ ...state, offlineReplicas: [] }] }],
    liveBrokers: [{ id: BROKER, v0Host: '', v0Port: 0, rack: null, endpoints: [{ port, host: '127.0.0.1', listener: 'PLAINTEXT', securityProtocol: 0 }] }],
  });
  applyQuotaConfig(quotas, 'clients/slow-producer', new Map([['producer_byte_rate', String(QUOTA)]]));
}, 30_000);

afterAll(async () => {
  controller?.close();
  await server?.stop();
  logManager?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

/** Produces `batches` batches one after the other on one connection; answers the elapsed ms and the throttle times seen. */
async function produceAll(clientId: string, batches: number, bytesPerBatch: number): Promise<{ elapsedMs: number; throttles: number[] }> {
  const connection = new BrokerConnection({ host: '127.0.0.1', port, clientId, requestTimeoutMs: 30_000 });
  await connection.connect();
  const throttles: number[] = [];
  const start = Date.now();
  try {
    for (let i = 0; i < batches; i++) {
      const records = buildRecordBatch([{ value: Buffer.alloc(bytesPerBatch, i), timestamp: Date.now() }]);
      const response = await connection.send(Apis.Produce, 8, { transactionalId: null, acks: 1, timeoutMs: 5000, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, records }] }] });
      expect(response.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
      throttles.push(response.throttleTimeMs);
    }
  } finally {
    connection.close();
  }
  return { elapsedMs: Date.now() - start, throttles };
}

describe('a producer over its byte-rate quota', () => {
  it('is slowed to about its quota while another client is not', async () => {
    const batches = 40;
    const bytes = 30_000; // 1.2 MB in all: 6 s at 200 kB/s, less the 2 s burst allowance
    const [slow, fast] = await Promise.all([produceAll('slow-producer', batches, bytes), produceAll('fast-producer', batches, bytes)]);
    // Generous bounds: at least 3 s (the ideal is about 4 s); the unthrottled client well under that.
    expect(slow.elapsedMs).toBeGreaterThan(3000);
    expect(slow.elapsedMs).toBeLessThan(20_000);
    expect(fast.elapsedMs).toBeLessThan(2500);
    // The first batches fit the burst allowance; once over, every answer says how long to wait.
    expect(slow.throttles[0]).toBe(0);
    expect(slow.throttles.filter((t) => t > 0).length).toBeGreaterThan(5);
    expect(fast.throttles.every((t) => t === 0)).toBe(true);
    // Each muting is waited out before the next request is read: the time spent is at least the throttles asked.
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(slow.throttles.slice(0, -1).reduce((a, b) => a + b, 0) - 50);
  }, 60_000);

  it('sees throttle_time_ms in its produce responses', async () => {
    const client = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'slow-producer' });
    await client.connect();
    try {
      const records = buildRecordBatch([{ value: Buffer.alloc(800_000, 1), timestamp: Date.now() }]);
      const response = await client.send(Apis.Produce, 8, { transactionalId: null, acks: 1, timeoutMs: 5000, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, records }] }] });
      expect(response.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
      expect(response.throttleTimeMs).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  }, 30_000);
});
