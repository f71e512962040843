import { JaasConfigError, PLAIN_LOGIN_MODULE, SCRAM_LOGIN_MODULE, jaasOption, parseJaasConfig, parseJaasConfigEntries } from '../../../src/security/jaas/jaas-config';
import { RECORDED_JAAS_CASES } from './jaas-config-cases';

const PROPERTY = 'listener.name.sasl_plaintext.plain.sasl.jaas.config';

function outcome(text: string): unknown {
  try {
    return parseJaasConfigEntries(text, PROPERTY).map((e) => ({
      loginModule: e.loginModule,
      controlFlag: e.controlFlag,
      options: Object.fromEntries([...e.options].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    }));
  } catch (error) {
    if (!(error instanceof JaasConfigError)) throw error;
    return { error: error.message };
  }
}

describe('JAAS config text, against what Kafka 2.4.1 JaasConfig makes of it', () => {
  it.each(RECORDED_JAAS_CASES)('%j', (text, expected) => {
    expect(outcome(text)).toEqual(expected);
  });
});

describe('sasl.jaas.config (JaasContext.load)', () => {
  it('reads the PLAIN login module of the issue, quoted values and user_ entries', () => {
    const entry = parseJaasConfig(
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";',
      PROPERTY,
    );
    expect(entry.loginModule).toBe(PLAIN_LOGIN_MODULE);
    expect(entry.controlFlag).toBe('required');
    expect(entry.options.get('user_alice')).toBe('alice-secret');
    expect(entry.options.get('username')).toBe('admin');
    expect(entry.options.size).toBe(4);
  });

  it('wants exactly one login module', () => {
    expect(() => parseJaasConfig(`${SCRAM_LOGIN_MODULE} required; ${PLAIN_LOGIN_MODULE} required;`, PROPERTY)).toThrow(
      new JaasConfigError('JAAS config property contains 2 login modules, should be 1 module', PROPERTY),
    );
    expect(() => parseJaasConfig('  ', PROPERTY)).toThrow('Login module not specified in JAAS config');
    expect(parseJaasConfig(`${SCRAM_LOGIN_MODULE} required;`, PROPERTY).options.size).toBe(0);
  });

  it('wants the trailing semi-colon', () => {
    expect(() => parseJaasConfig(`${SCRAM_LOGIN_MODULE} required`, PROPERTY)).toThrow('JAAS config entry not terminated by semi-colon');
  });

  it('names the property and prints like Java', () => {
    try {
      parseJaasConfig('a required k=123;', PROPERTY);
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(JaasConfigError);
      expect((error as JaasConfigError).property).toBe(PROPERTY);
      expect((error as JaasConfigError).javaException).toBe("java.lang.IllegalArgumentException: Value not specified for key 'k' in JAAS config");
    }
    try {
      parseJaasConfig('123 required;', PROPERTY);
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as JaasConfigError).javaException).toBe('java.lang.IllegalArgumentException');
    }
  });

  it('looks options up per login module (JaasContext.configEntryOption)', () => {
    const entries = parseJaasConfigEntries(`x required user_bob=one; ${PLAIN_LOGIN_MODULE} required user_bob=two;`, PROPERTY);
    expect(jaasOption(entries, 'user_bob')).toBe('one');
    expect(jaasOption(entries, 'user_bob', PLAIN_LOGIN_MODULE)).toBe('two');
    expect(jaasOption(entries, 'user_eve', PLAIN_LOGIN_MODULE)).toBeUndefined();
  });
});
