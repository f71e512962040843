// kafka-topics --describe output, line for line as Kafka 2.4.1's TopicCommand prints it:
//   Topic: T<TAB>PartitionCount: 3<TAB>ReplicationFactor: 2<TAB>Configs: k=v,k2=v2[<TAB>MarkedForDeletion: true]
//   <TAB>Topic: T<TAB>Partition: 0<TAB>Leader: 1<TAB>Replicas: 1,2<TAB>Isr: 1,2[<TAB>MarkedForDeletion: true]
// and which of those lines the report options (--under-replicated-partitions, ...) keep.

import { javaHashMapOrder } from '../../common/jvm-order/java-hash-map-order';

export interface TopicSummary {
  topic: string;
  partitionCount: number;
  replicationFactor: number;
  /** Non-default configs in the order the map holding them was built. */
  configs: ReadonlyArray<[string, string]>;
  markedForDeletion: boolean;
}

export interface PartitionSummary {
  topic: string;
  partition: number;
  /** null when the partition has no leader (printed `none`). */
  leader: number | null;
  replicas: readonly number[];
  isr: readonly number[];
  markedForDeletion: boolean;
  /** The topic's min.insync.replicas, when known (--bootstrap-server, from DescribeConfigs). */
  minIsrCount?: number;
}

const marked = (yes: boolean) => (yes ? '\tMarkedForDeletion: true' : '');

/** Configs are shown from a java.util.HashMap (admin Config), so in its iteration order. */
export function formatTopicLine(t: TopicSummary): string {
  const configs = javaHashMapOrder(t.configs, ([name]) => name)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
  return `Topic: ${t.topic}\tPartitionCount: ${t.partitionCount}\tReplicationFactor: ${t.replicationFactor}\tConfigs: ${configs}${marked(t.markedForDeletion)}`;
}

export function formatPartitionLine(p: PartitionSummary): string {
  const leader = p.leader === null ? 'none' : String(p.leader);
  return `\tTopic: ${p.topic}\tPartition: ${p.partition}\tLeader: ${leader}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}${marked(p.markedForDeletion)}`;
}

export interface DescribeReportOptions {
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  underMinIsrPartitions?: boolean;
  atMinIsrPartitions?: boolean;
  topicsWithOverrides?: boolean;
}

/** TopicCommand.DescribeOptions: which topic and partition lines a --describe prints. */
export class DescribeFilter {
  /** Topic header lines are printed only when no partition report was asked for. */
  readonly describeConfigs: boolean;
  readonly describePartitions: boolean;

  constructor(
    private readonly opts: DescribeReportOptions,
    private readonly liveBrokers: ReadonlySet<number>,
  ) {
    this.describeConfigs = !opts.underReplicatedPartitions && !opts.unavailablePartitions && !opts.underMinIsrPartitions && !opts.atMinIsrPartitions;
    this.describePartitions = !opts.topicsWithOverrides;
  }

  /** --topics-with-overrides prints only topics that have some non-default config. */
  shouldPrintTopic(t: TopicSummary): boolean {
    return this.describeConfigs && (!this.opts.topicsWithOverrides || t.configs.length > 0);
  }

  shouldPrintPartition(p: PartitionSummary): boolean {
    if (!this.describePartitions) return false;
    const underReplicated = p.isr.length < p.replicas.length;
    const unavailable = p.leader === null || !this.liveBrokers.has(p.leader);
    // PartitionDescription.isUnderMinIsr / isAtMinIsrPartitions.
    const underMinIsr = p.leader === null || (p.minIsrCount !== undefined && p.isr.length < p.minIsrCount);
    const atMinIsr = p.minIsrCount !== undefined && p.isr.length === p.minIsrCount;
    return (
      this.describeConfigs ||
      (!!this.opts.underReplicatedPartitions && underReplicated) ||
      (!!this.opts.unavailablePartitions && unavailable) ||
      (!!this.opts.underMinIsrPartitions && underMinIsr) ||
      (!!this.opts.atMinIsrPartitions && atMinIsr)
    );
  }
}

/** Prints one topic's description through `out` (one call per line). */
export function printTopicDescription(
  filter: DescribeFilter,
  topic: TopicSummary,
  partitions: readonly PartitionSummary[],
  out: (line: string) => void,
): void {
  if (filter.shouldPrintTopic(topic)) out(formatTopicLine(topic));
  for (const p of [...partitions].sort((a, b) => a.partition - b.partition)) {
    if (filter.shouldPrintPartition(p)) out(formatPartitionLine(p));
  }
}
