import { JaasConfigError, SCRAM_LOGIN_MODULE } from '../../../src/security/jaas/jaas-config';
import { listenerMechanismJaasProperty, loadServerJaasConfig } from '../../../src/security/jaas/server-jaas-context';

const PLAIN = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="alice-secret";';

describe("a SASL listener's JAAS configuration (JaasContext.loadServerContext)", () => {
  it('is listener.name.<listener>.<mechanism>.sasl.jaas.config, in lower case', () => {
    expect(listenerMechanismJaasProperty('SASL_PLAINTEXT', 'SCRAM-SHA-256')).toBe('listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config');
    const properties = new Map([
      ['listener.name.sasl_plaintext.plain.sasl.jaas.config', PLAIN],
      ['listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config', `${SCRAM_LOGIN_MODULE} required;`],
    ]);
    const warnings: string[] = [];
    expect(loadServerJaasConfig('SASL_PLAINTEXT', 'PLAIN', properties, (w) => warnings.push(w)).options.get('user_alice')).toBe('alice-secret');
    expect(loadServerJaasConfig('SASL_PLAINTEXT', 'SCRAM-SHA-256', properties, (w) => warnings.push(w)).loginModule).toBe(SCRAM_LOGIN_MODULE);
    expect(warnings).toEqual([]);
  });

  it('fails as Kafka does without it, warning about an unprefixed sasl.jaas.config', () => {
    const warnings: string[] = [];
    const properties = new Map([['sasl.jaas.config', PLAIN], ['plain.sasl.jaas.config', PLAIN]]);
    expect(() => loadServerJaasConfig('SASL_SSL', 'PLAIN', properties, (w) => warnings.push(w))).toThrow(
      new JaasConfigError("Could not find a 'KafkaServer' or 'sasl_ssl.KafkaServer' entry in the JAAS configuration. System property 'java.security.auth.login.config' is not set", ''),
    );
    expect(warnings).toEqual(['Server config sasl.jaas.config should be prefixed with SASL mechanism name, ignoring config']);
    expect(() => loadServerJaasConfig('SASL_SSL', 'PLAIN', new Map(), (w) => warnings.push(w))).toThrow(JaasConfigError);
    expect(warnings).toHaveLength(1);
  });

  it('reports an invalid value with the property it came from', () => {
    const property = 'listener.name.sasl_plaintext.plain.sasl.jaas.config';
    try {
      loadServerJaasConfig('SASL_PLAINTEXT', 'PLAIN', new Map([[property, 'x required k=1;']]), () => {});
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toEqual(new JaasConfigError("Value not specified for key 'k' in JAAS config", property));
      expect((error as JaasConfigError).property).toBe(property);
    }
  });
});
