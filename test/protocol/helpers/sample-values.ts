// Builds sample message values from the parsed specs, for the generated-codec round-trip tests.
//
// For a given version every field that exists gets a non-default value (so a codec that drops or
// misplaces a field cannot pass), fields that don't exist keep their default (which is what
// decoding yields), arrays get two elements, and in the "nulls" variant every field that is
// nullable in that version is null.

import { DefaultValue, FieldSpec, FieldType, MessageSpec, StructSpec, contains } from '../../../scripts/protocol-codegen/spec';

export type Variant = 'values' | 'nulls';

export function defaultValue(d: DefaultValue): unknown {
  if (d === 'emptyArray') return [];
  if (d === 'emptyBytes') return Buffer.alloc(0);
  return d;
}

class SampleBuilder {
  private counter = 0;

  constructor(
    private readonly version: number,
    private readonly variant: Variant,
  ) {}

  struct(struct: StructSpec): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of struct.fields) out[field.propName] = this.field(field);
    return out;
  }

  private field(field: FieldSpec): unknown {
    if (!contains(field.versions, this.version)) return defaultValue(field.defaultValue);
    if (this.variant === 'nulls' && contains(field.nullableVersions, this.version)) return null;
    return this.value(field.type, field.defaultValue);
  }

  private value(type: FieldType, avoid: DefaultValue): unknown {
    const n = ++this.counter;
    switch (type.kind) {
      case 'bool':
        return avoid !== true;
      case 'int8':
        return this.distinct(((n * 37) % 240) - 120, avoid);
      case 'int16':
        return this.distinct(((n * 7919) % 60000) - 30000, avoid);
      case 'int32':
        return this.distinct(n % 2 === 0 ? n * 1_000_003 : -n * 65_537, avoid);
      case 'int64': {
        const v = BigInt(n) * 1_000_000_007n * (n % 2 === 0 ? 1n : -1n) + (1n << 40n);
        return v === avoid ? v + 1n : v;
      }
      case 'string':
        // Non-ASCII on purpose: lengths are in UTF-8 bytes, not characters.
        return `s${n}-é`;
      case 'bytes': {
        // Some byte fields large enough to take the writer's by-reference path.
        const b = Buffer.alloc(n % 3 === 0 ? 1500 : 3 + (n % 5));
        for (let i = 0; i < b.length; i++) b[i] = (i * 31 + n) & 0xff;
        return b;
      }
      case 'array':
        return [this.element(type.element), this.element(type.element)];
      case 'struct':
        return this.struct(type.struct);
    }
  }

  private element(type: FieldType): unknown {
    return type.kind === 'struct' ? this.struct(type.struct) : this.value(type, null);
  }

  private distinct(v: number, avoid: DefaultValue): number {
    return v === avoid ? v + 1 : v;
  }
}

export function sampleMessage(message: MessageSpec, version: number, variant: Variant): Record<string, unknown> {
  return new SampleBuilder(version, variant).struct(message.root);
}

/** All versions of a message, lowest first. */
export function versionsOf(message: MessageSpec): number[] {
  const out: number[] = [];
  for (let v = message.validVersions.min; v <= message.validVersions.max; v++) out.push(v);
  return out;
}
