// kafka-consumer-groups' actions (Kafka 2.4.1's ConsumerGroupService): --list, --describe (offsets,
// --members, --state), --delete, --reset-offsets and --delete-offsets, over a ConsumerGroupClient.
// As in 2.4.1, a failure while acting is printed as "Error: Executing consumer group command failed
// due to <message>" on stdout and the tool still exits 0; printUsageAndDie cases thrown from here are
// UsageErrors (message + help on stderr, exit 1), raised only once the cluster has been asked, at the
// point where Kafka raises them (e.g. a missing reset scenario is noticed only for an inactive group).

import { readFileSync } from 'node:fs';
import { UsageError } from '../common/command-line';
import { ErrorCode, errorName } from '../../protocol/errors';
import { GroupCallError, javaGroupExceptionString, type ConsumerGroupClient } from './consumer-group-client';
import {
  JoptException,
  isDryRun,
  longValue,
  missingScenarioMessage,
  resetScenario,
  singleValue,
  type ConsumerGroupCommandOptions,
} from './consumer-group-command-options';
import {
  collectMemberRows,
  collectOffsetRows,
  padRight,
  partitionsToDescribe,
  printError,
  printGroupState,
  printMemberRows,
  printOffsetRows,
  shouldPrintMemberState,
  type GroupDescription,
  type Printer,
} from './consumer-group-describe';
import { javaHashOrder, scalaImmutableOrder, stringHash, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import {
  convertTimestamp,
  exportOffsetsToCsv,
  log4jWarn,
  parseDuration,
  parseResetPlan,
  parseTopicArg,
  planReset,
  printOffsetsToReset,
  resetGroupOrder,
  type OffsetEntry,
  type ResetInputs,
  type ResetScenario,
} from './consumer-group-reset';
import { type TopicPartition, tpString } from '../../common/topic-partition';

export interface CommandEnvironment {
  now?: () => number;
  readFile?: (path: string) => string;
}

/** Groups named by --group (in order, without repeats) or every consumer group with --all-groups. */
async function groupIds(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient): Promise<string[]> {
  if (opts.allGroups) return listGroups(client);
  return [...new Set(opts.group ?? [])];
}

/** listConsumerGroups: the listings are collected in a java.util.HashMap keyed by group id. */
async function listGroups(client: ConsumerGroupClient): Promise<string[]> {
  return javaHashOrder([...new Set(await client.listGroups())], stringHash);
}

/**
 * describeConsumerGroups(ids) and then `.get()` on each future in the result map's (HashMap)
 * order: the first failure aborts the whole command.
 */
async function describeAll(client: ConsumerGroupClient, ids: readonly string[]): Promise<Map<string, GroupDescription>> {
  const settled = await Promise.allSettled(ids.map((id) => client.describeGroup(id)));
  const byId = new Map(ids.map((id, i) => [id, settled[i]]));
  const out = new Map<string, GroupDescription>();
  for (const id of javaHashOrder(ids, stringHash)) {
    const result = byId.get(id)!;
    if (result.status === 'rejected') throw result.reason;
    out.set(id, result.value);
  }
  return out;
}

const sortedGroups = (groups: Map<string, GroupDescription>) => [...groups.values()].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));

async function describeGroups(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, p: Printer): Promise<void> {
  const groups = await describeAll(client, await groupIds(opts, client));
  if (opts.members) {
    for (const group of sortedGroups(groups)) {
      const rows = collectMemberRows(group, !!opts.verbose);
      if (shouldPrintMemberState(p, group.groupId, group.state, rows.length)) printMemberRows(p, rows, !!opts.verbose);
    }
  } else if (opts.state) {
    for (const group of sortedGroups(groups)) printGroupState(p, group);
  } else {
    // collectGroupsOffsets gathers every group first, then printOffsets prints them sorted.
    const collected = [];
    for (const group of groups.values()) {
      const committed = await client.committedOffsets(group.groupId);
      const partitions = partitionsToDescribe(group, committed);
      const logEnd = partitions.length > 0 ? await client.endOffsets(partitions) : new Map<string, bigint>();
      collected.push({ group, rows: collectOffsetRows(group, committed, (tp) => logEnd.get(tpString(tp))) });
    }
    collected.sort((a, b) => (a.group.groupId < b.group.groupId ? -1 : a.group.groupId > b.group.groupId ? 1 : 0));
    for (const { group, rows } of collected) {
      if (shouldPrintMemberState(p, group.groupId, group.state, rows.length)) printOffsetRows(p, rows);
    }
  }
}

async function deleteGroups(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, p: Printer): Promise<void> {
  const ids = await groupIds(opts, client);
  const results = await Promise.all(ids.map(async (id) => [id, await client.deleteGroup(id)] as const));
  // deletedGroups() is a HashMap; `partition` then builds two immutable Scala maps.
  const ordered = javaHashOrder(results, ([id]) => stringHash(id));
  const scalaMap = (entries: typeof ordered) => scalaImmutableOrder(entries, ([id]) => stringHash(id), ([id]) => id);
  const success = scalaMap(ordered.filter(([, error]) => error === null));
  const failed = scalaMap(ordered.filter(([, error]) => error !== null));
  const names = (entries: typeof ordered) => `'${entries.map(([id]) => id).join("', '")}'`;
  if (failed.length === 0) {
    p.out(`Deletion of requested consumer groups (${names(success)}) was successful.`);
  } else {
    printError(p, 'Deletion of some consumer groups failed:');
    for (const [group, error] of failed) p.out(`* Group '${group}' could not be deleted due to: ${error}`);
    if (success.length > 0) {
      p.out('');
      p.out(`These consumer groups were deleted successfully: ${names(success)}`);
    }
  }
}

function scenarioOf(opts: ConsumerGroupCommandOptions, now: () => number): ResetScenario {
  switch (resetScenario(opts)) {
    case 'toOffset':
      return { kind: 'to-offset', offset: longValue(opts, 'toOffset')! };
    case 'toEarliest':
      return { kind: 'to-earliest' };
    case 'toLatest':
      return { kind: 'to-latest' };
    case 'toCurrent':
      return { kind: 'to-current' };
    case 'shiftBy':
      return { kind: 'shift-by', shift: longValue(opts, 'shiftBy')! };
    case 'toDatetime':
      return { kind: 'to-datetime', timestamp: convertTimestamp(singleValue(opts, 'toDatetime')!) };
    case 'byDuration':
      return { kind: 'by-duration', timestamp: now() - parseDuration(singleValue(opts, 'byDuration')!) };
    case 'fromFile':
      return { kind: 'from-file' };
    default:
      throw new UsageError(missingScenarioMessage());
  }
}

/** getPartitionsToReset: the committed partitions, the --topic ones, or none for --from-file. */
async function partitionsToReset(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, groupId: string): Promise<TopicPartition[]> {
  if (opts.allTopics) return javaHashOrder(await client.committedOffsets(groupId), ([tp]) => topicPartitionHash(tp)).map(([tp]) => tp);
  if (opts.topic !== undefined) {
    const out: TopicPartition[] = [];
    for (const arg of opts.topic) {
      const parsed = parseTopicArg(arg);
      const partitions = parsed.partitions ?? (await client.partitionsFor(parsed.topic));
      out.push(...partitions.map((partition) => ({ topic: parsed.topic, partition })));
    }
    return out;
  }
  if (opts.fromFile !== undefined) return [];
  throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.');
}

async function resetOffsets(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, p: Printer, env: Required<CommandEnvironment>): Promise<Array<[string, OffsetEntry[]]>> {
  const ids = await groupIds(opts, client);
  const groups = await describeAll(client, ids);
  let filePlan: Map<string, OffsetEntry[]> | undefined;
  const plan: Array<[string, OffsetEntry[]]> = [];
  for (const groupId of resetGroupOrder(ids)) {
    const state = groups.get(groupId)!.state;
    if (state !== 'Empty' && state !== 'Dead') {
      printError(p, `Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.`);
      plan.push([groupId, []]);
      continue;
    }
    const partitions = await partitionsToReset(opts, client, groupId);
    const scenario = scenarioOf(opts, env.now);
    const inputs: ResetInputs = { logStart: new Map(), logEnd: new Map(), committed: new Map() };
    let clampPartitions = partitions;
    if (scenario.kind === 'from-file') {
      filePlan ??= parseResetPlan(env.readFile(singleValue(opts, 'fromFile')!), opts.group ?? []);
      inputs.fromFile = filePlan.get(groupId);
      clampPartitions = (inputs.fromFile ?? []).map(([tp]) => tp);
    }
    if (['shift-by', 'to-current'].includes(scenario.kind)) {
      inputs.committed = new Map((await client.committedOffsets(groupId)).map(([tp, offset]) => [tpString(tp), offset]));
    }
    if (clampPartitions.length > 0) {
      if (['to-offset', 'shift-by', 'from-file', 'to-earliest'].includes(scenario.kind)) inputs.logStart = await client.beginningOffsets(clampPartitions);
      if (['to-offset', 'shift-by', 'from-file', 'to-latest', 'to-current', 'to-datetime', 'by-duration'].includes(scenario.kind)) inputs.logEnd = await client.endOffsets(clampPartitions);
      if (scenario.kind === 'to-datetime' || scenario.kind === 'by-duration') inputs.byTimestamp = await client.offsetsForTimes(clampPartitions, scenario.timestamp);
    }
    const offsets = planReset(scenario, partitions, inputs, (line) => p.err(log4jWarn(line, new Date(env.now()))), groupId, (message) => printError(p, message));
    if (!isDryRun(opts)) await client.commitOffsets(groupId, offsets);
    plan.push([groupId, offsets]);
  }
  return plan;
}

async function deleteOffsets(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, p: Printer): Promise<void> {
  const groupId = singleValue(opts, 'group')!;
  const topics = opts.topic ?? [];
  // Per partition: null for success, else the failure's message (the cause's toString).
  const results = new Map<string, { tp: TopicPartition; error: string | null }>();
  const known: TopicPartition[] = [];
  const whole: string[] = [];
  for (const arg of topics) {
    if (arg.includes(':')) {
      const parsed = parseTopicArg(arg);
      known.push(...parsed.partitions!.map((partition) => ({ topic: parsed.topic, partition })));
    } else whole.push(arg);
  }
  const described: TopicPartition[] = [];
  for (const topic of whole) {
    const d = await client.describeTopic(topic);
    if ('error' in d) results.set(tpString({ topic, partition: -1 }), { tp: { topic, partition: -1 }, error: d.error });
    else described.push(...d.partitions.map((partition) => ({ topic, partition })));
  }
  // partitions.toSet: an immutable Scala Set, whose order also decides which error is "first".
  const partitions = scalaImmutableOrder([...known, ...described], topicPartitionHash, tpString);
  let groupCode: number = ErrorCode.NONE;
  let perPartition = new Map<string, number>();
  try {
    const answer = await client.deleteOffsets(groupId, partitions);
    groupCode = answer.errorCode;
    perPartition = answer.partitions;
  } catch (error) {
    if (!(error instanceof GroupCallError)) throw error;
    groupCode = error.errorCode;
  }
  let top: number = groupCode;
  for (const tp of partitions) {
    let code = groupCode;
    let error: string | null = null;
    if (groupCode !== ErrorCode.NONE) error = javaGroupExceptionString(groupCode);
    else {
      const answered = perPartition.get(tpString(tp));
      code = answered ?? ErrorCode.UNKNOWN_SERVER_ERROR;
      if (answered === undefined) error = `java.lang.IllegalArgumentException: Offset deletion result for partition "${tpString(tp)}" was not included in the response`;
      else if (answered !== ErrorCode.NONE) error = javaGroupExceptionString(answered);
    }
    // all() fails with the first partition error; Errors.forException maps it back to a code.
    if (top === ErrorCode.NONE && code !== ErrorCode.NONE) top = code;
    results.set(tpString(tp), { tp, error });
  }

  if (top === ErrorCode.NONE) p.out(`Request succeed for deleting offsets with topic ${topics.join(', ')} group ${groupId}`);
  else if (top === ErrorCode.INVALID_GROUP_ID) printError(p, `'${groupId}' is not valid.`);
  else if (top === ErrorCode.GROUP_ID_NOT_FOUND) printError(p, `'${groupId}' does not exist.`);
  else if (top === ErrorCode.GROUP_AUTHORIZATION_FAILED) printError(p, `Access to '${groupId}' is not authorized.`);
  else if (top === ErrorCode.NON_EMPTY_GROUP) printError(p, `Deleting offsets of a consumer group '${groupId}' is forbidden if the group is not empty.`);
  else if (top === ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC || top === ErrorCode.TOPIC_AUTHORIZATION_FAILED || top === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) {
    printError(p, 'Encounter some partition level error, see the follow-up details:');
  } else printError(p, `Encounter some unknown error: ${errorName(top)}`);

  p.out('');
  p.out(`${padRight('TOPIC', 30)} ${padRight('PARTITION', 15)} ${padRight('STATUS', 15)}`);
  const sortKey = (tp: TopicPartition) => tp.topic + String(tp.partition);
  const rows = [...results.values()].sort((a, b) => (sortKey(a.tp) < sortKey(b.tp) ? -1 : sortKey(a.tp) > sortKey(b.tp) ? 1 : 0));
  for (const { tp, error } of rows) {
    const partition = tp.partition >= 0 ? String(tp.partition) : 'Not Provided';
    p.out(`${padRight(tp.topic, 30)} ${padRight(partition, 15)} ${padRight(error === null ? 'Successful' : `Error: ${error}`, 15)}`);
  }
}

/**
 * Runs the action the options name. Failures Kafka catches in main are printed here; a UsageError
 * (printUsageAndDie in Kafka) is thrown for the CLI to print with the help.
 */
export async function runConsumerGroupCommand(opts: ConsumerGroupCommandOptions, client: ConsumerGroupClient, p: Printer, env: CommandEnvironment = {}): Promise<void> {
  const environment: Required<CommandEnvironment> = { now: env.now ?? Date.now, readFile: env.readFile ?? ((path) => readFileSync(path, 'utf8')) };
  try {
    if (opts.list) for (const id of await listGroups(client)) p.out(id);
    else if (opts.describe) await describeGroups(opts, client, p);
    else if (opts.delete) await deleteGroups(opts, client, p);
    else if (opts.resetOffsets) {
      const plan = await resetOffsets(opts, client, p, environment);
      if (opts.export) p.out(exportOffsetsToCsv(plan, (opts.group ?? []).length === 1));
      else printOffsetsToReset(p, plan);
    } else if (opts.deleteOffsets) await deleteOffsets(opts, client, p);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    printError(p, `Executing consumer group command failed due to ${failureMessage(error)}`);
  }
}

/** Throwable#getMessage of what went wrong, as the Java tool would have it. */
function failureMessage(error: unknown): string {
  if (error instanceof JoptException) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Utils.readFileAsString: NoSuchFileException's message is the path.
    if (code === 'ENOENT' && typeof (error as NodeJS.ErrnoException).path === 'string') return (error as NodeJS.ErrnoException).path!;
    return error.message;
  }
  return String(error);
}
