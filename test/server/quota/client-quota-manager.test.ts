// ClientQuotaManager and ClientRequestQuotaManager with a manual clock: Kafka 2.4.1's entity
// precedence, which rate a client counts against, the throttle formula against hand-computed
// values, live changes and removals (with 2.4.1's KAFKA-9658 gap), and sanitized names.

import { LONG_MAX } from '../../../src/common/config';
import { userPrincipal } from '../../../src/common/kafka-principal';
import { ClientQuotaManager, DEFAULT_CLIENT_QUOTA_CONFIG, UNLIMITED_QUOTA } from '../../../src/server/quota/client-quota-manager';
import { ClientRequestQuotaManager, msToPercentage } from '../../../src/server/quota/client-request-quota-manager';
import { desanitize, sanitize } from '../../../src/server/quota/quota-entity';
import { ManualClock } from '../../common/manual-clock';

const D = '<default>';
const alice = userPrincipal('alice');
const bob = userPrincipal('bob');

function produceManager(clock: ManualClock, staticDefault = LONG_MAX): ClientQuotaManager {
  return new ClientQuotaManager({ ...DEFAULT_CLIENT_QUOTA_CONFIG, quotaBytesPerSecondDefault: staticDefault }, 'Produce', clock);
}

describe('ClientQuotaManager: which quota applies', () => {
  it('follows Kafka precedence from users/<u>/clients/<c> down to the static default', () => {
    const m = produceManager(new ManualClock(), 99);
    const levels: Array<[string | undefined, string | undefined, number]> = [
      ['alice', 'app', 1], // /config/users/alice/clients/app
      ['alice', D, 2], // /config/users/alice/clients/<default>
      ['alice', undefined, 3], // /config/users/alice
      [D, 'app', 4], // /config/users/<default>/clients/app
      [D, D, 5], // /config/users/<default>/clients/<default>
      [D, undefined, 6], // /config/users/<default>
      [undefined, 'app', 7], // /config/clients/app
      [undefined, D, 8], // /config/clients/<default>
    ];
    for (const [user, client, quota] of levels) m.updateQuota(user, client === D ? undefined : client, client, quota);
    for (const [user, client, quota] of levels) {
      expect(m.quota('alice', 'app')).toBe(quota);
      m.updateQuota(user, client === D ? undefined : client, client, undefined);
    }
    // quota.producer.default, the last resort.
    expect(m.quota('alice', 'app')).toBe(99);
  });

  it('a static default counts as a client-id level: users without a quota of their own keep it', () => {
    const m = produceManager(new ManualClock(), 500);
    expect(m.quota('bob', 'app')).toBe(500);
    m.updateQuota('alice', undefined, undefined, 1000);
    expect(m.quota('alice', 'app')).toBe(1000);
    expect(m.quota('bob', 'app')).toBe(500);
  });

  it('with user quotas only (no static default), users without one are unlimited', () => {
    const m = produceManager(new ManualClock());
    m.updateQuota('alice', undefined, undefined, 1000);
    expect(m.quota('alice', 'app')).toBe(1000);
    expect(m.quota('bob', 'app')).toBe(UNLIMITED_QUOTA);
  });

  it('with user+client-id quotas only, other levels do not apply', () => {
    const m = produceManager(new ManualClock());
    m.updateQuota('alice', 'app', 'app', 1000);
    expect(m.quota('alice', 'app')).toBe(1000);
    expect(m.quota('alice', 'other')).toBe(UNLIMITED_QUOTA);
    m.updateQuota('alice', undefined, D, 2000);
    expect(m.quota('alice', 'other')).toBe(2000);
  });

  it('starts with no quotas (nothing recorded) unless a static default is set', () => {
    const clock = new ManualClock();
    expect(produceManager(clock).quotasEnabled).toBe(false);
    expect(produceManager(clock).maybeRecordAndGetThrottleTimeMs(alice, 'app', 1e12, clock.now())).toBe(0);
    expect(produceManager(clock, 1000).quotasEnabled).toBe(true);
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    m.updateQuota(undefined, 'app', 'app', undefined);
    // Once enabled, enabled until restart (Kafka's quotaTypesEnabled only grows).
    expect(m.quotasEnabled).toBe(true);
  });
});

describe('ClientQuotaManager: rates and throttle times', () => {
  it('lets ten windows worth of bytes through, then throttles by (O - T) / T * W', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    // 10 000 bytes over the minimum 10 s window is exactly 1000 B/s: within quota.
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 10_000, clock.now())).toBe(0);
    // One byte more: O = 1000.1, (0.1 / 1000) * 10 000 ms = 1 ms.
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 1, clock.now())).toBe(1);
  });

  it('computes the throttle over the precise window the rate used', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 5000, clock.now())).toBe(0);
    clock.advance(3500);
    // 15 000 bytes over W = 3.5 s elapsed + 7 padding windows = 10.5 s: O = 1428.57 B/s,
    // X = (O - T) / T * W = 15 000 / 1000 * 1000 - 10 500 = 4500 ms.
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 10_000, clock.now())).toBe(4500);
    // A first burst of 20 000 for another client: (2000 - 1000) / 1000 * 10 000 = 10 000 ms (byte-rate throttles are not capped).
    m.updateQuota(undefined, 'big', 'big', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'big', 20_000, clock.now())).toBe(10_000);
  });

  it('rounds the throttle time to the nearest millisecond', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 3000);
    // 40 000 over 10 s = 4000 B/s: (1000 / 3000) * 10 000 = 3333.33 ms.
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 40_000, clock.now())).toBe(3333);
    m.updateQuota(undefined, 'other', 'other', 3000);
    // 50 000: (2000 / 3000) * 10 000 = 6666.67 ms.
    expect(m.recordAndGetThrottleTimeMs(alice, 'other', 50_000, clock.now())).toBe(6667);
  });

  it('the padding shrinks as time passes, so a burst is only forgiven once its samples expire', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 20_000, clock.now())).toBe(10_000);
    // 10 s later the window is 10 s of elapsed time and no padding: still 2000 B/s, throttled again.
    clock.advance(10_000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(10_000);
    // At 11 s the burst's sample is older than 11 windows: gone.
    clock.advance(1000);
    expect(m.measuredRate(alice, 'app')).toBe(0);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(0);
  });

  it('unrecording takes the bytes back out of the rate', () => {
    const clock = new ManualClock();
    const m = new ClientQuotaManager(DEFAULT_CLIENT_QUOTA_CONFIG, 'Fetch', clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 30_000, clock.now())).toBeGreaterThan(0);
    m.unrecordQuotaSensor(alice, 'app', 30_000, clock.now());
    expect(m.measuredRate(alice, 'app')).toBe(0);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 5000, clock.now())).toBe(0);
  });

  it('client-id quotas share one rate across users; user quotas share one across client ids', () => {
    const clock = new ManualClock();
    const byClient = produceManager(clock);
    byClient.updateQuota(undefined, 'app', 'app', 1000);
    expect(byClient.recordAndGetThrottleTimeMs(alice, 'app', 6000, clock.now())).toBe(0);
    expect(byClient.recordAndGetThrottleTimeMs(bob, 'app', 6000, clock.now())).toBe(2000);

    const byUser = produceManager(clock);
    byUser.updateQuota('alice', undefined, undefined, 1000);
    expect(byUser.recordAndGetThrottleTimeMs(alice, 'one', 6000, clock.now())).toBe(0);
    expect(byUser.recordAndGetThrottleTimeMs(alice, 'two', 6000, clock.now())).toBe(2000);
    // bob has no quota at all here.
    expect(byUser.recordAndGetThrottleTimeMs(bob, 'one', 1e9, clock.now())).toBe(0);
  });

  it('users/<default> gives each user its own rate with the default quota', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(D, undefined, undefined, 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'x', 8000, clock.now())).toBe(0);
    expect(m.recordAndGetThrottleTimeMs(bob, 'x', 8000, clock.now())).toBe(0);
    expect(m.recordAndGetThrottleTimeMs(bob, 'x', 4000, clock.now())).toBe(2000);
  });
});

describe('ClientQuotaManager: live changes', () => {
  it('a changed quota applies to an existing rate at once', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 20_000, clock.now())).toBe(10_000);
    m.updateQuota(undefined, 'app', 'app', 4000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(0);
    m.updateQuota(undefined, 'app', 'app', 500);
    // 20 000 B over 10 s = 2000 B/s against 500: (1500 / 500) * 10 000.
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(30_000);
  });

  it('a default quota change reaches every rate it governs', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, undefined, D, 1_000_000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'a', 20_000, clock.now())).toBe(0);
    expect(m.recordAndGetThrottleTimeMs(alice, 'b', 20_000, clock.now())).toBe(0);
    m.updateQuota(undefined, undefined, D, 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'a', 0, clock.now())).toBe(10_000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'b', 0, clock.now())).toBe(10_000);
  });

  it('removing a client-id quota lifts the throttle (the static default, unlimited, applies)', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 20_000, clock.now())).toBeGreaterThan(0);
    m.updateQuota(undefined, 'app', 'app', undefined);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 1e9, clock.now())).toBe(0);
  });

  it('removing a user quota with no users/<default> keeps the old bound on the live rate, as 2.4.1 does (KAFKA-9658)', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota('alice', undefined, undefined, 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 20_000, clock.now())).toBe(10_000);
    m.updateQuota('alice', undefined, undefined, undefined);
    expect(m.quota('alice', 'app')).toBe(UNLIMITED_QUOTA);
    // The rate already kept for alice still holds 1000 B/s...
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(10_000);
    // ...until it has been unused for an hour and is dropped; a new one is unlimited.
    clock.advance(3600_000 + 30_001);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 1e9, clock.now())).toBe(0);
  });

  it('a user quota removed while users/<default> exists falls back to the default at once', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(D, undefined, undefined, 1_000_000);
    m.updateQuota('alice', undefined, undefined, 1000);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 20_000, clock.now())).toBe(10_000);
    m.updateQuota('alice', undefined, undefined, undefined);
    expect(m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now())).toBe(0);
  });

  it('drops a rate unused for an hour (the next one starts empty)', () => {
    const clock = new ManualClock();
    const m = produceManager(clock);
    m.updateQuota(undefined, 'app', 'app', 1000);
    m.recordAndGetThrottleTimeMs(alice, 'app', 5000, clock.now());
    clock.advance(3000);
    expect(m.measuredRate(alice, 'app')).toBe(500);
    clock.advance(3600_000);
    m.recordAndGetThrottleTimeMs(alice, 'app', 0, clock.now());
    expect(m.measuredRate(alice, 'app')).toBe(0);
  });
});

describe('sanitized users and client ids', () => {
  it('sanitizes as Kafka Sanitizer (URL encoding, * and space as %2A and %20) and back', () => {
    expect(sanitize('alice')).toBe('alice');
    expect(sanitize('CN=alice,O=org')).toBe('CN%3Dalice%2CO%3Dorg');
    expect(sanitize('a b*c+d/é')).toBe('a%20b%2Ac%2Bd%2F%C3%A9');
    expect(sanitize('x.y-z_1~')).toBe('x.y-z_1%7E');
    expect(desanitize('a%20b%2Ac%2Bd%2F%C3%A9')).toBe('a b*c+d/é');
    expect(desanitize('a+b')).toBe('a b');
  });

  it('matches a principal name to its sanitized user entity', () => {
    const m = produceManager(new ManualClock());
    m.updateQuota(sanitize('CN=alice,O=org'), undefined, undefined, 1234);
    expect(m.quota('CN=alice,O=org', 'x')).toBe(1234);
    const clock = new ManualClock();
    const n = produceManager(clock);
    n.updateQuota(sanitize('CN=alice,O=org'), undefined, undefined, 1000);
    expect(n.recordAndGetThrottleTimeMs(userPrincipal('CN=alice,O=org'), 'x', 20_000, clock.now())).toBe(10_000);
  });
});

describe('ClientRequestQuotaManager', () => {
  it('records handling time as percent-seconds and caps throttles at one quota window', () => {
    expect(msToPercentage(1000)).toBe(100);
    expect(msToPercentage(5)).toBe(0.5);
    const clock = new ManualClock();
    const m = new ClientRequestQuotaManager(DEFAULT_CLIENT_QUOTA_CONFIG, clock);
    expect(m.maybeRecordRequestTime(alice, 'app', 10_000)).toBe(0); // no request quotas: nothing recorded
    m.updateQuota(undefined, 'app', 'app', 10); // 10% of a thread
    // 500 ms over the 10 s minimum window is 5%: within.
    expect(m.maybeRecordRequestTime(alice, 'app', 500)).toBe(0);
    // 1100 ms in all: 11%, (1 / 10) * 10 000 = 1000 ms, just the cap.
    expect(m.maybeRecordRequestTime(alice, 'app', 600)).toBe(1000);
    // 3000 ms in all: 30%, (20 / 10) * 10 000 = 20 000 ms, capped at 1000 (quota.window.size.seconds).
    expect(m.maybeRecordRequestTime(alice, 'app', 1900)).toBe(1000);
    expect(m.maxThrottleTimeMs).toBe(1000);
  });

  it('below the cap the byte-rate formula applies', () => {
    const clock = new ManualClock();
    const m = new ClientRequestQuotaManager({ ...DEFAULT_CLIENT_QUOTA_CONFIG, quotaWindowSizeSeconds: 2 }, clock);
    m.updateQuota(undefined, 'app', 'app', 50);
    // 11 samples of 2 s: minimum W = 20 s. 11 000 ms = 1100 percent-seconds = 55%: (5 / 50) * 20 000 = 2000, the 2 s cap itself.
    expect(m.maybeRecordRequestTime(alice, 'app', 11_000)).toBe(2000);
    m.updateQuota(undefined, 'b', 'b', 50);
    // 10 500 ms: 52.5%: (2.5 / 50) * 20 000 = 1000 ms.
    expect(m.maybeRecordRequestTime(alice, 'b', 10_500)).toBe(1000);
  });
});
