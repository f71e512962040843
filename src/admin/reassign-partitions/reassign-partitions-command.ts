// Kafka 2.4.1's ReassignPartitionsCommand (bin/kafka-reassign-partitions) in its ZooKeeper form,
// without the process plumbing:
// - --generate proposes an assignment of the given topics over the given brokers and prints it
//   next to the current one; nothing is written;
// - --execute checks the file, prints the current assignment for rollback, sets the throttles
//   when asked, and writes /admin/reassign_partitions for the controller to act on (only the
//   throttle rates are updated while another reassignment is pending);
// - --verify reports each partition's status and, once all completed, removes the throttles.
// As in 2.4.1 every failure is reported on stdout ("Partitions reassignment failed due to ...")
// and the command still ends normally, so the tool exits 0 even when it failed.

import { tpString } from '../../common/topic-partition';
import { REASSIGN_PARTITIONS_PATH, isZkError, type KafkaZkClient } from '../../zk';
import { AdminZkClient } from '../../zk/admin/admin-zk-client';
import { AdminCommandFailedException, AdminOperationException } from '../common/kafka-exceptions';
import { replicaAssignmentForTopics, type Assignment } from './current-assignment';
import { generateAssignment, parseBrokerIds } from './generate-assignment';
import { JavaException, javaMessage, javaStackTraceLines, parseLongOption, readFileAsString } from './java-exceptions';
import type { Action, ReassignPartitionsOptions } from './reassign-partitions-options';
import { formatAsReassignmentJson, parsePartitionReassignmentData, replicaString, type ReassignmentData } from './reassignment-json';
import { partitionStatuses, replicaStatuses, statusText, type ReplicaStatuses } from './reassignment-status';
import { parseAndValidate } from './reassignment-validation';
import { BOOTSTRAP_SERVER_NEEDED, REPLICA_KEY, alterReplicaLogDirs, describeReplicaLogDirs, logDirAssignment } from './replica-log-dirs';
import { STRING_KEY, TP_KEY, groupBy, immutableMap, immutableSet, scalaSeqString } from './scala-collections';
import { assignThrottledReplicas, brokersToThrottle, limitBrokers, removeThrottles, type Throttle } from './throttles';

export type Println = (line: string) => void;

export const THROTTLE_WARNING =
  'Warning: You must run Verify periodically, until the reassignment completes, to ensure the throttle is removed. You can also alter the throttle by rerunning the Execute command passing a new value.';

const ADMIN_TIMEOUT_MS = 30_000;

export interface CommandContext {
  zk: KafkaZkClient;
  println: Println;
  /** Where AdminUtils draws its start index and shift from (tests fix it). */
  random?: () => number;
}

/** generateAssignment(zkClient, opts) */
export async function generate(ctx: CommandContext, opts: ReassignPartitionsOptions): Promise<void> {
  const brokerIds = parseBrokerIds(opts.brokerList!);
  const topicsJson = readFileAsString(opts.topicsToMoveJsonFile!);
  const { current, proposed } = await generateAssignment(ctx.zk, brokerIds, topicsJson, opts.disableRackAware === true, ctx.random);
  ctx.println(`Current partition replica assignment\n${formatAsReassignmentJson(current)}\n`);
  ctx.println(`Proposed partition reassignment configuration\n${formatAsReassignmentJson(proposed)}`);
}

/**
 * The partitions written to /admin/reassign_partitions, in the order 2.4.1 writes them: the
 * proposal grouped by topic (validatePartition per topic), collected into a Map again.
 */
export function reassignmentZnodeOrder(proposed: Assignment): Assignment {
  return immutableMap(
    groupBy(proposed, ([tp]) => tp.topic, STRING_KEY).flatMap(([, entries]) => entries),
    TP_KEY,
  );
}

/** Scala's toString of the pending reassignment (Map(t-0 -> Buffer(1, 2))). */
function pendingReassignmentString(pending: Array<{ topic: string; partition: number; replicas: number[] }>): string {
  const entries = immutableMap(pending.map((p) => [{ topic: p.topic, partition: p.partition }, p.replicas] as const), TP_KEY);
  return scalaSeqString('Map', entries.map(([tp, replicas]) => `${tpString(tp)} -> ${scalaSeqString('Buffer', replicas)}`));
}

/** executeAssignment(zkClient, adminClientOpt, opts) */
export async function execute(ctx: CommandContext, opts: ReassignPartitionsOptions): Promise<void> {
  const { zk, println } = ctx;
  const text = readFileAsString(opts.reassignmentJsonFile!);
  const throttle: Throttle = {
    interBrokerLimit: parseLongOption('throttle', opts.throttle ?? '-1'),
    replicaAlterLogDirsLimit: parseLongOption('replica-alter-log-dirs-throttle', opts.replicaAlterLogDirsThrottle ?? '-1'),
  };
  // How long the log-dir moves may take to be accepted (the replicas' brokers create them first).
  const timeoutMs = Number(parseLongOption('timeout', opts.timeout ?? '10000'));
  const data = await parseAndValidate(zk, text);
  const proposed = immutableMap(data.partitions, TP_KEY);
  const adminZk = new AdminZkClient(zk);
  const existingAssignment = () => replicaAssignmentForTopics(zk, proposed.map(([tp]) => tp.topic));
  const logDirBrokers = logDirAssignment(data.logDirs).map(([r]) => r.brokerId);
  const limit = async () => limitBrokers(adminZk, brokersToThrottle(await existingAssignment(), proposed, logDirBrokers), throttle);

  if ((await zk.exists(REASSIGN_PARTITIONS_PATH)) !== null) {
    // Rerunning --execute while a reassignment is pending only changes the throttle rates.
    println('There is an existing assignment running.');
    await limit();
    return;
  }
  const current = await replicaAssignmentForTopics(zk, data.partitions.map(([tp]) => tp.topic));
  println(`Current partition replica assignment\n\n${formatAsReassignmentJson(current)}\n\nSave this to use as the --reassignment-json-file option during rollback`);
  if (throttle.interBrokerLimit >= 0n || throttle.replicaAlterLogDirsLimit >= 0n) println(THROTTLE_WARNING);

  // reassignPartitions: the throttles go on before the reassignment is written.
  if (throttle.interBrokerLimit >= 0n) await assignThrottledReplicas(adminZk, await existingAssignment(), proposed);
  await limit();
  if (throttle.interBrokerLimit >= 0n) println(`The inter-broker throttle limit was set to ${throttle.interBrokerLimit} B/s`);
  if (throttle.replicaAlterLogDirsLimit >= 0n) println(`The replica-alter-dir throttle limit was set to ${throttle.replicaAlterLogDirsLimit} B/s`);
  const logDirs = logDirAssignment(data.logDirs);
  if (logDirs.length > 0 && opts.bootstrapServer === undefined) throw new AdminCommandFailedException(BOOTSTRAP_SERVER_NEEDED);
  const startMs = Date.now();
  // First so that a replica the reassignment creates is created in its dir.
  if (logDirs.length > 0) await alterReplicaLogDirs(opts.bootstrapServer!, logDirs, timeoutMs);
  try {
    await zk.createPartitionReassignment(reassignmentZnodeOrder(proposed).map(([tp, replicas]) => ({ topic: tp.topic, partition: tp.partition, replicas })));
  } catch (error) {
    if (!isZkError(error, 'NODE_EXISTS')) throw error;
    const pending = (await zk.getPartitionReassignment().catch(() => null)) ?? [];
    throw new AdminCommandFailedException(`Partition reassignment currently in progress for ${pendingReassignmentString(pending)}. Aborting operation`);
  }
  // Again until every broker has the replica and moves it (or the time is up).
  const assigned = new Set<string>();
  while (Date.now() - startMs < timeoutMs && assigned.size < logDirs.length) {
    const pending = logDirs.filter(([r]) => !assigned.has(REPLICA_KEY.id(r)));
    for (const r of await alterReplicaLogDirs(opts.bootstrapServer!, pending, timeoutMs - (Date.now() - startMs))) assigned.add(REPLICA_KEY.id(r));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (assigned.size === logDirs.length) println('Successfully started reassignment of partitions.');
  else println(`Failed to reassign partitions ${scalaSeqString('ListBuffer', data.partitions.map(([tp, replicas]) => `(${tpString(tp)},${scalaSeqString('Vector', replicas)})`))}`);
}

async function checkReplicas(data: ReassignmentData, opts: ReassignPartitionsOptions): Promise<ReplicaStatuses> {
  if (data.logDirs.length === 0) return { notes: [], statuses: [] };
  if (opts.bootstrapServer === undefined) throw new AdminCommandFailedException(BOOTSTRAP_SERVER_NEEDED);
  const infos = await describeReplicaLogDirs(opts.bootstrapServer, logDirAssignment(data.logDirs).map(([r]) => r), ADMIN_TIMEOUT_MS);
  return replicaStatuses(data.logDirs, infos);
}

/** verifyAssignment(zkClient, adminClientOpt, opts) */
export async function verify(ctx: CommandContext, opts: ReassignPartitionsOptions): Promise<void> {
  const { zk, println } = ctx;
  const text = readFileAsString(opts.reassignmentJsonFile!);
  println('Status of partition reassignment: ');
  const data = parsePartitionReassignmentData(text);
  const partitions = await partitionStatuses(zk, immutableMap(data.partitions, TP_KEY));
  const replicas = await checkReplicas(data, opts);
  replicas.notes.forEach(println);
  for (const [tp, status] of partitions) println(`Reassignment of partition ${tpString(tp)} ${statusText(status)}`);
  for (const [replica, status] of replicas.statuses) println(`Reassignment of replica ${replicaString(replica)} ${statusText(status)}`);

  // removeThrottle: only once every partition and replica completed.
  if (![...partitions, ...replicas.statuses].every(([, status]) => status === 'completed')) return;
  const topics = immutableSet([...immutableSet(partitions.map(([tp]) => tp.topic), STRING_KEY), ...replicas.statuses.map(([r]) => r.topic)], STRING_KEY);
  if (await removeThrottles(zk, new AdminZkClient(zk), topics)) println('Throttle was removed.');
}

/** What 2.4.1's main prints for a failure: the message, then the stack trace (here its non-frame lines) and the blank line it ends with. */
export function failureLines(error: unknown): string[] {
  const isJava = error instanceof JavaException || error instanceof AdminCommandFailedException || error instanceof AdminOperationException;
  const trace = isJava ? javaStackTraceLines(error) : ((error as Error)?.stack ?? String(error)).split('\n');
  return [`Partitions reassignment failed due to ${javaMessage(error)}`, ...trace, ''];
}

/** ReassignPartitionsCommand.main after the option checks and the ZooKeeper connection. Never throws. */
export async function runReassignPartitionsCommand(ctx: CommandContext, action: Action, opts: ReassignPartitionsOptions): Promise<void> {
  try {
    if (action === 'verify') await verify(ctx, opts);
    else if (action === 'generate') await generate(ctx, opts);
    else await execute(ctx, opts);
  } catch (error) {
    failureLines(error).forEach(ctx.println);
  }
}
