// Transactions on a real 3-broker cluster with kafkajs's transactional producer: commit, abort,
// sendOffsets, fencing by a second producer with the same transactional id, a transaction timing
// out and being aborted by the coordinator; read_committed and read_uncommitted consumers; the
// markers' offsets; __transaction_state as Kafka 2.4.1 creates it.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { ErrorCode } from '../../src/protocol/errors';
import { Apis } from '../../src/protocol/generated';
import { batchBaseOffset, batchIsControl, batchProducerEpoch, batchSize } from '../../src/protocol/records/batch-header';
import { ControlRecordType, decodeControlKey, decodeEndTxnMarkerValue } from '../../src/protocol/records/control-record';
import { iterateRecords } from '../../src/protocol/records/record';
import { eventually, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

/**
 * A consume-transform-produce loop in its own process (kafkajs): one transaction per input record,
 * writing `out-<value>` and the group's next offset; prints `committed <offset>` after each.
 */
const TRANSFORM_LOOP = `
const { Kafka, logLevel } = require('kafkajs');
const { brokers, input, output, group, transactionalId } = JSON.parse(process.argv[1]);
const kafka = new Kafka({ clientId: 'transform', brokers, logLevel: logLevel.NOTHING, retry: { retries: 50, initialRetryTime: 20, maxRetryTime: 500 } });
(async () => {
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 500, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: input, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const txn = await producer.transaction();
      try {
        await txn.send({ topic: output, messages: [{ value: 'out-' + message.value.toString() }] });
        const next = String(Number(message.offset) + 1);
        await txn.sendOffsets({ consumerGroupId: group, topics: [{ topic, partitions: [{ partition, offset: next }] }] });
        await txn.commit();
        process.stdout.write('committed ' + message.offset + '\\n');
      } catch (error) {
        await txn.abort().catch(() => undefined);
        throw error;
      }
    },
  });
})().catch((error) => { console.error(error); process.exit(1); });
`;

/**
 * librdkafka's transactional producer through confluent-kafka (Debian's python3-confluent-kafka):
 * a commit, an abort, then a second producer with the same transactional id fencing the first,
 * and read_committed / read_uncommitted consumers. Prints one JSON line of what it saw.
 */
const CONFLUENT_TRANSACTIONS = `
import json, sys
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
args = json.loads(sys.argv[1])
servers, topic = ','.join(args['servers']), args['topic']
def producer():
    p = Producer({'bootstrap.servers': servers, 'transactional.id': 'confluent', 'transaction.timeout.ms': 60000})
    p.init_transactions(30)
    return p
first = producer()
first.begin_transaction()
first.produce(topic, b'p1', partition=0)
first.produce(topic, b'p2', partition=0)
first.commit_transaction(30)
first.begin_transaction()
first.produce(topic, b'p3', partition=0)
first.flush(30)  # sent before the abort: librdkafka purges what it has not sent yet
first.abort_transaction(30)
first.begin_transaction()
delivered = []
first.produce(topic, b'zombie', partition=0, on_delivery=lambda err, msg: delivered.append(str(err) if err else msg.offset()))
left = first.flush(30)
second = producer()
fenced = None
try:
    first.commit_transaction(30)
except KafkaException as e:
    fenced = e.args[0].name()
second.begin_transaction()
second.produce(topic, b'p4', partition=0)
second.commit_transaction(30)
def read(isolation):
    c = Consumer({'bootstrap.servers': servers, 'group.id': 'confluent-' + isolation, 'isolation.level': isolation, 'enable.auto.commit': False})
    c.assign([TopicPartition(topic, 0, 0)])
    seen, idle = [], 0
    while idle < 6:
        m = c.poll(0.5)
        if m is None or m.error():
            idle += 1
            continue
        seen.append([m.offset(), m.value().decode()])
    c.close()
    return seen
print(json.dumps({'zombie': [left, delivered], 'fenced': fenced, 'committed': read('read_committed'), 'uncommitted': read('read_uncommitted')}))
`;

describe('transactions', () => {
  let t: TestCluster;

  beforeAll(async () => {
    t = await startTestCluster('transactions-', {
      'zookeeper.session.timeout.ms': '6000',
      'transaction.abort.timed.out.transaction.cleanup.interval.ms': '500',
      'transaction.state.log.num.partitions': '10',
      'offsets.topic.num.partitions': '5',
      'group.initial.rebalance.delay.ms': '0',
    });
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  const kafka = (clientId: string) =>
    new Kafka({ clientId, brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING, requestTimeout: 10_000, retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 2000 } });

  async function createTopic(topic: string, numPartitions = 1): Promise<void> {
    const admin = kafka('admin').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
  }

  async function transactionalProducer(transactionalId: string, transactionTimeout = 60_000): Promise<Producer> {
    const producer = kafka(transactionalId).producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, transactionTimeout, allowAutoTopicCreation: false });
    await producer.connect();
    return producer;
  }

  /** Every value a consumer of that isolation level reads from the topic's partition 0, up to its end. */
  async function readAll(topic: string, readUncommitted: boolean, expectedCount: number): Promise<Array<{ offset: number; value: string }>> {
    const consumer: Consumer = kafka(`reader-${readUncommitted}`).consumer({ groupId: `reader-${topic}-${readUncommitted}-${Date.now()}`, readUncommitted, maxWaitTimeInMs: 200 });
    const seen: Array<{ offset: number; value: string }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push({ offset: Number(message.offset), value: message.value!.toString() }) });
    await eventually(`${expectedCount} records read (read_${readUncommitted ? 'uncommitted' : 'committed'})`, async () => seen.length >= expectedCount, 30_000);
    // A little longer, to see that nothing more arrives.
    await new Promise((r) => setTimeout(r, 1000));
    await consumer.disconnect();
    return seen;
  }

  /** The raw batches of partition 0 from its leader (markers included). */
  async function rawBatches(topic: string): Promise<Buffer[]> {
    const leader = (await t.zk.getPartitionState(topic, 0))!.state.leader;
    const port = t.cluster.broker(leader).options.port;
    const response = await withBrokerConnection(port, (c) =>
      c.send(Apis.Fetch, 11, {
        replicaId: -1, maxWait: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, epoch: -1, rackId: '', forgotten: [],
        topics: [{ name: topic, fetchPartitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, fetchOffset: 0n, logStartOffset: -1n, maxBytes: 1 << 20 }] }],
      }),
    );
    const records = response.topics[0].partitions[0].records ?? Buffer.alloc(0);
    const batches: Buffer[] = [];
    for (let p = 0; p < records.length; p += batchSize(records, p)) batches.push(records.subarray(p, p + batchSize(records, p)));
    return batches;
  }

  function markers(batches: Buffer[]): Array<{ offset: number; type: ControlRecordType; producerEpoch: number; coordinatorEpoch: number }> {
    return batches.filter((b) => batchIsControl(b, 0)).map((b) => {
      const [record] = [...iterateRecords(b, 0)];
      return { offset: batchBaseOffset(b, 0), type: decodeControlKey(record.key) as ControlRecordType, producerEpoch: batchProducerEpoch(b, 0), coordinatorEpoch: decodeEndTxnMarkerValue(record.value).coordinatorEpoch };
    });
  }

  it('commits and aborts: read_committed sees the committed records, read_uncommitted all, markers take offsets', async () => {
    const topic = 'txn-basic';
    await createTopic(topic);
    const producer = await transactionalProducer('basic');
    const commit = await producer.transaction();
    await commit.send({ topic, messages: [{ partition: 0, value: 'c1' }, { partition: 0, value: 'c2' }] });
    await commit.commit();
    const abort = await producer.transaction();
    await abort.send({ topic, messages: [{ partition: 0, value: 'a1' }, { partition: 0, value: 'a2' }] });
    await abort.abort();
    const again = await producer.transaction();
    await again.send({ topic, messages: [{ partition: 0, value: 'c3' }] });
    await again.commit();
    await producer.disconnect();

    const committed = await readAll(topic, false, 3);
    expect(committed.map((r) => r.value)).toEqual(['c1', 'c2', 'c3']);
    const all = await readAll(topic, true, 5);
    expect(all.map((r) => r.value)).toEqual(['c1', 'c2', 'a1', 'a2', 'c3']);
    // c1 c2 COMMIT a1 a2 ABORT c3 COMMIT: the markers sit at offsets 2, 5 and 7.
    expect(all.map((r) => r.offset)).toEqual([0, 1, 3, 4, 6]);
    const written = markers(await rawBatches(topic));
    expect(written.map((m) => [m.offset, m.type])).toEqual([[2, ControlRecordType.Commit], [5, ControlRecordType.Abort], [7, ControlRecordType.Commit]]);
    expect(new Set(written.map((m) => m.producerEpoch))).toEqual(new Set([0]));
  }, 120_000);

  it('creates __transaction_state as Kafka 2.4.1 does', async () => {
    const config = await t.zk.zk.getData('/config/topics/__transaction_state');
    expect(JSON.parse(config.data!.toString())).toEqual({
      version: 1,
      config: { 'compression.type': 'uncompressed', 'cleanup.policy': 'compact', 'min.insync.replicas': '2', 'segment.bytes': '104857600', 'unclean.leader.election.enable': 'false' },
    });
    expect(config.data!.toString()).toBe('{"version":1,"config":{"compression.type":"uncompressed","cleanup.policy":"compact","min.insync.replicas":"2","segment.bytes":"104857600","unclean.leader.election.enable":"false"}}');
    const partitions = await t.zk.zk.getChildren('/brokers/topics/__transaction_state/partitions');
    expect(partitions).toHaveLength(10);
  });

  it('sendOffsets: the group offset commits with the transaction, and not when it aborts', async () => {
    const topic = 'txn-offsets';
    const groupId = 'txn-offsets-group';
    await createTopic(topic);
    const admin = kafka('admin').admin();
    await admin.connect();
    const producer = await transactionalProducer('offsets');
    const committedOffset = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions[0].offset;

    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ partition: 0, value: 'x' }] });
    await aborted.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '7' }] }] });
    await aborted.abort();
    expect(await committedOffset()).toBe('-1');

    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ partition: 0, value: 'y' }] });
    await txn.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '42' }] }] });
    // Pending until the commit marker reaches the group's offsets partition.
    expect(await committedOffset()).toBe('-1');
    await txn.commit();
    await eventually('the transactional offset committed', async () => (await committedOffset()) === '42');
    await producer.disconnect();
    await admin.disconnect();
  }, 120_000);

  it('a second producer with the same transactional id fences the first and aborts its open transaction', async () => {
    const topic = 'txn-fencing';
    await createTopic(topic);
    const first = await transactionalProducer('fenced');
    const open = await first.transaction();
    await open.send({ topic, messages: [{ partition: 0, value: 'zombie' }] });

    const second = await transactionalProducer('fenced');
    const txn = await second.transaction();
    await txn.send({ topic, messages: [{ partition: 0, value: 'winner' }] });
    await txn.commit();

    await expect(open.commit()).rejects.toThrow(/epoch|fenced/i);
    await first.disconnect().catch(() => undefined);
    await second.disconnect();

    expect((await readAll(topic, false, 1)).map((r) => r.value)).toEqual(['winner']);
    // The zombie's transaction was aborted with the bumped epoch before the second producer got its id.
    const written = markers(await rawBatches(topic));
    expect(written.map((m) => [m.type, m.producerEpoch])).toEqual([[ControlRecordType.Abort, 1], [ControlRecordType.Commit, 2]]);
  }, 120_000);

  it('a transaction past its timeout is aborted by the coordinator, with the producer epoch plus one', async () => {
    const topic = 'txn-timeout';
    await createTopic(topic);
    const producer = await transactionalProducer('slow', 1500);
    const txn = await producer.transaction();
    await txn.send({ topic, messages: [{ partition: 0, value: 'too-late' }] });
    await eventually('the coordinator aborted it', async () => markers(await rawBatches(topic)).length === 1, 20_000);
    const [marker] = markers(await rawBatches(topic));
    expect(marker).toMatchObject({ type: ControlRecordType.Abort, producerEpoch: 1 });
    await expect(txn.commit()).rejects.toThrow(/epoch|fenced/i);
    await producer.disconnect().catch(() => undefined);
    expect(await readAll(topic, true, 1)).toEqual([{ offset: 0, value: 'too-late' }]);
  }, 120_000);

  it('answers EndTxn for an unknown transactional id with INVALID_PRODUCER_ID_MAPPING at its coordinator', async () => {
    const ports = [1, 2, 3].map((id) => t.cluster.broker(id).options.port);
    const found = await withBrokerConnection(ports[0], (c) => c.send(Apis.FindCoordinator, 2, { key: 'nobody', keyType: 1 }));
    expect(found.errorCode).toBe(ErrorCode.NONE);
    const response = await withBrokerConnection(found.port, (c) => c.send(Apis.EndTxn, 1, { transactionalId: 'nobody', producerId: 5n, producerEpoch: 0, committed: true }));
    expect(response.errorCode).toBe(ErrorCode.INVALID_PRODUCER_ID_MAPPING);
    const elsewhere = ports.find((p) => p !== found.port)!;
    const notHere = await withBrokerConnection(elsewhere, (c) => c.send(Apis.EndTxn, 1, { transactionalId: 'nobody', producerId: 5n, producerEpoch: 0, committed: true }));
    expect(notHere.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it('a consume-transform-produce loop killed with kill -9 and restarted: each input once in the output, the group at the end of the input', async () => {
    const input = 'ctp-in';
    const output = 'ctp-out';
    const group = 'ctp-group';
    const total = 120;
    await createTopic(input);
    await createTopic(output);
    const plain = kafka('feeder').producer();
    await plain.connect();
    await plain.send({ topic: input, acks: -1, messages: Array.from({ length: total }, (_, i) => ({ partition: 0, value: String(i) })) });
    await plain.disconnect();

    const children: ChildProcess[] = [];
    const start = () => {
      const child = spawn(process.execPath, ['-e', TRANSFORM_LOOP, JSON.stringify({ brokers: t.cluster.bootstrapServers, input, output, group, transactionalId: 'transformer' })], { stdio: ['ignore', 'pipe', 'pipe'] });
      const state = { committed: -1, stderr: '' };
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/committed (\d+)/g)) state.committed = Math.max(state.committed, Number(m[1]));
      });
      child.stderr!.on('data', (chunk: Buffer) => (state.stderr += chunk.toString()));
      children.push(child);
      return { child, state };
    };
    const admin = kafka('admin').admin();
    await admin.connect();
    try {
      const first = start();
      await eventually('the first loop a third of the way', async () => first.state.committed >= total / 3, 60_000);
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));

      const second = start();
      const groupOffset = async () => Number((await admin.fetchOffsets({ groupId: group, topics: [input] }))[0].partitions[0].offset);
      await eventually(`the group at the end of the input (stderr: ${second.state.stderr.slice(0, 300)})`, async () => (await groupOffset()) === total, 90_000);
      second.child.kill('SIGKILL');
    } finally {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      await admin.disconnect();
    }
    const out = (await readAll(output, false, total)).map((r) => r.value);
    expect(out).toHaveLength(total);
    expect(out).toEqual(Array.from({ length: total }, (_, i) => `out-${i}`));
  }, 240_000);

  it("librdkafka (confluent-kafka): commit, abort, fencing; read_committed and read_uncommitted consumers", async () => {
    const topic = 'txn-confluent';
    await createTopic(topic);
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', CONFLUENT_TRANSACTIONS, JSON.stringify({ servers: t.cluster.bootstrapServers, topic })], { timeout: 120_000 });
    const seen = JSON.parse(stdout.trim().split('\n').pop()!) as { zombie: [number, unknown[]]; fenced: string | null; committed: Array<[number, string]>; uncommitted: Array<[number, string]> };
    // librdkafka reports the coordinator's INVALID_PRODUCER_EPOCH as _FENCED.
    expect(seen.fenced).toBe('_FENCED');
    // p1 p2 COMMIT p3 ABORT zombie ABORT(fencing) p4 COMMIT: the zombie's record was in the log before it was fenced.
    expect(seen.zombie).toEqual([0, [5]]);
    expect(seen.committed).toEqual([[0, 'p1'], [1, 'p2'], [7, 'p4']]);
    expect(seen.uncommitted).toEqual([[0, 'p1'], [1, 'p2'], [3, 'p3'], [5, 'zombie'], [7, 'p4']]);
  }, 180_000);
});
