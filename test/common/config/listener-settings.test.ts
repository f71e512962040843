import { ConfigError } from '../../../src/common/config/config-error';
import { parseBrokerConfig } from '../../../src/common/config/kafka-config';
import { listenerSettings } from '../../../src/common/config/listener-settings';

const config = parseBrokerConfig({
  'zookeeper.connect': '127.0.0.1:2181',
  listeners: 'SSL://127.0.0.1:9093,MTLS://127.0.0.1:9094',
  'listener.security.protocol.map': 'SSL:SSL,MTLS:SSL',
  'security.inter.broker.protocol': 'SSL',
  'ssl.client.auth': 'none',
  'listener.name.mtls.ssl.client.auth': 'required',
  'listener.name.mtls.sasl.enabled.mechanisms': 'PLAIN, SCRAM-SHA-256',
  'listener.name.mtls.plain.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;',
  'listener.name.ssl.ssl.enabled.protocols': 'nonsense-but-a-list',
  'listener.name.ssl.ssl.client.auth': 'sometimes',
});

describe('listenerSettings (valuesWithPrefixOverride)', () => {
  it('prefers listener.name.<listener>.<setting>, typed like the setting', () => {
    const mtls = listenerSettings(config, 'MTLS');
    expect(mtls.value('ssl.client.auth')).toBe('required');
    expect(mtls.value('sasl.enabled.mechanisms')).toEqual(['PLAIN', 'SCRAM-SHA-256']);
    expect(mtls.value('ssl.keystore.type')).toBe('JKS');
    expect(listenerSettings(config, 'SSL').value('ssl.enabled.protocols')).toEqual(['nonsense-but-a-list']);
  });

  it('reads per-mechanism settings with the mechanism in lower case', () => {
    const mtls = listenerSettings(config, 'MTLS');
    expect(mtls.mechanismValue('PLAIN', 'sasl.jaas.config')).toContain('PlainLoginModule');
    expect(mtls.mechanismValue('SCRAM-SHA-256', 'sasl.jaas.config')).toBeNull();
  });

  it('checks an override as the setting is checked', () => {
    expect(() => listenerSettings(config, 'SSL').value('ssl.client.auth')).toThrow(ConfigError);
  });
});
