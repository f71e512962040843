// Replication throttling (Kafka 2.4.1's ReplicationQuotaManager, KIP-73). A broker has one quota
// as leader and one as follower: leader.replication.throttled.rate / follower.replication.throttled.rate
// (bytes/s, from its own /config/brokers/<id>; unlimited by default), applied only to the replicas
// a topic lists in leader.replication.throttled.replicas / follower.replication.throttled.replicas
// ("*" for all, else partition:broker pairs naming this broker). Replicas in sync are never
// throttled. The rate is measured as Kafka's Rate does: bytes over the last
// replication.quota.window.num windows of replication.quota.window.size.seconds, counting at least
// all but one full window, so a quota is not exceeded by the first burst of a quiet broker.

import type { Time } from '../common/clock';

export type ThrottledPartitions = 'all' | ReadonlySet<number>;

interface Sample {
  start: number;
  bytes: number;
}

const UNLIMITED = Number.MAX_VALUE;

export class ReplicationQuotaManager {
  private readonly throttled = new Map<string, ThrottledPartitions>();
  private bound = UNLIMITED;
  private samples: Sample[] = [];

  constructor(
    private readonly time: Time,
    private readonly numSamples = 11,
    private readonly windowMs = 1000,
  ) {}

  /** Any throttled replica at all: the cheap check the fetch paths make first. */
  get hasThrottledPartitions(): boolean {
    return this.throttled.size > 0;
  }

  /** bytes/s; `undefined` (no config) or Long.MAX_VALUE means unlimited. */
  updateQuota(bytesPerSecond: number | undefined): void {
    this.bound = bytesPerSecond === undefined || bytesPerSecond >= 9.2e18 ? UNLIMITED : bytesPerSecond;
  }

  markThrottled(topic: string, partitions: ThrottledPartitions): void {
    this.throttled.set(topic, partitions);
  }

  removeThrottle(topic: string): void {
    this.throttled.delete(topic);
  }

  isThrottled(topic: string, partition: number): boolean {
    const partitions = this.throttled.get(topic);
    return partitions !== undefined && (partitions === 'all' || partitions.has(partition));
  }

  isQuotaExceeded(): boolean {
    return this.bound !== UNLIMITED && this.rate() > this.bound;
  }

  /** A not-in-sync replica of a throttled partition while the quota is exceeded: leave it out this time. */
  shouldThrottle(topic: string, partition: number, inSync: boolean): boolean {
    return !inSync && this.isThrottled(topic, partition) && this.isQuotaExceeded();
  }

  record(bytes: number): void {
    const now = this.time.now();
    this.expire(now);
    const current = this.samples[this.samples.length - 1];
    if (current !== undefined && now - current.start < this.windowMs) current.bytes += bytes;
    else this.samples.push({ start: now, bytes });
  }

  /** bytes/s over the sampled windows (Kafka's Rate.measure with its minimum elapsed time). */
  rate(): number {
    const now = this.time.now();
    this.expire(now);
    if (this.samples.length === 0) return 0;
    const total = this.samples.reduce((sum, s) => sum + s.bytes, 0);
    let elapsedMs = now - this.samples[0]!.start;
    const fullWindows = Math.floor(elapsedMs / this.windowMs);
    const minFullWindows = this.numSamples - 1;
    if (fullWindows < minFullWindows) elapsedMs += (minFullWindows - fullWindows) * this.windowMs;
    return (total * 1000) / Math.max(elapsedMs, 1);
  }

  private expire(now: number): void {
    const horizon = now - this.numSamples * this.windowMs;
    while (this.samples.length > 0 && this.samples[0]!.start + this.windowMs <= horizon) this.samples.shift();
  }
}

/**
 * Kafka's parseThrottledPartitions: the partitions of a topic throttled on `brokerId` according to
 * a throttled-replicas config value ("*", or "p:b,p:b"); empty when none names this broker.
 */
export function parseThrottledPartitions(value: string | undefined, brokerId: number): ThrottledPartitions {
  if (value === undefined) return new Set();
  const entries = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries[0] === '*') return 'all';
  const partitions = new Set<number>();
  for (const entry of entries) {
    const [partition, broker] = entry.split(':');
    if (Number(broker) === brokerId) partitions.add(Number(partition));
  }
  return partitions;
}
