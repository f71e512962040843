// bin/kafka-broker-api-versions as a process against a real 3-broker cluster. What each broker's
// block must say is computed here from an ApiVersions request of the test's own and Kafka 2.4.1's
// client ranges, so the tool is held to what the brokers really advertise (APIs a broker does not
// implement are UNSUPPORTED lines). Also: a broker that does not answer (paused with SIGSTOP,
// still registered) is an ERROR line while the others print; a bootstrap server where nothing
// listens, and no --bootstrap-server, end the tool as 2.4.1 ends it.

import { findFreePorts } from '../../src/launcher/free-ports';
import { Apis } from '../../src/protocol/generated';
import { KAFKA_2_4_1_API_RANGES } from '../../src/server/apis/kafka-2.4.1-api-ranges';
import { runTool, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const RACK = 'rack-a';

describe('kafka-broker-api-versions', () => {
  let t: TestCluster;

  beforeAll(async () => {
    // A long ZooKeeper session, so a paused broker stays registered (and listed) while the tool runs.
    t = await startTestCluster('broker-api-versions-', { 'broker.rack': RACK, 'zookeeper.session.timeout.ms': '30000' });
  }, 120_000);

  afterAll(async () => {
    await stopTestCluster(t);
  }, 120_000);

  const header = (id: number, port: number) => `localhost:${port} (id: ${id} rack: ${RACK})`;

  /** The block 2.4.1's tool prints for the broker on `port`, from what that broker answers to ApiVersions. */
  async function expectedBlock(id: number, port: number): Promise<string> {
    const response = await withBrokerConnection(port, (c) => c.send(Apis.ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '0' }));
    expect(response.errorCode).toBe(0);
    const advertised = new Map(response.apiKeys.map((k) => [k.apiKey, k]));
    const lines = KAFKA_2_4_1_API_RANGES.map((client) => {
      const broker = advertised.get(client.apiKey);
      if (broker === undefined) return `${client.name}(${client.apiKey}): UNSUPPORTED`;
      const range = broker.minVersion === broker.maxVersion ? `${broker.minVersion}` : `${broker.minVersion} to ${broker.maxVersion}`;
      return `${client.name}(${client.apiKey}): ${range} [usable: ${Math.min(broker.maxVersion, client.maxVersion)}]`;
    });
    // Every key our broker advertises is one a 2.4.1 client knows (else the tool would print UNKNOWN lines).
    expect([...advertised.keys()].every((key) => key >= 0 && key < KAFKA_2_4_1_API_RANGES.length)).toBe(true);
    return `${header(id, port)} -> (\n\t${lines.join(',\n\t')}\n)`;
  }

  /** stdout cut into one block per broker, keyed by its header (the order is Kafka's shuffle, so not checked). */
  function blocksByHeader(stdout: string): Map<string, string> {
    expect(stdout.endsWith('\n')).toBe(true);
    const blocks = stdout.slice(0, -1).split(/(?<=\n\)|-> ERROR: [^\n]*)\n/);
    expect(blocks.join('\n') + '\n').toBe(stdout);
    return new Map(blocks.map((block) => [block.slice(0, block.indexOf(' -> ')), block]));
  }

  const brokers = () => t.cluster.brokers.map((b) => ({ id: b.id, port: b.options.port }));

  it('prints every broker of the cluster with what it advertises, and the version a 2.4.1 client would use', async () => {
    const result = await runTool('kafka-broker-api-versions', ['--bootstrap-server', t.cluster.bootstrapServers[0]]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const blocks = blocksByHeader(result.stdout);
    expect([...blocks.keys()].sort()).toEqual(brokers().map((b) => header(b.id, b.port)).sort());
    for (const b of brokers()) expect(blocks.get(header(b.id, b.port))).toBe(await expectedBlock(b.id, b.port));
    // What our brokers implement is Kafka's own range, so these lines read as against a real 2.4.1.
    const first = blocks.get(header(brokers()[0].id, brokers()[0].port))!.split('\n');
    expect(first).toEqual(expect.arrayContaining(['\tProduce(0): 0 to 8 [usable: 8],', '\tMetadata(3): 0 to 9 [usable: 9],', '\tApiVersions(18): 0 to 3 [usable: 3],']));
    expect(first).toHaveLength(50);
  }, 60_000);

  it('prints ERROR for a registered broker that does not answer, and the others as usual', async () => {
    const [one, two, three] = brokers();
    t.cluster.broker(three.id).pause();
    let result;
    try {
      result = await runTool('kafka-broker-api-versions', ['--bootstrap-server', `localhost:${one.port}`]);
    } finally {
      t.cluster.broker(three.id).resume();
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const blocks = blocksByHeader(result.stdout);
    // The connection is accepted by the kernel but nothing answers: request.timeout.ms (5 s) cuts it.
    expect(blocks.get(header(three.id, three.port))).toBe(`${header(three.id, three.port)} -> ERROR: org.apache.kafka.common.errors.DisconnectException`);
    expect(blocks.get(header(one.id, one.port))).toBe(await expectedBlock(one.id, one.port));
    expect(blocks.get(header(two.id, two.port))).toBe(await expectedBlock(two.id, two.port));
    expect(blocks.size).toBe(3);
  }, 60_000);

  it('fails as 2.4.1 does when no bootstrap server answers Metadata', async () => {
    const [port] = await findFreePorts(1);
    const result = await runTool('kafka-broker-api-versions', ['--bootstrap-server', `127.0.0.1:${port}`]);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `Exception in thread "main" java.lang.RuntimeException: Request METADATA failed on brokers List(127.0.0.1:${port} (id: -1 rack: null))\n`,
    });
  }, 60_000);

  it('needs --bootstrap-server: the message, then the usage, exit status 1', async () => {
    const result = await runTool('kafka-broker-api-versions', ['--command-config', '/nonexistent']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe('Missing required argument "[bootstrap-server]"');
    expect(result.stderr).toContain('--bootstrap-server <server(s) to use for bootstrapping>');
  }, 60_000);
});
