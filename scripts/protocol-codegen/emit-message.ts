// Emits the TypeScript interfaces, encoders and decoders for one message (and its structs).
//
// The generated code is straight-line: every version difference becomes an `if (version ...)`
// test, decided at generation time wherever the struct's version range makes it constant, so
// nothing is interpreted at run time.
//
// Over 500 lines: one emitter per field kind (scalars, strings, bytes, arrays, structs, tagged
// fields) for both directions, all sharing the version-range logic at the top.

import { CodeWriter } from './code-writer';
import {
  DefaultValue,
  FieldSpec,
  FieldType,
  MessageSpec,
  StructSpec,
  VersionRange,
  intersect,
} from './spec';

/** A version condition: statically true/false, or a JS expression over `version`. */
type Cond = boolean | string;

const RESERVED = new Set([
  // our own locals and parameters
  'w', 'r', 'data', 'version', 'flexible', 'i', 't', 'tag', 'end', 'taggedFieldCount', 'taggedWriter',
  // JavaScript keywords that a camelCased spec name could produce
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof',
  'var', 'void', 'while', 'with', 'let', 'static', 'yield', 'await', 'interface', 'package',
  'private', 'protected', 'public', 'implements',
]);

function localName(field: FieldSpec): string {
  return RESERVED.has(field.propName) ? `${field.propName}Value` : field.propName;
}

// ---- version conditions ------------------------------------------------------------------------

/** Condition "version in range", simplified for code that only runs for versions in `context`. */
function cond(range: VersionRange | null, context: VersionRange): Cond {
  const r = intersect(range, context);
  if (r === null) return false;
  const boundedBelow = r.min > context.min;
  const boundedAbove = r.max < context.max;
  if (!boundedBelow && !boundedAbove) return true;
  if (boundedBelow && boundedAbove && r.min === r.max) return `version === ${r.min}`;
  const parts: string[] = [];
  if (boundedBelow) parts.push(`version >= ${r.min}`);
  if (boundedAbove) parts.push(`version <= ${r.max}`);
  return parts.join(' && ');
}

function not(c: Cond): Cond {
  if (typeof c === 'boolean') return !c;
  if (c === 'flexible') return '!flexible';
  const m = /^version (>=|<=|===) (\d+)$/.exec(c);
  if (m) return `version ${{ '>=': '<', '<=': '>', '===': '!==' }[m[1]]} ${m[2]}`;
  return `!(${c})`;
}

function and(...cs: Cond[]): Cond {
  if (cs.some((c) => c === false)) return false;
  const parts = cs.filter((c): c is string => typeof c === 'string');
  return parts.length === 0 ? true : parts.map((p) => (p.includes(' || ') ? `(${p})` : p)).join(' && ');
}

/** Picks between two expressions by a condition, folding constant conditions away. */
function pick(c: Cond, whenTrue: string, whenFalse: string): string {
  if (c === true) return whenTrue;
  if (c === false) return whenFalse;
  return `${c} ? ${whenTrue} : ${whenFalse}`;
}

export function formatRange(r: VersionRange | null): string {
  if (r === null) return 'none';
  if (r.max === Infinity) return `${r.min}+`;
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}

// ---- types and defaults ------------------------------------------------------------------------

export function tsType(type: FieldType): string {
  switch (type.kind) {
    case 'bool':
      return 'boolean';
    case 'int8':
    case 'int16':
    case 'int32':
      return 'number';
    case 'int64':
      return 'bigint';
    case 'string':
      return 'string';
    case 'bytes':
      return 'Buffer';
    case 'struct':
      return type.struct.tsName;
    case 'array':
      return `${tsType(type.element)}[]`;
  }
}

function fieldTsType(field: FieldSpec): string {
  return tsType(field.type) + (field.nullableVersions ? ' | null' : '');
}

function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function defaultExpr(value: DefaultValue): string {
  if (value === null) return 'null';
  if (value === 'emptyArray') return '[]';
  if (value === 'emptyBytes') return 'Buffer.alloc(0)';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return quote(value);
  return String(value);
}

/** Expression that is true when `expr` holds something other than the field's default. */
function nonDefault(field: FieldSpec, expr: string): string {
  const d = field.defaultValue;
  if (d === 'emptyArray' || d === 'emptyBytes') {
    return field.nullableVersions ? `${expr} === null || ${expr}.length !== 0` : `${expr}.length !== 0`;
  }
  return `${expr} !== ${defaultExpr(d)}`;
}

const FIXED_SIZES: Partial<Record<FieldType['kind'], number>> = { bool: 1, int8: 1, int16: 2, int32: 4, int64: 8 };

const SCALAR_WRITERS: Partial<Record<FieldType['kind'], string>> = {
  bool: 'Bool',
  int8: 'Int8',
  int16: 'Int16',
  int32: 'Int32',
  int64: 'Int64',
};

function label(struct: StructSpec, field: FieldSpec): string {
  return quote(`${struct.tsName}.${field.specName}`);
}

// ---- per-struct emission -----------------------------------------------------------------------

/** Emission state for one struct function. */
interface StructContext {
  readonly message: MessageSpec;
  readonly struct: StructSpec;
  /** Message-level flexibility over this struct's versions: constant, or the local `flexible`. */
  readonly flexible: Cond;
  readonly helpers: Set<string>;
}

function structContext(message: MessageSpec, struct: StructSpec, helpers: Set<string>): StructContext {
  const c = cond(message.flexibleVersions, struct.usedIn);
  return { message, struct, flexible: typeof c === 'string' ? 'flexible' : c, helpers };
}

/** Whether compact encodings apply to `field` for versions in `present`. */
function flexCond(ctx: StructContext, field: FieldSpec, present: VersionRange): Cond {
  if (field.flexibleVersions !== undefined) return cond(field.flexibleVersions, present);
  if (ctx.flexible !== 'flexible') return ctx.flexible;
  const c = cond(ctx.message.flexibleVersions, present);
  return typeof c === 'string' ? 'flexible' : c;
}

/** The versions in which this struct's tagged-field section exists. */
function flexibleRange(ctx: StructContext): VersionRange {
  return intersect(ctx.message.flexibleVersions, ctx.struct.usedIn) ?? ctx.struct.usedIn;
}

function emitFlexibleLocal(code: CodeWriter, ctx: StructContext): void {
  if (ctx.flexible === 'flexible') {
    code.line(`const flexible = ${cond(ctx.message.flexibleVersions, ctx.struct.usedIn)};`);
  }
}

// ---- encoding ----------------------------------------------------------------------------------

/**
 * Writes `value` (a local or property expression) of `type` to writer `w`.
 * `nullable` says whether null may reach this point (null checks were already emitted).
 */
function emitWriteValue(
  code: CodeWriter,
  w: string,
  type: FieldType,
  value: string,
  nullable: boolean,
  flex: Cond,
): void {
  const scalar = SCALAR_WRITERS[type.kind];
  if (scalar) {
    code.line(`${w}.write${scalar}(${value});`);
    return;
  }
  if (type.kind === 'string' || type.kind === 'bytes') {
    const base = (nullable ? 'Nullable' : '') + (type.kind === 'string' ? 'String' : 'Bytes');
    if (typeof flex === 'boolean') {
      code.line(`${w}.write${flex ? 'Compact' : ''}${base}(${value});`);
    } else {
      code.line(`if (${flex}) ${w}.writeCompact${base}(${value});`);
      code.line(`else ${w}.write${base}(${value});`);
    }
    return;
  }
  if (type.kind === 'array') {
    const writeLength = (n: string): void => {
      if (typeof flex === 'boolean') {
        code.line(`${w}.write${flex ? 'Compact' : ''}ArrayLength(${n});`);
      } else {
        code.line(`if (${flex}) ${w}.writeCompactArrayLength(${n});`);
        code.line(`else ${w}.writeArrayLength(${n});`);
      }
    };
    const writeItems = (): void => {
      writeLength(`${value}.length`);
      const element = type.element;
      if (element.kind === 'struct') {
        code.line(`for (let i = 0; i < ${value}.length; i++) write${element.struct.tsName}(${w}, ${value}[i], version);`);
      } else {
        code.block(`for (let i = 0; i < ${value}.length; i++)`, () => {
          emitWriteValue(code, w, element, `${value}[i]`, false, flex);
        });
      }
    };
    if (nullable) {
      code.block(`if (${value} === null)`, () => writeLength('-1'), '} else {');
      code.indent(writeItems);
      code.line('}');
    } else {
      writeItems();
    }
    return;
  }
  throw new Error(`cannot write ${type.kind}`);
}

/** Emits the null check for a field that may hold null but not in every version it is written. */
function emitNullCheck(code: CodeWriter, ctx: StructContext, field: FieldSpec, value: string, nullable: Cond): void {
  if (field.nullableVersions === null || nullable === true) return;
  ctx.helpers.add('nullNotAllowed');
  const test = nullable === false ? `${value} === null` : `${value} === null && ${not(nullable)}`;
  code.line(`if (${test}) throw nullNotAllowed(${label(ctx.struct, field)}, version);`);
}

function emitEncodeRegularField(code: CodeWriter, ctx: StructContext, field: FieldSpec): void {
  const present = intersect(field.versions, ctx.struct.usedIn);
  const access = `data.${field.propName}`;
  const isSet = nonDefault(field, access);
  const absentCheck = (): void => {
    if (field.ignorable) return;
    ctx.helpers.add('fieldNotInVersion');
    code.line(`if (${isSet}) throw fieldNotInVersion(${label(ctx.struct, field)}, version);`);
  };
  if (present === null) {
    absentCheck();
    return;
  }
  const body = (): void => {
    const nullable = cond(field.nullableVersions, present);
    const flex = flexCond(ctx, field, present);
    const needsLocal = field.type.kind === 'array' || (field.nullableVersions !== null && nullable !== true);
    const value = needsLocal ? localName(field) : access;
    if (needsLocal) code.line(`const ${value} = ${access};`);
    emitNullCheck(code, ctx, field, value, nullable);
    emitWriteValue(code, 'w', field.type, value, nullable !== false && field.nullableVersions !== null, flex);
  };
  const presentCond = cond(field.versions, ctx.struct.usedIn);
  if (presentCond === true) {
    body();
  } else if (field.ignorable) {
    code.block(`if (${presentCond})`, body);
  } else {
    // Kafka's rule: a set, non-ignorable field that this version cannot carry is an error.
    ctx.helpers.add('fieldNotInVersion');
    code.block(`if (${presentCond})`, body, `} else if (${isSet}) {`);
    code.indent(() => code.line(`throw fieldNotInVersion(${label(ctx.struct, field)}, version);`));
    code.line('}');
  }
}

function emitEncodeTaggedFields(code: CodeWriter, ctx: StructContext): void {
  if (ctx.flexible === false) return;
  const tagged = ctx.struct.fields.filter((f) => f.tag !== null).sort((a, b) => a.tag! - b.tag!);
  const sectionRange = flexibleRange(ctx);
  const section = (): void => {
    const writes = tagged
      .map((field) => {
        const taggedIn = intersect(field.taggedVersions, sectionRange);
        const when = and(cond(field.taggedVersions, sectionRange), nonDefault(field, `data.${field.propName}`));
        return { field, taggedIn, when };
      })
      .filter((t) => t.taggedIn !== null && t.when !== false);
    if (writes.length === 0) {
      code.line('w.writeUnsignedVarint(0); // no tagged fields');
      return;
    }
    code.line('let taggedFieldCount = 0;');
    for (const t of writes) code.line(`if (${t.when}) taggedFieldCount++;`);
    code.line('w.writeUnsignedVarint(taggedFieldCount);');
    for (const { field, taggedIn, when } of writes) {
      code.block(`if (${when})`, () => {
        code.line(`w.writeUnsignedVarint(${field.tag});`);
        const value = `data.${field.propName}`;
        const nullable = cond(field.nullableVersions, taggedIn!);
        emitNullCheck(code, ctx, field, value, nullable);
        const size = FIXED_SIZES[field.type.kind];
        if (size !== undefined) {
          code.line(`w.writeUnsignedVarint(${size});`);
          emitWriteValue(code, 'w', field.type, value, false, true);
        } else {
          // Variable-size value: encode it aside to learn its size, then splice it in.
          ctx.helpers.add('Writer');
          code.line('const taggedWriter = new Writer(64);');
          emitWriteValue(code, 'taggedWriter', field.type, value, nullable !== false && field.nullableVersions !== null, true);
          code.line('w.writeUnsignedVarint(taggedWriter.size);');
          code.line('w.writeWriter(taggedWriter);');
        }
      });
    }
  };
  if (ctx.flexible === true) section();
  else code.block('if (flexible)', section);
}

function emitEncodeFieldsAndTags(code: CodeWriter, ctx: StructContext): void {
  emitFlexibleLocal(code, ctx);
  for (const field of ctx.struct.fields) {
    if (field.tag === null) {
      emitEncodeRegularField(code, ctx, field);
    } else if (!field.ignorable) {
      // Tagged fields are written in the tag section; here only refuse them where they don't exist.
      const absent = not(cond(field.versions, ctx.struct.usedIn));
      if (absent !== false) {
        ctx.helpers.add('fieldNotInVersion');
        const test = and(absent, nonDefault(field, `data.${field.propName}`));
        code.line(`if (${test}) throw fieldNotInVersion(${label(ctx.struct, field)}, version);`);
      }
    }
  }
  emitEncodeTaggedFields(code, ctx);
}

// ---- decoding ----------------------------------------------------------------------------------

function readScalarExpr(type: FieldType, nullable: Cond, flex: Cond): string {
  const scalar = SCALAR_WRITERS[type.kind];
  if (scalar) return `r.read${scalar}()`;
  if (type.kind === 'string' || type.kind === 'bytes') {
    const base = type.kind === 'string' ? 'String' : 'Bytes';
    const variant = (compact: boolean): string =>
      pick(nullable, `r.read${compact ? 'Compact' : ''}Nullable${base}()`, `r.read${compact ? 'Compact' : ''}${base}()`);
    if (typeof flex === 'boolean') return variant(flex);
    // Parenthesize nested conditionals so the emitted expression reads unambiguously.
    const wrap = (s: string): string => (typeof nullable === 'string' ? `(${s})` : s);
    return `${flex} ? ${wrap(variant(true))} : ${wrap(variant(false))}`;
  }
  throw new Error(`not a scalar: ${type.kind}`);
}

/** Emits statements that read an array of `type` into the already declared `target`. */
function emitReadArrayInto(
  code: CodeWriter,
  target: string,
  type: Extract<FieldType, { kind: 'array' }>,
  nullable: Cond,
  flex: Cond,
  declare?: string,
): void {
  const arg = nullable === false ? '' : String(nullable);
  const lengthExpr = pick(flex, `r.readCompactArrayLength(${arg})`, `r.readArrayLength(${arg})`);
  const count = `${target}Length`;
  code.line(`const ${count} = ${lengthExpr};`);
  const element = type.element;
  const elementExpr =
    element.kind === 'struct' ? `read${element.struct.tsName}(r, version)` : readScalarExpr(element, false, flex);
  const fill = (): void => {
    code.line(declare !== undefined && nullable === false ? `const ${target}: ${declare} = [];` : `${target} = [];`);
    code.line(`for (let i = 0; i < ${count}; i++) ${target}.push(${elementExpr});`);
  };
  if (nullable === false) {
    fill();
  } else {
    code.block(`if (${count} < 0)`, () => code.line(`${target} = null;`), '} else {');
    code.indent(fill);
    code.line('}');
  }
}

function emitDecodeRegularField(code: CodeWriter, ctx: StructContext, field: FieldSpec): void {
  const local = localName(field);
  const type = fieldTsType(field);
  const fallback = defaultExpr(field.defaultValue);
  const present = intersect(field.versions, ctx.struct.usedIn);
  if (present === null) {
    code.line(`const ${local}: ${type} = ${fallback};`);
    return;
  }
  const presentCond = cond(field.versions, ctx.struct.usedIn);
  const nullable = cond(field.nullableVersions, present);
  const flex = flexCond(ctx, field, present);
  if (field.type.kind !== 'array') {
    const read = readScalarExpr(field.type, nullable, flex);
    if (presentCond === true) code.line(`const ${local}: ${type} = ${read};`);
    else code.line(`const ${local}: ${type} = ${presentCond} ? ${read.includes(' ? ') ? `(${read})` : read} : ${fallback};`);
    return;
  }
  const arrayType = field.type;
  if (presentCond === true && nullable === false) {
    emitReadArrayInto(code, local, arrayType, nullable, flex, type);
    return;
  }
  code.line(`let ${local}: ${type};`);
  if (presentCond === true) {
    emitReadArrayInto(code, local, arrayType, nullable, flex);
  } else {
    code.block(`if (${presentCond})`, () => emitReadArrayInto(code, local, arrayType, nullable, flex), '} else {');
    code.indent(() => code.line(`${local} = ${fallback};`));
    code.line('}');
  }
}

function emitDecodeTaggedFields(code: CodeWriter, ctx: StructContext): void {
  if (ctx.flexible === false) return;
  const sectionRange = flexibleRange(ctx);
  const tagged = ctx.struct.fields
    .filter((f) => f.tag !== null && intersect(f.taggedVersions, sectionRange) !== null)
    .sort((a, b) => a.tag! - b.tag!);
  const section = (): void => {
    if (tagged.length === 0) {
      code.line('r.skipTaggedFields();');
      return;
    }
    code.line('const taggedFieldCount = r.readUnsignedVarint();');
    code.block('for (let t = 0; t < taggedFieldCount; t++)', () => {
      code.line('const tag = r.readUnsignedVarint();');
      code.line('const end = r.beginTaggedField();');
      code.block('switch (tag)', () => {
        for (const field of tagged) {
          const taggedIn = intersect(field.taggedVersions, sectionRange)!;
          const when = cond(field.taggedVersions, sectionRange);
          const nullable = cond(field.nullableVersions, taggedIn);
          const local = localName(field);
          const read = (): void => {
            if (field.type.kind === 'array') emitReadArrayInto(code, local, field.type, nullable, true);
            else code.line(`${local} = ${readScalarExpr(field.type, nullable, true)};`);
            code.line('r.endTaggedField(tag, end);');
          };
          code.block(`case ${field.tag}:`, () => {
            if (when === true) {
              read();
            } else {
              code.block(`if (${when})`, read, '} else {');
              code.indent(() => code.line('r.position = end;'));
              code.line('}');
            }
            code.line('break;');
          });
        }
        code.line('default:');
        code.indent(() => code.line('r.position = end; // unknown tags are skipped'));
      });
    });
  };
  if (ctx.flexible === true) section();
  else code.block('if (flexible)', section);
}

function emitDecodeFieldsAndTags(code: CodeWriter, ctx: StructContext): void {
  emitFlexibleLocal(code, ctx);
  for (const field of ctx.struct.fields) {
    if (field.tag === null) {
      emitDecodeRegularField(code, ctx, field);
    } else {
      // Filled in by the tag section below when the peer sent it.
      code.line(`let ${localName(field)}: ${fieldTsType(field)} = ${defaultExpr(field.defaultValue)};`);
    }
  }
  emitDecodeTaggedFields(code, ctx);
  const props = ctx.struct.fields.map((f) => (localName(f) === f.propName ? f.propName : `${f.propName}: ${localName(f)}`));
  if (props.length === 0) code.line('return {};');
  else if (props.join(', ').length < 80) code.line(`return { ${props.join(', ')} };`);
  else {
    code.line('return {');
    code.indent(() => props.forEach((p) => code.line(`${p},`)));
    code.line('};');
  }
}

// ---- interfaces --------------------------------------------------------------------------------

function fieldDoc(field: FieldSpec): string {
  const parts = [`versions ${formatRange(field.versions)}`];
  if (field.nullableVersions) parts.push(`nullable ${formatRange(field.nullableVersions)}`);
  if (field.tag !== null) parts.push(`tag ${field.tag} in ${formatRange(field.taggedVersions)}`);
  if (field.flexibleVersions !== undefined) parts.push(`flexible ${formatRange(field.flexibleVersions)}`);
  if (field.ignorable) parts.push('ignorable');
  const d = field.defaultValue;
  const isImplicit = d === 0 || d === 0n || d === false || d === '' || d === 'emptyArray' || d === 'emptyBytes';
  if (!isImplicit) parts.push(`default ${defaultExpr(d)}`);
  return parts.join(', ');
}

function emitInterface(code: CodeWriter, struct: StructSpec): void {
  code.block(`export interface ${struct.tsName}`, () => {
    for (const field of struct.fields) {
      code.line(`/** ${fieldDoc(field)} */`);
      code.line(`${field.propName}: ${fieldTsType(field)};`);
    }
  });
}

// ---- whole message -----------------------------------------------------------------------------

/** Emits everything for one message into `code`; records which primitive helpers it used. */
export function emitMessage(code: CodeWriter, message: MessageSpec, helpers: Set<string>): void {
  const v = message.validVersions;
  code.line(
    `// ${message.name}: versions ${formatRange(v)}, flexible ${formatRange(message.flexibleVersions)}` +
      (message.apiKey !== null ? `, api key ${message.apiKey}` : ''),
  );
  code.line();
  for (const struct of [message.root, ...message.structs]) {
    emitInterface(code, struct);
    code.line();
  }

  const versionCheck = `version < ${v.min} || version > ${v.max}`;
  const rootCtx = structContext(message, message.root, helpers);
  helpers.add('Writer').add('Reader').add('cannotEncodeVersion').add('cannotDecodeVersion');

  code.block(`export function encode${message.name}(w: Writer, data: ${message.name}, version: number): void`, () => {
    code.line(`if (${versionCheck}) throw cannotEncodeVersion(${quote(message.name)}, version);`);
    emitEncodeFieldsAndTags(code, rootCtx);
  });
  code.line();
  code.block(`export function decode${message.name}(r: Reader, version: number): ${message.name}`, () => {
    code.line(`if (${versionCheck}) throw cannotDecodeVersion(${quote(message.name)}, version);`);
    emitDecodeFieldsAndTags(code, rootCtx);
  });
  for (const struct of message.structs) {
    const ctx = structContext(message, struct, helpers);
    code.line();
    code.block(`function write${struct.tsName}(w: Writer, data: ${struct.tsName}, version: number): void`, () =>
      emitEncodeFieldsAndTags(code, ctx),
    );
    code.line();
    code.block(`function read${struct.tsName}(r: Reader, version: number): ${struct.tsName}`, () =>
      emitDecodeFieldsAndTags(code, ctx),
    );
  }
}
