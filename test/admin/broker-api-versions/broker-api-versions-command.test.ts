// kafka-broker-api-versions' text and order, on fixed inputs: NodeApiVersions' per-API lines, the
// broker lines, the shuffled order of up to 4 brokers and the hash order from 5 on (the orders
// below are what Kafka 2.4.1's own tool printed for these very brokers), and its failures.

import { bootstrapNodes } from '../../../src/admin/broker-api-versions/bootstrap-servers';
import type { BrokerApiVersionsClient, NodeTarget } from '../../../src/admin/broker-api-versions/broker-api-versions-client';
import { runBrokerApiVersionsCommand } from '../../../src/admin/broker-api-versions/broker-api-versions-command';
import { javaShuffle } from '../../../src/admin/broker-api-versions/broker-print-order';
import { JavaThrowable, disconnectException } from '../../../src/admin/broker-api-versions/java-throwable';
import { KAFKA_2_4_1_CLIENT_API_KEYS } from '../../../src/admin/broker-api-versions/kafka-2.4.1-client-api-keys';
import { nodeHash, nodeString, type KafkaNode } from '../../../src/admin/broker-api-versions/kafka-node';
import { nodeApiVersionsText, type AdvertisedApiVersion } from '../../../src/admin/broker-api-versions/node-api-versions';
import { KAFKA_2_4_1_API_RANGES } from '../../../src/server/apis/kafka-2.4.1-api-ranges';

/** What a real 2.4.1 broker advertises, and kafka-broker-api-versions' text for it (reference/kafka-2.4.1-api-versions.txt). */
const KAFKA_BROKER: AdvertisedApiVersion[] = KAFKA_2_4_1_API_RANGES.map((r) => ({ apiKey: r.apiKey, minVersion: r.minVersion, maxVersion: r.maxVersion }));
const KAFKA_BROKER_TEXT = `(
	Produce(0): 0 to 8 [usable: 8],
	Fetch(1): 0 to 11 [usable: 11],
	ListOffsets(2): 0 to 5 [usable: 5],
	Metadata(3): 0 to 9 [usable: 9],
	LeaderAndIsr(4): 0 to 4 [usable: 4],
	StopReplica(5): 0 to 2 [usable: 2],
	UpdateMetadata(6): 0 to 6 [usable: 6],
	ControlledShutdown(7): 0 to 3 [usable: 3],
	OffsetCommit(8): 0 to 8 [usable: 8],
	OffsetFetch(9): 0 to 6 [usable: 6],
	FindCoordinator(10): 0 to 3 [usable: 3],
	JoinGroup(11): 0 to 6 [usable: 6],
	Heartbeat(12): 0 to 4 [usable: 4],
	LeaveGroup(13): 0 to 4 [usable: 4],
	SyncGroup(14): 0 to 4 [usable: 4],
	DescribeGroups(15): 0 to 5 [usable: 5],
	ListGroups(16): 0 to 3 [usable: 3],
	SaslHandshake(17): 0 to 1 [usable: 1],
	ApiVersions(18): 0 to 3 [usable: 3],
	CreateTopics(19): 0 to 5 [usable: 5],
	DeleteTopics(20): 0 to 4 [usable: 4],
	DeleteRecords(21): 0 to 1 [usable: 1],
	InitProducerId(22): 0 to 2 [usable: 2],
	OffsetForLeaderEpoch(23): 0 to 3 [usable: 3],
	AddPartitionsToTxn(24): 0 to 1 [usable: 1],
	AddOffsetsToTxn(25): 0 to 1 [usable: 1],
	EndTxn(26): 0 to 1 [usable: 1],
	WriteTxnMarkers(27): 0 [usable: 0],
	TxnOffsetCommit(28): 0 to 2 [usable: 2],
	DescribeAcls(29): 0 to 1 [usable: 1],
	CreateAcls(30): 0 to 1 [usable: 1],
	DeleteAcls(31): 0 to 1 [usable: 1],
	DescribeConfigs(32): 0 to 2 [usable: 2],
	AlterConfigs(33): 0 to 1 [usable: 1],
	AlterReplicaLogDirs(34): 0 to 1 [usable: 1],
	DescribeLogDirs(35): 0 to 1 [usable: 1],
	SaslAuthenticate(36): 0 to 1 [usable: 1],
	CreatePartitions(37): 0 to 1 [usable: 1],
	CreateDelegationToken(38): 0 to 2 [usable: 2],
	RenewDelegationToken(39): 0 to 1 [usable: 1],
	ExpireDelegationToken(40): 0 to 1 [usable: 1],
	DescribeDelegationToken(41): 0 to 1 [usable: 1],
	DeleteGroups(42): 0 to 2 [usable: 2],
	ElectLeaders(43): 0 to 2 [usable: 2],
	IncrementalAlterConfigs(44): 0 to 1 [usable: 1],
	AlterPartitionReassignments(45): 0 [usable: 0],
	ListPartitionReassignments(46): 0 [usable: 0],
	OffsetDelete(47): 0 [usable: 0]
)`;

const v = (apiKey: number, minVersion: number, maxVersion: number): AdvertisedApiVersion => ({ apiKey, minVersion, maxVersion });

describe("the 2.4.1 client's api keys", () => {
  it("are ApiKeys' names with the ranges a 2.4.1 broker advertises (its client and broker share ApiKeys)", () => {
    expect(KAFKA_2_4_1_CLIENT_API_KEYS.map((k) => [k.apiKey, k.name, k.oldestVersion, k.latestVersion])).toEqual(
      KAFKA_2_4_1_API_RANGES.map((r) => [r.apiKey, r.name, r.minVersion, r.maxVersion]),
    );
  });
});

describe('NodeApiVersions.toString(true)', () => {
  it('prints a 2.4.1 broker exactly as the reference does', () => {
    expect(nodeApiVersionsText(KAFKA_BROKER, KAFKA_2_4_1_CLIENT_API_KEYS)).toBe(KAFKA_BROKER_TEXT);
  });

  it('sorts by key whatever the answer order, and prints what the broker leaves out as UNSUPPORTED', () => {
    const reversed = [...KAFKA_BROKER].reverse().filter((a) => a.apiKey !== 17 && a.apiKey !== 47);
    const lines = nodeApiVersionsText(reversed, KAFKA_2_4_1_CLIENT_API_KEYS).split('\n');
    expect(lines[18]).toBe('\tSaslHandshake(17): UNSUPPORTED,');
    expect(lines.slice(-2)).toEqual(['\tOffsetDelete(47): UNSUPPORTED', ')']);
    expect(lines).toHaveLength(50);
  });

  it('uses the newest version both speak, marks ranges no 2.4.1 client can use, and prints keys it does not know as UNKNOWN', () => {
    const clientKeys = KAFKA_2_4_1_CLIENT_API_KEYS.slice(0, 4);
    const text = nodeApiVersionsText([v(60, 0, 2), v(0, 3, 12), v(1, 12, 13), v(2, -3, -1), v(3, 4, 4), v(-1, 0, 0)], clientKeys);
    expect(text).toBe(
      [
        '(',
        '\tUNKNOWN(-1): 0,',
        '\tProduce(0): 3 to 12 [usable: 8],',
        '\tFetch(1): 12 to 13 [unusable: node too new],',
        '\tListOffsets(2): -3 to -1 [unusable: node too old],',
        '\tMetadata(3): 4 [usable: 4],',
        '\tUNKNOWN(60): 0 to 2',
        ')',
      ].join('\n'),
    );
  });

  it('takes the last entry of a key the broker repeats', () => {
    expect(nodeApiVersionsText([v(0, 0, 2), v(0, 0, 5)], KAFKA_2_4_1_CLIENT_API_KEYS.slice(0, 1))).toBe('(\n\tProduce(0): 0 to 5 [usable: 5]\n)');
  });
});

describe('org.apache.kafka.common.Node', () => {
  it('prints host:port, id and rack (null when there is none)', () => {
    expect(nodeString({ id: 0, host: '127.0.0.1', port: 9092, rack: null })).toBe('127.0.0.1:9092 (id: 0 rack: null)');
    expect(nodeString({ id: -2, host: 'kafka-2', port: 19094, rack: 'eu-1a' })).toBe('kafka-2:19094 (id: -2 rack: eu-1a)');
  });

  it('hashes as Node#hashCode', () => {
    // 31 * (31 * (31 * (31 + "h".hashCode()) + 1) + 2) + 0, "h".hashCode() = 104
    expect(nodeHash({ id: 1, host: 'h', port: 2, rack: null })).toBe(31 * (31 * (31 * (31 + 104) + 1) + 2));
    expect(nodeHash({ id: 1, host: 'h', port: 2, rack: 'r' })).toBe(31 * (31 * (31 * (31 + 104) + 1) + 2) + 114);
  });
});

describe('Collections.shuffle', () => {
  it('swaps each position from the last down with a random one at or before it', () => {
    expect(javaShuffle([1, 2, 3], () => 0.999)).toEqual([1, 2, 3]);
    // i=3: j=0 → [3,2,1]; i=2: j=0 → [2,3,1]
    expect(javaShuffle([1, 2, 3], () => 0)).toEqual([2, 3, 1]);
  });
});

describe('bootstrap.servers', () => {
  const resolve = async (host: string) => (host.endsWith('.invalid') ? null : host === 'localhost' ? '127.0.0.1' : host);

  it('numbers the servers -1, -2, ... and keeps their host as written', async () => {
    expect(await bootstrapNodes(' localhost:9092 , 10.0.0.1:9093,[::1]:9094', resolve)).toEqual([
      { node: { id: -1, host: 'localhost', port: 9092, rack: null }, address: '127.0.0.1' },
      { node: { id: -2, host: '10.0.0.1', port: 9093, rack: null }, address: '10.0.0.1' },
      { node: { id: -3, host: '::1', port: 9094, rack: null }, address: '::1' },
    ]);
  });

  it.each([
    ['foo', 'org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: foo'],
    ['h:1,foo:', 'org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: foo:'],
    ['127.0.0.1:99999', 'org.apache.kafka.common.config.ConfigException: Invalid port in bootstrap.servers: 127.0.0.1:99999'],
    ['nosuchhost.invalid:9092', 'org.apache.kafka.common.config.ConfigException: No resolvable bootstrap urls given in bootstrap.servers'],
    ['', 'org.apache.kafka.common.config.ConfigException: No resolvable bootstrap urls given in bootstrap.servers'],
  ])('%j fails as %s', async (servers, text) => {
    await expect(bootstrapNodes(servers, resolve).catch((e: JavaThrowable) => e.toString())).resolves.toBe(text);
  });

  it('skips a server that does not resolve when another does', async () => {
    expect((await bootstrapNodes('nosuchhost.invalid:9092,127.0.0.1:9092', resolve)).map((b) => nodeString(b.node))).toEqual(['127.0.0.1:9092 (id: -1 rack: null)']);
  });
});

describe('kafka-broker-api-versions', () => {
  const node = (id: number, port: number, rack: string | null = null): KafkaNode => ({ id, host: '127.0.0.1', port, rack });
  const header = (n: KafkaNode) => `${nodeString(n)} -> `;
  const keepOrder = () => 0.999999; // Collections.shuffle with this "random" leaves every list as it is

  /** A cluster whose bootstrap answers list `brokers`; `failing` brokers answer ApiVersions with that error. */
  function fakeCluster(brokers: KafkaNode[], advertised: AdvertisedApiVersion[], failing = new Map<number, JavaThrowable>(), deadBootstrapPorts: number[] = []) {
    const asked: string[] = [];
    const client: BrokerApiVersionsClient = {
      async metadataNodes(target: NodeTarget) {
        asked.push(`metadata ${target.address}:${target.node.port}`);
        if (deadBootstrapPorts.includes(target.node.port)) throw new Error('ECONNREFUSED');
        return brokers;
      },
      async apiVersions(target: NodeTarget) {
        asked.push(`api-versions ${target.node.id}`);
        const error = failing.get(target.node.id);
        if (error !== undefined) throw error;
        return advertised;
      },
    };
    return { client, asked };
  }

  async function run(bootstrapServer: string, cluster: { client: BrokerApiVersionsClient }, random = keepOrder, commandConfig?: string): Promise<string> {
    const out: string[] = [];
    await runBrokerApiVersionsCommand({ bootstrapServer, commandConfig }, (text) => out.push(text), {
      client: cluster.client,
      resolve: async (host) => host,
      random,
      sleep: async () => undefined,
    });
    return out.map((text) => `${text}\n`).join('');
  }

  it('prints every broker with its versions, and ERROR for one it could not ask, in the order the shuffled list gave (up to 4 brokers)', async () => {
    const brokers = [node(0, 9092), node(1, 9093, 'r1'), node(2, 9094)];
    const cluster = fakeCluster(brokers, KAFKA_BROKER, new Map([[1, disconnectException()]]));
    expect(await run('127.0.0.1:9092', cluster)).toBe(
      `${header(brokers[0])}${KAFKA_BROKER_TEXT}\n` +
        '127.0.0.1:9093 (id: 1 rack: r1) -> ERROR: org.apache.kafka.common.errors.DisconnectException\n' +
        `${header(brokers[2])}${KAFKA_BROKER_TEXT}\n`,
    );
    // Metadata twice (awaitBrokers, then the list it uses), then ApiVersions to each broker in turn.
    expect(cluster.asked).toEqual(['metadata 127.0.0.1:9092', 'metadata 127.0.0.1:9092', 'api-versions 0', 'api-versions 1', 'api-versions 2']);
  });

  it('prints up to 4 brokers in the order Cluster shuffled them into', async () => {
    const brokers = [node(0, 9092), node(1, 9093), node(2, 9094)];
    const out = await run('127.0.0.1:9092', fakeCluster(brokers, [v(18, 0, 3)]), () => 0);
    expect(out.split('\n').filter((l) => l.includes(' -> ')).map((l) => l.slice(0, l.indexOf(' -> ')))).toEqual([
      '127.0.0.1:9093 (id: 1 rack: null)',
      '127.0.0.1:9094 (id: 2 rack: null)',
      '127.0.0.1:9092 (id: 0 rack: null)',
    ]);
  });

  it("prints 5 or more brokers in the Scala hash map's order, whatever the shuffle (as 2.4.1 printed these brokers)", async () => {
    const headersOf = (out: string) => out.split('\n').filter((l) => l.includes(' -> ')).map((l) => l.slice(0, l.indexOf(' -> ')));
    const cluster = (first: number) => [node(1, first), node(2, 19993), node(3, 19994, 'r1'), node(4, 19995), node(5, 19996, 'rack-b')];
    for (const random of [keepOrder, () => 0, () => 0.5]) {
      expect(headersOf(await run('127.0.0.1:19092', fakeCluster(cluster(19092), [v(18, 0, 3)]), random)).map((h) => h.match(/id: (\d+)/)![1])).toEqual(['1', '5', '2', '4', '3']);
      expect(headersOf(await run('127.0.0.1:29092', fakeCluster(cluster(29092), [v(18, 0, 3)]), random)).map((h) => h.match(/id: (\d+)/)![1])).toEqual(['5', '2', '1', '4', '3']);
    }
  });

  it('tries the bootstrap servers in shuffled order until one answers', async () => {
    const cluster = fakeCluster([node(0, 9092)], [v(18, 0, 3)], new Map(), [9999]);
    await run('127.0.0.1:9092,127.0.0.1:9999', cluster, () => 0);
    expect(cluster.asked.slice(0, 3)).toEqual(['metadata 127.0.0.1:9999', 'metadata 127.0.0.1:9092', 'metadata 127.0.0.1:9999']);
  });

  it('fails with the list of bootstrap nodes when none answers Metadata', async () => {
    const cluster = fakeCluster([], [], new Map(), [9998, 9999]);
    await expect(run('localhost:9999,127.0.0.1:9998', cluster, () => 0).catch((e: JavaThrowable) => e.toString())).resolves.toBe(
      'java.lang.RuntimeException: Request METADATA failed on brokers List(127.0.0.1:9998 (id: -2 rack: null), localhost:9999 (id: -1 rack: null))',
    );
  });

  it('asks again until the cluster lists a broker', async () => {
    let calls = 0;
    const client: BrokerApiVersionsClient = {
      metadataNodes: async () => (++calls < 3 ? [] : [node(0, 9092)]),
      apiVersions: async () => [v(18, 0, 3)],
    };
    expect((await run('127.0.0.1:9092', { client })).split('\n')[0]).toBe('127.0.0.1:9092 (id: 0 rack: null) -> (');
    expect(calls).toBe(4);
  });

  it('reads --command-config first: a missing file ends the tool before any request', async () => {
    const cluster = fakeCluster([node(0, 9092)], [v(18, 0, 3)]);
    await expect(run('127.0.0.1:9092', cluster, keepOrder, '/nonexistent/admin.properties').catch((e: JavaThrowable) => e.toString())).resolves.toBe(
      'java.nio.file.NoSuchFileException: /nonexistent/admin.properties',
    );
    expect(cluster.asked).toEqual([]);
  });
});
