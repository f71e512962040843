// The Kafka tools as real processes (bin/kafka-topics, bin/zookeeper-shell, the console producer
// and consumer) against a real 3-broker cluster on a real ZooKeeper ensemble; output compared with
// Kafka 2.4.1's text.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';

const BIN = join(__dirname, '../../bin');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runTool(tool: string, args: string[], input?: string): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, tool), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Re-runs `probe` until it returns something, for output that depends on leader elections. */
async function eventually<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

describe('Kafka tools against a real cluster', () => {
  let dir: string;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;
  let bootstrap: string;
  let zkConnect: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tools-test-'));
    cluster = await LocalCluster.start({ baseDir: dir, brokers: 3 });
    bootstrap = cluster.bootstrapServers[0];
    zkConnect = cluster.zooKeeper.connectString;
    zk = await KafkaZkClient.connect({ connectString: zkConnect });
    await eventually('3 brokers', async () => ((await zk.getSortedBrokerList()).length === 3 ? true : null));
  }, 120_000);

  afterAll(async () => {
    await zk?.close();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const topics = (...args: string[]) => runTool('kafka-topics', args);
  /** Describe output once every partition's ISR is complete, so leaders and ISRs are settled. */
  const settledDescribe = (connection: string[], topic: string, expected: string) =>
    eventually(`describe ${topic}`, async () => {
      const r = await topics(...connection, '--describe', '--topic', topic);
      return r.stdout === expected ? r : null;
    });

  it('--zookeeper: creates with an assignment and configs, describes, lists, adds partitions and deletes in 2.4 text', async () => {
    const zkArgs = ['--zookeeper', zkConnect];
    const created = await topics(...zkArgs, '--create', '--topic', 'zk-topic', '--replica-assignment', '1:2,2:3,3:1', '--config', 'retention.ms=60000', '--config', 'cleanup.policy=compact');
    expect(created).toEqual({ code: 0, stdout: 'Created topic zk-topic.\n', stderr: '' });

    await settledDescribe(
      zkArgs,
      'zk-topic',
      [
        'Topic: zk-topic\tPartitionCount: 3\tReplicationFactor: 2\tConfigs: cleanup.policy=compact,retention.ms=60000',
        '\tTopic: zk-topic\tPartition: 0\tLeader: 1\tReplicas: 1,2\tIsr: 1,2',
        '\tTopic: zk-topic\tPartition: 1\tLeader: 2\tReplicas: 2,3\tIsr: 2,3',
        '\tTopic: zk-topic\tPartition: 2\tLeader: 3\tReplicas: 3,1\tIsr: 3,1',
        '',
      ].join('\n'),
    );

    const altered = await topics(...zkArgs, '--alter', '--topic', 'zk-topic', '--partitions', '4');
    expect(altered.code).toBe(0);
    expect(altered.stdout).toBe(
      'WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected\nAdding partitions succeeded!\n',
    );
    expect((await zk.getTopicAssignment('zk-topic'))!.size).toBe(4);

    const shrink = await topics(...zkArgs, '--alter', '--topic', 'zk-topic', '--partitions', '2');
    expect(shrink.code).toBe(1);
    expect(shrink.stdout).toMatch(/\nError while executing topic command : .*2.*\n$/);

    const list = await topics(...zkArgs, '--list');
    expect(list.stdout.split('\n')).toContain('zk-topic');

    const deleted = await topics(...zkArgs, '--delete', '--topic', 'zk-topic');
    expect(deleted).toEqual({
      code: 0,
      stdout: 'Topic zk-topic is marked for deletion.\nNote: This will have no impact if delete.topic.enable is not set to true.\n',
      stderr: '',
    });
    await eventually('zk-topic deleted', async () => ((await topics(...zkArgs, '--list')).stdout.split('\n').includes('zk-topic') ? null : true));
  }, 60_000);

  it('--bootstrap-server: creates silently (as 2.4.1 does), lists, describes, alters and deletes', async () => {
    const bsArgs = ['--bootstrap-server', bootstrap];
    expect(await topics(...bsArgs, '--create', '--topic', 'bs-topic', '--replica-assignment', '2:3,3:1')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await topics(...bsArgs, '--create', '--topic', 'bs.other', '--partitions', '1', '--replication-factor', '1')).toEqual({
      code: 0,
      stdout: "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n",
      stderr: '',
    });
    const list = await topics(...bsArgs, '--list');
    expect(list.stdout).toBe('bs-topic\nbs.other\n');

    await settledDescribe(
      bsArgs,
      'bs-topic',
      [
        // Configs stay empty: the broker does not implement DescribeConfigs yet.
        'Topic: bs-topic\tPartitionCount: 2\tReplicationFactor: 2\tConfigs: ',
        '\tTopic: bs-topic\tPartition: 0\tLeader: 2\tReplicas: 2,3\tIsr: 2,3',
        '\tTopic: bs-topic\tPartition: 1\tLeader: 3\tReplicas: 3,1\tIsr: 3,1',
        '',
      ].join('\n'),
    );
    // A regex selects both; unknown topics describe as nothing.
    const both = await topics(...bsArgs, '--describe', '--topic', 'bs.*');
    expect(both.stdout.split('\n').filter((l) => l.startsWith('Topic: ')).map((l) => l.split('\t')[0]).sort()).toEqual(['Topic: bs-topic', 'Topic: bs.other']);
    expect(await topics(...bsArgs, '--describe', '--topic', 'nothing-here')).toEqual({ code: 0, stdout: '', stderr: '' });

    expect(await topics(...bsArgs, '--alter', '--topic', 'bs-topic', '--partitions', '3')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await zk.getTopicAssignment('bs-topic'))!.size).toBe(3);

    expect(await topics(...bsArgs, '--delete', '--topic', 'bs.other')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await topics(...bsArgs, '--list')).stdout).toBe('bs-topic\n');
    const missing = await topics(...bsArgs, '--delete', '--topic', 'bs.other');
    expect(missing).toMatchObject({ code: 1, stdout: "Error while executing topic command : Topic 'bs.other' does not exist as expected\n" });
  }, 60_000);

  it('--create of an existing topic fails with Kafka\'s message; --if-not-exists does not', async () => {
    expect(await topics('--bootstrap-server', bootstrap, '--create', '--topic', 'dup', '--partitions', '1', '--replication-factor', '1')).toMatchObject({ code: 0 });
    expect(await topics('--bootstrap-server', bootstrap, '--create', '--topic', 'dup')).toMatchObject({
      code: 1,
      stdout: 'Error while executing topic command : Topic dup already exists\n',
    });
    const zkArgs = ['--zookeeper', zkConnect, '--create', '--topic', 'dup', '--partitions', '1', '--replication-factor', '1'];
    expect(await topics(...zkArgs)).toMatchObject({ code: 1, stdout: "Error while executing topic command : Topic 'dup' already exists.\n" });
    expect(await topics(...zkArgs, '--if-not-exists')).toEqual({ code: 0, stdout: '', stderr: '' });
    // Errors from the broker read like the Java admin client's.
    expect(await topics('--bootstrap-server', bootstrap, '--create', '--topic', 'too-big', '--partitions', '1', '--replication-factor', '4')).toMatchObject({
      code: 1,
      stdout:
        'Error while executing topic command : org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor is below 1 or larger than the number of available brokers.\n',
    });
  }, 60_000);

  it('exits non-zero with a message on bad arguments', async () => {
    const noTopic = await topics('--bootstrap-server', bootstrap, '--create', '--partitions', '1');
    expect(noTopic.code).toBe(1);
    expect(noTopic.stderr).toMatch(/^Missing required argument "\[topic\]"\n/);
    expect(noTopic.stderr).toContain('Usage: kafka-topics');
    const both = await topics('--bootstrap-server', bootstrap, '--zookeeper', zkConnect, '--list');
    expect(both).toMatchObject({ code: 1, stderr: 'Only one of --bootstrap-server or --zookeeper must be specified\n' });
    const unknown = await topics('--bootstrap-server', bootstrap, '--list', '--no-such-flag');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("unknown option '--no-such-flag'");
    const help = await topics('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--replica-assignment');
    const consumer = await runTool('kafka-console-consumer', ['--bootstrap-server', bootstrap, '--topic', 't', '--group', 'g', '--partition', '0']);
    expect(consumer.code).toBe(1);
    expect(consumer.stderr).toMatch(/^Options group and partition cannot be specified together\.\n/);
    const producer = await runTool('kafka-console-producer', ['--broker-list', bootstrap, '--topic', 't', '--compression-codec', 'snappy']);
    expect(producer.code).toBe(1);
    expect(producer.stderr).toMatch(/'snappy' is not supported/);
  }, 60_000);

  it('zookeeper-shell ls, get and stat show the control plane', async () => {
    const banner = `Connecting to ${zkConnect}\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n`;
    expect(await runTool('zookeeper-shell', [zkConnect, 'ls', '/brokers/ids'])).toEqual({ code: 0, stdout: `${banner}[1, 2, 3]\n`, stderr: '' });

    const controller = await runTool('zookeeper-shell', [zkConnect, 'get', '/controller']);
    expect(controller.code).toBe(0);
    const raw = (await zk.zk.getData('/controller')).data!.toString('utf8');
    expect(controller.stdout).toBe(`${banner}${raw}\n`);
    expect(JSON.parse(raw)).toMatchObject({ version: 1, brokerid: expect.any(Number) });

    const stat = await runTool('zookeeper-shell', [zkConnect, 'stat', '/controller']);
    const expectedStat = (await zk.zk.exists('/controller'))!;
    const lines = stat.stdout.slice(banner.length).trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`cZxid = 0x${expectedStat.czxid.toString(16)}`);
    expect(lines[1]).toMatch(/^ctime = \w{3} \w{3} \d\d \d\d:\d\d:\d\d \S+ \d{4}$/);
    expect(lines[6]).toBe(`dataVersion = ${expectedStat.version}`);
    // /controller is ephemeral: its owner is the controller's ZooKeeper session.
    expect(lines[8]).toBe(`ephemeralOwner = 0x${expectedStat.ephemeralOwner.toString(16)}`);
    expect(expectedStat.ephemeralOwner).not.toBe(0n);
    expect(lines[9]).toBe(`dataLength = ${Buffer.byteLength(raw)}`);

    const idsStat = await runTool('zookeeper-shell', [zkConnect, 'stat', '/brokers/ids']);
    expect(idsStat.stdout).toContain('numChildren = 3\n');
    expect(idsStat.stdout).toContain('ephemeralOwner = 0x0\n');

    const missing = await runTool('zookeeper-shell', [zkConnect, 'stat', '/no/such/node']);
    expect(missing).toMatchObject({ code: 1, stderr: 'Node does not exist: /no/such/node\n' });

    // Commands on stdin, like `zookeeper-shell host:port <<< "ls /brokers"`.
    const piped = await runTool('zookeeper-shell', [zkConnect], 'ls /brokers\nget /brokers/ids/1\n');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('Welcome to ZooKeeper!\n');
    expect(piped.stdout).toContain('[ids, seqid, topics]\n');
    expect(piped.stdout).toContain('"version":4');
  }, 60_000);

  it('console producer with parse.key and console consumer with print.key round-trip keyed lines', async () => {
    expect(await topics('--bootstrap-server', bootstrap, '--create', '--topic', 'lines', '--partitions', '3', '--replication-factor', '2')).toMatchObject({ code: 0 });
    const input = Array.from({ length: 30 }, (_, i) => `key${i % 5}:value-${i}`).join('\n') + '\n';
    const produced = await runTool(
      'kafka-console-producer',
      ['--broker-list', cluster.bootstrapServers.join(','), '--topic', 'lines', '--property', 'parse.key=true', '--property', 'key.separator=:', '--request-required-acks', 'all', '--compression-codec', 'gzip'],
      input,
    );
    expect(produced.stderr).toBe('');
    expect(produced.code).toBe(0);
    expect(produced.stdout).toBe('>'.repeat(31)); // LineMessageReader prompts before every read

    const consumed = await runTool('kafka-console-consumer', [
      '--bootstrap-server', bootstrap, '--topic', 'lines', '--from-beginning', '--max-messages', '30',
      '--property', 'print.key=true', '--property', 'key.separator=:', '--timeout-ms', '10000',
    ]);
    expect(consumed.code).toBe(0);
    expect(consumed.stderr).toBe('Processed a total of 30 messages\n');
    const lines = consumed.stdout.split('\n').filter((l) => l.length > 0);
    expect([...lines].sort()).toEqual(input.trim().split('\n').sort());
    // Same key, same partition: each key's values come back in the order they were sent.
    for (let k = 0; k < 5; k++) {
      const values = lines.filter((l) => l.startsWith(`key${k}:`)).map((l) => Number(l.split('-')[1]));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }

    // One partition from an offset, stopping at --timeout-ms.
    const fromOffset = await runTool('kafka-console-consumer', ['--bootstrap-server', bootstrap, '--topic', 'lines', '--partition', '0', '--offset', '1', '--timeout-ms', '1500']);
    expect(fromOffset.code).toBe(0);
    expect(fromOffset.stderr).toMatch(/Processed a total of \d+ messages\n$/);
    const count = Number(/total of (\d+)/.exec(fromOffset.stderr)![1]);
    expect(fromOffset.stdout.split('\n').filter((l) => l.length > 0)).toHaveLength(count);
  }, 60_000);
});
