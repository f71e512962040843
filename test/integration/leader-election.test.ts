// Preferred leader election on a real cluster (3-node ZooKeeper ensemble, 3 broker processes):
// bin/kafka-leader-election (ElectLeaders), bin/kafka-preferred-replica-election --zookeeper (the
// /admin/preferred_replica_election znode) and the controller's automatic leader rebalance.
//
// Two ways to skew leadership. (1) Without anyone leaving the ISR: the topic is created with
// broker 1 first in every assignment (broker 1 leads everything, ISR = all three), then the
// assignment znode is rewritten to spread the preferred replicas and a controller failover makes
// the new controller load it; this needs nothing from replication. (2) A broker restart: a broker
// that stops leaves every ISR, and only follower replication (fetching, then ISR expansion by the
// leader) brings it back; a preferred replica outside the ISR cannot be elected, so the restart
// scenarios depend on replication (marked DEPENDS ON REPLICATION below).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { CONTROLLER_PATH, KafkaZkClient, replicaAssignment } from '../../src/zk';
import { eventually } from './helpers';

const BIN = join(__dirname, '..', '..', 'bin');

interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runTool(tool: string, args: string[]): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, tool), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Preferred replica first: every broker is preferred for two of the six partitions. */
const SPREAD: number[][] = [
  [1, 2, 3],
  [2, 3, 1],
  [3, 1, 2],
  [1, 3, 2],
  [2, 1, 3],
  [3, 2, 1],
];
const PARTITIONS = SPREAD.map((_, p) => p);
/** The same replica sets with broker 1 moved to the front: at creation broker 1 leads everything. */
const ONE_FIRST = SPREAD.map((replicas) => [1, ...replicas.filter((id) => id !== 1)]);

async function startCluster(dir: string, properties: Record<string, string>): Promise<{ cluster: LocalCluster; zk: KafkaZkClient }> {
  const cluster = await LocalCluster.start({
    baseDir: dir,
    brokers: 3,
    brokerProperties: { 'zookeeper.session.timeout.ms': '6000', 'controlled.shutdown.retry.backoff.ms': '200', ...properties },
  });
  const zk = await KafkaZkClient.connect({ connectString: cluster.zooKeeper.connectString });
  await eventually('3 brokers', async () => (await zk.getSortedBrokerList()).length === 3);
  return { cluster, zk };
}

async function leaders(zk: KafkaZkClient, topic: string): Promise<Array<{ leader: number; isr: number[] }>> {
  const states = await zk.getPartitionStates(PARTITIONS.map((partition) => ({ topic, partition })));
  return PARTITIONS.map((p) => {
    const s = states.get(`${topic}-${p}`);
    return { leader: s?.state.leader ?? -1, isr: s?.state.isr ?? [] };
  });
}

const leaderIds = async (zk: KafkaZkClient, topic: string) => (await leaders(zk, topic)).map((s) => s.leader);
const PREFERRED = SPREAD.map((replicas) => replicas[0]);

/** Creates `topic` led entirely by broker 1 with full ISRs, then makes the spread assignment the one the controller knows. */
async function createSkewedTopic(zk: KafkaZkClient, topic: string): Promise<void> {
  await zk.createTopicAssignment(topic, new Map(ONE_FIRST.map((replicas, p) => [p, replicas])));
  await eventually(`${topic} led by broker 1 with full ISRs`, async () => (await leaders(zk, topic)).every((s) => s.leader === 1 && s.isr.length === 3));
  await reorderAndFailOver(zk, topic);
}

/** Rewrites the assignment to SPREAD (the controller ignores reorders) and forces a controller failover to load it. */
async function reorderAndFailOver(zk: KafkaZkClient, topic: string): Promise<void> {
  await zk.setTopicAssignment(topic, new Map(SPREAD.map((replicas, p) => [p, replicaAssignment(replicas)])));
  const before = (await zk.getControllerEpoch())!.epoch;
  await zk.zk.delete(CONTROLLER_PATH);
  await eventually('a new controller', async () => ((await zk.getControllerEpoch())?.epoch ?? 0) > before && (await zk.getControllerId()) !== null);
}

describe('preferred leader election tools (auto.leader.rebalance.enable=false)', () => {
  let dir: string;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;
  let bootstrap: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leader-election-'));
    ({ cluster, zk } = await startCluster(dir, { 'auto.leader.rebalance.enable': 'false' }));
    bootstrap = cluster.bootstrapServers.join(',');
  }, 120_000);

  afterAll(async () => {
    await zk?.close();
    await cluster?.stop();
    if (!process.env.KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('kafka-leader-election --election-type preferred --all-topic-partitions moves every leader to its preferred replica', async () => {
    await createSkewedTopic(zk, 'skew-a');
    expect(await leaderIds(zk, 'skew-a')).toEqual([1, 1, 1, 1, 1, 1]);

    const single = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'preferred', '--topic', 'skew-a', '--partition', '1']);
    expect(single).toEqual({ code: 0, stdout: 'Successfully completed leader election (PREFERRED) for partitions skew-a-1\n', stderr: '' });

    const all = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'preferred', '--all-topic-partitions']);
    expect(all.code).toBe(0);
    // Partition 1 and the partitions broker 1 already led are left out of an all-partitions answer.
    expect(all.stdout).toBe('Successfully completed leader election (PREFERRED) for partitions skew-a-2, skew-a-4, skew-a-5\n');
    expect(await leaderIds(zk, 'skew-a')).toEqual(PREFERRED);
    // Every broker's metadata agrees (the API answers only once the controller's cache shows it).
    expect((await leaders(zk, 'skew-a')).every((s) => s.isr.length === 3)).toBe(true);

    // A named partition that needs nothing: 2.4.1 prints the (empty) succeeded set on this line.
    const noop = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'PREFERRED', '--topic', 'skew-a', '--partition', '0']);
    expect(noop).toEqual({ code: 0, stdout: 'Valid replica already elected for partitions \n', stderr: '' });
  }, 60_000);

  it('answers unknown partitions with UNKNOWN_TOPIC_OR_PARTITION and unclean elections with ELECTION_NOT_NEEDED while leaders live', async () => {
    const unknown = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'preferred', '--topic', 'skew-a', '--partition', '9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('Error completing leader election (PREFERRED) for partition: skew-a-9: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partition does not exist.\n');
    expect(unknown.stderr).toBe('Exception in thread "main" kafka.common.AdminCommandFailedException: 1 replica(s) could not be elected\n');

    const unclean = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'unclean', '--topic', 'skew-a', '--partition', '2']);
    expect(unclean).toEqual({ code: 0, stdout: 'Valid replica already elected for partitions \n', stderr: '' });
  }, 60_000);

  it('kafka-preferred-replica-election --zookeeper writes the znode; the controller elects and deletes it', async () => {
    await createSkewedTopic(zk, 'skew-b');
    expect(await leaderIds(zk, 'skew-b')).toEqual([1, 1, 1, 1, 1, 1]);
    const file = join(dir, 'election.json');
    writeFileSync(file, JSON.stringify({ partitions: [...PARTITIONS.map((partition) => ({ topic: 'skew-b', partition })), { topic: 'skew-b', partition: 42 }] }));

    const tool = await runTool('kafka-preferred-replica-election', ['--zookeeper', cluster.zooKeeper.connectString, '--path-to-json-file', file]);
    expect(tool.code).toBe(0);
    const names = PARTITIONS.map((p) => `skew-b-${p}`);
    expect(tool.stdout).toBe(
      [
        'This tool is deprecated. Please use kafka-leader-election tool. Tracking issue: KAFKA-8405',
        'Warning: --zookeeper is deprecated and will be removed in a future version of Kafka.',
        'Use --bootstrap-server instead to specify a broker to connect to.',
        `Created preferred replica election path with ${names.join(',')}`,
        `Successfully started preferred replica election for partitions Set(${names.join(', ')})`,
        "Skipping preferred replica leader election for partition skew-b-42 since it doesn't exist.",
        '',
      ].join('\n'),
    );
    await eventually('leaders back on the preferred replicas', async () => JSON.stringify(await leaderIds(zk, 'skew-b')) === JSON.stringify(PREFERRED));
    await eventually('the znode deleted', async () => (await zk.getPreferredReplicaElection()) === null);
  }, 60_000);

  it('after a broker restart, once it is back in the ISR, --all-topic-partitions gives it its leaderships back', async () => {
    // A balanced topic; broker 2 stops (controlled shutdown: its leadership moves) and comes back.
    await zk.createTopicAssignment('restart', new Map(SPREAD.map((replicas, p) => [p, replicas])));
    await eventually('restart led by the preferred replicas', async () => JSON.stringify(await leaderIds(zk, 'restart')) === JSON.stringify(PREFERRED));
    const broker2 = cluster.broker(2);
    await broker2.stop('SIGTERM', 30_000);
    await eventually('leadership off broker 2', async () => (await leaderIds(zk, 'restart')).every((l) => l !== 2));
    await broker2.start();
    await eventually('broker 2 registered', async () => (await zk.getSortedBrokerList()).includes(2));
    const preferringTwo = PARTITIONS.filter((p) => PREFERRED[p] === 2);
    const topics = ['restart', 'skew-a', 'skew-b'];

    // DEPENDS ON REPLICATION: only follower fetching + ISR expansion by the leader puts broker 2
    // back in the ISR; without it the election answers PREFERRED_LEADER_NOT_AVAILABLE (80).
    await eventually('broker 2 back in every ISR', async () => {
      for (const topic of topics) if (!(await leaders(zk, topic)).every((s) => s.isr.includes(2))) return false;
      return true;
    }, 30_000);
    const result = await runTool('kafka-leader-election', ['--bootstrap-server', bootstrap, '--election-type', 'preferred', '--all-topic-partitions']);
    const moved = topics.flatMap((topic) => preferringTwo.map((p) => `${topic}-${p}`));
    expect(result).toEqual({ code: 0, stdout: `Successfully completed leader election (PREFERRED) for partitions ${moved.join(', ')}\n`, stderr: '' });
    for (const topic of topics) expect(await leaderIds(zk, topic)).toEqual(PREFERRED);
  }, 60_000);

  it('with broker 3 down: PREFERRED_LEADER_NOT_AVAILABLE for its partitions, ELIGIBLE_LEADERS_NOT_AVAILABLE for an unclean election with no live replica', async () => {
    await zk.createTopicAssignment('lonely', new Map([[0, [3]]]));
    await eventually('lonely led by broker 3', async () => (await zk.getPartitionState('lonely', 0))?.state.leader === 3);
    await cluster.broker(3).stop('SIGTERM', 30_000);
    await eventually('leadership off broker 3', async () => (await leaderIds(zk, 'restart')).every((l) => l !== 3));
    const result = await runTool('kafka-leader-election', ['--bootstrap-server', cluster.broker(1).bootstrap, '--election-type', 'preferred', '--topic', 'restart', '--partition', '2']);
    expect(result).toEqual({
      code: 1,
      stdout:
        'Error completing leader election (PREFERRED) for partition: restart-2: org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: ' +
        'Failed to elect leader for partition restart-2 under strategy PreferredReplicaPartitionLeaderElectionStrategy\n',
      stderr: 'Exception in thread "main" kafka.common.AdminCommandFailedException: 1 replica(s) could not be elected\n',
    });

    const unclean = await runTool('kafka-leader-election', ['--bootstrap-server', cluster.broker(1).bootstrap, '--election-type', 'unclean', '--topic', 'lonely', '--partition', '0']);
    expect(unclean.code).toBe(1);
    expect(unclean.stdout).toBe(
      'Error completing leader election (UNCLEAN) for partition: lonely-0: org.apache.kafka.common.errors.EligibleLeadersNotAvailableException: ' +
        'Failed to elect leader for partition lonely-0 under strategy OfflinePartitionLeaderElectionStrategy(true)\n',
    );
  }, 60_000);
});

describe('automatic leader rebalance (leader.imbalance.check.interval.seconds=2)', () => {
  let dir: string;
  let cluster: LocalCluster;
  let zk: KafkaZkClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leader-rebalance-'));
    ({ cluster, zk } = await startCluster(dir, { 'auto.leader.rebalance.enable': 'true', 'leader.imbalance.check.interval.seconds': '2' }));
  }, 120_000);

  afterAll(async () => {
    await zk?.close();
    await cluster?.stop();
    if (!process.env.KEEP_TEST_DIRS) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('the controller moves leaders back to their preferred replicas without any tool', async () => {
    await createSkewedTopic(zk, 'auto');
    // The first check runs 5 s after failover, then every 2 s.
    await eventually('leaders on the preferred replicas', async () => JSON.stringify(await leaderIds(zk, 'auto')) === JSON.stringify(PREFERRED), 20_000);
    expect((await leaders(zk, 'auto')).every((s) => s.isr.length === 3)).toBe(true);
    // No znode is involved in automatic rebalancing.
    expect(await zk.getPreferredReplicaElection()).toBeNull();
  }, 60_000);

  it('a restarted broker gets its leaderships back once it has rejoined the ISR', async () => {
    const broker3 = cluster.broker(3);
    await broker3.stop('SIGTERM', 30_000);
    await eventually('leadership off broker 3', async () => (await leaderIds(zk, 'auto')).every((l) => l !== 3));
    await broker3.start();
    // DEPENDS ON REPLICATION: broker 3 must rejoin the ISR before a preferred election can pick it.
    await eventually('leaders on the preferred replicas again', async () => JSON.stringify(await leaderIds(zk, 'auto')) === JSON.stringify(PREFERRED), 30_000);
  }, 60_000);
});
