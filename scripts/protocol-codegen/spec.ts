// Reads Kafka's JSON message specs into a normalized model the emitter (and the tests) can walk.
//
// The model resolves everything the JSON leaves implicit: version range strings become numeric
// ranges, defaults become typed values, struct references (inline, commonStructs) become one
// StructSpec each, and every struct gets a TypeScript name that is unique across all messages.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Inclusive version range; max is Infinity for "N+". */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export type PrimitiveKind = 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'string' | 'bytes';

export type FieldType =
  | { readonly kind: PrimitiveKind }
  | { readonly kind: 'array'; readonly element: FieldType }
  | { readonly kind: 'struct'; readonly struct: StructSpec };

/** A default as a plain JS value; arrays are represented by 'empty' or null. */
export type DefaultValue = number | bigint | boolean | string | null | 'emptyBytes' | 'emptyArray';

export interface FieldSpec {
  readonly specName: string;
  /** camelCase property name in the generated interfaces. */
  readonly propName: string;
  readonly type: FieldType;
  readonly versions: VersionRange;
  readonly nullableVersions: VersionRange | null;
  /** Per-field override of the message's flexible versions (RequestHeader.ClientId: none). */
  readonly flexibleVersions: VersionRange | null | undefined;
  readonly tag: number | null;
  readonly taggedVersions: VersionRange | null;
  readonly ignorable: boolean;
  readonly defaultValue: DefaultValue;
}

export interface StructSpec {
  readonly specName: string;
  /** Exported interface name, unique across all generated files. */
  tsName: string;
  readonly fields: FieldSpec[];
  /** Hull of the message versions in which this struct can occur. */
  usedIn: VersionRange;
}

export interface MessageSpec {
  readonly name: string;
  readonly apiKey: number | null;
  readonly type: 'request' | 'response' | 'header';
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange | null;
  /** The top-level struct (tsName = message name). */
  readonly root: StructSpec;
  /** Nested structs in order of first appearance (root excluded). */
  readonly structs: StructSpec[];
}

// ---- version ranges ----------------------------------------------------------------------------

export function parseVersions(text: string | undefined, what: string): VersionRange | null {
  if (text === undefined || text === 'none') return null;
  let m = /^(\d+)\+$/.exec(text);
  if (m) return { min: Number(m[1]), max: Infinity };
  m = /^(\d+)-(\d+)$/.exec(text);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^(\d+)$/.exec(text);
  if (m) return { min: Number(m[1]), max: Number(m[1]) };
  throw new Error(`${what}: cannot parse version range "${text}"`);
}

export function intersect(a: VersionRange | null, b: VersionRange | null): VersionRange | null {
  if (a === null || b === null) return null;
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}

export function contains(range: VersionRange | null, version: number): boolean {
  return range !== null && version >= range.min && version <= range.max;
}

function hull(a: VersionRange | null, b: VersionRange): VersionRange {
  return a === null ? b : { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

// ---- JSON loading ------------------------------------------------------------------------------

/** The spec files allow `//` line comments; strip them (outside strings) before JSON.parse. */
export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

interface RawField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  flexibleVersions?: string;
  taggedVersions?: string;
  tag?: number;
  ignorable?: boolean;
  default?: string | number | boolean;
  fields?: RawField[];
}

interface RawMessage {
  apiKey?: number;
  type: string;
  name: string;
  validVersions: string;
  flexibleVersions?: string;
  fields: RawField[];
  commonStructs?: { name: string; versions?: string; fields: RawField[] }[];
}

export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function parseInteger(text: string, what: string): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const value = /^0x[0-9a-f]+$/i.test(body) ? parseInt(body.slice(2), 16) : /^\d+$/.test(body) ? Number(body) : NaN;
  if (Number.isNaN(value)) throw new Error(`${what}: bad integer default "${text}"`);
  return negative ? -value : value;
}

const INT_LIMITS: Record<string, [number, number]> = {
  int8: [-0x80, 0x7f],
  int16: [-0x8000, 0x7fff],
  int32: [-0x80000000, 0x7fffffff],
};

function parseDefault(raw: RawField, type: FieldType, nullable: boolean, what: string): DefaultValue {
  const text = raw.default === undefined ? undefined : String(raw.default);
  if (text === 'null') {
    if (!nullable) throw new Error(`${what}: default null on a non-nullable field`);
    if (type.kind === 'string' || type.kind === 'bytes' || type.kind === 'array') return null;
    throw new Error(`${what}: default null on ${type.kind}`);
  }
  switch (type.kind) {
    case 'bool':
      if (text === undefined) return false;
      if (text !== 'true' && text !== 'false') throw new Error(`${what}: bad bool default "${text}"`);
      return text === 'true';
    case 'int8':
    case 'int16':
    case 'int32': {
      if (text === undefined) return 0;
      const v = parseInteger(text, what);
      const [lo, hi] = INT_LIMITS[type.kind];
      if (v < lo || v > hi) throw new Error(`${what}: default ${text} out of ${type.kind} range`);
      return v;
    }
    case 'int64': {
      if (text === undefined) return 0n;
      const negative = text.startsWith('-');
      const v = BigInt(negative ? text.slice(1) : text);
      return negative ? -v : v;
    }
    case 'string':
      return text ?? '';
    case 'bytes':
      if (text !== undefined) throw new Error(`${what}: bytes defaults are not supported`);
      return 'emptyBytes';
    case 'array':
    case 'struct':
      if (text !== undefined) throw new Error(`${what}: only null defaults are supported for arrays`);
      return 'emptyArray';
  }
}

const PRIMITIVES = new Set<string>(['bool', 'int8', 'int16', 'int32', 'int64', 'string', 'bytes']);

/** Parses one spec file's JSON text. Struct TS names are fixed up later by loadSpecs. */
export function parseMessage(text: string, source: string): MessageSpec {
  const raw = JSON.parse(stripComments(text)) as RawMessage;
  const validVersions = parseVersions(raw.validVersions, `${source} validVersions`);
  if (validVersions === null) throw new Error(`${source}: no validVersions`);
  if (raw.type !== 'request' && raw.type !== 'response' && raw.type !== 'header') {
    throw new Error(`${source}: unknown message type ${raw.type}`);
  }
  const flexibleVersions = parseVersions(raw.flexibleVersions, `${source} flexibleVersions`);
  const structs = new Map<string, StructSpec>();
  const order: StructSpec[] = [];
  const common = new Map((raw.commonStructs ?? []).map((c) => [c.name, c]));

  const parseStruct = (name: string, rawFields: RawField[]): StructSpec => {
    const existing = structs.get(name);
    if (existing) return existing;
    const fields: FieldSpec[] = [];
    const struct: StructSpec = { specName: name, tsName: name, fields, usedIn: validVersions };
    structs.set(name, struct);
    order.push(struct);
    for (const f of rawFields) fields.push(parseField(f, `${source} ${name}.${f.name}`));
    return struct;
  };

  const parseType = (f: RawField, what: string): FieldType => {
    if (PRIMITIVES.has(f.type)) {
      if (f.fields) throw new Error(`${what}: primitive with fields`);
      return { kind: f.type as PrimitiveKind };
    }
    const isArray = f.type.startsWith('[]');
    if (!isArray) {
      // Single nested structs arrive with later Kafka versions; none of the 2.4 specs has one.
      throw new Error(`${what}: non-array struct fields are not supported`);
    }
    const inner = isArray ? f.type.slice(2) : f.type;
    let element: FieldType;
    if (PRIMITIVES.has(inner)) {
      element = { kind: inner as PrimitiveKind };
    } else if (f.fields) {
      element = { kind: 'struct', struct: parseStruct(inner, f.fields) };
    } else if (common.has(inner)) {
      element = { kind: 'struct', struct: parseStruct(inner, common.get(inner)!.fields) };
    } else if (structs.has(inner)) {
      element = { kind: 'struct', struct: parseStruct(inner, []) };
    } else {
      throw new Error(`${what}: unknown type ${f.type}`);
    }
    return isArray ? { kind: 'array', element } : element;
  };

  const parseField = (f: RawField, what: string): FieldSpec => {
    const versions = parseVersions(f.versions, `${what} versions`);
    if (versions === null) throw new Error(`${what}: field without versions`);
    const type = parseType(f, what);
    const nullableVersions = parseVersions(f.nullableVersions, `${what} nullableVersions`);
    if (nullableVersions && type.kind !== 'string' && type.kind !== 'bytes' && type.kind !== 'array') {
      throw new Error(`${what}: only strings, bytes and arrays can be nullable`);
    }
    const flexibleVersions =
      f.flexibleVersions === undefined ? undefined : parseVersions(f.flexibleVersions, `${what} flexibleVersions`);
    const tag = f.tag ?? null;
    const taggedVersions = parseVersions(f.taggedVersions, `${what} taggedVersions`);
    if ((tag === null) !== (taggedVersions === null)) throw new Error(`${what}: tag and taggedVersions go together`);
    if (taggedVersions && (taggedVersions.min !== versions.min || taggedVersions.max !== versions.max)) {
      // Kafka allows a field to be tagged in only some of its versions; no 2.4 spec does that,
      // and supporting it would complicate every emitted field, so refuse it loudly.
      throw new Error(`${what}: taggedVersions must equal versions`);
    }
    return {
      specName: f.name,
      propName: camelCase(f.name),
      type,
      versions,
      nullableVersions,
      flexibleVersions,
      tag,
      taggedVersions,
      ignorable: f.ignorable === true,
      defaultValue: parseDefault(f, type, nullableVersions !== null, what),
    };
  };

  const root = parseStruct(raw.name, raw.fields);
  computeUsage(root, validVersions);
  return {
    name: raw.name,
    apiKey: raw.apiKey ?? null,
    type: raw.type,
    validVersions,
    flexibleVersions,
    root,
    structs: order.filter((s) => s !== root),
  };
}

/**
 * Sets each struct's usedIn to the hull of the versions in which it can occur, so the emitter can
 * drop version checks that are always true there (a struct only reachable from a v2+ field needs
 * no "version >= 2" tests).
 */
function computeUsage(root: StructSpec, validVersions: VersionRange): void {
  const seen = new Map<StructSpec, VersionRange>();
  const visit = (struct: StructSpec, range: VersionRange): void => {
    const before = seen.get(struct);
    const after = before ? hull(before, range) : range;
    if (before && before.min === after.min && before.max === after.max) return;
    seen.set(struct, after);
    struct.usedIn = after;
    for (const field of struct.fields) {
      const element = field.type.kind === 'array' ? field.type.element : field.type;
      if (element.kind !== 'struct') continue;
      const inner = intersect(field.versions, after);
      if (inner) visit(element.struct, inner);
    }
  };
  visit(root, validVersions);
}

/**
 * Loads every spec in `dir`, sorted by file name, and gives each nested struct a TS name:
 * the spec's own name, or message name + struct name when two messages share a struct name
 * (e.g. AlterConfigsResource in both AlterConfigs and IncrementalAlterConfigs).
 */
export function loadSpecs(dir: string): MessageSpec[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const messages = files.map((f) => parseMessage(fs.readFileSync(path.join(dir, f), 'utf8'), f));
  const owners = new Map<string, Set<string>>();
  for (const m of messages) {
    for (const s of m.structs) {
      let set = owners.get(s.specName);
      if (!set) owners.set(s.specName, (set = new Set()));
      set.add(m.name);
    }
  }
  const messageNames = new Set(messages.map((m) => m.name));
  for (const m of messages) {
    for (const s of m.structs) {
      const shared = owners.get(s.specName)!.size > 1 || messageNames.has(s.specName);
      s.tsName = shared ? m.name + s.specName : s.specName;
    }
  }
  return messages;
}

/** Versions in which a field is encoded as a regular (positional, non-tagged) field. */
export function regularVersions(field: FieldSpec): VersionRange | null {
  return field.tag === null ? field.versions : null;
}

/** Whether the field is encoded with compact (KIP-482) forms in `version`. */
export function isFlexibleField(message: MessageSpec, field: FieldSpec, version: number): boolean {
  const range = field.flexibleVersions === undefined ? message.flexibleVersions : field.flexibleVersions;
  return contains(range, version);
}
