// Moving replicas between a broker's log dirs (AlterReplicaLogDirs) on a real 3-broker cluster
// whose brokers each have two log dirs: a move while a producer writes with acks=all (the
// replica ends up in the other dir with every record, the old dir renamed -delete), the errors
// for a dir not in log.dirs and a replica the broker lacks, a throttled move that a kill -9 of
// the broker interrupts and its restart resumes, and bin/kafka-reassign-partitions placing a new
// replica in the dir its plan names (--execute and --verify with --bootstrap-server).

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Apis, type DescribeLogDirsResult } from '../../src/protocol/generated';
import { ErrorCode } from '../../src/protocol/errors';
import { eventually, readSegmentRecords, runTool, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const TOPIC = 'moved';
const VALUE_BYTES = 1000;

describe('AlterReplicaLogDirs', () => {
  let t: TestCluster;
  let kafka: Kafka;
  let producer: Producer;
  let produced = 0;

  const port = (broker: number) => Number(t.cluster.broker(broker).bootstrap.split(':')[1]);
  const dirsOf = (broker: number) => t.cluster.broker(broker).dataDirs;
  const describe_ = (broker: number) =>
    withBrokerConnection(port(broker), (c) => c.send(Apis.DescribeLogDirs, 1, { topics: [{ topic: TOPIC, partitionIndex: [0, 1] }] })).then((r) => r.results);
  /** Where the broker holds TOPIC-partition: [dir, isFuture, offsetLag] per replica found. */
  const placement = (results: DescribeLogDirsResult[], partition: number) =>
    results.flatMap((d) => d.topics.flatMap((tp) => tp.partitions.filter((p) => p.partitionIndex === partition).map((p) => [d.logDir, p.isFutureKey, Number(p.offsetLag)] as const)));
  const alter = (broker: number, dirs: Array<{ path: string; partitions: number[] }>) =>
    withBrokerConnection(port(broker), (c) => c.send(Apis.AlterReplicaLogDirs, 1, { dirs: dirs.map((d) => ({ path: d.path, topics: [{ name: TOPIC, partitions: d.partitions }] })) }));
  const errorsOf = (response: Awaited<ReturnType<typeof alter>>) =>
    Object.fromEntries(response.results.flatMap((r) => r.partitions.map((p) => [`${r.topicName}-${p.partitionIndex}`, p.errorCode])));
  const value = (i: number) => `${String(i).padStart(8, '0')}${'v'.repeat(VALUE_BYTES - 8)}`;
  async function produce(count: number, partition = 0): Promise<void> {
    const batch = 200;
    for (let sent = 0; sent < count; sent += batch) {
      const n = Math.min(batch, count - sent);
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: n }, (_, i) => ({ partition, value: value(produced + i) })) });
      produced += n;
    }
  }
  /** Every record of the replica's partition dir in `dir`, in offset order, as the values written. */
  const onDisk = (dir: string, partition = 0) => readSegmentRecords(join(dir, `${TOPIC}-${partition}`)).map((r) => r.value!.toString());
  const partitionDirs = (dir: string) => readdirSync(dir).filter((n) => n.startsWith(`${TOPIC}-0`));

  beforeAll(async () => {
    t = await startTestCluster('alter-log-dirs-', { 'auto.leader.rebalance.enable': 'false', 'log.segment.delete.delay.ms': '1000' }, { logDirsPerBroker: 2 });
    kafka = new Kafka({ clientId: 'alter-log-dirs-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }], waitForLeaders: true });
    await admin.disconnect();
    producer = kafka.producer();
    await producer.connect();
    await produce(2000);
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('moves the leader\'s replica to its other log dir while a producer writes with acks=all, losing nothing', async () => {
    const [from] = placement(await describe_(1), 0);
    expect(from).toEqual([expect.any(String), false, 0]);
    const to = dirsOf(1).find((d) => d !== from![0])!;

    let writing = true;
    const writer = (async () => {
      while (writing) await produce(200);
    })();
    const response = await alter(1, [{ path: to, partitions: [0] }]);
    expect(errorsOf(response)).toEqual({ [`${TOPIC}-0`]: ErrorCode.NONE });
    await eventually('the replica lives in the other dir', async () => {
      const where = placement(await describe_(1), 0);
      return where.length === 1 && where[0]![0] === to && where[0]![1] === false;
    }, 60_000);
    writing = false;
    await writer;

    // The old dir's copy was renamed <t>-<p>.<uuid>-delete and goes after file.delete.delay.ms.
    expect(partitionDirs(to)).toEqual([`${TOPIC}-0`]);
    expect(partitionDirs(from![0]).every((n) => /^moved-0\.[0-9a-f]{32}-delete$/.test(n))).toBe(true);
    await eventually('the old copy deleted', async () => partitionDirs(from![0]).length === 0, 30_000);

    // Every record, in order, in the new dir; consumers read them all from the moved replica.
    const expected = Array.from({ length: produced }, (_, i) => value(i));
    expect(onDisk(to)).toEqual(expected);
    const consumer = kafka.consumer({ groupId: 'after-move' });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const read: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void read.push(message.value!.toString()) });
    await eventually('all records consumed', async () => read.length >= produced, 60_000);
    await consumer.disconnect();
    expect(read).toEqual(expected);
  }, 180_000);

  it('answers LOG_DIR_NOT_FOUND for a dir not in log.dirs and REPLICA_NOT_AVAILABLE for a replica it lacks', async () => {
    const response = await alter(3, [
      { path: '/nowhere', partitions: [0] },
      { path: dirsOf(3)[1]!, partitions: [7] },
    ]);
    expect(errorsOf(response)).toEqual({ [`${TOPIC}-0`]: ErrorCode.LOG_DIR_NOT_FOUND, [`${TOPIC}-7`]: ErrorCode.REPLICA_NOT_AVAILABLE });
  }, 60_000);

  it('moves at replica.alter.log.dirs.io.max.bytes.per.second, goes on after kill -9 and a restart, and ends with the follower\'s exact copy', async () => {
    const zk = t.cluster.zooKeeper.connectString;
    const throttle = await runTool('kafka-configs', ['--zookeeper', zk, '--entity-type', 'brokers', '--entity-name', '2', '--alter', '--add-config', 'replica.alter.log.dirs.io.max.bytes.per.second=50000']);
    expect(throttle).toMatchObject({ code: 0, stdout: "Completed Updating config for entity: brokers '2'.\n" });
    const [from] = placement(await describe_(2), 0);
    const to = dirsOf(2).find((d) => d !== from![0])!;
    expect(errorsOf(await alter(2, [{ path: to, partitions: [0] }]))).toEqual({ [`${TOPIC}-0`]: ErrorCode.NONE });

    // Throttled: a future replica sits in the new dir, behind the current one.
    const during = await eventually('a future replica, behind', async () => {
      const where = placement(await describe_(2), 0);
      const future = where.find(([, isFuture]) => isFuture);
      return future !== undefined && future[2] > 0 && where;
    }, 30_000);
    expect(during).toEqual(expect.arrayContaining([[from![0], false, 0], [to, true, expect.any(Number)]]));

    // Killed mid-move, the broker leaves the future dir; restarted, it goes on from there.
    await t.cluster.broker(2).kill();
    expect(readdirSync(to).filter((n) => n.startsWith(`${TOPIC}-0`))).toEqual([expect.stringMatching(/^moved-0\.[0-9a-f]{32}-future$/)]);
    expect(partitionDirs(from![0])).toEqual([`${TOPIC}-0`]);
    await t.cluster.broker(2).start();
    await t.cluster.awaitMetadataConverged();

    const unthrottle = await runTool('kafka-configs', ['--zookeeper', zk, '--entity-type', 'brokers', '--entity-name', '2', '--alter', '--delete-config', 'replica.alter.log.dirs.io.max.bytes.per.second']);
    expect(unthrottle.code).toBe(0);
    await eventually('the move finished', async () => {
      const where = placement(await describe_(2), 0);
      return where.length === 1 && where[0]![0] === to && where[0]![1] === false;
    }, 60_000);
    expect(readdirSync(to).filter((n) => n.startsWith(`${TOPIC}-0`))).toEqual([`${TOPIC}-0`]);
    const leaderDir = placement(await describe_(1), 0)[0]![0];
    await eventually('the follower caught up', async () => onDisk(to).length === produced, 30_000);
    expect(onDisk(to)).toEqual(onDisk(leaderDir));
  }, 240_000);

  it('places a replica added by kafka-reassign-partitions in the log dir its plan names', async () => {
    const zk = t.cluster.zooKeeper.connectString;
    const wanted = dirsOf(3)[1]!;
    const plan = join(t.dir, 'plan.json');
    writeFileSync(plan, JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas: [1, 2, 3], log_dirs: ['any', 'any', wanted] }] }));
    const bootstrap = t.cluster.bootstrapServers.join(',');
    const executed = await runTool('kafka-reassign-partitions', ['--zookeeper', zk, '--bootstrap-server', bootstrap, '--execute', '--reassignment-json-file', plan]);
    expect(executed.code).toBe(0);
    expect(executed.stdout.split('\n').slice(-2)).toEqual(['Successfully started reassignment of partitions.', '']);
    const verified = await eventually('the reassignment verified', async () => {
      const run = await runTool('kafka-reassign-partitions', ['--zookeeper', zk, '--bootstrap-server', bootstrap, '--verify', '--reassignment-json-file', plan]);
      return !run.stdout.includes('in progress') && run;
    }, 60_000);
    expect(verified.stdout).toBe(
      `Status of partition reassignment: \nReassignment of partition ${TOPIC}-0 completed successfully\nReassignment of replica ${TOPIC}-0-3 completed successfully\n`,
    );
    expect(existsSync(join(wanted, `${TOPIC}-0`))).toBe(true);
    expect(existsSync(join(dirsOf(3)[0]!, `${TOPIC}-0`))).toBe(false);

    // A dir broker 3 does not have fails the command with 2.4.1's words (and it still exits 0).
    writeFileSync(plan, JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas: [1, 2, 3], log_dirs: ['any', 'any', '/nowhere'] }] }));
    const failed = await runTool('kafka-reassign-partitions', ['--zookeeper', zk, '--bootstrap-server', bootstrap, '--execute', '--reassignment-json-file', plan]);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain(
      `Partitions reassignment failed due to Failed to alter dir for ${TOPIC}-0-3\n` +
        `kafka.common.AdminCommandFailedException: Failed to alter dir for ${TOPIC}-0-3\n` +
        'Caused by: org.apache.kafka.common.errors.LogDirNotFoundException: The user-specified log directory is not found in the broker config.\n',
    );
  }, 180_000);
});
