// Compact JSON with an explicit key order, written the way Kafka's Jackson ObjectMapper writes it.
// JS objects cannot carry the order Kafka uses (integer-like keys such as partition ids always
// iterate first, ascending), so objects are written from [key, value] entry lists.

export type OrderedJson =
  | null
  | boolean
  | number
  | string
  | OrderedJson[]
  | OrderedJsonObject;

export class OrderedJsonObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, OrderedJson]>) {}
}

/** An object whose keys are written in the given order. */
export function jsonObject(entries: ReadonlyArray<readonly [string, OrderedJson]>): OrderedJsonObject {
  return new OrderedJsonObject(entries);
}

// Jackson escapes control characters as \uXXXX with upper-case hex (except \b \t \n \f \r);
// JSON.stringify uses lower-case hex, which is the only difference for what Kafka writes.
function quote(text: string): string {
  return JSON.stringify(text).replace(/\\u00([0-9a-f]{2})/g, (_m, hex: string) => `\\u00${hex.toUpperCase()}`);
}

export function writeJson(value: OrderedJson): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as JSON`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  return `{${value.entries.map(([k, v]) => `${quote(k)}:${writeJson(v)}`).join(',')}}`;
}

export function jsonBytes(value: OrderedJson): Buffer {
  return Buffer.from(writeJson(value), 'utf8');
}
