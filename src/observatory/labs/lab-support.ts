// What several labs do: create a topic on chosen replicas and wait for it to settle, produce a
// numbered sequence (remembering which numbers were acknowledged), read a partition back as a
// consumer would, pick brokers by role, and describe partitions and errors in a line.

import { Kafka, logLevel, type Producer } from 'kafkajs';
import { BrokerConnection } from '../../network/broker-connection';
import { Apis } from '../../protocol/generated';
import { readPartitionRecords } from '../../admin/common/read-partition';
import { KafkaZkClient } from '../../zk';
import type { ClusterState, ControlPlaneEvent, PartitionView } from '../api-types';
import type { LabContext } from './lab';

export interface LabTopic {
  topic: string;
  /** Replicas per partition, preferred leader first. */
  assignment: number[][];
  configs?: Record<string, string>;
}

export function describePartition(p: PartitionView | undefined): string {
  if (p === undefined) return 'no such partition';
  return `${p.topic}-${p.partition}: replicas [${p.replicas.join(',')}], leader ${p.leader}, ISR [${p.isr.join(',')}], leader epoch ${p.leaderEpoch}, zkVersion ${p.zkVersion}`;
}

export function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Sets topic configs with an AlterConfigs v0 request (what kafka-configs --bootstrap-server
 * --alter sends; v0 replaces the topic's whole config set) to a live broker, the controller if it
 * can. Not kafkajs's admin.alterConfigs: that one first asks for the topic's metadata and gives up
 * with LEADER_NOT_AVAILABLE when a partition has no leader, which is when a lab needs it.
 */
export async function alterTopicConfigs(ctx: LabContext, topic: string, configs: Record<string, string>): Promise<void> {
  const state = ctx.state();
  const live = state.brokers.filter((b) => b.alive);
  const target = live.find((b) => b.id === state.controller.brokerId) ?? live[0];
  if (target === undefined) throw new Error('no live broker to send AlterConfigs to');
  const connection = new BrokerConnection({ host: target.host, port: target.port, clientId: `kafka-lab-${ctx.lab.name}-configs`, requestTimeoutMs: 10_000 });
  await connection.connect();
  try {
    const response = await connection.send(Apis.AlterConfigs, 0, {
      validateOnly: false,
      resources: [{ resourceType: 2, resourceName: topic, configs: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
    });
    const r = response.responses[0];
    if (r === undefined || r.errorCode !== 0) throw new Error(`AlterConfigs for topic ${topic} failed with error code ${r?.errorCode}: ${r?.errorMessage ?? ''}`);
  } finally {
    connection.close();
  }
}

/** Runs `use` with a ZooKeeper client of the lab's own on its ensemble (for the admin znodes the --zookeeper tools write). */
export async function withZooKeeper<T>(ctx: LabContext, use: (zk: KafkaZkClient) => Promise<T>): Promise<T> {
  const zk = await KafkaZkClient.connect({ connectString: ctx.zookeeper, sessionTimeoutMs: 30_000 });
  try {
    return await use(zk);
  } finally {
    await zk.close();
  }
}

/** Every partition of `topic` led by a live broker with all its replicas in the ISR. */
export function fullyReplicated(state: ClusterState, topic: string, partitions: number): boolean {
  const ps = state.partitions.filter((p) => p.topic === topic);
  return ps.length === partitions && ps.every((p) => p.leader >= 0 && sameMembers(p.isr, p.replicas));
}

/** The controller and the other brokers (sorted), from the observatory's state. */
export function brokerRoles(state: ClusterState): { controller: number; others: number[] } {
  const controller = state.controller.brokerId;
  return { controller, others: state.brokers.filter((b) => b.alive && b.id !== controller).map((b) => b.id).sort((a, b) => a - b) };
}

/** The Kafka error behind a kafkajs error (retries exceeded wrap the last one): its error name, else the innermost class. */
export function errorName(error: unknown): string {
  let e = error as { type?: unknown; name?: unknown; cause?: unknown } | undefined;
  let innermost = e;
  for (let depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e.type === 'string' && e.type.length > 0 && e.type !== 'UNKNOWN') return e.type;
    innermost = e;
    e = (e.cause ?? undefined) as typeof e;
  }
  return typeof innermost?.name === 'string' ? innermost.name : String(error);
}

/** Creates the topic with kafkajs (CreateTopics with a replica assignment) and waits until every partition has its preferred leader and a full ISR. */
export async function createLabTopic(ctx: LabContext, spec: LabTopic, timeoutMs = 30_000): Promise<void> {
  const admin = ctx.kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        {
          topic: spec.topic,
          replicaAssignment: spec.assignment.map((replicas, partition) => ({ partition, replicas })),
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
      waitForLeaders: true,
      timeout: timeoutMs,
    });
  } finally {
    await admin.disconnect();
  }
  const settled = await ctx.waitForState(
    (s) => fullyReplicated(s, spec.topic, spec.assignment.length) && s.partitions.filter((p) => p.topic === spec.topic).every((p) => p.leader === p.replicas[0]),
    timeoutMs,
    `${spec.topic} with its preferred leaders and full ISRs`,
  );
  if (settled === null) throw new Error(`${spec.topic} did not get its preferred leaders and full ISRs within ${timeoutMs} ms`);
}

export interface ReadRecord {
  offset: number;
  key: string | null;
  value: string | null;
  keyBytes: Buffer | null;
  valueBytes: Buffer | null;
}

/**
 * Reads a partition from `broker` (default: its leader now) from offset 0 up to the high watermark,
 * as a consumer does (Fetch with replica id -1: nothing past the high watermark).
 */
export async function readPartition(ctx: LabContext, topic: string, partition: number, broker?: number): Promise<ReadRecord[]> {
  const from = broker ?? ctx.partition(topic, partition)?.leader ?? -1;
  const view = ctx.state().brokers.find((b) => b.id === from);
  if (view === undefined || from < 0) throw new Error(`no broker to read ${topic}-${partition} from (leader ${from})`);
  const connection = new BrokerConnection({ host: view.host, port: view.port, clientId: `kafka-lab-${ctx.lab.name}-reader`, requestTimeoutMs: 10_000 });
  await connection.connect();
  try {
    return (await readPartitionRecords(connection, topic, partition)).map((r) => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, keyBytes: r.key, valueBytes: r.value }));
  } finally {
    connection.close();
  }
}

/**
 * Produces "0", "1", "2", ... to one partition, one send at a time, retrying a number until it is
 * acknowledged: `acknowledged` are the writes the cluster promised to keep (with acks=all, once
 * every replica in the ISR has them and the ISR is at least min.insync.replicas).
 */
export class SequenceProducer {
  readonly acknowledged: number[] = [];
  /** When each of `acknowledged` was acknowledged (epoch ms). */
  readonly acknowledgedAt: number[] = [];
  /** Error name → how many sends failed with it. */
  readonly failures = new Map<string, number>();
  private next = 0;
  private running: Promise<void> | null = null;
  private stopping = false;
  private producer: Producer | null = null;

  constructor(
    private readonly ctx: LabContext,
    readonly topic: string,
    readonly partition: number,
    private readonly acks: -1 | 1 = -1,
    private readonly options: { intervalMs?: number; first?: number; brokers?: string[]; name?: string } = {},
  ) {
    this.next = options.first ?? 0;
  }

  async connect(): Promise<void> {
    // A client of its own, impatient the way a lab needs: a request to a frozen broker times out
    // after 5 s (kafkajs then retries the same broker without asking for metadata), and metadata
    // older than a second is refreshed before each send, so a new leader is found soon.
    const kafka = new Kafka({
      clientId: `kafka-lab-${this.ctx.lab.name}-${this.options.name ?? 'producer'}`,
      brokers: this.options.brokers ?? this.ctx.bootstrapServers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1_000,
      requestTimeout: 5_000,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
    });
    this.producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, metadataMaxAge: 1_000, retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 } });
    await this.producer.connect();
    this.ctx.onCleanup(() => this.close());
  }

  /** Sends one record (the next number); resolves whether it was acknowledged. */
  async sendOne(timeoutMs = 4_000): Promise<boolean> {
    if (this.producer === null) await this.connect();
    const n = this.next;
    try {
      await this.producer!.send({ topic: this.topic, acks: this.acks, timeout: timeoutMs, messages: [{ partition: this.partition, key: String(n), value: String(n) }] });
      this.acknowledged.push(n);
      this.acknowledgedAt.push(Date.now());
      this.next++;
      return true;
    } catch (error) {
      const name = errorName(error);
      this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
      return false;
    }
  }

  /** Sends in the background until stop(). */
  start(): void {
    if (this.running !== null) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        const ok = await this.sendOne();
        await new Promise((resolve) => setTimeout(resolve, ok ? (this.options.intervalMs ?? 20) : 200));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.running = null;
  }

  /** Resolves once `count` more writes were acknowledged (false after `timeoutMs`). */
  async waitForAcks(count: number, timeoutMs: number): Promise<boolean> {
    const target = this.acknowledged.length + count;
    const deadline = Date.now() + timeoutMs;
    while (this.acknowledged.length < target) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  /** The longest time between two acknowledgements among the writes from index `from` on (how long writes were unavailable). */
  longestGapSince(from: number): number {
    let gap = 0;
    for (let i = Math.max(1, from); i < this.acknowledgedAt.length; i++) gap = Math.max(gap, this.acknowledgedAt[i] - this.acknowledgedAt[i - 1]);
    return gap;
  }

  failureSummary(): string {
    return this.failures.size === 0 ? 'no failed sends' : [...this.failures].map(([name, n]) => `${n}× ${name}`).join(', ');
  }

  async close(): Promise<void> {
    await this.stop();
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }
}

/** Numbers in `acknowledged` missing from what was read back. */
export function missingWrites(acknowledged: readonly number[], read: readonly ReadRecord[]): number[] {
  const present = new Set(read.map((r) => Number(r.value)));
  return acknowledged.filter((n) => !present.has(n));
}

/** How many values occur more than once (retries after a lost response write twice without idempotence). */
export function duplicateCount(read: readonly ReadRecord[]): number {
  const seen = new Set<string | null>();
  let duplicates = 0;
  for (const r of read) {
    if (seen.has(r.value)) duplicates++;
    seen.add(r.value);
  }
  return duplicates;
}

/** "1,2,3 and 40 more" */
export function listSome(items: readonly (number | string)[], max = 10): string {
  if (items.length === 0) return 'none';
  return items.length > max ? `${items.slice(0, max).join(',')} and ${items.length - max} more` : items.join(',');
}

export function isPartitionEvent(kind: string, topic: string, partition: number): (e: ControlPlaneEvent) => boolean {
  return (e) => e.kind === kind && e.topic === topic && e.partition === partition;
}
