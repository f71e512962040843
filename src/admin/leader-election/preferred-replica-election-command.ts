// Kafka 2.4.1's deprecated PreferredReplicaLeaderElectionCommand (bin/kafka-preferred-replica-election):
// `--zookeeper` writes /admin/preferred_replica_election for the controller to act on (and returns
// before it has); `--bootstrap-server` calls ElectLeaders (PREFERRED) and reports the outcome.

import { readFileSync } from 'node:fs';
import { KafkaZkClient, isZkError } from '../../zk';
import { parseBrokerList } from '../common/broker-list';
import { electLeaders } from './elect-leaders-client';
import { AdminCommandFailedException, AdminOperationException, parseElectionData, summarizeElection } from './leader-election-command';
import { ElectionType } from '../../protocol/election-type';
import { tpString, type TopicPartition } from '../../common/topic-partition';

export interface PreferredReplicaElectionOptions {
  bootstrapServer?: string;
  zookeeper?: string;
  pathToJsonFile?: string;
}

export const DEPRECATION_LINE = 'This tool is deprecated. Please use kafka-leader-election tool. Tracking issue: KAFKA-8405';

const byTopicPartition = (a: TopicPartition, b: TopicPartition) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

/** Scala's Set toString, as 2.4.1 prints the partitions it wrote. */
export const scalaSetString = (partitions: readonly TopicPartition[]): string => `Set(${partitions.map(tpString).join(', ')})`;

function readPartitionsFile(path: string | undefined): TopicPartition[] | null {
  if (path === undefined) return null;
  return parseElectionData(readFileSync(path, 'utf8'), 'Preferred replica election data', 'Preferred replica election data is empty');
}

/** ZkCommand.electPreferredLeaders: every failure becomes "Admin command failed" with its cause. */
export async function electPreferredLeadersThroughZooKeeper(zk: KafkaZkClient, fromUser: TopicPartition[] | null, println: (line: string) => void): Promise<void> {
  try {
    const topics = fromUser === null ? await zk.getAllTopics() : [...new Set(fromUser.map((tp) => tp.topic))];
    const assignments = await zk.getTopicAssignments(topics);
    const existing = [...assignments].flatMap(([topic, partitions]) => [...partitions.keys()].map((partition) => ({ topic, partition })));
    const exists = (tp: TopicPartition) => existing.some((e) => e.topic === tp.topic && e.partition === tp.partition);
    const valid = (fromUser ?? existing).filter(exists).sort(byTopicPartition);
    const invalid = (fromUser ?? []).filter((tp) => !exists(tp));
    try {
      await zk.createPreferredReplicaElection(valid);
      println(`Created preferred replica election path with ${valid.map(tpString).join(',')}`);
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS')) throw new AdminOperationException(String(error));
      const pending = (await zk.getPreferredReplicaElection()) ?? [];
      throw new AdminOperationException(`Preferred replica leader election currently in progress for ${pending.map(tpString).join(',')}. Aborting operation`);
    }
    println(`Successfully started preferred replica election for partitions ${scalaSetString(valid)}`);
    for (const tp of invalid) println(`Skipping preferred replica leader election for partition ${tpString(tp)} since it doesn't exist.`);
  } catch (error) {
    const cause = error instanceof AdminOperationException ? `${error.javaClass}: ${error.message}` : String(error);
    throw new AdminCommandFailedException('Admin command failed', cause);
  }
}

/** AdminClientCommand.electPreferredLeaders. */
export async function electPreferredLeadersThroughAdminApi(bootstrapServer: string, fromUser: TopicPartition[] | null, println: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  let results;
  try {
    results = await electLeaders(parseBrokerList(bootstrapServer), ElectionType.PREFERRED, fromUser, timeoutMs);
  } catch (error) {
    // 2.4.1 prints this and the stack trace, and returns normally: we know no partition outcome.
    println('Error while making request');
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    return;
  }
  const { lines, failure } = summarizeElection(results, {
    succeeded: (list) => `Successfully completed preferred leader election for partitions ${list}`,
    noop: (list) => `Preferred replica already elected for partitions ${list}`,
    failed: (tp, exception) => `Error completing preferred leader election for partition: ${tp}: ${exception}`,
    failure: (count) => `${count} preferred replica(s) could not be elected`,
  });
  lines.forEach(println);
  if (failure !== null) throw failure;
}

/** The whole command after option checks (exactly one of the connection options is set). */
export async function runPreferredReplicaElectionCommand(opts: PreferredReplicaElectionOptions, println: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  const fromUser = readPartitionsFile(opts.pathToJsonFile);
  if (opts.zookeeper !== undefined) {
    println('Warning: --zookeeper is deprecated and will be removed in a future version of Kafka.');
    println('Use --bootstrap-server instead to specify a broker to connect to.');
    const zk = await KafkaZkClient.connect({ connectString: opts.zookeeper, sessionTimeoutMs: timeoutMs, connectionTimeoutMs: timeoutMs, createChroot: false });
    try {
      await electPreferredLeadersThroughZooKeeper(zk, fromUser, println);
    } finally {
      await zk.close();
    }
    return;
  }
  await electPreferredLeadersThroughAdminApi(opts.bootstrapServer!, fromUser, println, timeoutMs);
}
