import { Password, type ConfigValue } from '../../../src/common/config/config-types';
import { DEFAULT_SSL_SETTINGS, sslSettings, sslSettingsFromConfig } from '../../../src/security/ssl/ssl-settings';

describe('ssl.* settings of one listener', () => {
  it("has Kafka 2.4.1's defaults", () => {
    expect(DEFAULT_SSL_SETTINGS).toMatchObject({
      protocol: 'TLS',
      enabledProtocols: ['TLSv1.2', 'TLSv1.1', 'TLSv1'],
      cipherSuites: [],
      keystoreType: 'JKS',
      truststoreType: 'JKS',
      clientAuth: 'none',
      endpointIdentificationAlgorithm: 'https',
      principalMappingRules: 'DEFAULT',
      keystoreLocation: null,
    });
    expect(sslSettings({ clientAuth: 'required' })).toMatchObject({ clientAuth: 'required', keystoreType: 'JKS' });
  });

  it('reads parsed config values, a listener override first, passwords unwrapped', () => {
    const broker: Record<string, ConfigValue> = {
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': '/etc/kafka/broker.p12',
      'ssl.keystore.password': new Password('store'),
      'ssl.key.password': new Password('key'),
      'ssl.truststore.location': '/etc/kafka/trust.p12',
      'ssl.truststore.password': null,
      'ssl.client.auth': 'none',
      'ssl.enabled.protocols': ['TLSv1.2', 'TLSv1.3'],
      'ssl.cipher.suites': [],
      'ssl.endpoint.identification.algorithm': '',
      'listener.name.mtls.ssl.client.auth': 'required',
      'listener.name.mtls.ssl.cipher.suites': 'TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384',
    };
    const forListener = (listener: string) => (name: string): ConfigValue | undefined => broker[`listener.name.${listener}.${name}`] ?? broker[name];
    const settings = sslSettingsFromConfig(forListener('mtls'), 'listener.name.mtls.');
    expect(settings).toEqual({
      ...DEFAULT_SSL_SETTINGS,
      configPrefix: 'listener.name.mtls.',
      keystoreType: 'PKCS12',
      keystoreLocation: '/etc/kafka/broker.p12',
      keystorePassword: 'store',
      keyPassword: 'key',
      truststoreLocation: '/etc/kafka/trust.p12',
      truststorePassword: null,
      clientAuth: 'required',
      enabledProtocols: ['TLSv1.2', 'TLSv1.3'],
      cipherSuites: ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'],
      endpointIdentificationAlgorithm: '',
    });
    expect(sslSettingsFromConfig(forListener('ssl')).clientAuth).toBe('none');
  });
});
