// Kafka 2.4.1's LeaderElectionCommand (bin/kafka-leader-election) without the process plumbing:
// option validation with its messages, the JSON partition list, and the printed summary. The
// election goes through ElectLeaders (elect-leaders-client.ts).

import { readFileSync } from 'node:fs';
import { parseBrokerList } from '../common/broker-list';
import { electLeaders, type ElectionOutcome } from './elect-leaders-client';
import { tpString, type TopicPartition } from '../../common/topic-partition';
import { ElectionType, type ElectionTypeName } from '../../protocol/election-type';
import { AdminCommandFailedException, AdminOperationException, javaApiExceptionString } from '../common/kafka-exceptions';

export { AdminCommandFailedException, AdminOperationException };

export interface LeaderElectionOptions {
  bootstrapServer?: string;
  electionType?: string;
  topic?: string;
  partition?: number;
  allTopicPartitions?: boolean;
  pathToJsonFile?: string;
}

/** joptsimple's EnumConverter: the constant's name, ignoring case. */
export function parseElectionType(value: string): ElectionTypeName | null {
  const upper = value.toUpperCase();
  return upper === 'PREFERRED' || upper === 'UNCLEAN' ? upper : null;
}

/** LeaderElectionCommand.validate, with its exact messages. */
export function validateLeaderElectionOptions(opts: LeaderElectionOptions): void {
  let missing: string[] = [];
  if (opts.bootstrapServer === undefined) missing = ['bootstrap-server', ...missing];
  if (opts.electionType === undefined) missing = ['election-type', ...missing];
  if (missing.length > 0) throw new AdminCommandFailedException(`Missing required option(s): ${missing.join(', ')}`);
  const exclusive = [opts.topic !== undefined, opts.allTopicPartitions === true, opts.pathToJsonFile !== undefined];
  if (exclusive.filter(Boolean).length !== 1) {
    throw new AdminCommandFailedException('One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file');
  }
  if (opts.topic !== undefined && opts.partition === undefined) throw new AdminCommandFailedException('Missing required option(s): partition');
  if (opts.topic === undefined && opts.partition !== undefined) throw new AdminCommandFailedException('Option partition is only allowed if topic is used');
}

/** `{"partitions":[{"topic":"t","partition":0}]}`; `what` names the data in messages ("Replica election data"). */
export function parseElectionData(json: string, what: string, missingPartitionsMessage: string): TopicPartition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AdminOperationException(`${what} is empty`);
  const list = (parsed as { partitions?: unknown }).partitions;
  if (!Array.isArray(list)) throw new AdminOperationException(missingPartitionsMessage);
  const partitions = list.map((p: unknown) => {
    const entry = p as { topic?: unknown; partition?: unknown };
    if (typeof entry?.topic !== 'string' || !Number.isInteger(entry.partition)) throw new AdminOperationException(`${what} has an entry without a string topic and an integer partition`);
    return { topic: entry.topic, partition: entry.partition as number };
  });
  const keys = partitions.map(tpString);
  const duplicates = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  if (duplicates.length > 0) throw new AdminOperationException(`${what} contains duplicate partitions: ${duplicates.join(',')}`);
  return partitions;
}


export interface SummaryText {
  succeeded: (partitions: string) => string;
  noop: (partitions: string) => string;
  failed: (tp: string, exception: string) => string;
  failure: (count: number) => string;
}

/**
 * The lines both tools print after an election, and the failure (if any) they end with. Kafka
 * 2.4.1 prints the *succeeded* set on its "already elected" line too (a bug in both tools that
 * later versions fixed); we print what 2.4.1 prints.
 */
export function summarizeElection(results: readonly ElectionOutcome[], text: SummaryText): { lines: string[]; failure: AdminCommandFailedException | null } {
  const sorted = [...results].sort((a, b) => (a.tp.topic < b.tp.topic ? -1 : a.tp.topic > b.tp.topic ? 1 : a.tp.partition - b.tp.partition));
  const succeeded = sorted.filter((r) => r.error === null).map((r) => tpString(r.tp));
  const noop = sorted.filter((r) => r.error?.errorName === 'ELECTION_NOT_NEEDED');
  const failed = sorted.filter((r) => r.error !== null && r.error.errorName !== 'ELECTION_NOT_NEEDED');
  const lines: string[] = [];
  if (succeeded.length > 0) lines.push(text.succeeded(succeeded.join(', ')));
  if (noop.length > 0) lines.push(text.noop(succeeded.join(', ')));
  for (const f of failed) lines.push(text.failed(tpString(f.tp), javaApiExceptionString(f.error!.errorName, f.error!.errorMessage)));
  return { lines, failure: failed.length > 0 ? new AdminCommandFailedException(text.failure(failed.length)) : null };
}

/** Runs the validated command; prints through `println`; throws AdminCommandFailedException on failures. */
export async function runLeaderElectionCommand(opts: LeaderElectionOptions, println: (line: string) => void, timeoutMs = 30_000): Promise<void> {
  const electionType = parseElectionType(opts.electionType!)!;
  let partitions: TopicPartition[] | null = null;
  if (opts.pathToJsonFile !== undefined) {
    partitions = parseElectionData(readFileSync(opts.pathToJsonFile, 'utf8'), 'Replica election data', 'Replica election data is missing "partitions" field');
  } else if (opts.topic !== undefined) {
    partitions = [{ topic: opts.topic, partition: opts.partition! }];
  }
  let results: ElectionOutcome[];
  try {
    results = await electLeaders(parseBrokerList(opts.bootstrapServer!), ElectionType[electionType], partitions, timeoutMs);
  } catch (error) {
    println('Error while making request');
    throw error;
  }
  const { lines, failure } = summarizeElection(results, {
    succeeded: (list) => `Successfully completed leader election (${electionType}) for partitions ${list}`,
    noop: (list) => `Valid replica already elected for partitions ${list}`,
    failed: (tp, exception) => `Error completing leader election (${electionType}) for partition: ${tp}: ${exception}`,
    failure: (count) => `${count} replica(s) could not be elected`,
  });
  lines.forEach(println);
  if (failure !== null) throw failure;
}
