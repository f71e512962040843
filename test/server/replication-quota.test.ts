import { ReplicationQuotaManager, parseThrottledPartitions } from '../../src/server/replication-quota';
import { ManualClock } from '../common/manual-clock';

describe('replication throttles (ReplicationQuotaManager)', () => {
  it('parses throttled replica lists for this broker', () => {
    expect(parseThrottledPartitions('*', 1)).toBe('all');
    expect([...(parseThrottledPartitions('0:1, 1:2,2:1', 1) as Set<number>)]).toEqual([0, 2]);
    expect([...(parseThrottledPartitions('0:2', 1) as Set<number>)]).toEqual([]);
  });

  it('throttles only listed partitions, only when not in sync and over the rate', () => {
    const clock = new ManualClock();
    const quota = new ReplicationQuotaManager(clock, 11, 1000);
    quota.markThrottled('t', new Set([0]));
    quota.updateQuota(1000);
    // Kafka's Rate counts at least 10 windows: 10 kB at once is 1000 B/s, not yet over.
    quota.record(10_000);
    expect(quota.rate()).toBe(1000);
    expect(quota.isQuotaExceeded()).toBe(false);
    quota.record(1);
    expect(quota.shouldThrottle('t', 0, false)).toBe(true);
    expect(quota.shouldThrottle('t', 0, true)).toBe(false);
    expect(quota.shouldThrottle('t', 1, false)).toBe(false);
    // The samples age out after 11 windows.
    clock.advance(12_000);
    expect(quota.isQuotaExceeded()).toBe(false);
    quota.updateQuota(undefined);
    quota.record(1e12);
    expect(quota.isQuotaExceeded()).toBe(false);
    quota.removeThrottle('t');
    expect(quota.hasThrottledPartitions).toBe(false);
  });
});
