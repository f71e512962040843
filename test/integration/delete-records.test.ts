// DeleteRecords on a real 3-broker cluster: bin/kafka-delete-records as a process moves the log
// start offset of RF=3 partitions; its answer (the low watermark) means every replica followed,
// so a new leader after the old one is killed starts at the same offset; consumers reading from
// the beginning start there; 2.4.1's per-partition errors for offsets, policies and topics.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { eventually, runTool, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

describe('DeleteRecords', () => {
  let t: TestCluster;
  let admin: Admin;

  beforeAll(async () => {
    t = await startTestCluster('delete-records-', { 'auto.leader.rebalance.enable': 'false' });
    await t.cluster.awaitMetadataConverged();
    const kafka = new Kafka({ clientId: 'delete-records-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'dr', numPartitions: 2, replicationFactor: 3 },
        { topic: 'compacted', numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
      waitForLeaders: true,
    });
    const producer = kafka.producer();
    await producer.connect();
    for (const partition of [0, 1]) {
      await producer.send({ topic: 'dr', acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `v${i}` })) });
    }
    await producer.disconnect();
  }, 120_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('moves the log start on every replica and answers the low watermark, as 2.4.1 prints it', async () => {
    const file = join(t.dir, 'offsets.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        partitions: [
          { topic: 'dr', partition: 0, offset: 4 },
          { topic: 'dr', partition: 1, offset: -1 },
          { topic: 'compacted', partition: 0, offset: 0 },
          { topic: 'missing', partition: 0, offset: 1 },
        ],
      }),
    );
    const result = await runTool('kafka-delete-records', ['--bootstrap-server', t.cluster.bootstrapServers[0]!, '--offset-json-file', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The very lines (and order) a real Kafka 2.4.1 printed for this file.
    expect(result.stdout.split('\n')).toEqual([
      'Executing records delete operation',
      'Records delete operation completed:',
      'partition: missing-0\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
      'partition: dr-1\tlow_watermark: 10',
      'partition: compacted-0\terror: org.apache.kafka.common.errors.PolicyViolationException: Request parameters do not satisfy the configured policy.',
      'partition: dr-0\tlow_watermark: 4',
      '',
    ]);
    expect(await admin.fetchTopicOffsets('dr')).toEqual(
      expect.arrayContaining([expect.objectContaining({ partition: 0, low: '4', high: '10' }), expect.objectContaining({ partition: 1, low: '10', high: '10' })]),
    );
  }, 60_000);

  it('a replica that takes over leadership starts where the deleted records ended', async () => {
    const leader = (await admin.fetchTopicMetadata({ topics: ['dr'] })).topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
    await t.cluster.broker(leader).stop('SIGKILL');
    await eventually('a new leader of dr-0', async () => {
      const p = (await admin.fetchTopicMetadata({ topics: ['dr'] })).topics[0]!.partitions.find((x) => x.partitionId === 0)!;
      return p.leader !== leader && p.leader >= 0;
    });
    await eventually('the new leader reports log start 4', async () => {
      const offsets = await admin.fetchTopicOffsets('dr');
      return offsets.find((o) => o.partition === 0)?.low === '4';
    });
    const consumer = new Kafka({ clientId: 'dr-reader', brokers: t.cluster.bootstrapServers.filter((_, i) => i + 1 !== leader), logLevel: logLevel.NOTHING }).consumer({ groupId: 'dr-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'dr', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ partition, message }) => void (partition === 0 && seen.push(message.value!.toString())) });
    await eventually('the surviving records read from the beginning', async () => seen.length >= 6, 60_000);
    await consumer.disconnect();
    expect(seen).toEqual(['v4', 'v5', 'v6', 'v7', 'v8', 'v9']);
  }, 120_000);
});
