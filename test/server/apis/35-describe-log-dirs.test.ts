import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LogManager } from '../../../src/log';
import { silentLogger } from '../../../src/common/logger';
import type { DescribeLogDirsRequest, DescribeLogDirsResponse, LeaderAndIsrPartitionState } from '../../../src/protocol/generated';
import { RequestContext } from '../../../src/server/apis/api-handler';
import { createDescribeLogDirsHandler } from '../../../src/server/apis/35-describe-log-dirs';
import { ReplicaManager } from '../../../src/server/replica-manager';
import { batch, cleanupTempDirs, config, tempDir } from '../../log/helpers';

const ctx = (version: number) =>
  new RequestContext(
    { requestApiKey: 35, requestApiVersion: version, correlationId: 1, clientId: 'test' },
    { listenerName: 'PLAINTEXT', clientHost: '127.0.0.1', clientPort: 1, connectionId: 'c' },
  );

const leaderState = (topicName: string, partitionIndex: number): LeaderAndIsrPartitionState => ({
  topicName,
  partitionIndex,
  controllerEpoch: 1,
  leader: 1,
  leaderEpoch: 0,
  isr: [1],
  zkVersion: 0,
  replicas: [1],
  addingReplicas: [],
  removingReplicas: [],
  isNew: true,
});

/** Sum of the .log files in a partition dir: what Kafka reports as the partition's size. */
function logFilesSize(partitionDir: string): bigint {
  return BigInt(
    readdirSync(partitionDir)
      .filter((f) => f.endsWith('.log'))
      .reduce((sum, f) => sum + statSync(join(partitionDir, f)).size, 0),
  );
}

describe('DescribeLogDirs handler', () => {
  let root: string;
  let logManager: LogManager;
  let replicaManager: ReplicaManager;
  let describe: (topics: DescribeLogDirsRequest['topics'], version?: number) => DescribeLogDirsResponse;

  beforeEach(() => {
    root = tempDir('describe-log-dirs-');
    // The second dir is written with a doubled and a trailing slash: Kafka names it by File#getAbsolutePath.
    logManager = LogManager.open({ logDirs: [join(root, 'a'), `${root}//b/`], defaultConfig: config({ 'segment.bytes': 1024 }) });
    replicaManager = new ReplicaManager({ brokerId: 1, logManager, topicConfig: () => config({ 'segment.bytes': 1024 }), logger: silentLogger, stateChangeLogger: silentLogger });
    replicaManager.becomeLeaderOrFollower({
      controllerId: 1,
      controllerEpoch: 1,
      brokerEpoch: 1n,
      ungroupedPartitionStates: [],
      topicStates: [{ topicName: 't', partitionStates: [0, 1, 2].map((p) => leaderState('t', p)) }],
      liveLeaders: [],
    });
    // Several segments in t-0 (1 KiB segments), one batch in t-1, nothing in t-2.
    for (let i = 0; i < 12; i++) replicaManager.getPartition('t', 0)!.log!.appendAsLeader(batch(5, { valueSize: 100 }), 0);
    replicaManager.getPartition('t', 1)!.log!.appendAsLeader(batch(3), 0);
    const handler = createDescribeLogDirsHandler(replicaManager);
    describe = (topics, version = 1) => handler.handle({ topics }, ctx(version)) as DescribeLogDirsResponse;
  });

  afterEach(() => {
    logManager.shutdown();
    cleanupTempDirs();
  });

  it('lists every log dir with each partition and its size on disk, all partitions when topics is null', () => {
    const response = describe(null);
    expect(response.throttleTimeMs).toBe(0);
    expect(response.results.map((r) => [r.logDir, r.errorCode])).toEqual([
      [join(root, 'a'), 0],
      [join(root, 'b'), 0],
    ]);
    const described = response.results.flatMap((r) =>
      r.topics.flatMap((t) => t.partitions.map((p) => ({ dir: join(r.logDir, `${t.name}-${p.partitionIndex}`), ...p }))),
    );
    expect(described.map((p) => p.dir).sort()).toEqual(logManager.allLogs().map((l) => l.dir).sort());
    for (const p of described) {
      expect(p.partitionSize).toBe(logFilesSize(p.dir));
      expect(p.offsetLag).toBe(0n);
      expect(p.isFutureKey).toBe(false);
    }
    const t0 = described.find((p) => p.dir.endsWith('t-0'))!;
    expect(readdirSync(t0.dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(1);
    expect(t0.partitionSize).toBeGreaterThan(1024n);
    expect(described.find((p) => p.dir.endsWith('t-2'))!.partitionSize).toBe(0n);
  });

  it('answers v0 as v1', () => {
    expect(describe(null, 0)).toEqual(describe(null, 1));
  });

  it('describes only the asked partitions it holds, leaving out unknown topics and partitions', () => {
    const response = describe([
      { topic: 't', partitionIndex: [1, 7] },
      { topic: 'missing', partitionIndex: [0] },
    ]);
    expect(response.results).toHaveLength(2);
    const topics = response.results.flatMap((r) => r.topics);
    expect(topics).toEqual([{ name: 't', partitions: [{ partitionIndex: 1, partitionSize: logFilesSize(replicaManager.getPartition('t', 1)!.log!.dir), offsetLag: 0n, isFutureKey: false }] }]);
  });

  it('still lists the dirs, with no partitions, for an empty topic list', () => {
    expect(describe([]).results.map((r) => ({ logDir: r.logDir, errorCode: r.errorCode, topics: r.topics }))).toEqual([
      { logDir: join(root, 'a'), errorCode: 0, topics: [] },
      { logDir: join(root, 'b'), errorCode: 0, topics: [] },
    ]);
  });

  it('reports offset lag -1 for a log with no partition state yet (after a restart, before LeaderAndIsr)', () => {
    logManager.getOrCreateLog('orphan', 0);
    const orphan = describe([{ topic: 'orphan', partitionIndex: [0] }]).results.flatMap((r) => r.topics);
    expect(orphan).toEqual([{ name: 'orphan', partitions: [{ partitionIndex: 0, partitionSize: 0n, offsetLag: -1n, isFutureKey: false }] }]);
  });

  it('answers an error with no dirs at all, as Kafka does', () => {
    const handler = createDescribeLogDirsHandler(replicaManager);
    expect(handler.errorResponse!({ topics: null }, 58, ctx(1))).toEqual({ throttleTimeMs: 0, results: [] });
  });
});

describe('DescribeLogDirs order (Kafka 2.4.1 iterates JVM collections)', () => {
  afterEach(() => cleanupTempDirs());

  it('keeps log.dirs order up to four dirs', () => {
    const root = tempDir('describe-log-dirs-order-');
    const dirs = ['d', 'b', 'c', 'a'].map((d) => join(root, `logs-${d}`));
    const lm = LogManager.open({ logDirs: dirs, defaultConfig: config() });
    const rm = new ReplicaManager({ brokerId: 1, logManager: lm, topicConfig: () => config(), logger: silentLogger, stateChangeLogger: silentLogger });
    expect((createDescribeLogDirsHandler(rm).handle({ topics: null }, ctx(1)) as DescribeLogDirsResponse).results.map((r) => r.logDir)).toEqual(dirs);
    lm.shutdown();
  });

  /**
   * Logs (created in this order) in dirs, answered through a stub LogManager. The expected orders
   * come from Kafka 2.4.1's own classes fed the same logs: its Pool (ConcurrentHashMap), the Scala
   * maps of ReplicaManager.describeLogDirs and DescribeLogDirsResponse.toStruct. Aa and BB, AaBB
   * and BBAa, have equal hash codes, so they share HashMap buckets.
   */
  function answerFor(dirs: string[], logs: string[]): string {
    const stubLogs = logs.map((entry) => {
      const [dir, tp] = entry.split(':') as [string, string];
      const dash = tp.lastIndexOf('-');
      return { dir, topic: tp.slice(0, dash), partition: Number(tp.slice(dash + 1)), size: 0, isFuture: false };
    });
    const stub = {
      logManager: {
        allLogs: () => stubLogs,
        allFutureLogs: () => [],
        logDirsWithLogs: () => dirs.map((d) => ({ absolutePath: d, logs: stubLogs.filter((l) => l.dir === d) })),
      },
      getPartition: () => undefined,
    } as unknown as ReplicaManager;
    const response = createDescribeLogDirsHandler(stub).handle({ topics: null }, ctx(1)) as DescribeLogDirsResponse;
    return response.results.map((d) => `|${d.logDir}` + d.topics.map((t) => ` ${t.name}:${t.partitions.map((p) => p.partitionIndex).join(',')}`).join('')).join(' ');
  }

  it.each([
    [
      ['/k/d6', '/k/d7', '/k/d5'],
      ['/k/d5:BB-14', '/k/d6:BB-13', '/k/d6:BBAa-2', '/k/d6:AaBB-9', '/k/d7:BB-1', '/k/d5:x-8'],
      '|/k/d6 BB:13 AaBB:9 BBAa:2 |/k/d7 BB:1 |/k/d5 BB:14 x:8',
    ],
    [
      ['/k/d6', '/k/d9'],
      ['/k/d6:BB-16', '/k/d9:BBAa-1', '/k/d6:BB-9', '/k/d9:Aa-2', '/k/d6:BB-18', '/k/d9:AaAa-56'],
      '|/k/d6 BB:16,18,9 |/k/d9 Aa:2 BBAa:1 AaAa:56',
    ],
    [
      ['/k/d19', '/k/d9', '/k/d13', '/k/d11', '/k/d15'],
      ['/k/d13:Aa-1', '/k/d13:Aa-55', '/k/d9:Aa-3', '/k/d11:t1-16', '/k/d19:BB-10', '/k/d15:x-5', '/k/d11:Aa-12', '/k/d19:AaAa-23', '/k/d19:BB-4', '/k/d11:orders-45',
        '/k/d19:Aa-0', '/k/d19:Aa-32', '/k/d13:__consumer_offsets-3', '/k/d9:AaAa-3', '/k/d9:BBBB-8', '/k/d15:BBBB-29', '/k/d13:AaBB-1', '/k/d11:Aa-19', '/k/d9:AaAa-10', '/k/d15:BB-2'],
      '|/k/d13 Aa:1,55 __consumer_offsets:3 AaBB:1 |/k/d9 Aa:3 BBBB:8 AaAa:3,10 |/k/d19 BB:4,10 Aa:32,0 AaAa:23 |/k/d11 Aa:19,12 orders:45 t1:16 |/k/d15 BB:2 x:5 BBBB:29',
    ],
  ])('orders %j as 2.4.1 does', (dirs, logs, expected) => {
    expect(answerFor(dirs, logs)).toBe(expected);
  });
});
