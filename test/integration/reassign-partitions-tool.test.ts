// bin/kafka-reassign-partitions on a real 3-broker cluster, the way Kafka 2.4.1's documentation
// runs it: --generate a plan for a topic with data on [1,2], --execute a move to [2,3] with a
// throttle (the znodes it writes: /admin/reassign_partitions, the topic's throttled replicas, the
// brokers' rates), --verify until the move completed and the throttle is gone; and a plan naming
// a broker that doesn't exist, which fails with 2.4.1's words and still exits 0.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, runTool, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const TOPIC = 'moving';
const THROTTLE_WARNING =
  'Warning: You must run Verify periodically, until the reassignment completes, to ensure the throttle is removed. You can also alter the throttle by rerunning the Execute command passing a new value.';

describe('bin/kafka-reassign-partitions', () => {
  let t: TestCluster;
  let zkConnect: string;
  const file = (name: string, content: unknown) => {
    const path = join(t.dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const tool = (...args: string[]) => runTool('kafka-reassign-partitions', ['--zookeeper', zkConnect, ...args]);
  const config = async (path: string) => JSON.parse((await t.zk.zk.getData(path)).data!.toString()).config as Record<string, string>;
  /** The topic's partitions in its znode's key order, which the tool prints them in. */
  const znodePartitions = async () => {
    const text = (await t.zk.zk.getData(`/brokers/topics/${TOPIC}`)).data!.toString();
    const partitions = /"partitions":\{([^}]*)\}/.exec(text)![1]!;
    return [...partitions.matchAll(/"(\d+)":\[([\d,]*)\]/g)].map((m) => ({ partition: Number(m[1]), replicas: m[2]!.split(',').map(Number) }));
  };
  const asPlan = (partitions: Array<{ partition: number; replicas: number[] }>) =>
    JSON.stringify({ version: 1, partitions: partitions.map((p) => ({ topic: TOPIC, partition: p.partition, replicas: p.replicas, log_dirs: p.replicas.map(() => 'any') })) });

  beforeAll(async () => {
    t = await startTestCluster('reassign-tool-', { 'auto.leader.rebalance.enable': 'false' });
    zkConnect = t.cluster.zooKeeper.connectString;
    await t.cluster.awaitMetadataConverged();
    const kafka = new Kafka({ clientId: 'reassign-tool-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: TOPIC, replicaAssignment: [{ partition: 0, replicas: [1, 2] }, { partition: 1, replicas: [2, 1] }] }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const value = 'x'.repeat(4096);
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value })) });
    }
    await producer.disconnect();
  }, 180_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  it('generates a plan, executes it with a throttle and verifies until the throttle is removed', async () => {
    const current = await znodePartitions();
    expect(current.map((p) => p.replicas.join(',')).sort()).toEqual(['1,2', '2,1']);

    // --generate: the current assignment exactly as 2.4.1 prints it, and a proposal over 2 and 3.
    const generated = await tool('--generate', '--topics-to-move-json-file', file('topics.json', { topics: [{ topic: TOPIC }], version: 1 }), '--broker-list', '2,3');
    expect(generated).toMatchObject({ code: 0, stderr: '' });
    const lines = generated.stdout.split('\n');
    expect(lines[0]).toBe('Current partition replica assignment');
    expect(lines[1]).toBe(asPlan(current));
    expect(lines.slice(2, 4)).toEqual(['', 'Proposed partition reassignment configuration']);
    const proposal = JSON.parse(lines[4]!) as { version: number; partitions: Array<{ topic: string; partition: number; replicas: number[]; log_dirs: string[] }> };
    expect(proposal.version).toBe(1);
    expect(proposal.partitions.map((p) => p.partition).sort()).toEqual([0, 1]);
    for (const p of proposal.partitions) {
      expect(p.replicas.slice().sort()).toEqual([2, 3]);
      expect(p.log_dirs).toEqual(['any', 'any']);
    }
    expect(lines.slice(5)).toEqual(['']);

    // --execute: catch /admin/reassign_partitions as the tool creates it (the controller rewrites it as partitions finish).
    let written: string | null = null;
    await t.zk.exists('/admin/reassign_partitions', () => {
      void t.zk.zk.getDataIfExists('/admin/reassign_partitions').then((node) => {
        if (node !== null && node.stat.version === 0) written = node.data!.toString();
      });
    });
    const plan = file('plan.json', { version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas: [2, 3] }, { topic: TOPIC, partition: 1, replicas: [3, 2] }] });
    const executed = await tool('--execute', '--reassignment-json-file', plan, '--throttle', '10000000');
    expect(executed).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Current partition replica assignment',
        '',
        asPlan(current),
        '',
        'Save this to use as the --reassignment-json-file option during rollback',
        THROTTLE_WARNING,
        'The inter-broker throttle limit was set to 10000000 B/s',
        'Successfully started reassignment of partitions.',
        '',
      ].join('\n'),
    });
    await eventually('the reassignment znode seen', async () => written !== null, 10_000);
    expect(written).toBe(`{"version":1,"partitions":[{"topic":"${TOPIC}","partition":0,"replicas":[2,3]},{"topic":"${TOPIC}","partition":1,"replicas":[3,2]}]}`);

    // Leader throttle on every current replica of the moving partitions (znode order), follower throttle on the new ones.
    const leaderThrottled = current.flatMap((p) => p.replicas.map((r) => `${p.partition}:${r}`)).join(',');
    expect(await config(`/config/topics/${TOPIC}`)).toEqual({
      'leader.replication.throttled.replicas': leaderThrottled,
      'follower.replication.throttled.replicas': '0:3,1:3',
    });
    for (const broker of [1, 2, 3]) {
      expect(await config(`/config/brokers/${broker}`)).toEqual({ 'leader.replication.throttled.rate': '10000000', 'follower.replication.throttled.rate': '10000000' });
    }

    // --verify until done: the run that sees everything completed removes the throttle.
    const verified = await eventually(
      'the reassignment verified complete',
      async () => {
        const run = await tool('--verify', '--reassignment-json-file', plan);
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Status of partition reassignment: \nReassignment of partition moving-0 (completed successfully|is still in progress)\nReassignment of partition moving-1 (completed successfully|is still in progress)\n/);
        return run.stdout.includes('Throttle was removed.') && run;
      },
      90_000,
    );
    expect(verified.stdout).toBe(
      'Status of partition reassignment: \nReassignment of partition moving-0 completed successfully\nReassignment of partition moving-1 completed successfully\nThrottle was removed.\n',
    );
    expect(await config(`/config/topics/${TOPIC}`)).toEqual({});
    for (const broker of [1, 2, 3]) expect(await config(`/config/brokers/${broker}`)).toEqual({});
    const assignment = (await t.zk.getTopicAssignment(TOPIC))!;
    expect([assignment.get(0)!.replicas, assignment.get(1)!.replicas]).toEqual([[2, 3], [3, 2]]);
    expect(await t.zk.getPartitionReassignment()).toBeNull();
    // Nothing left to remove the next time.
    expect((await tool('--verify', '--reassignment-json-file', plan)).stdout).not.toContain('Throttle was removed.');
  }, 180_000);

  it('fails a plan naming a broker that does not exist with 2.4.1\'s words, and still exits 0', async () => {
    const plan = file('bad-plan.json', { version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas: [2, 7] }] });
    expect(await tool('--execute', '--reassignment-json-file', plan)).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'Partitions reassignment failed due to The proposed assignment contains non-existent brokerIDs: 7\n' +
        'kafka.common.AdminCommandFailedException: The proposed assignment contains non-existent brokerIDs: 7\n\n',
    });
    expect(await t.zk.getPartitionReassignment()).toBeNull();

    // A usage error is printUsageAndDie: the message and the help on stderr, exit 1.
    const usage = await runTool('kafka-reassign-partitions', ['--execute', '--reassignment-json-file', plan]);
    expect(usage.code).toBe(1);
    expect(usage.stdout).toBe('');
    expect(usage.stderr.split('\n').slice(0, 2)).toEqual(['Missing required argument "[zookeeper]"', 'Option                                  Description                           ']);
  }, 60_000);
});
