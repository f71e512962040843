// Strict readers for znode JSON: every decoder parses through here, so a malformed znode fails
// with one clear ZnodeDecodeError naming the znode, the field, and the raw data.

import { ZnodeDecodeError } from './znode-decode-error';

export type JsonRecord = Record<string, unknown>;

export class JsonReader {
  constructor(
    /** What is being decoded, e.g. `/brokers/ids/1`. */
    readonly znode: string,
    readonly raw: string,
  ) {}

  fail(detail: string): never {
    throw new ZnodeDecodeError(this.znode, detail, this.raw);
  }

  /** Parses `data` as a JSON object. */
  static object(znode: string, data: Buffer | null): { reader: JsonReader; json: JsonRecord } {
    if (data === null) throw new ZnodeDecodeError(znode, 'no data (null znode payload)');
    const raw = data.toString('utf8');
    const reader = new JsonReader(znode, raw);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      reader.fail(`invalid JSON: ${(error as Error).message}`);
    }
    return { reader, json: reader.asObject(parsed, 'document') };
  }

  asObject(value: unknown, field: string): JsonRecord {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${field} must be a JSON object`);
    return value as JsonRecord;
  }

  int(json: JsonRecord, field: string): number {
    const value = json[field];
    if (typeof value !== 'number' || !Number.isInteger(value)) this.fail(`${field} must be an integer, got ${JSON.stringify(value)}`);
    return value;
  }

  optionalInt(json: JsonRecord, field: string): number | undefined {
    return json[field] === undefined ? undefined : this.int(json, field);
  }

  string(json: JsonRecord, field: string): string {
    const value = json[field];
    if (typeof value !== 'string') this.fail(`${field} must be a string, got ${JSON.stringify(value)}`);
    return value;
  }

  /** A string field Kafka may also write as null (e.g. broker `host` without a PLAINTEXT listener). */
  nullableString(json: JsonRecord, field: string): string | null {
    const value = json[field];
    if (value === null || value === undefined) return null;
    return this.string(json, field);
  }

  /** Kafka writes some numbers as strings (timestamps, producer-id block bounds); accept both. */
  intString(json: JsonRecord, field: string): bigint {
    const value = json[field];
    if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    return this.fail(`${field} must be an integer or a decimal string, got ${JSON.stringify(value)}`);
  }

  intArray(value: unknown, field: string): number[] {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v))) {
      this.fail(`${field} must be an array of integers, got ${JSON.stringify(value)}`);
    }
    return value as number[];
  }

  stringArray(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      this.fail(`${field} must be an array of strings, got ${JSON.stringify(value)}`);
    }
    return value as string[];
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(`${field} must be an array`);
    return value;
  }

  /** Checks `version` is one of `supported`. */
  version(json: JsonRecord, supported: number[]): number {
    const version = this.int(json, 'version');
    if (!supported.includes(version)) this.fail(`unsupported version ${version} (supported: ${supported.join(', ')})`);
    return version;
  }
}
