// Dynamic configuration on a real 3-broker cluster, as in Kafka 2.4.1: bin/kafka-configs as a
// process (--zookeeper for topics, clients and users, --bootstrap-server for brokers) writing
// Kafka's znodes and change notifications; the brokers applying them without a restart (topic
// retention deletes old segments, min.insync.replicas refuses acks=all writes at once, a dynamic
// broker default reaches every log); DescribeConfigs read back through kafkajs, kafka-python
// and kafka-topics with the sources Kafka reports; IncrementalAlterConfigs on the wire.

import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { Apis } from '../../src/protocol/generated';
import { eventually, runTool, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const execFileAsync = promisify(execFile);
const TOPIC_CONFIG = 1;
const DYNAMIC_BROKER_CONFIG = 2;
const DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
const STATIC_BROKER_CONFIG = 4;
const DEFAULT_CONFIG = 5;

const KAFKA_PYTHON_DESCRIBE = `
import json, sys
from kafka.admin import KafkaAdminClient, ConfigResource, ConfigResourceType
args = json.loads(sys.argv[1])
admin = KafkaAdminClient(bootstrap_servers=args['servers'], client_id='py-admin')
out = {}
for response in admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, args['topic'])], include_synonyms=True):
    for resource in response.resources:
        for entry in resource[4]:
            out[entry[0]] = {'value': entry[1], 'source': entry[3]}
print(json.dumps(out))
admin.close()
`;

describe('dynamic configs', () => {
  let t: TestCluster;
  let admin: Admin;
  let bootstrap: string;
  let zkConnect: string;
  const port = (i: number) => Number(t.cluster.bootstrapServers[i]!.split(':')[1]);
  const zkConfigs = (...args: string[]) => runTool('kafka-configs', ['--zookeeper', zkConnect, ...args]);
  const brokerConfigs = (...args: string[]) => runTool('kafka-configs', ['--bootstrap-server', bootstrap, '--entity-type', 'brokers', ...args]);

  beforeAll(async () => {
    t = await startTestCluster('dynamic-configs-', { 'log.retention.check.interval.ms': '1000', 'log.segment.delete.delay.ms': '1000' });
    await t.cluster.awaitMetadataConverged();
    bootstrap = t.cluster.bootstrapServers[0];
    zkConnect = t.cluster.zooKeeper.connectString;
    admin = new Kafka({ clientId: 'configs-test', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'rt', numPartitions: 1, replicationFactor: 2, configEntries: [{ name: 'segment.bytes', value: '1024' }] }], waitForLeaders: true });
  }, 120_000);

  afterAll(async () => {
    await admin?.disconnect();
    await stopTestCluster(t);
  }, 120_000);

  it('kafka-configs --zookeeper writes Kafka’s znodes; the brokers delete expired segments without a restart', async () => {
    const producer = new Kafka({ clientId: 'configs-producer', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    for (let i = 0; i < 30; i++) await producer.send({ topic: 'rt', acks: -1, messages: [{ value: `record-${i}-`.padEnd(100, 'x') }] });
    await producer.disconnect();
    const leader = (await admin.fetchTopicMetadata({ topics: ['rt'] })).topics[0]!.partitions[0]!.leader;
    const partitionDir = join(t.dir, `broker-${leader}`, 'data', 'rt-0');
    const segments = () => readdirSync(partitionDir).filter((f) => f.endsWith('.log'));
    expect(segments().length).toBeGreaterThan(2);

    const altered = await zkConfigs('--entity-type', 'topics', '--entity-name', 'rt', '--alter', '--add-config', 'retention.ms=1000,cleanup.policy=[delete]');
    expect(altered).toEqual({ code: 0, stdout: "Completed Updating config for entity: topic 'rt'.\n", stderr: '' });
    const znode = await t.zk.zk.getData('/config/topics/rt');
    expect(JSON.parse(znode.data!.toString())).toEqual({ version: 1, config: { 'segment.bytes': '1024', 'retention.ms': '1000', 'cleanup.policy': 'delete' } });
    const changes = await t.zk.zk.getChildren('/config/changes');
    const notes = await Promise.all(changes.map(async (c) => JSON.parse((await t.zk.zk.getData(`/config/changes/${c}`)).data!.toString())));
    expect(notes).toContainEqual({ version: 2, entity_path: 'topics/rt' });

    const described = await zkConfigs('--entity-type', 'topics', '--entity-name', 'rt', '--describe');
    // java.util.Properties order, as 2.4.1 prints it.
    expect(described.stdout).toBe("Configs for topic 'rt' are cleanup.policy=delete,segment.bytes=1024,retention.ms=1000\n");

    // Every record is past retention.ms: the active segment goes too and the log restarts at its end.
    await eventually('old segments deleted', async () => segments().length === 1 && segments()[0] === '00000000000000000030.log', 60_000);
    const offsets = await admin.fetchTopicOffsets('rt');
    expect(offsets[0]).toMatchObject({ low: '30', high: '30' });
  }, 120_000);

  it('DescribeConfigs reports values and sources through kafkajs, kafka-python and kafka-topics', async () => {
    const { resources } = await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: 'rt' }], includeSynonyms: true });
    const entries = new Map(resources[0]!.configEntries.map((e) => [e.configName, e]));
    expect(entries.get('retention.ms')).toMatchObject({ configValue: '1000', configSource: TOPIC_CONFIG, isDefault: false });
    // Broker synonyms start at log.retention.ms itself, which nothing sets: only the override is listed (as 2.4.1 does).
    expect(entries.get('retention.ms')!.configSynonyms.map((s) => [s.configName, s.configSource])).toEqual([['retention.ms', TOPIC_CONFIG]]);
    expect(entries.get('segment.ms')!.configSynonyms).toEqual([]);
    expect(entries.get('min.insync.replicas')).toMatchObject({ configValue: '1', configSource: DEFAULT_CONFIG, isDefault: true });
    // The test cluster's server.properties sets this one: a static broker config.
    expect(entries.get('file.delete.delay.ms')).toMatchObject({ configValue: '1000', configSource: STATIC_BROKER_CONFIG });
    expect(entries.size).toBe(26);

    const { stdout } = await execFileAsync('/usr/bin/python3', ['-c', KAFKA_PYTHON_DESCRIBE, JSON.stringify({ servers: t.cluster.bootstrapServers, topic: 'rt' })], { timeout: 60_000 });
    const python = JSON.parse(stdout) as Record<string, { value: string; source: number }>;
    expect(python['segment.bytes']).toEqual({ value: '1024', source: TOPIC_CONFIG });
    expect(python['cleanup.policy']).toEqual({ value: 'delete', source: TOPIC_CONFIG });
    expect(python['max.message.bytes']).toEqual({ value: '1000012', source: DEFAULT_CONFIG });

    const topics = await runTool('kafka-topics', ['--bootstrap-server', bootstrap, '--describe', '--topic', 'rt']);
    const header = topics.stdout.split('\n')[0]!;
    expect(header).toMatch(/^Topic: rt\tPartitionCount: 1\tReplicationFactor: 2\tConfigs: /);
    expect(header.split('Configs: ')[1]!.split(',').sort()).toEqual(['cleanup.policy=delete', 'file.delete.delay.ms=1000', 'retention.ms=1000', 'segment.bytes=1024']);
  }, 120_000);

  it('min.insync.replicas set at runtime refuses acks=all writes at once, and lifting it lets them through', async () => {
    // One acks=all send without retries (keyed: the topic ends up compacted): 'ok' or the Kafka error it met.
    const produce = async () => {
      const producer = new Kafka({ clientId: 'min-isr', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
      await producer.connect();
      try {
        await producer.send({ topic: 'rt', acks: -1, messages: [{ key: 'k', value: 'x' }] });
        return 'ok';
      } catch (error) {
        // kafkajs wraps the broker's error (retries exhausted); find the Kafka error name inside.
        type Wrapped = { type?: string; originalError?: Wrapped; cause?: Wrapped };
        for (let e: Wrapped | undefined = error as Wrapped; e !== undefined; e = e.originalError ?? e.cause) {
          if (e.type !== undefined && !e.type.startsWith('KAFKAJS')) return e.type;
        }
        return String(error);
      } finally {
        await producer.disconnect();
      }
    };
    // AlterConfigs replaces the topic's whole override set.
    const entries = { 'segment.bytes': '1024', 'min.insync.replicas': '3', 'retention.ms': '600000', 'cleanup.policy': 'delete' };
    await admin.alterConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: 'rt', configEntries: Object.entries(entries).map(([name, value]) => ({ name, value })) }], validateOnly: false });
    expect(Object.fromEntries(await t.zk.getEntityConfig('topics', 'rt'))).toEqual(entries);
    const outcome = (expected: string) => async () => {
      const got = await produce();
      if (got !== expected) throw new Error(`the send answered ${got}`);
      return true;
    };
    await eventually('acks=all refused', outcome('NOT_ENOUGH_REPLICAS'), 30_000);
    // IncrementalAlterConfigs (kafkajs has none): DELETE the override, APPEND to a list.
    const response = await withBrokerConnection(port(1), (c) =>
      c.send(Apis.IncrementalAlterConfigs, 1, {
        resources: [
          {
            resourceType: 2,
            resourceName: 'rt',
            configs: [
              { name: 'min.insync.replicas', configOperation: 1, value: null },
              { name: 'cleanup.policy', configOperation: 2, value: 'compact' },
            ],
          },
        ],
        validateOnly: false,
      }),
    );
    expect(response.responses).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'rt' }]);
    await eventually('acks=all accepted again', outcome('ok'), 30_000);
    const config = await t.zk.getEntityConfig('topics', 'rt');
    expect(Object.fromEntries(config)).toEqual({ 'segment.bytes': '1024', 'retention.ms': '600000', 'cleanup.policy': 'delete,compact' });
  }, 120_000);

  it('kafka-configs --bootstrap-server changes a broker and the cluster default, reported with synonyms', async () => {
    expect(await brokerConfigs('--entity-name', '1', '--alter', '--add-config', 'log.cleaner.threads=2')).toEqual({ code: 0, stdout: 'Completed updating config for broker: 1.\n', stderr: '' });
    expect((await brokerConfigs('--entity-default', '--alter', '--add-config', 'log.retention.ms=7200000')).stdout).toBe('Completed updating default config for brokers in the cluster,\n');
    await eventually('broker 1 reports its dynamic config', async () => {
      const r = await brokerConfigs('--entity-name', '1', '--describe');
      return r.stdout === 'Configs for broker 1 are:\n  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2, DEFAULT_CONFIG:log.cleaner.threads=1}\n';
    });
    const defaults = await brokerConfigs('--entity-default', '--describe');
    expect(defaults.stdout).toBe('Default config for brokers in the cluster are:\n  log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000}\n');

    // Every broker applies the new default to topics without an override of their own.
    await admin.createTopics({ topics: [{ topic: 'plain', numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    for (const port of t.cluster.bootstrapServers) {
      await eventually(`${port} reports the dynamic default`, async () => {
        const { resources } = await new Kafka({ clientId: 'd', brokers: [port], logLevel: logLevel.NOTHING }).admin().describeConfigs({
          resources: [{ type: ConfigResourceTypes.TOPIC, name: 'plain', configNames: ['retention.ms'] }],
          includeSynonyms: false,
        });
        const entry = resources[0]!.configEntries[0]!;
        return entry.configValue === '7200000' && entry.configSource === DYNAMIC_DEFAULT_BROKER_CONFIG;
      });
    }
    const refused = await brokerConfigs('--entity-name', '2', '--alter', '--add-config', 'log.dirs=/elsewhere');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "org.apache.kafka.common.errors.InvalidRequestException: Invalid config value for resource ConfigResource(type=BROKER, name='2'): Cannot update these configs dynamically: Set(log.dirs)",
    );
    // Only broker 1 took the per-broker entry.
    const cleanerThreads = async (broker: string) =>
      (await admin.describeConfigs({ resources: [{ type: ConfigResourceTypes.BROKER, name: broker, configNames: ['log.cleaner.threads'] }], includeSynonyms: false })).resources[0]!.configEntries[0];
    expect(await cleanerThreads('1')).toMatchObject({ configValue: '2', configSource: DYNAMIC_BROKER_CONFIG, readOnly: false });
    expect(await cleanerThreads('2')).toMatchObject({ configValue: '1', configSource: DEFAULT_CONFIG, readOnly: false });
  }, 120_000);

  it('stores client and user quota configs as Kafka does', async () => {
    expect((await zkConfigs('--entity-type', 'users', '--entity-name', 'alice', '--entity-type', 'clients', '--entity-name', 'app 1', '--alter', '--add-config', 'producer_byte_rate=1024')).code).toBe(0);
    expect(JSON.parse((await t.zk.zk.getData('/config/users/alice/clients/app%201')).data!.toString())).toEqual({ version: 1, config: { producer_byte_rate: '1024' } });
    const listed = await zkConfigs('--entity-type', 'users', '--entity-type', 'clients', '--describe');
    expect(listed.stdout).toBe("Configs for user-principal 'alice', client-id 'app 1' are producer_byte_rate=1024\n");
    const bad = await zkConfigs('--entity-type', 'clients', '--entity-name', 'c', '--alter', '--add-config', 'bogus=1');
    expect(bad).toEqual({ code: 1, stdout: '', stderr: 'requirement failed: Unknown Dynamic Configuration: Set(bogus).\n' });
  }, 60_000);
});
