import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/admin/common/command-line';
import { JavaException } from '../../../src/admin/log-dirs/java-exception';
import type { LogDirsClient } from '../../../src/admin/log-dirs/log-dirs-client';
import { adminSettings, checkLogDirsArgs, parseBrokerIds, runLogDirsCommand, type AdminSettings, type LogDirsOptions } from '../../../src/admin/log-dirs/log-dirs-command';
import { brokerOrder, formatLogDirsJson } from '../../../src/admin/log-dirs/log-dirs-json';
import type { DescribeLogDirsResult } from '../../../src/protocol/generated';
import { cleanupTempDirs, tempDir } from '../../log/helpers';

const partition = (partitionIndex: number, size: number, offsetLag = 0) => ({ partitionIndex, partitionSize: BigInt(size), offsetLag: BigInt(offsetLag), isFutureKey: false });

/** One dir as a broker answers it: topics with [partition, size] pairs. */
const dir = (logDir: string, topics: Record<string, Array<[number, number]>>, errorCode = 0): DescribeLogDirsResult => ({
  errorCode,
  logDir,
  topics: Object.entries(topics).map(([name, ps]) => ({ name, partitions: ps.map(([p, size]) => partition(p, size)) })),
});

class FakeClient implements LogDirsClient {
  asked: number[][] = [];
  constructor(
    private readonly ids: number[],
    private readonly dirs: Map<number, DescribeLogDirsResult[]>,
  ) {}
  async brokerIds(): Promise<number[]> {
    return this.ids;
  }
  async describeLogDirs(brokerIds: readonly number[]): Promise<Map<number, DescribeLogDirsResult[]>> {
    this.asked.push([...brokerIds]);
    return new Map(brokerIds.map((id) => [id, this.dirs.get(id)!]));
  }
}

async function run(opts: LogDirsOptions, client: LogDirsClient): Promise<{ lines: string[]; settings: AdminSettings }> {
  const lines: string[] = [];
  let settings: AdminSettings | undefined;
  await runLogDirsCommand(
    { bootstrapServer: '127.0.0.1:9092', describe: true, ...opts },
    (s) => ((settings = s), client),
    (line) => lines.push(line),
  );
  return { lines, settings: settings! };
}

afterEach(() => cleanupTempDirs());

describe('kafka-log-dirs options (LogDirsCommandOptions)', () => {
  it('requires --bootstrap-server, then --describe, with joptsimple’s messages', () => {
    expect(() => checkLogDirsArgs({ describe: true })).toThrow(new UsageError('Missing required argument "[bootstrap-server]"'));
    expect(() => checkLogDirsArgs({})).toThrow(new UsageError('Missing required argument "[bootstrap-server]"'));
    expect(() => checkLogDirsArgs({ bootstrapServer: 'h:1' })).toThrow(new UsageError('Missing required argument "[describe]"'));
    expect(() => checkLogDirsArgs({ bootstrapServer: 'h:1', describe: true })).not.toThrow();
  });

  it('parses --broker-list as Scala’s toInt does, dropping empty entries', () => {
    expect(parseBrokerIds('1,,2,')).toEqual([1, 2]);
    expect(parseBrokerIds('+3,-1')).toEqual([3, -1]);
    for (const bad of ['a', ' 2', '2147483648']) {
      expect(() => parseBrokerIds(bad)).toThrow(new JavaException('java.lang.NumberFormatException', `For input string: "${bad}"`));
    }
  });

  it('builds the admin client settings from --command-config, failing as 2.4.1 does', () => {
    const dirPath = tempDir('log-dirs-config-');
    const file = join(dirPath, 'admin.properties');
    writeFileSync(file, 'client.id=mine\nrequest.timeout.ms=5000\n');
    expect(adminSettings({ bootstrapServer: 'a:1, b:2', commandConfig: file })).toEqual({
      bootstrap: [
        { host: 'a', port: 1 },
        { host: 'b', port: 2 },
      ],
      clientId: 'mine',
      requestTimeoutMs: 5000,
    });
    expect(adminSettings({ bootstrapServer: 'a:1' })).toEqual({ bootstrap: [{ host: 'a', port: 1 }], clientId: 'log-dirs-tool', requestTimeoutMs: 120_000 });
    const lines = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as JavaException).lines();
      }
      return [];
    };
    expect(lines(() => adminSettings({ bootstrapServer: 'foo' }))).toEqual([
      'Exception in thread "main" org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient',
      'Caused by: org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: foo',
    ]);
    expect(lines(() => adminSettings({ bootstrapServer: 'a:1', commandConfig: join(dirPath, 'none') }))).toEqual([`Exception in thread "main" java.nio.file.NoSuchFileException: ${join(dirPath, 'none')}`]);
    writeFileSync(file, 'request.timeout.ms=abc\n');
    expect(lines(() => adminSettings({ bootstrapServer: 'a:1', commandConfig: file }))).toEqual([
      'Exception in thread "main" org.apache.kafka.common.config.ConfigException: Invalid value abc for configuration request.timeout.ms: Not a number of type INT',
    ]);
  });
});

describe('kafka-log-dirs output', () => {
  const dirs = new Map<number, DescribeLogDirsResult[]>([
    [1, [dir('/data/k1', { t: [[0, 120], [1, 0]] })]],
    [2, [dir('/data/k2', { t: [[2, 77]], u: [[0, 5]] }), dir('/data/k2b', {}, 56)]],
  ]);

  it('prints the two lines and the JSON, every broker of the cluster when there is no --broker-list', async () => {
    const client = new FakeClient([1, 2], dirs);
    const { lines, settings } = await run({}, client);
    expect(settings.clientId).toBe('log-dirs-tool');
    expect(client.asked).toEqual([[1, 2]]);
    expect(lines).toEqual([
      'Querying brokers for log directories information',
      'Received log directory information from brokers 1,2',
      // What Kafka 2.4.1's own LogDirsCommand.formatAsJson prints for these answers (run on the
      // maps its admin client builds): t-1 before t-0 and t-2 before u-0 (TopicPartition hashes
      // in a HashMap), the failed dir's error as the KafkaStorageException class name.
      '{"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data/k1","error":null,"partitions":[{"partition":"t-1","size":0,"offsetLag":0,"isFuture":false},{"partition":"t-0","size":120,"offsetLag":0,"isFuture":false}]}]},{"broker":2,"logDirs":[{"logDir":"/data/k2","error":null,"partitions":[{"partition":"t-2","size":77,"offsetLag":0,"isFuture":false},{"partition":"u-0","size":5,"offsetLag":0,"isFuture":false}]},{"logDir":"/data/k2b","error":"org.apache.kafka.common.errors.KafkaStorageException","partitions":[]}]}]}',
    ]);
  });

  it('asks the --broker-list brokers and keeps the --topic-list topics', async () => {
    const client = new FakeClient([], dirs);
    const { lines } = await run({ brokerList: '2', topicList: 'u,,missing' }, client);
    expect(client.asked).toEqual([[2]]);
    expect(lines).toEqual([
      'Querying brokers for log directories information',
      'Received log directory information from brokers 2',
      '{"version":1,"brokers":[{"broker":2,"logDirs":[{"logDir":"/data/k2","error":null,"partitions":[{"partition":"u-0","size":5,"offsetLag":0,"isFuture":false}]},{"logDir":"/data/k2b","error":"org.apache.kafka.common.errors.KafkaStorageException","partitions":[]}]}]}',
    ]);
  });

  it('orders brokers as the admin client’s HashMaps and the tool’s Scala map iterate them (checked on 2.4.1’s classes)', () => {
    expect(brokerOrder([1, 2])).toEqual([1, 2]);
    expect(brokerOrder([2, 1])).toEqual([1, 2]);
    expect(brokerOrder([3, 1])).toEqual([1, 3]);
    expect(brokerOrder([17, 1])).toEqual([17, 1]);
    expect(brokerOrder([1, 17])).toEqual([1, 17]);
    expect(brokerOrder([2, 2, 1])).toEqual([1, 2]);
    expect(brokerOrder([16, 0, 32, 48])).toEqual([16, 0, 32, 48]);
    // Five or more: a Scala hash trie.
    expect(brokerOrder([1, 2, 3, 4, 5])).toEqual([5, 1, 2, 3, 4]);
    expect(brokerOrder([5, 4, 3, 2, 1])).toEqual([5, 1, 2, 3, 4]);
    expect(brokerOrder([100, 200, 300, 400, 500, 600])).toEqual([500, 600, 300, 400, 200, 100]);
  });

  it('orders colliding partitions and many dirs as 2.4.1’s classes do', () => {
    // Aa and BB have the same String hash code, so their partitions share buckets.
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const busy = dir('/x/logs-a', {
      Aa: range(21).map((p): [number, number] => [p, 1]),
      BB: range(21).reverse().map((p): [number, number] => [p, 2]),
      t: [[16, 3], [0, 4], [32, 5]],
    });
    const answers = new Map([[1, [busy, ...'bcdefg'.split('').map((d) => dir(`/x/logs-${d}`, {}))]]]);
    const parsed = (topics: string[]) => JSON.parse(formatLogDirsJson([1], answers, new Set(topics))) as { brokers: { logDirs: { logDir: string; partitions: { partition: string }[] }[] }[] };
    const all = parsed([]).brokers[0]!.logDirs;
    expect(all.map((d) => d.logDir)).toEqual(['b', 'c', 'a', 'f', 'g', 'd', 'e'].map((d) => `/x/logs-${d}`));
    const pairs = (ps: number[]) => ps.flatMap((p) => [`Aa-${p}`, `BB-${p}`]);
    expect(all.find((d) => d.logDir === '/x/logs-a')!.partitions.map((p) => p.partition)).toEqual([
      ...pairs([0, 19, 17, 15, 13]), 't-32', ...pairs([11, 9, 7, 5, 3, 1]), 't-16', ...pairs([20, 18, 16, 14, 12]), 't-0', ...pairs([10, 8, 6, 4, 2]),
    ]);
    // --topic-list copies the kept entries into a smaller HashMap: another order.
    expect(parsed(['Aa', 't']).brokers[0]!.logDirs[2]!.partitions.map((p) => p.partition)).toEqual(
      ['Aa-1', 'Aa-0', 't-16', 'Aa-20', 'Aa-19', 'Aa-18', 'Aa-17', 'Aa-16', 'Aa-15', 'Aa-14', 'Aa-13', 't-32', 'Aa-12', 't-0', 'Aa-11', 'Aa-10', 'Aa-9', 'Aa-8', 'Aa-7', 'Aa-6', 'Aa-5', 'Aa-4', 'Aa-3', 'Aa-2'],
    );
  });

  it('prints an empty broker list as 2.4.1 does', () => {
    expect(formatLogDirsJson([], new Map(), new Set())).toBe('{"version":1,"brokers":[]}');
  });
});
