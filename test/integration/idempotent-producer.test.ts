// The idempotent producer on a real 3-broker cluster: producer-id blocks in ZooKeeper, Kafka's
// sequence checks answered over the wire, kafkajs's idempotent producer through a kill -9 of the
// partition leader (every acknowledged number exactly once, in order), kcat with
// enable.idempotence=true, and the .snapshot files the brokers leave.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { listProducerSnapshotOffsets, readProducerSnapshot } from '../../src/log/producer-snapshot-file';
import { ErrorCode } from '../../src/protocol/errors';
import { Apis } from '../../src/protocol/generated';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { decodeProducerIdBlock } from '../../src/zk/znodes/producer-id-block';
import { eventually, readPartition, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const run = promisify(execFile);

describe('idempotent producer', () => {
  let t: TestCluster;

  beforeAll(async () => {
    t = await startTestCluster('idempotent-', {
      'zookeeper.session.timeout.ms': '6000',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'auto.leader.rebalance.enable': 'false',
    });
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  const kafka = (clientId: string) =>
    new Kafka({ clientId, brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING, requestTimeout: 5000, retry: { retries: 30, initialRetryTime: 100, maxRetryTime: 2000 } });

  async function createTopic(topic: string, partitions = 1): Promise<void> {
    const admin = kafka('admin').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    await eventually(`a full ISR for ${topic}`, async () => (await t.zk.getPartitionState(topic, 0))?.state.isr.length === 3);
  }

  const portOf = (id: number) => t.cluster.broker(id).options.port;
  const initProducerId = (port: number) => withBrokerConnection(port, (c) => c.send(Apis.InitProducerId, 1, { transactionalId: null, transactionTimeoutMs: 60_000 }));

  it('each broker claimed its own block of 1000 producer ids at startup; /latest_producer_id_block holds the last', async () => {
    const node = await t.zk.zk.getData('/latest_producer_id_block');
    const last = decodeProducerIdBlock(node.data);
    expect(last.blockEnd - last.blockStart).toBe(999n);
    expect(last.blockEnd).toBe(2999n);
    expect(JSON.parse(node.data!.toString())).toEqual({ version: 1, broker: last.brokerId, block_start: String(last.blockStart), block_end: String(last.blockEnd) });
    const ids = await Promise.all([1, 2, 3].map(async (id) => (await initProducerId(portOf(id))).producerId));
    expect(new Set(ids.map((pid) => Number(pid) / 1000 | 0))).toEqual(new Set([0, 1, 2]));
  });

  it("answers a retried batch with its first offset, and gaps and stale epochs with Kafka's errors", async () => {
    const topic = 'sequences';
    await createTopic(topic);
    const leader = (await t.zk.getPartitionState(topic, 0))!.state.leader;
    const init = await initProducerId(portOf(leader));
    expect(init).toMatchObject({ errorCode: ErrorCode.NONE, producerEpoch: 0 });
    const producerId = Number(init.producerId);
    const produce = (baseSequence: number, producerEpoch = 0) =>
      withBrokerConnection(portOf(leader), async (c) => {
        const records = buildRecordBatch([{ value: Buffer.from(`s${baseSequence}`) }, { value: Buffer.from(`s${baseSequence + 1}`) }], { producerId, producerEpoch, baseSequence });
        const response = await c.send(Apis.Produce, 7, { transactionalId: null, acks: -1, timeoutMs: 10_000, topics: [{ name: topic, partitions: [{ partitionIndex: 0, records }] }] });
        const p = response.responses[0].partitions[0];
        return { errorCode: p.errorCode, baseOffset: Number(p.baseOffset) };
      });
    expect(await produce(0)).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect(await produce(2)).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 2 });
    expect(await produce(0)).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 0 });
    expect((await produce(7)).errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    expect(await produce(0, 1)).toEqual({ errorCode: ErrorCode.NONE, baseOffset: 4 });
    expect((await produce(4, 0)).errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await readPartition(portOf(leader), topic, 0)).toEqual(['s0', 's1', 's2', 's3', 's0', 's1']);
  }, 120_000);

  it('kafkajs idempotent producer through a kill -9 of the leader: every acknowledged number once, in order', async () => {
    const topic = 'numbers';
    await createTopic(topic);
    const producer = kafka('numbers').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const acknowledged: number[] = [];
    let stop = false;
    let failed = 0;
    const writer = (async () => {
      for (let n = 0; !stop; n++) {
        try {
          await producer.send({ topic, acks: -1, timeout: 10_000, messages: [{ partition: 0, value: String(n) }] });
          acknowledged.push(n);
        } catch {
          failed++;
        }
      }
    })();
    const progress = (more: number) => {
      const target = acknowledged.length + more;
      return eventually(`${more} more acknowledged`, async () => acknowledged.length >= target, 60_000);
    };
    await progress(200);
    const leader = (await t.zk.getPartitionState(topic, 0))!.state.leader;
    await t.cluster.broker(leader).kill();
    await eventually('a new leader', async () => ((await t.zk.getPartitionState(topic, 0))!.state.leader ?? leader) !== leader);
    await progress(200);
    await t.cluster.broker(leader).start();
    await eventually('the ISR full again', async () => (await t.zk.getPartitionState(topic, 0))!.state.isr.length === 3, 60_000);
    await progress(200);
    stop = true;
    await writer;
    await producer.disconnect();

    const newLeader = (await t.zk.getPartitionState(topic, 0))!.state.leader;
    const stored = (await readPartition(portOf(newLeader), topic, 0)).map(Number);
    const ackedSet = new Set(acknowledged);
    // Exactly once: no number twice; in order: increasing; complete: every acknowledged one present.
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual([...stored].sort((a, b) => a - b));
    expect(acknowledged.filter((n) => !stored.includes(n))).toEqual([]);
    console.log(`idempotent producer through kill -9: ${acknowledged.length} acknowledged, ${failed} failed sends, ${stored.length} stored, ${stored.filter((n) => !ackedSet.has(n)).length} stored unacknowledged`);

    // The restarted broker rebuilt its producer state after the crash and wrote a snapshot at its log end.
    const dir = join(t.cluster.broker(leader).dataDir, `${topic}-0`);
    const snapshots = listProducerSnapshotOffsets(dir);
    expect(snapshots.length).toBeGreaterThan(0);
    const entries = readProducerSnapshot(join(dir, `${String(snapshots[snapshots.length - 1]).padStart(20, '0')}.snapshot`));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ producerEpoch: 0, coordinatorEpoch: -1, currentTxnFirstOffset: -1 });
  }, 300_000);

  it('kcat with enable.idempotence=true produces every message once', async () => {
    const topic = 'kcat-idempotent';
    await createTopic(topic, 1);
    const input = Array.from({ length: 5000 }, (_, i) => `m${i}`).join('\n') + '\n';
    await new Promise<void>((resolve, reject) => {
      const child = execFile('kcat', ['-P', '-b', t.cluster.bootstrapServers.join(','), '-t', topic, '-p', '0', '-X', 'enable.idempotence=true', '-X', 'linger.ms=5'], (error) => (error ? reject(error) : resolve()));
      child.stdin!.end(input);
    });
    const { stdout } = await run('kcat', ['-C', '-b', t.cluster.bootstrapServers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\\n'], { maxBuffer: 16 << 20 });
    expect(stdout.trim().split('\n')).toEqual(input.trim().split('\n'));
    // The batches carry a producer id: the leader's state knows it.
    const leader = (await t.zk.getPartitionState(topic, 0))!.state.leader;
    const dir = join(t.cluster.broker(leader).dataDir, `${topic}-0`);
    expect(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.log'))).toBe(true);
  }, 120_000);
});
