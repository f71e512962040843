// The broker's data plane over real sockets, before the controller exists: this test plays the
// controller (LeaderAndIsr and UpdateMetadata over a real connection), and real clients — kafkajs
// and kcat — produce, consume and list offsets against it.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { silentLogger } from '../../src/common/logger';
import { LogManager, defaultLogConfig } from '../../src/log';
import { BrokerConnection } from '../../src/network/broker-connection';
import { SocketServer } from '../../src/network/socket-server';
import { ErrorCode } from '../../src/protocol/errors';
import { Apis } from '../../src/protocol/generated';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { ApiDispatcher } from '../../src/server/apis';
import { createBrokerApis } from '../../src/server/broker-apis';
import { MetadataCache } from '../../src/server/metadata-cache';
import { ReplicaManager } from '../../src/server/replica-manager';

const run = promisify(execFile);
const BROKER_ID = 1;
const TOPIC = 'orders';
const PARTITIONS = 3;

describe('broker data plane with real clients', () => {
  let dir: string;
  let logManager: LogManager;
  let server: SocketServer;
  let port: number;
  let controller: BrokerConnection;
  const autoCreated: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'data-plane-'));
    logManager = LogManager.open({ logDirs: [dir] });
    const replicaManager = new ReplicaManager({
      brokerId: BROKER_ID,
      logManager,
      topicConfig: () => defaultLogConfig(),
      logger: silentLogger,
      stateChangeLogger: silentLogger,
    });
    const { registry } = createBrokerApis({
      replicaManager,
      metadataCache: new MetadataCache(BROKER_ID),
      clusterId: 'test-cluster-id-000000',
      brokerEpoch: () => 100n,
      autoCreateTopicsEnable: true,
      autoCreateTopics: async (topics) => void autoCreated.push(...topics),
      logger: silentLogger,
    });
    server = new SocketServer({ listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }], dispatcher: new ApiDispatcher(registry) });
    await server.start();
    port = server.boundPort('PLAINTEXT')!;

    // Play the controller: make broker 1 leader of every partition and tell its metadata cache.
    controller = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'controller-test' });
    await controller.connect();
    const states = Array.from({ length: PARTITIONS }, (_, partitionIndex) => ({
      topicName: '',
      partitionIndex,
      controllerEpoch: 1,
      leader: BROKER_ID,
      leaderEpoch: 0,
      isr: [BROKER_ID],
      zkVersion: 0,
      replicas: [BROKER_ID],
      addingReplicas: [],
      removingReplicas: [],
      isNew: true,
    }));
    const leaderAndIsr = await controller.send(Apis.LeaderAndIsr, 4, {
      controllerId: BROKER_ID,
      controllerEpoch: 1,
      brokerEpoch: 100n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: TOPIC, partitionStates: states }],
      liveLeaders: [{ brokerId: BROKER_ID, hostName: '127.0.0.1', port }],
    });
    expect(leaderAndIsr.partitionErrors.map((e) => e.errorCode)).toEqual([0, 0, 0]);
    const updateMetadata = await controller.send(Apis.UpdateMetadata, 6, {
      controllerId: BROKER_ID,
      controllerEpoch: 1,
      brokerEpoch: 100n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: TOPIC, partitionStates: states.map(({ addingReplicas, removingReplicas, isNew, ...s }) => ({ ...s, offlineReplicas: [] })) }],
      liveBrokers: [{ id: BROKER_ID, v0Host: '', v0Port: 0, rack: null, endpoints: [{ port, host: '127.0.0.1', listener: 'PLAINTEXT', securityProtocol: 0 }] }],
    });
    expect(updateMetadata.errorCode).toBe(ErrorCode.NONE);
  }, 30_000);

  afterAll(async () => {
    controller?.close();
    await server?.stop();
    logManager?.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const kafka = () => new Kafka({ clientId: 'data-plane-test', brokers: [`127.0.0.1:${port}`], logLevel: logLevel.NOTHING });

  it('kafkajs produces keyed messages (acks all, gzip) and kcat reads them all back per partition', async () => {
    const producer = kafka().producer();
    await producer.connect();
    const messages = Array.from({ length: 3000 }, (_, i) => ({ key: `key-${i % 17}`, value: `value-${i}` }));
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic: TOPIC, acks: -1, compression: CompressionTypes.GZIP, messages: messages.slice(i, i + 500) });
    }
    await producer.disconnect();

    const seen = new Map<string, Set<number>>();
    let total = 0;
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const { stdout } = await run('kcat', ['-C', '-b', `127.0.0.1:${port}`, '-t', TOPIC, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%k %s\\n']);
      const lines = stdout.split('\n').filter((l) => l.length > 0);
      total += lines.length;
      for (const line of lines) {
        const [key] = line.split(' ');
        if (!seen.has(key)) seen.set(key, new Set());
        seen.get(key)!.add(partition);
      }
    }
    expect(total).toBe(messages.length);
    // The key hash decides the partition: every key lands in exactly one partition.
    for (const partitions of seen.values()) expect(partitions.size).toBe(1);
  }, 60_000);

  it('kcat produces with every codec it supports and kafkajs admin sees the offsets move', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const before = await admin.fetchTopicOffsets(TOPIC);
    for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
      const input = Array.from({ length: 100 }, (_, i) => `${codec}-${i}`).join('\n') + '\n';
      await new Promise<void>((resolve, reject) => {
        const child = execFile('kcat', ['-P', '-b', `127.0.0.1:${port}`, '-t', TOPIC, '-p', '0', '-z', codec], (error) => (error ? reject(error) : resolve()));
        child.stdin!.end(input);
      });
    }
    const after = await admin.fetchTopicOffsets(TOPIC);
    const p0 = (list: typeof before) => Number(list.find((o) => o.partition === 0)!.high);
    expect(p0(after) - p0(before)).toBe(500);
    const { stdout } = await run('kcat', ['-C', '-b', `127.0.0.1:${port}`, '-t', TOPIC, '-p', '0', '-o', String(-500), '-e', '-q']);
    const values = stdout.split('\n').filter((l) => l.length > 0);
    expect(values.slice(0, 3)).toEqual(['none-0', 'none-1', 'none-2']);
    expect(values.slice(-1)).toEqual(['zstd-99']);
    await admin.disconnect();
  }, 60_000);

  it('metadata reports the topic, its leader and auto-creates unknown topics (LEADER_NOT_AVAILABLE)', async () => {
    const admin = kafka().admin();
    await admin.connect();
    const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
    expect(md.topics[0].partitions.map((p) => [p.partitionId, p.leader]).sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
    await admin.disconnect();
    const { stdout } = await run('kcat', ['-L', '-b', `127.0.0.1:${port}`, '-t', 'brand-new-topic']);
    expect(stdout).toContain('Leader not available');
    expect(autoCreated).toContain('brand-new-topic');
  }, 30_000);

  it('a long-poll fetch waits for data and answers as soon as a produce arrives', async () => {
    const consumer = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'long-poll' });
    await consumer.connect();
    const offsets = await consumer.send(Apis.ListOffset, 5, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: TOPIC, partitions: [{ partitionIndex: 2, currentLeaderEpoch: -1, timestamp: -1n, maxNumOffsets: 0 }] }],
    });
    const end = offsets.topics[0].partitions[0].offset;
    const fetchAt = (maxWait: number) =>
      consumer.send(Apis.Fetch, 11, {
        replicaId: -1,
        maxWait,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        epoch: -1,
        topics: [{ name: TOPIC, fetchPartitions: [{ partitionIndex: 2, currentLeaderEpoch: -1, fetchOffset: end, logStartOffset: -1n, maxBytes: 1 << 20 }] }],
        forgotten: [],
        rackId: '',
      });

    let started = Date.now();
    const empty = await fetchAt(400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(empty.topics[0].partitions[0].records!.length).toBe(0);

    started = Date.now();
    const waiting = fetchAt(10_000);
    setTimeout(() => {
      const child = execFile('kcat', ['-P', '-b', `127.0.0.1:${port}`, '-t', TOPIC, '-p', '2']);
      child.stdin!.end('wake up\n');
    }, 200);
    const woken = await waiting;
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(woken.topics[0].partitions[0].records!.length).toBeGreaterThan(0);
    consumer.close();
  }, 30_000);

  it('answers bad produce requests with Kafka error codes: INVALID_REQUIRED_ACKS, MESSAGE_TOO_LARGE, CORRUPT_MESSAGE, UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const client = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'produce-errors' });
    await client.connect();
    const batch = (valueBytes: number) => buildRecordBatch([{ value: Buffer.alloc(valueBytes, 7), timestamp: Date.now() }]);
    const corrupt = batch(10);
    corrupt[corrupt.length - 1] ^= 0xff;
    const produce = (acks: number, topic: string, records: Buffer) =>
      client.send(Apis.Produce, 7, { transactionalId: null, acks, timeoutMs: 1000, topics: [{ name: topic, partitions: [{ partitionIndex: 0, records }] }] });
    const code = async (acks: number, topic: string, records: Buffer) => (await produce(acks, topic, records)).responses[0].partitions[0].errorCode;
    expect(await code(2, TOPIC, batch(10))).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
    expect(await code(1, TOPIC, batch(2_000_000))).toBe(ErrorCode.MESSAGE_TOO_LARGE);
    expect(await code(1, TOPIC, corrupt)).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(await code(1, 'no-such-topic', batch(10))).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(await code(-1, TOPIC, batch(10))).toBe(ErrorCode.NONE);
    client.close();
  }, 30_000);

  it('answers fetches at an offset past the end with OFFSET_OUT_OF_RANGE and unknown partitions with UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const client = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'errors' });
    await client.connect();
    const response = await client.send(Apis.Fetch, 4, {
      replicaId: -1,
      maxWait: 0,
      minBytes: 1,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      epoch: -1,
      topics: [
        {
          name: TOPIC,
          fetchPartitions: [
            { partitionIndex: 0, currentLeaderEpoch: -1, fetchOffset: 1_000_000n, logStartOffset: -1n, maxBytes: 1024 },
            { partitionIndex: 7, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, maxBytes: 1024 },
          ],
        },
      ],
      forgotten: [],
      rackId: '',
    });
    expect(response.topics[0].partitions.map((p) => p.errorCode)).toEqual([ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    client.close();
  }, 30_000);
});
