// A follower's fetcher for one leader broker (Kafka's ReplicaFetcherThread; num.replica.fetchers
// = 1). Each partition first truncates where its log diverged from the leader's — asked with
// OffsetForLeaderEpoch (KIP-101/279), falling back to the high watermark when the log has no
// epochs — then fetches from its log end with replica_id = this broker, appends the leader's
// batches as they are (offsets and epochs kept) and takes min(leader HW, own log end) as its
// high watermark. Errors back off replica.fetch.backoff.ms and retry; the loop runs until the
// partitions are taken away (the broker became leader, or a new leader was chosen).

import type { Logger } from '../common/logger';
import { sleep } from '../common/poll';
import { BrokerConnection, type BrokerClientSecurity } from '../network/broker-connection';
import { ErrorCode, errorName } from '../protocol/errors';
import { Apis } from '../protocol/generated';
import type { Partition } from './partition';
import { topicPartitionKey } from '../common/topic-partition';
import type { ReplicationQuotaManager } from './replication-quota';
import type { BrokerTopicMetrics } from '../metrics/broker-topic-metrics';

export interface ReplicaFetcherConfig {
  brokerId: number;
  /** replica.fetch.wait.max.ms */
  maxWaitMs: number;
  /** replica.fetch.min.bytes */
  minBytes: number;
  /** replica.fetch.max.bytes (per partition) */
  maxBytesPerPartition: number;
  /** replica.fetch.response.max.bytes */
  responseMaxBytes: number;
  /** replica.fetch.backoff.ms */
  backoffMs: number;
  /** replica.socket.timeout.ms */
  socketTimeoutMs: number;
  /** The follower's replication throttle (follower.replication.throttled.*); none when absent. */
  quota?: ReplicationQuotaManager;
  /** ReplicationBytesInPerSec; none in tests that don't look. */
  metrics?: BrokerTopicMetrics;
  /** TLS/SASL towards the leader's inter-broker listener. */
  clientSecurity?: BrokerClientSecurity;
}

type FetchState = 'truncating' | 'fetching';

interface FetchedPartition {
  partition: Partition;
  state: FetchState;
  /** Don't fetch before this time (after an error). */
  delayedUntil: number;
  /** Caught up with the leader's high watermark at the last fetch (never throttled then). */
  inSync: boolean;
}

const FETCH_VERSION = 11;
const OFFSET_FOR_LEADER_EPOCH_VERSION = 3;
const LIST_OFFSETS_VERSION = 2;

export class ReplicaFetcher {
  private readonly partitions = new Map<string, FetchedPartition>();
  private connection: BrokerConnection | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly leaderId: number,
    private endpoint: { host: string; port: number },
    private readonly config: ReplicaFetcherConfig,
    private readonly logger: Logger,
  ) {}

  private get prefix(): string {
    return `[ReplicaFetcher replicaId=${this.config.brokerId}, leaderId=${this.leaderId}]`;
  }

  get isEmpty(): boolean {
    return this.partitions.size === 0;
  }

  setEndpoint(endpoint: { host: string; port: number }): void {
    if (endpoint.host === this.endpoint.host && endpoint.port === this.endpoint.port) return;
    this.endpoint = endpoint;
    this.connection?.close();
    this.connection = null;
  }

  addPartitions(partitions: Partition[]): void {
    for (const p of partitions) this.partitions.set(topicPartitionKey(p.topic, p.partition), { partition: p, state: 'truncating', delayedUntil: 0, inSync: false });
    this.running ??= this.run();
    this.wake?.();
  }

  removePartitions(tps: Array<{ topic: string; partition: number }>): void {
    for (const tp of tps) this.partitions.delete(topicPartitionKey(tp.topic, tp.partition));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.connection?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const now = Date.now();
      const ready = [...this.partitions.values()].filter((p) => p.delayedUntil <= now);
      if (ready.length === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.partitions.size === 0 ? 1000 : this.config.backoffMs).unref();
        });
        this.wake = null;
        continue;
      }
      try {
        const connection = await this.connect();
        const truncating = ready.filter((p) => p.state === 'truncating');
        if (truncating.length > 0) await this.truncate(connection, truncating);
        const fetching = ready.filter((p) => p.state === 'fetching' && this.partitions.get(topicPartitionKey(p.partition.topic, p.partition.partition)) === p);
        // Throttled partitions that are not in sync sit out while the follower quota is exceeded.
        const quota = this.config.quota;
        const unthrottled = quota?.hasThrottledPartitions ? fetching.filter((p) => !quota.shouldThrottle(p.partition.topic, p.partition.partition, p.inSync)) : fetching;
        if (unthrottled.length > 0) await this.fetch(connection, unthrottled);
        else if (fetching.length > 0) await sleep(this.config.backoffMs);
      } catch (error) {
        if (this.stopped) break;
        this.logger.warn(`${this.prefix} Error in fetch from ${this.endpoint.host}:${this.endpoint.port}: ${(error as Error).message}`);
        this.connection?.close();
        this.connection = null;
        await sleep(this.config.backoffMs);
      }
    }
    this.connection?.close();
  }

  private async connect(): Promise<BrokerConnection> {
    if (this.connection?.isConnected) return this.connection;
    const connection = new BrokerConnection({
      host: this.endpoint.host,
      port: this.endpoint.port,
      clientId: `broker-${this.config.brokerId}-fetcher-0`,
      requestTimeoutMs: this.config.socketTimeoutMs,
      ...this.config.clientSecurity?.(this.endpoint.host),
    });
    await connection.connect();
    this.connection = connection;
    return connection;
  }

  private delay(p: FetchedPartition, reason: string): void {
    p.delayedUntil = Date.now() + this.config.backoffMs;
    this.logger.info(`${this.prefix} ${p.partition.name}: ${reason}; retrying in ${this.config.backoffMs} ms`);
  }

  /** KIP-101/279 truncation: to the end of the last epoch both logs share. */
  private async truncate(connection: BrokerConnection, partitions: FetchedPartition[]): Promise<void> {
    const withEpochs = partitions.filter((p) => p.partition.log!.latestEpoch >= 0);
    for (const p of partitions.filter((x) => x.partition.log!.latestEpoch < 0)) {
      // No epoch history (a fresh log): the high watermark is all we can trust.
      this.truncateTo(p, p.partition.log!.highWatermark);
    }
    if (withEpochs.length === 0) return;
    const byTopic = new Map<string, FetchedPartition[]>();
    for (const p of withEpochs) byTopic.set(p.partition.topic, [...(byTopic.get(p.partition.topic) ?? []), p]);
    const response = await connection.send(Apis.OffsetForLeaderEpoch, OFFSET_FOR_LEADER_EPOCH_VERSION, {
      replicaId: this.config.brokerId,
      topics: [...byTopic].map(([name, ps]) => ({
        name,
        partitions: ps.map((p) => ({ partitionIndex: p.partition.partition, currentLeaderEpoch: p.partition.leaderEpoch, leaderEpoch: p.partition.log!.latestEpoch })),
      })),
    });
    for (const topic of response.topics) {
      for (const r of topic.partitions) {
        const p = this.partitions.get(topicPartitionKey(topic.name, r.partitionIndex));
        if (p === undefined || p.state !== 'truncating') continue;
        if (r.errorCode !== ErrorCode.NONE) {
          this.delay(p, `OffsetForLeaderEpoch answered ${errorName(r.errorCode)}`);
          continue;
        }
        const log = p.partition.log!;
        const leaderEnd = Number(r.endOffset);
        if (leaderEnd < 0) {
          this.truncateTo(p, log.highWatermark);
        } else if (r.leaderEpoch < 0) {
          this.truncateTo(p, Math.min(leaderEnd, log.logEndOffset));
        } else {
          const ours = log.endOffsetForEpoch(r.leaderEpoch);
          if (ours.epoch < 0) this.truncateTo(p, Math.min(leaderEnd, log.logEndOffset));
          else if (ours.epoch !== r.leaderEpoch) {
            // We never had the leader's epoch: cut back to where our own older epoch ends and ask again.
            log.truncateTo(ours.endOffset);
            continue;
          } else this.truncateTo(p, Math.min(leaderEnd, ours.endOffset));
        }
      }
    }
  }

  private truncateTo(p: FetchedPartition, offset: number): void {
    const log = p.partition.log!;
    if (offset < log.logEndOffset) {
      this.logger.info(`${this.prefix} Truncating ${p.partition.name} to offset ${offset} (log end was ${log.logEndOffset})`);
      log.truncateTo(offset);
    }
    p.state = 'fetching';
  }

  private async fetch(connection: BrokerConnection, partitions: FetchedPartition[]): Promise<void> {
    const byTopic = new Map<string, FetchedPartition[]>();
    for (const p of partitions) byTopic.set(p.partition.topic, [...(byTopic.get(p.partition.topic) ?? []), p]);
    const response = await connection.send(Apis.Fetch, FETCH_VERSION, {
      replicaId: this.config.brokerId,
      maxWait: this.config.maxWaitMs,
      minBytes: this.config.minBytes,
      maxBytes: this.config.responseMaxBytes,
      isolationLevel: 0,
      sessionId: 0,
      epoch: -1,
      topics: [...byTopic].map(([name, ps]) => ({
        name,
        fetchPartitions: ps.map((p) => ({
          partitionIndex: p.partition.partition,
          currentLeaderEpoch: p.partition.leaderEpoch,
          fetchOffset: BigInt(p.partition.log!.logEndOffset),
          logStartOffset: BigInt(p.partition.log!.logStartOffset),
          maxBytes: this.config.maxBytesPerPartition,
        })),
      })),
      forgotten: [],
      rackId: '',
    });
    if (response.errorCode !== ErrorCode.NONE) throw new Error(`fetch answered ${errorName(response.errorCode)}`);
    for (const topic of response.topics) {
      for (const r of topic.partitions) {
        const p = this.partitions.get(topicPartitionKey(topic.name, r.partitionIndex));
        if (p === undefined || p.state !== 'fetching') continue; // removed or reset meanwhile
        const log = p.partition.log!;
        if (r.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          await this.handleOutOfRange(connection, p);
          continue;
        }
        if (r.errorCode !== ErrorCode.NONE) {
          this.delay(p, `fetch answered ${errorName(r.errorCode)}`);
          continue;
        }
        if (r.records !== null && r.records.length > 0) {
          log.appendAsFollower(r.records);
          this.config.metrics?.replicatedIn(r.records.length);
        }
        if (this.config.quota?.isThrottled(topic.name, r.partitionIndex)) this.config.quota.record(r.records?.length ?? 0);
        p.inSync = Number(r.highWatermark) - log.logEndOffset <= 0;
        log.updateHighWatermark(Math.min(Number(r.highWatermark), log.logEndOffset));
        const leaderStart = Number(r.logStartOffset);
        if (leaderStart > log.logStartOffset && leaderStart <= log.highWatermark) log.maybeIncrementLogStartOffset(leaderStart);
      }
    }
  }

  /**
   * Our fetch offset is outside the leader's log: if the leader's log is shorter (an unclean
   * election), cut ours back to its end; if ours is behind its log start (retention), restart at it.
   */
  private async handleOutOfRange(connection: BrokerConnection, p: FetchedPartition): Promise<void> {
    const listOffset = async (timestamp: bigint) => {
      const response = await connection.send(Apis.ListOffset, LIST_OFFSETS_VERSION, {
        replicaId: this.config.brokerId,
        isolationLevel: 0,
        topics: [{ name: p.partition.topic, partitions: [{ partitionIndex: p.partition.partition, currentLeaderEpoch: -1, timestamp, maxNumOffsets: 0 }] }],
      });
      const r = response.topics[0].partitions[0];
      if (r.errorCode !== ErrorCode.NONE) throw new Error(`ListOffsets answered ${errorName(r.errorCode)}`);
      return Number(r.offset);
    };
    const log = p.partition.log!;
    const leaderEnd = await listOffset(-1n);
    if (leaderEnd < log.logEndOffset) {
      this.logger.warn(`${this.prefix} ${p.partition.name}: leader's log end ${leaderEnd} is behind ours ${log.logEndOffset}; truncating (data only we had is lost)`);
      log.truncateTo(leaderEnd);
      return;
    }
    const leaderStart = await listOffset(-2n);
    this.logger.warn(`${this.prefix} ${p.partition.name}: our log end ${log.logEndOffset} is before the leader's log start ${leaderStart}; restarting there`);
    log.truncateFullyAndStartAt(leaderStart);
  }
}
