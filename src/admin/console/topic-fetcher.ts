// A minimal, group-less consumer for the console consumer, built on our own protocol codecs:
// Metadata v1 finds each partition's leader, ListOffset v1 resolves earliest/latest, and Fetch v4
// (long poll, 500 ms) reads from the leaders. Consumer groups are not in the broker yet, and
// kafkajs's consumer cannot run without them.

import { BrokerConnection } from '../../network/broker-connection';
import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import {
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  BATCH_HEADER_SIZE,
  batchAttributes,
  batchIsControl,
  batchMagic,
  batchSize,
} from '../../protocol/records/batch-header';
import { iterateRecords } from '../../protocol/records/record';
import type { HostPort } from '../common/broker-list';

export const EARLIEST_TIMESTAMP = -2n;
export const LATEST_TIMESTAMP = -1n;

export interface ConsumedRecord {
  partition: number;
  offset: number;
  timestampType: 'CreateTime' | 'LogAppendTime';
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

export class FetcherError extends Error {}

interface PartitionPosition {
  partition: number;
  leader: number;
  /** Next offset to fetch; null until resolved (from the start, or after OFFSET_OUT_OF_RANGE). */
  offset: bigint | null;
  /** Had a position before: a lost one is re-resolved from resetTo, not from the start. */
  positioned: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Errors after which the leader may have moved: refresh metadata and retry. */
const RETRY_WITH_NEW_METADATA = new Set<number>([
  ErrorCode.NOT_LEADER_FOR_PARTITION,
  ErrorCode.LEADER_NOT_AVAILABLE,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);

/** Whole v2 batches in a fetched record set; a torn last batch and old-format batches are skipped. */
export function* recordsOf(partition: number, set: Buffer): Generator<ConsumedRecord> {
  for (let p = 0; p + BATCH_HEADER_SIZE <= set.length && p + batchSize(set, p) <= set.length; p += batchSize(set, p)) {
    if (batchMagic(set, p) !== 2 || batchIsControl(set, p)) continue;
    const timestampType = (batchAttributes(set, p) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0 ? 'LogAppendTime' : 'CreateTime';
    for (const r of iterateRecords(set, p)) {
      yield { partition, offset: r.offset, timestampType, timestamp: r.timestamp, key: r.key, value: r.value };
    }
  }
}

export interface TopicFetcherOptions {
  bootstrap: HostPort[];
  topic: string;
  /** Only this partition; all of the topic's partitions when absent. */
  partition?: number;
  /** EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, or an offset (>= 0). */
  start: bigint;
  /** Where to go after OFFSET_OUT_OF_RANGE (auto.offset.reset). */
  resetTo: bigint;
  clientId?: string;
}

export class TopicFetcher {
  private readonly connections = new Map<string, BrokerConnection>();
  private brokers = new Map<number, HostPort>();
  private positions: PartitionPosition[] = [];

  constructor(private readonly options: TopicFetcherOptions) {}

  /** Finds the leaders and the start offsets; waits (up to `timeoutMs`) for the topic to have leaders. */
  async start(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.refreshMetadata();
        await this.resolveOffsets();
        return;
      } catch (error) {
        // Anything but a definite answer (no such partition) may pass: leaders being elected, a broker restarting.
        if (error instanceof FetcherError) throw error;
        if (Date.now() > deadline) throw new FetcherError((error as Error).message);
        await sleep(200);
      }
    }
  }

  /** One round of fetches to every leader (long poll); records in offset order per partition. */
  async poll(maxWaitMs = 500): Promise<ConsumedRecord[]> {
    const byLeader = new Map<number, PartitionPosition[]>();
    for (const p of this.positions) byLeader.set(p.leader, [...(byLeader.get(p.leader) ?? []), p]);
    const results = await Promise.all([...byLeader].map(([leader, parts]) => this.fetchFrom(leader, parts, maxWaitMs)));
    if (results.some((r) => r.stale)) {
      await sleep(100);
      await this.refreshMetadata().catch(() => undefined);
      await this.resolveOffsets().catch(() => undefined);
    }
    return results.flatMap((r) => r.records);
  }

  close(): void {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
  }

  private async fetchFrom(leader: number, parts: PartitionPosition[], maxWaitMs: number): Promise<{ records: ConsumedRecord[]; stale: boolean }> {
    const ready = parts.filter((p) => p.offset !== null);
    if (ready.length === 0) return { records: [], stale: true };
    let response;
    try {
      const connection = await this.connection(leader);
      response = await connection.send(Apis.Fetch, 4, {
        replicaId: -1,
        maxWait: maxWaitMs,
        minBytes: 1,
        maxBytes: 52_428_800,
        isolationLevel: 0,
        sessionId: 0,
        epoch: -1,
        topics: [
          {
            name: this.options.topic,
            fetchPartitions: ready.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset!, logStartOffset: -1n, maxBytes: 1_048_576 })),
          },
        ],
        forgotten: [],
        rackId: '',
      });
    } catch {
      this.dropConnection(leader);
      return { records: [], stale: true };
    }
    const records: ConsumedRecord[] = [];
    let stale = false;
    for (const pr of response.topics.flatMap((t) => t.partitions)) {
      const position = ready.find((p) => p.partition === pr.partitionIndex);
      if (position === undefined) continue;
      if (pr.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
        position.offset = null; // re-resolved from resetTo (auto.offset.reset)
        stale = true;
        continue;
      }
      if (pr.errorCode !== ErrorCode.NONE) {
        if (!RETRY_WITH_NEW_METADATA.has(pr.errorCode)) throw new FetcherError(`Fetch of ${this.options.topic}-${pr.partitionIndex} failed: ${errorName(pr.errorCode)}`);
        stale = true;
        continue;
      }
      for (const r of recordsOf(pr.partitionIndex, pr.records ?? Buffer.alloc(0))) {
        // A fetch returns whole batches, which may begin before the offset we asked for.
        if (BigInt(r.offset) < position.offset!) continue;
        records.push(r);
        position.offset = BigInt(r.offset) + 1n;
      }
    }
    return { records, stale };
  }

  private async refreshMetadata(): Promise<void> {
    const metadata = await this.anyBroker((c) =>
      c.send(Apis.Metadata, 1, { topics: [{ name: this.options.topic }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }),
    );
    this.brokers = new Map(metadata.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    const topic = metadata.topics.find((t) => t.name === this.options.topic);
    if (topic === undefined || topic.errorCode !== ErrorCode.NONE) {
      const code = topic?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      throw new RetriableError(`Topic ${this.options.topic} is not available: ${errorName(code)}`);
    }
    const wanted = topic.partitions.filter((p) => this.options.partition === undefined || p.partitionIndex === this.options.partition);
    if (wanted.length === 0) throw new FetcherError(`Partition ${this.options.partition} of topic ${this.options.topic} does not exist`);
    const leaderless = wanted.find((p) => p.leaderId < 0);
    if (leaderless !== undefined) throw new RetriableError(`${this.options.topic}-${leaderless.partitionIndex} has no leader`);
    const previous = new Map(this.positions.map((p) => [p.partition, p]));
    this.positions = wanted
      .map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        offset: previous.get(p.partitionIndex)?.offset ?? null,
        positioned: previous.get(p.partitionIndex)?.positioned ?? false,
      }))
      .sort((a, b) => a.partition - b.partition);
  }

  /** Start positions for partitions that have none: the requested offset, else ListOffset. */
  private async resolveOffsets(): Promise<void> {
    const unresolved = this.positions.filter((p) => p.offset === null);
    const target = (p: PartitionPosition) => (p.positioned ? this.options.resetTo : this.options.start);
    for (const p of unresolved) {
      if (target(p) >= 0n) p.offset = target(p);
    }
    // Leader and timestamp form one ListOffset request.
    const groups = new Map<string, { leader: number; timestamp: bigint; parts: PartitionPosition[] }>();
    for (const p of unresolved.filter((u) => u.offset === null)) {
      const key = `${p.leader}/${target(p)}`;
      const group = groups.get(key) ?? { leader: p.leader, timestamp: target(p), parts: [] };
      group.parts.push(p);
      groups.set(key, group);
    }
    try {
      await this.listOffsets([...groups.values()]);
    } finally {
      for (const p of this.positions) if (p.offset !== null) p.positioned = true;
    }
  }

  private async listOffsets(groups: Array<{ leader: number; timestamp: bigint; parts: PartitionPosition[] }>): Promise<void> {
    await Promise.all(
      groups.map(async ({ leader, timestamp, parts }) => {
        const connection = await this.connection(leader);
        const response = await connection.send(Apis.ListOffset, 1, {
          replicaId: -1,
          isolationLevel: 0,
          topics: [{ name: this.options.topic, partitions: parts.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: 0, timestamp, maxNumOffsets: 0 })) }],
        });
        for (const pr of response.topics.flatMap((t) => t.partitions)) {
          const position = parts.find((p) => p.partition === pr.partitionIndex);
          if (position === undefined) continue;
          if (pr.errorCode !== ErrorCode.NONE) throw new RetriableError(`ListOffset for ${this.options.topic}-${pr.partitionIndex} failed: ${errorName(pr.errorCode)}`);
          position.offset = pr.offset;
        }
      }),
    );
  }

  private async anyBroker<T>(call: (c: BrokerConnection) => Promise<T>): Promise<T> {
    const candidates = [...this.options.bootstrap, ...this.brokers.values()];
    let last: unknown;
    for (const hp of candidates) {
      try {
        return await call(await this.connectionTo(hp));
      } catch (error) {
        last = error;
        this.connections.get(`${hp.host}:${hp.port}`)?.close();
        this.connections.delete(`${hp.host}:${hp.port}`);
      }
    }
    throw new RetriableError(`No broker answered: ${(last as Error)?.message ?? 'no brokers'}`);
  }

  private connection(brokerId: number): Promise<BrokerConnection> {
    const hp = this.brokers.get(brokerId);
    if (hp === undefined) return Promise.reject(new RetriableError(`Broker ${brokerId} is not in the metadata`));
    return this.connectionTo(hp);
  }

  private dropConnection(brokerId: number): void {
    const hp = this.brokers.get(brokerId);
    if (hp === undefined) return;
    this.connections.get(`${hp.host}:${hp.port}`)?.close();
    this.connections.delete(`${hp.host}:${hp.port}`);
  }

  private async connectionTo(hp: HostPort): Promise<BrokerConnection> {
    const key = `${hp.host}:${hp.port}`;
    const existing = this.connections.get(key);
    if (existing?.isConnected) return existing;
    const connection = new BrokerConnection({ host: hp.host, port: hp.port, clientId: this.options.clientId ?? 'console-consumer', requestTimeoutMs: 30_000 });
    await connection.connect();
    this.connections.set(key, connection);
    return connection;
  }
}

class RetriableError extends Error {}
