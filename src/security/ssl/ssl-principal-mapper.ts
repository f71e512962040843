// ssl.principal.mapping.rules (KIP-371) as Kafka 2.4.1's SslPrincipalMapper reads and applies them:
// a comma-separated list of `DEFAULT` (the distinguished name as it is) and
// `RULE:pattern/replacement/` with an optional `L` or `U` after the last slash (lower/upper case
// the result). The first rule whose pattern matches the whole name gives the principal name: the
// name with every match of the pattern replaced (Java's String.replaceAll). No matching rule is an
// error for that connection. Splitting, the "Invalid rule" messages, the treatment of a $n naming
// a group that does not exist (kept literally) and toString() are Kafka's.

import { ConfigError } from '../../common/config/config-error';
import { compileJavaPattern, JavaPatternSyntaxError, type JavaPattern } from './java-regex';

export const SSL_PRINCIPAL_MAPPING_RULES_CONFIG = 'ssl.principal.mapping.rules';
export const DEFAULT_SSL_PRINCIPAL_MAPPING_RULES = 'DEFAULT';

// Java's \s and '.', written out: JavaScript's \s also matches Unicode spaces and its '.' matches
// U+0085, which Java's do not.
const WS = '[ \\t\\n\\x0B\\f\\r]';
const DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
const RULE = `(DEFAULT)|RULE:((\\\\${DOT}|[^\\\\/])*)/((\\\\${DOT}|[^\\\\/])*)/([LU]?)${DOT}*?|(${DOT}*?)`;
const RULE_SPLITTER = new RegExp(`${WS}*(${RULE})${WS}*(,${WS}*|$)`, 'g');
const RULE_PARSER = new RegExp(RULE, 'y');

/** The distinguished name matched no rule (Kafka's SslPrincipalMapper.NoMatchingRule). */
export class NoMatchingRule extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoMatchingRule';
  }
}

type Rule =
  | { readonly kind: 'default' }
  | { readonly kind: 'rule'; readonly pattern: JavaPattern; readonly replacement: string; readonly toLowerCase: boolean; readonly toUpperCase: boolean };

export class SslPrincipalMapper {
  private constructor(private readonly rules: readonly Rule[]) {}

  /** Parses the rules (null means the default, "DEFAULT"). Throws a ConfigError naming the property. */
  static fromRules(text: string | null | undefined): SslPrincipalMapper {
    return new SslPrincipalMapper(parseRules(splitRules(text ?? DEFAULT_SSL_PRINCIPAL_MAPPING_RULES)));
  }

  /** The principal name for a distinguished name; throws NoMatchingRule when no rule applies. */
  getName(distinguishedName: string): string {
    for (const rule of this.rules) {
      const name = applyRule(rule, distinguishedName);
      if (name !== null) return name;
    }
    throw new NoMatchingRule(`No rules apply to ${distinguishedName}, rules ${this.rulesToString()}`);
  }

  toString(): string {
    return `SslPrincipalMapper(rules = ${this.rulesToString()})`;
  }

  private rulesToString(): string {
    return `[${this.rules.map(ruleToString).join(', ')}]`;
  }
}

/** String.trim(): Java drops every character up to U+0020 at both ends, no more. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

function splitRules(text: string): string[] {
  return [...javaTrim(text).matchAll(RULE_SPLITTER)].map((m) => m[1]);
}

function parseRules(texts: readonly string[]): Rule[] {
  const rules: Rule[] = [];
  for (const text of texts) {
    RULE_PARSER.lastIndex = 0;
    const m = RULE_PARSER.exec(text);
    if (m === null) throw invalid(`Invalid rule: ${text}`);
    const end = m[0].length;
    if (end !== text.length) throw invalid(`Invalid rule: \`${text}\`, unmatched substring: \`${text.slice(end)}\``);
    // An empty entry (e.g. after a trailing comma) is no rule at all.
    if (m[1] !== undefined) {
      rules.push({ kind: 'default' });
    } else if (m[2] !== undefined) {
      let pattern: JavaPattern;
      try {
        pattern = compileJavaPattern(m[2]);
      } catch (e) {
        if (!(e instanceof JavaPatternSyntaxError)) throw e;
        throw invalid(`Invalid rule: \`${text}\`: the pattern ${m[2]} cannot be compiled (${e.message})`);
      }
      rules.push({ kind: 'rule', pattern, replacement: m[4], toLowerCase: m[6] === 'L', toUpperCase: m[6] === 'U' });
    }
  }
  return rules;
}

function invalid(message: string): ConfigError {
  return new ConfigError(SSL_PRINCIPAL_MAPPING_RULES_CONFIG, message);
}

function applyRule(rule: Rule, distinguishedName: string): string | null {
  if (rule.kind === 'default') return distinguishedName;
  if (!rule.pattern.matches(distinguishedName)) return null;
  const replacement = escapeLiteralBackReferences(rule.replacement, rule.pattern.groupCount);
  const result = rule.pattern.replaceAll(distinguishedName, replacement);
  if (rule.toLowerCase) return result.toLowerCase();
  if (rule.toUpperCase) return result.toUpperCase();
  return result;
}

/**
 * A $n whose n (and every shorter prefix of n) names no group is made literal by putting a
 * backslash before its '$', so "$1@$4" with three groups keeps "$4". Kafka finds the references in
 * the original text and inserts at those positions into the text it is changing, so after a first
 * insertion later ones land one character early; kept, so the same rules give the same names.
 * With no groups at all nothing is escaped (and a $1 then fails as Java's replaceAll fails).
 */
function escapeLiteralBackReferences(unescaped: string, groupCount: number): string {
  if (groupCount === 0) return unescaped;
  let value = unescaped;
  for (const m of unescaped.matchAll(/\$(\d+)/g)) {
    const digits = m[1];
    if (digits.startsWith('0')) continue;
    const parsed = Number(digits);
    if (parsed > 2147483647) throw new Error(`For input string: "${digits}"`);
    let index = parsed;
    while (index > groupCount && index >= 10) index = Math.floor(index / 10);
    if (index > groupCount) {
      const dollar = m.index as number;
      value = `${value.slice(0, dollar)}\\${value.slice(dollar)}`;
    }
  }
  return value;
}

function ruleToString(rule: Rule): string {
  if (rule.kind === 'default') return 'DEFAULT';
  const casing = rule.toLowerCase ? '/L' : rule.toUpperCase ? '/U' : '';
  return `RULE:${rule.pattern.source}/${rule.replacement}${casing}`;
}
