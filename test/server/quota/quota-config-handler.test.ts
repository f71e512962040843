// QuotaConfigHandler: entity paths as ZooKeeper names them, Kafka's number parsing, and each
// quota set when present and removed when absent.

import { LONG_MAX } from '../../../src/common/config';
import { ClientQuotas } from '../../../src/server/quota/client-quotas';
import { applyQuotaConfig, parseQuotaEntityPath } from '../../../src/server/quota/quota-config-handler';
import { ManualClock } from '../../common/manual-clock';

const settings = { producerByteRateDefault: LONG_MAX, consumerByteRateDefault: LONG_MAX, numQuotaSamples: 11, quotaWindowSizeSeconds: 1 };

describe('QuotaConfigHandler', () => {
  it('parses the three entity path shapes, names kept sanitized', () => {
    expect(parseQuotaEntityPath('clients/my%20app')).toEqual({ sanitizedClientId: 'my%20app' });
    expect(parseQuotaEntityPath('users/<default>')).toEqual({ sanitizedUser: '<default>', sanitizedClientId: undefined });
    expect(parseQuotaEntityPath('users/alice/clients/<default>')).toEqual({ sanitizedUser: 'alice', sanitizedClientId: '<default>' });
    expect(() => parseQuotaEntityPath('users/alice/clients')).toThrow('Invalid quota entity path: users/alice/clients');
    expect(() => parseQuotaEntityPath('topics/t')).toThrow('Invalid quota entity path: topics/t');
  });

  it('sets each quota present and removes each one absent', () => {
    const quotas = new ClientQuotas(settings, new ManualClock());
    applyQuotaConfig(quotas, 'clients/my%20app', new Map([['producer_byte_rate', '1024'], ['consumer_byte_rate', '2048'], ['request_percentage', '0.5']]));
    expect([quotas.produce.quota('u', 'my app'), quotas.fetch.quota('u', 'my app'), quotas.request.quota('u', 'my app')]).toEqual([1024, 2048, 0.5]);
    applyQuotaConfig(quotas, 'clients/my%20app', new Map([['consumer_byte_rate', '4096']]));
    expect([quotas.produce.quota('u', 'my app'), quotas.fetch.quota('u', 'my app'), quotas.request.quota('u', 'my app')]).toEqual([LONG_MAX, 4096, LONG_MAX]);
    // Unrelated keys (SCRAM credentials live in users/<u> too) are left alone.
    applyQuotaConfig(quotas, 'users/alice', new Map([['SCRAM-SHA-256', 'salt=...'], ['producer_byte_rate', '10']]));
    expect(quotas.produce.quota('alice', 'x')).toBe(10);
  });

  it('refuses what Long.parseLong and Double.parseDouble refuse, with their message', () => {
    const quotas = new ClientQuotas(settings, new ManualClock());
    expect(() => applyQuotaConfig(quotas, 'clients/a', new Map([['producer_byte_rate', '1.5']]))).toThrow('For input string: "1.5"');
    expect(() => applyQuotaConfig(quotas, 'clients/a', new Map([['request_percentage', 'lots']]))).toThrow('For input string: "lots"');
    expect(quotas.request.quota('u', 'a')).toBe(LONG_MAX);
  });

  it('a static quota.producer.default applies below every dynamic level, and is logged as deprecated', () => {
    const warnings: string[] = [];
    const quotas = new ClientQuotas({ ...settings, producerByteRateDefault: 5000 }, new ManualClock(), { info() {}, warn: (m) => warnings.push(m), error() {} });
    expect(quotas.produce.quota('u', 'c')).toBe(5000);
    expect(quotas.produce.quotasEnabled).toBe(true);
    expect(quotas.fetch.quotasEnabled).toBe(false);
    expect(warnings).toEqual(['quota.producer.default has been deprecated in 0.11.0.0 and will be removed in a future release. Use dynamic quota defaults instead.']);
  });
});
