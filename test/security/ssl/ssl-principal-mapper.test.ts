import { ConfigError } from '../../../src/common/config/config-error';
import { NoMatchingRule, SslPrincipalMapper } from '../../../src/security/ssl/ssl-principal-mapper';
import { expandReplacement } from '../../../src/security/ssl/java-regex';
import { MAPPING_CASES } from './principal-mapping-cases';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('ssl.principal.mapping.rules answer what Kafka 2.4.1 SslPrincipalMapper answers', () => {
  it.each(MAPPING_CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    if ('error' in c.parsed) {
      let thrown: unknown;
      try {
        SslPrincipalMapper.fromRules(c.rules);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).property).toBe('ssl.principal.mapping.rules');
      expect((thrown as Error).message).toBe(c.parsed.error);
      return;
    }
    const mapper = SslPrincipalMapper.fromRules(c.rules);
    expect(mapper.toString()).toBe(c.parsed.toString);
    for (const [dn, outcome] of c.names) {
      if ('name' in outcome) expect(mapper.getName(dn)).toBe(outcome.name);
      else expect(messageOf(() => mapper.getName(dn))).toBe(outcome.error);
    }
  });

  it('reports no matching rule with its own error type', () => {
    const mapper = SslPrincipalMapper.fromRules('RULE:^CN=a$/a/');
    expect(() => mapper.getName('CN=b')).toThrow(NoMatchingRule);
  });

  it('says which pattern JavaScript cannot compile, at parse time', () => {
    expect(() => SslPrincipalMapper.fromRules('RULE:^CN=(a*+)$/$1/')).toThrow(/Invalid rule: `RULE:\^CN=\(a\*\+\)\$\/\$1\/`: the pattern \^CN=\(a\*\+\)\$ cannot be compiled/);
    expect(() => SslPrincipalMapper.fromRules('RULE:(?x)^CN$/$1/')).toThrow(/COMMENTS flag/);
  });
});

describe("Java's replacement syntax", () => {
  const groups = ['whole', 'one', undefined, 'three'];
  it.each([
    ['$1-$3', 'one-three'],
    ['$2', ''],
    ['$31', 'three1'],
    ['\\$1', '$1'],
    ['a\\\\b', 'a\\b'],
  ])('%s', (replacement, expected) => {
    expect(expandReplacement(replacement, groups)).toBe(expected);
  });
  it.each([
    ['$', 'Illegal group reference: group index is missing'],
    ['$x', 'Illegal group reference'],
    ['$4', 'No group 4'],
    ['x\\', 'character to be escaped is missing'],
    ['${}', 'named capturing group has 0 length name'],
    ['${a', "named capturing group is missing trailing '}'"],
    ['${1a}', 'capturing group name {1a} starts with digit character'],
  ])('%s fails with Java message', (replacement, message) => {
    expect(messageOf(() => expandReplacement(replacement, groups))).toBe(message);
  });
});
