import { ConfigError } from '../../../src/common/config/config-error';
import { parseBrokerConfig } from '../../../src/common/config/kafka-config';

const ZK = { 'zookeeper.connect': 'localhost:2181' };

describe("this broker's own properties (metrics.prometheus.*)", () => {
  it('leaves the metrics endpoint off by default, on loopback', () => {
    const c = parseBrokerConfig(ZK);
    expect(c.metricsPrometheusPort).toBeNull();
    expect(c.metricsPrometheusHost).toBe('127.0.0.1');
  });

  it('accepts them without an unknown-property warning', () => {
    const c = parseBrokerConfig({ ...ZK, 'metrics.prometheus.port': '9404', 'metrics.prometheus.host': '0.0.0.0' });
    expect(c.metricsPrometheusPort).toBe(9404);
    expect(c.metricsPrometheusHost).toBe('0.0.0.0');
    expect(c.get('metrics.prometheus.port')).toBe(9404);
    expect(c.unknownPropertyWarnings()).toEqual([]);
    expect(c.ignoredPropertiesSet()).toEqual([]);
  });

  it('refuses a port out of range, and suggests the name for a typo', () => {
    expect(() => parseBrokerConfig({ ...ZK, 'metrics.prometheus.port': '70000' })).toThrow(ConfigError);
    expect(parseBrokerConfig({ ...ZK, 'metrics.prometheus.prot': '9404' }).unknownPropertyWarnings()).toEqual([
      "The configuration 'metrics.prometheus.prot' was supplied but isn't a known config. Did you mean 'metrics.prometheus.port'?",
    ]);
  });
});
