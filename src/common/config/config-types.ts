// Kafka's ConfigDef value types and validators, as data. Parsing follows ConfigDef.parseType:
// every value is trimmed first; numbers follow Java's Integer/Short/Long.parseLong rules (an
// optional sign, decimal digits, no exponent); booleans are case-insensitive true/false; lists
// split on commas with surrounding whitespace. Broker config and topic config both use it.

import { ConfigError } from './config-error';

export type ConfigType = 'int' | 'long' | 'short' | 'double' | 'boolean' | 'string' | 'list' | 'password' | 'class';

/** Java's Long.MAX_VALUE as the nearest double (2^63); renders back as 9223372036854775807. */
export const LONG_MAX = 9223372036854775807;
export const INT_MAX = 2147483647;
export const INT_MIN = -2147483648;
/** Java's Double.MAX_VALUE. */
export const DOUBLE_MAX = Number.MAX_VALUE;

/** A secret; prints as Kafka's "[hidden]" so it never reaches a log line by accident. */
export class Password {
  constructor(readonly value: string) {}
  toString(): string {
    return '[hidden]';
  }
  toJSON(): string {
    return '[hidden]';
  }
}

export type ConfigValue = number | boolean | string | string[] | Password | null;

const INTEGER_BOUNDS: Record<'int' | 'short' | 'long', readonly [bigint, bigint]> = {
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

// Double.parseDouble's decimal forms (hex floats are left out: nobody writes them in a config).
const DOUBLE_PATTERN = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
// A Java binary class name; we cannot load classes, so syntax is all we can check.
const CLASS_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
// Kafka's COMMA_WITH_WHITESPACE.
const COMMA_WITH_WHITESPACE = /\s*,\s*/;

function typeName(type: ConfigType): string {
  return type.toUpperCase();
}

/** Parses one raw property string as ConfigDef would; throws ConfigError naming `name`. */
export function parseTyped(name: string, raw: string, type: ConfigType): Exclude<ConfigValue, null> {
  const trimmed = raw.trim();
  switch (type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw ConfigError.invalid(name, raw, 'Expected value to be either true or false');
    }
    case 'int':
    case 'short':
    case 'long': {
      if (!/^[+-]?\d+$/.test(trimmed)) throw ConfigError.invalid(name, raw, `Not a number of type ${typeName(type)}`);
      const n = BigInt(trimmed);
      const [lo, hi] = INTEGER_BOUNDS[type];
      if (n < lo || n > hi) throw ConfigError.invalid(name, raw, `Not a number of type ${typeName(type)}`);
      return Number(n);
    }
    case 'double': {
      if (!DOUBLE_PATTERN.test(trimmed)) throw ConfigError.invalid(name, raw, 'Not a number of type DOUBLE');
      return Number(trimmed.replace(/[fFdD]$/, ''));
    }
    case 'string':
      return trimmed;
    case 'password':
      return new Password(trimmed);
    case 'list':
      return trimmed === '' ? [] : trimmed.split(COMMA_WITH_WHITESPACE);
    case 'class':
      if (!CLASS_PATTERN.test(trimmed)) throw ConfigError.invalid(name, raw, `Class ${raw} could not be found.`);
      return trimmed;
  }
}

/** Validators Kafka attaches to definitions (Range, ValidString, ValidList, ApiVersionValidator...). */
export type Validator =
  | { kind: 'range'; min?: number; max?: number }
  | { kind: 'oneOf'; values: readonly string[] }
  | { kind: 'listOf'; values: readonly string[] }
  | { kind: 'custom'; check: (value: Exclude<ConfigValue, null>) => string | undefined };

export const atLeast = (min: number): Validator => ({ kind: 'range', min });
export const between = (min: number, max: number): Validator => ({ kind: 'range', min, max });
/** Case-sensitive, like ConfigDef.ValidString.in. */
export const oneOf = (...values: string[]): Validator => ({ kind: 'oneOf', values });
export const listOf = (...values: string[]): Validator => ({ kind: 'listOf', values });

/** Throws ConfigError with Kafka's wording when `value` breaks `validator`. */
export function validate(name: string, value: Exclude<ConfigValue, null>, validator: Validator): void {
  switch (validator.kind) {
    case 'range':
      if (typeof value !== 'number') return;
      if (validator.min !== undefined && value < validator.min) throw ConfigError.invalid(name, value, `Value must be at least ${validator.min}`);
      if (validator.max !== undefined && value > validator.max) throw ConfigError.invalid(name, value, `Value must be no more than ${validator.max}`);
      return;
    case 'oneOf':
      if (!validator.values.includes(String(value))) throw ConfigError.invalid(name, value, `String must be one of: ${validator.values.join(', ')}`);
      return;
    case 'listOf': {
      const items = value as string[];
      for (const item of items) {
        if (!validator.values.includes(item)) throw ConfigError.invalid(name, item, `String must be one of: ${validator.values.join(', ')}`);
      }
      return;
    }
    case 'custom': {
      const problem = validator.check(value);
      // Java prints a List value as [a, b].
      if (problem !== undefined) throw ConfigError.invalid(name, Array.isArray(value) ? `[${value.join(', ')}]` : value, problem);
      return;
    }
  }
}

/** Renders a parsed value back to property text the way Kafka prints it. */
export function renderValue(value: ConfigValue): string | null {
  if (value === null) return null;
  if (Array.isArray(value)) return value.join(',');
  if (value instanceof Password) return value.toString();
  if (typeof value === 'number' && value >= LONG_MAX) return '9223372036854775807';
  if (typeof value === 'number' && value === DOUBLE_MAX) return '1.7976931348623157E308';
  return String(value);
}

/** Java's Double.toString: integral values keep ".0", and 10^7 and above use "E" notation. */
export function javaDoubleToString(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (value === DOUBLE_MAX) return '1.7976931348623157E308';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e7 || magnitude < 1e-3)) {
    const [mantissa, exponent] = value.toExponential().split('e');
    return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** ConfigDef.convertToString: renderValue, with doubles as Java prints them and passwords withheld (null). */
export function renderTypedValue(value: ConfigValue, type: ConfigType): string | null {
  if (type === 'password') return null;
  if (type === 'double' && typeof value === 'number') return javaDoubleToString(value);
  return renderValue(value);
}
