// The JSON reading behind Kafka 2.4.1's reassignment files (kafka.utils.Json over Jackson's tree
// model), so a bad file fails with the same words: Jackson keeps object keys in file order, tells
// an int from a long or a double, and Kafka's messages print the offending node as Jackson writes
// it ("Expected `Int` value, received \"x\""). Json.parseFull reads one value and ignores whatever
// follows it; a syntax error means "not JSON" (None), and a blank input is Jackson's MissingNode,
// which prints as nothing.

import { writeJson } from '../../zk/json/ordered-json';
import { JavaException } from './java-exceptions';

export type JsonNode =
  | { kind: 'object'; entries: Array<[string, JsonNode]> }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  /** IntNode: an integer literal that fits a Java int. */
  | { kind: 'int'; value: number }
  /** LongNode or BigIntegerNode: a larger integer literal. */
  | { kind: 'bigint'; value: bigint }
  /** DoubleNode: any literal with a fraction or an exponent. */
  | { kind: 'double'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'missing' };

export type JsonObjectNode = Extract<JsonNode, { kind: 'object' }>;

class JsonSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(): never {
    throw new JsonSyntaxError(`bad JSON at ${this.pos}`);
  }

  skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  value(): JsonNode {
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, node] of [['true', { kind: 'boolean', value: true }], ['false', { kind: 'boolean', value: false }], ['null', { kind: 'null' }]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        // Jackson reads a whole token: `nulls` or `true1` is an unrecognized token.
        if (/[A-Za-z0-9_$]/.test(this.text[this.pos] ?? '')) this.fail();
        return node;
      }
    }
    return this.fail();
  }

  private object(): JsonNode {
    this.pos++;
    const entries: Array<[string, JsonNode]> = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail();
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail();
      this.pos++;
      const value = this.value();
      // ObjectNode is a LinkedHashMap: a repeated key keeps its first place and takes the last value.
      const existing = entries.find(([k]) => k === key);
      if (existing !== undefined) existing[1] = value;
      else entries.push([key, value]);
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === '}') return { kind: 'object', entries };
      if (c !== ',') this.fail();
    }
  }

  private array(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos++];
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail();
    }
  }

  private string(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail();
      if (c === '"') return out;
      if (c < ' ') this.fail();
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else this.fail();
    }
  }

  private number(): JsonNode {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (m === null) this.fail();
    this.pos += m[0].length;
    // Jackson rejects `01` and `1.`: the literal must end where the grammar does.
    if (/[0-9.eE]/.test(this.text[this.pos] ?? '') || (m[1] === '0' && /\d/.test(this.text[this.pos] ?? ''))) this.fail();
    if (m[2] !== undefined || m[3] !== undefined) return { kind: 'double', value: Number(m[0]) };
    const big = BigInt(m[0]);
    if (big >= -2147483648n && big <= 2147483647n) return { kind: 'int', value: Number(big) };
    return { kind: 'bigint', value: big };
  }
}

/** Json.parseFull: the first JSON value of `text`, or null when it is not JSON. */
export function parseJsonFull(text: string): JsonNode | null {
  const parser = new Parser(text);
  parser.skipWhitespace();
  if (parser.atEnd()) return { kind: 'missing' };
  try {
    return parser.value();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    throw error;
  }
}

/** java.lang.Double.toString: plain from 10^-3 up to 10^7 (always with a fraction), else d.dddE±n. */
function javaDoubleString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** JsonNode.toString as Jackson writes it (compact). */
export function jsonNodeString(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return `{${node.entries.map(([k, v]) => `${writeJson(k)}:${jsonNodeString(v)}`).join(',')}}`;
    case 'array':
      return `[${node.items.map(jsonNodeString).join(',')}]`;
    case 'string':
      return writeJson(node.value);
    case 'int':
      return String(node.value);
    case 'bigint':
      return node.value.toString();
    case 'double':
      return javaDoubleString(node.value);
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'missing':
      return '';
  }
}

/** Jackson's JsonMappingException, which kafka.utils.json throws for a node of the wrong shape. */
export function jsonMappingException(message: string): JavaException {
  return new JavaException('com.fasterxml.jackson.databind.JsonMappingException', message);
}

/** JsonValue.asJsonObject */
export function asJsonObject(node: JsonNode): JsonObjectNode {
  if (node.kind !== 'object') throw jsonMappingException(`Expected JSON object, received ${jsonNodeString(node)}`);
  return node;
}

/** JsonValue.asJsonArray */
export function asJsonArray(node: JsonNode): JsonNode[] {
  if (node.kind !== 'array') throw jsonMappingException(`Expected JSON array, received ${jsonNodeString(node)}`);
  return node.items;
}

/** JsonObject.get: the field, or undefined when absent (a JSON null is a node, not absence). */
export function getField(object: JsonObjectNode, name: string): JsonNode | undefined {
  return object.entries.find(([k]) => k === name)?.[1];
}

/** JsonObject.apply */
export function field(object: JsonObjectNode, name: string): JsonNode {
  const value = getField(object, name);
  if (value === undefined) throw jsonMappingException(`No such field exists: \`${name}\``);
  return value;
}

/** DecodeJson.DecodeInt: only an IntNode is an Int. */
export function toInt(node: JsonNode): number {
  if (node.kind !== 'int') throw jsonMappingException(`Expected \`Int\` value, received ${jsonNodeString(node)}`);
  return node.value;
}

/** DecodeJson.DecodeString */
export function toStringValue(node: JsonNode): string {
  if (node.kind !== 'string') throw jsonMappingException(`Expected \`String\` value, received ${jsonNodeString(node)}`);
  return node.value;
}

/** DecodeJson.decodeSeq: an array, decoded element by element (the first bad one fails it). */
export function toSeq<T>(node: JsonNode, element: (n: JsonNode) => T): T[] {
  if (node.kind !== 'array') throw jsonMappingException(`Expected JSON array, received ${jsonNodeString(node)}`);
  return node.items.map(element);
}
