// Log compaction on a real 3-broker cluster: a topic created by bin/kafka-topics with
// cleanup.policy=compact and small segments gets overwrites and tombstones from kafkajs; every
// broker's cleaner compacts its own replica to one record per key (original offsets), tombstones
// go in a later pass once delete.retention.ms has passed, a consumer reading from the beginning
// sees exactly the latest values; a broker killed with kill -9 and restarted still has every
// latest value; __consumer_offsets is compacted for real and a new coordinator reloads the group.

import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { eventually, readSegmentRecords, runTool, startTestCluster, stopTestCluster, type TestCluster } from './helpers';
import { sleep } from '../../src/common/poll';

const TOPIC = 'compacted';
const KEYS = 10;
const TOMBSTONED = ['k0', 'k1', 'k2'];

/** Latest value per key from a list of records in offset order (null = tombstone). */
function latest(records: { key: Buffer | null; value: Buffer | null }[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of records) out.set(r.key!.toString(), r.value === null ? null : r.value.toString());
  return out;
}

describe('log compaction', () => {
  let t: TestCluster;
  let kafka: Kafka;
  let admin: Admin;
  /** What a compacted log must end up holding: key -> latest value, tombstoned keys absent. */
  const expected = new Map<string, string>();

  const partitionDir = (brokerId: number, topic = TOPIC, partition = 0) => join(t.dir, `broker-${brokerId}`, 'data', `${topic}-${partition}`);
  const onDisk = (brokerId: number) => readSegmentRecords(partitionDir(brokerId));

  beforeAll(async () => {
    t = await startTestCluster('log-compaction-', {
      'log.cleaner.backoff.ms': '300',
      'auto.leader.rebalance.enable': 'false',
      'offsets.topic.num.partitions': '1',
      'offsets.topic.segment.bytes': '2048',
      'group.initial.rebalance.delay.ms': '0',
    });
    await t.cluster.awaitMetadataConverged();
    const created = await runTool('kafka-topics', [
      '--bootstrap-server',
      t.cluster.bootstrapServers[0]!,
      '--create',
      '--topic',
      TOPIC,
      '--partitions',
      '1',
      '--replication-factor',
      '3',
      '--config',
      'cleanup.policy=compact',
      '--config',
      'segment.bytes=1024',
      '--config',
      'min.cleanable.dirty.ratio=0.01',
      '--config',
      'delete.retention.ms=1000',
    ]);
    // 2.4.1's --bootstrap-server create prints nothing on success (the line came in 2.5).
    expect(created).toEqual({ code: 0, stdout: '', stderr: '' });
    kafka = new Kafka({ clientId: 'log-compaction-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  }, 120_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('compacts every replica to the latest value per key, with tombstones gone after delete.retention.ms', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const send = async (pairs: [string, string | null][]) => {
      await producer.send({ topic: TOPIC, acks: -1, messages: pairs.map(([key, value]) => ({ key, value })) });
      for (const [key, value] of pairs) {
        if (value === null) expected.delete(key);
        else expected.set(key, value);
      }
    };
    // Ten rounds of overwrites of the same keys, one batch per key and round.
    for (let round = 0; round < 10; round++) {
      for (let k = 0; k < KEYS; k++) await send([[`k${k}`, `round-${round}-${'x'.repeat(60)}`]]);
    }
    for (const key of TOMBSTONED) await send([[key, null]]);
    // Survivors written in rounds a few seconds apart, so later clean segments are newer than
    // the tombstones' by more than delete.retention.ms: that is what lets a later pass drop them.
    for (let round = 0; round < 3; round++) {
      await sleep(2500);
      for (let i = 0; i < 12; i++) await send([[`filler-${round}-${i}`, 'y'.repeat(80)]]);
    }
    await producer.disconnect();

    for (const id of [1, 2, 3]) {
      await eventually(
        `broker ${id}'s replica compacted with its tombstones gone`,
        async () => {
          const records = onDisk(id);
          const seen = latest(records);
          const keys = records.map((r) => r.key!.toString());
          // The active segment is never cleaned: allow only its tail to repeat keys, which here are all distinct.
          return new Set(keys).size === keys.length && TOMBSTONED.every((k) => !seen.has(k)) && [...expected].every(([k, v]) => seen.get(k) === v);
        },
        90_000,
      );
    }
    // The offsets were kept: the first remaining record of k3 is its last write (round 9).
    const leaderRecords = onDisk(1);
    const offsets = leaderRecords.map((r) => r.offset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(offsets[0]).toBeGreaterThan(KEYS * 8);
    const checkpoint = readFileSync(join(t.dir, 'broker-1', 'data', 'cleaner-offset-checkpoint'), 'utf8').split('\n');
    expect(checkpoint.find((l) => l.startsWith(`${TOPIC} 0 `))).toBeDefined();

    // A consumer reading from the beginning sees exactly one record per key: the latest.
    const consumed = new Map<string, string | null>();
    let count = 0;
    const consumer = kafka.consumer({ groupId: 'compaction-reader' });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const high = Number((await admin.fetchTopicOffsets(TOPIC))[0]!.high);
    let lastOffset = -1;
    await consumer.run({
      eachMessage: async ({ message }) => {
        consumed.set(message.key!.toString(), message.value === null ? null : message.value.toString());
        count++;
        lastOffset = Number(message.offset);
      },
    });
    await eventually('the consumer at the log end', async () => lastOffset === high - 1, 60_000);
    await consumer.stop();
    await consumer.disconnect();
    expect(count).toBe(expected.size);
    expect(consumed).toEqual(expected);

    // kafka-dump-log reads the cleaned segment like any other.
    const dump = await runTool('kafka-dump-log', ['--files', join(partitionDir(1), '00000000000000000000.log'), '--print-data-log']);
    expect(dump.code).toBe(0);
    expect(dump.stdout).toMatch(/baseOffset: \d+ lastOffset: \d+ count: 1/);
  }, 180_000);

  it('a broker killed with kill -9 (in the middle of a pass if we catch one) and restarted still has every latest value', async () => {
    const victim = 2;
    const dir = partitionDir(victim);
    const inFlight = () => readdirSync(dir).filter((f) => /\.(cleaned|swap)$/.test(f));
    // Overwrites keep coming so the victim keeps cleaning; it is killed the moment a .cleaned or
    // .swap file shows up in its partition dir (or after 20 s, whichever is first).
    const producer = kafka.producer();
    await producer.connect();
    let producing = true;
    let round = 0;
    const writes = (async () => {
      while (producing) {
        await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: KEYS }, (_, k) => ({ key: `k${k}`, value: `late-${round}` })) });
        for (let k = 0; k < KEYS; k++) expected.set(`k${k}`, `late-${round}`);
        round++;
      }
    })();
    let caught: string[] = [];
    const deadline = Date.now() + 20_000;
    while (caught.length === 0 && Date.now() < deadline) {
      try {
        caught = inFlight();
      } catch {
        // a rename raced the listing
      }
      if (caught.length === 0) await sleep(1);
    }
    await t.cluster.broker(victim).stop('SIGKILL');
    producing = false;
    await writes;
    await producer.disconnect();
    console.log(`killed broker ${victim} ${caught.length > 0 ? `with ${caught.join(', ')} on disk` : 'without catching a pass in flight'}`);

    await t.cluster.broker(victim).start();
    await eventually(
      'broker 2 back in the ISR',
      async () => {
        const p = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics[0]!.partitions[0]!;
        return p.isr.includes(victim);
      },
      60_000,
    );
    // The restart completed or dropped any interrupted swap: nothing left half-done, nothing lost,
    // no offset twice, and it caught up with the writes it missed.
    expect(inFlight()).toEqual([]);
    await eventually('broker 2 holds every latest value', async () => {
      const after = latest(onDisk(victim));
      const wrong = [...expected].filter(([k, v]) => after.get(k) !== v).map(([k, v]) => `${k}: ${after.get(k)?.slice(0, 12)} instead of ${v.slice(0, 12)}`);
      if (wrong.length > 0) throw new Error(wrong.join('; '));
      return true;
    });
    const offsets = onDisk(victim).map((r) => r.offset);
    expect(new Set(offsets).size).toBe(offsets.length);
  }, 180_000);

  it('__consumer_offsets is compacted and a new coordinator reloads the group across the gaps', async () => {
    const topic = 'commits';
    // The restart above may have moved the controller: retry until the admin client finds it.
    await eventually('the commits topic', () => admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true }).then(() => true));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 200 }, (_, i) => ({ value: `m${i}` })) });
    await producer.disconnect();
    // One commit per message: 200 overwrites of the same offset key in 2 kB segments.
    const consumer = kafka.consumer({ groupId: 'committer' });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let consumed = 0;
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic: tp, partition, message }) => {
        await consumer.commitOffsets([{ topic: tp, partition, offset: String(Number(message.offset) + 1) }]);
        consumed++;
      },
    });
    await eventually('200 messages consumed and committed', async () => consumed >= 200, 60_000);
    await consumer.stop();
    await consumer.disconnect();

    const coordinator = (await admin.describeGroups(['committer'])).groups[0]!;
    expect(coordinator.state).toBe('Empty');
    const offsetsLeader = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics[0]!.partitions[0]!.leader;
    await eventually(
      '__consumer_offsets compacted on its leader',
      async () => {
        const records = readSegmentRecords(partitionDir(offsetsLeader, '__consumer_offsets'));
        return records.length > 0 && records.length < 60 && records[records.length - 1]!.offset > 150;
      },
      60_000,
    );
    // A new leader (coordinator) replays the compacted partition, gaps and all.
    await t.cluster.broker(offsetsLeader).stop('SIGKILL');
    await eventually(
      'the committed offset from the new coordinator',
      async () => {
        const [entry] = await admin.fetchOffsets({ groupId: 'committer', topics: [topic] });
        return entry!.partitions[0]!.offset === '200';
      },
      90_000,
    );
    await t.cluster.broker(offsetsLeader).start();
  }, 240_000);
});
