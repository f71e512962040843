// kafka-consumer-groups --describe (offsets, --members [--verbose], --state): the rows Kafka
// 2.4.1's ConsumerGroupCommand collects from a group description, its committed offsets and the log
// end offsets, and the text it prints for them: Java format strings (`%-15s`), `-` for unknown
// values, the same column widths, blank lines and notes on stderr, and the same row order (which
// follows the JVM collections the rows are built in; see jvm-collection-order.ts).

import { javaHashOrder, javaHashSetFromCollectionOrder, scalaImmutableOrder, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { type TopicPartition, tpString } from '../../common/topic-partition';

export const MISSING_COLUMN_VALUE = '-';

export interface CoordinatorNode {
  id: number;
  host: string;
  port: number;
}

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  /** The member's assignment in the order the consumer protocol bytes list it. */
  partitions: TopicPartition[];
}

/** What the admin client's describeConsumerGroups gives for one group. */
export interface GroupDescription {
  groupId: string;
  /** ConsumerGroupState's name: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead, Unknown. */
  state: string;
  /** The protocol in use (the assignor's name, e.g. "range"); empty when none. */
  partitionAssignor: string;
  coordinator: CoordinatorNode;
  members: MemberDescription[];
}

/** PartitionAssignmentState: one line of the offsets view; undefined prints as `-`. */
export interface PartitionAssignmentState {
  group: string;
  topic?: string;
  partition?: number;
  offset?: bigint;
  lag?: bigint;
  consumerId?: string;
  host?: string;
  clientId?: string;
  logEndOffset?: bigint;
}

/** MemberAssignmentState: one line of the --members view. */
export interface MemberAssignmentState {
  group: string;
  consumerId: string;
  host: string;
  clientId: string;
  numPartitions: number;
  /** Only filled with --verbose. */
  assignment: TopicPartition[];
}

export interface Printer {
  /** A line on stdout. */
  out: (line: string) => void;
  /** A line on stderr. */
  err: (line: string) => void;
}

/** Kafka's KafkaException, reported as "Executing consumer group command failed due to ...". */
export class ConsumerGroupCommandError extends Error {}

/** Java's `%-Ns`: left-justified, padded to at least N characters. */
export const padRight = (value: string, width: number) => (value.length >= width ? value : value + ' '.repeat(width - value.length));

const show = (value: string | number | bigint | undefined) => (value === undefined ? MISSING_COLUMN_VALUE : String(value));

/** ConsumerGroupCommand.printError: a blank line, then "Error: msg", on stdout. */
export function printError(p: Printer, message: string): void {
  p.out('');
  p.out(`Error: ${message}`);
}

/** A member's partitions as MemberAssignment holds them: `new HashSet<>(assignment.partitions())`. */
export function memberPartitionSet(m: MemberDescription): TopicPartition[] {
  return javaHashSetFromCollectionOrder(m.partitions, topicPartitionHash);
}

const lagOf = (offset: bigint | undefined, logEnd: bigint | undefined) => (offset === undefined || offset === -1n || logEnd === undefined ? undefined : logEnd - offset);

/**
 * collectGroupsOffsets for one group: members holding partitions first (most partitions first),
 * each member's partitions by partition number, then the committed partitions no member holds.
 * `committed` is in the order the OffsetFetch response listed them.
 */
export function collectOffsetRows(
  group: GroupDescription,
  committed: ReadonlyArray<readonly [TopicPartition, bigint]>,
  logEndOffset: (tp: TopicPartition) => bigint | undefined,
): PartitionAssignmentState[] {
  // listConsumerGroupOffsets collects into a java.util.HashMap.
  const committedMap = javaHashOrder(committed, ([tp]) => topicPartitionHash(tp));
  const committedOffset = new Map(committedMap.map(([tp, offset]) => [tpString(tp), offset]));
  const assigned = new Set<string>();
  const rows: PartitionAssignmentState[] = [];

  const withPartitions = group.members.filter((m) => m.partitions.length > 0);
  // sortWith(size >) is a stable sort.
  const bySize = withPartitions.map((m, i) => ({ m, i })).sort((a, b) => b.m.partitions.length - a.m.partitions.length || a.i - b.i);
  for (const { m } of bySize) {
    const partitions = memberPartitionSet(m);
    for (const tp of partitions) assigned.add(tpString(tp));
    const sorted = partitions.map((tp, i) => ({ tp, i })).sort((a, b) => a.tp.partition - b.tp.partition || a.i - b.i).map((e) => e.tp);
    // getLogEndOffsets returns an immutable Map built from the sorted partitions; rows follow it.
    for (const tp of scalaImmutableOrder(sorted, topicPartitionHash, tpString)) {
      const offset = committedOffset.get(tpString(tp));
      const logEnd = logEndOffset(tp);
      rows.push({ group: group.groupId, topic: tp.topic, partition: tp.partition, offset, lag: lagOf(offset, logEnd), consumerId: m.memberId, host: m.host, clientId: m.clientId, logEndOffset: logEnd });
    }
  }
  for (const [tp, offset] of committedMap) {
    if (assigned.has(tpString(tp))) continue;
    const logEnd = logEndOffset(tp);
    rows.push({
      group: group.groupId,
      topic: tp.topic,
      partition: tp.partition,
      offset,
      lag: lagOf(offset, logEnd),
      consumerId: MISSING_COLUMN_VALUE,
      host: MISSING_COLUMN_VALUE,
      clientId: MISSING_COLUMN_VALUE,
      logEndOffset: logEnd,
    });
  }
  return rows;
}

/** The partitions whose log end offsets collectOffsetRows will ask for. */
export function partitionsToDescribe(group: GroupDescription, committed: ReadonlyArray<readonly [TopicPartition, bigint]>): TopicPartition[] {
  const all = [...group.members.flatMap((m) => m.partitions), ...committed.map(([tp]) => tp)];
  const seen = new Set<string>();
  return all.filter((tp) => !seen.has(tpString(tp)) && seen.add(tpString(tp)));
}

/** collectGroupsMembers for one group: members in the order the broker listed them. */
export function collectMemberRows(group: GroupDescription, verbose: boolean): MemberAssignmentState[] {
  return group.members.map((m) => ({
    group: group.groupId,
    consumerId: m.memberId,
    host: m.host,
    clientId: m.clientId,
    numPartitions: m.partitions.length,
    assignment: verbose ? memberPartitionSet(m) : [],
  }));
}

/**
 * shouldPrintMemberState: the note for the group's state, and whether it has rows to print.
 * `rows` undefined means the group's description is missing altogether.
 */
export function shouldPrintMemberState(p: Printer, group: string, state: string | undefined, rows: number | undefined): boolean {
  if (rows === undefined) {
    printError(p, `The consumer group '${group}' does not exist.`);
    return false;
  }
  switch (state) {
    case 'Dead':
      printError(p, `Consumer group '${group}' does not exist.`);
      break;
    case 'Empty':
      p.err('');
      p.err(`Consumer group '${group}' has no active members.`);
      break;
    case 'PreparingRebalance':
    case 'CompletingRebalance':
      p.err('');
      p.err(`Warning: Consumer group '${group}' is rebalancing.`);
      break;
    case 'Stable':
      break;
    default:
      throw new ConsumerGroupCommandError(`Expected a valid consumer group state, but found '${state ?? 'NONE'}'.`);
  }
  return state !== 'Dead' && rows > 0;
}

/** printOffsets for one group (after shouldPrintMemberState said yes). */
export function printOffsetRows(p: Printer, rows: readonly PartitionAssignmentState[]): void {
  let [groupLen, topicLen, consumerIdLen, hostLen] = [15, 15, 15, 15];
  for (const r of rows) {
    groupLen = Math.max(groupLen, r.group.length);
    topicLen = Math.max(topicLen, show(r.topic).length);
    consumerIdLen = Math.max(consumerIdLen, show(r.consumerId).length);
    hostLen = Math.max(hostLen, show(r.host).length);
  }
  const line = (cols: string[]) =>
    [padRight(cols[0], groupLen), padRight(cols[1], topicLen), padRight(cols[2], 10), padRight(cols[3], 15), padRight(cols[4], 15), padRight(cols[5], 15), padRight(cols[6], consumerIdLen), padRight(cols[7], hostLen), cols[8]].join(' ');
  p.out('');
  p.out(line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']));
  for (const r of rows) {
    p.out(line([r.group, show(r.topic), show(r.partition), show(r.offset), show(r.logEndOffset), show(r.lag), show(r.consumerId), show(r.host), show(r.clientId)]));
  }
}

/** The ASSIGNMENT column: topic(p,p,...) per topic, sorted as strings, or `-`. */
export function formatAssignment(assignment: readonly TopicPartition[]): string {
  if (assignment.length === 0) return MISSING_COLUMN_VALUE;
  const byTopic = new Map<string, number[]>();
  for (const tp of assignment) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  const parts = [...byTopic].map(([topic, ps]) => `${topic}(${[...ps].sort((a, b) => a - b).join(',')})`);
  // Scala's String ordering compares UTF-16 code units, as JavaScript's default sort does.
  return parts.sort().join(', ');
}

/** printMembers for one group. Every line but the last column ends with "%-15s ", a trailing space included. */
export function printMemberRows(p: Printer, rows: readonly MemberAssignmentState[], verbose: boolean): void {
  let [groupLen, consumerIdLen, hostLen, clientIdLen] = [15, 15, 15, 15];
  for (const r of rows) {
    groupLen = Math.max(groupLen, r.group.length);
    consumerIdLen = Math.max(consumerIdLen, r.consumerId.length);
    hostLen = Math.max(hostLen, r.host.length);
    clientIdLen = Math.max(clientIdLen, r.clientId.length);
  }
  const line = (cols: string[]) => `${padRight(cols[0], groupLen)} ${padRight(cols[1], consumerIdLen)} ${padRight(cols[2], hostLen)} ${padRight(cols[3], clientIdLen)} ${padRight(cols[4], 15)} `;
  p.out('');
  p.out(line(['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS']) + (verbose ? 'ASSIGNMENT' : ''));
  for (const r of rows) {
    p.out(line([r.group, r.consumerId, r.host, r.clientId, String(r.numPartitions)]) + (verbose ? formatAssignment(r.assignment) : ''));
  }
}

/**
 * printStates for one group. As in 2.4.1, the GROUP column is as wide as the coordinator column
 * (at least 25) and the COORDINATOR (ID) column is 25 wide whatever its content.
 */
export function printGroupState(p: Printer, group: GroupDescription): void {
  if (!shouldPrintMemberState(p, group.groupId, group.state, 1)) return;
  const coordinator = `${group.coordinator.host}:${group.coordinator.port} (${group.coordinator.id})`;
  const width = Math.max(25, coordinator.length);
  const line = (cols: string[]) => `${padRight(cols[0], width)} ${padRight(cols[1], 25)} ${padRight(cols[2], 20)} ${padRight(cols[3], 15)} ${cols[4]}`;
  p.out('');
  p.out(line(['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS']));
  p.out(line([group.groupId, coordinator, group.partitionAssignor, group.state, String(group.members.length)]));
}
