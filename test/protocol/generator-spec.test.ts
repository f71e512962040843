// The generator's spec reader: comments, version ranges, defaults and struct naming.

import { parseMessage, parseVersions, stripComments } from '../../scripts/protocol-codegen/spec';

describe('spec reader', () => {
  test('strips // comments but not // inside strings', () => {
    const text = '{\n  // a comment\n  "a": "http://x" // trailing\n}';
    expect(JSON.parse(stripComments(text))).toEqual({ a: 'http://x' });
  });

  test('parses version ranges', () => {
    expect(parseVersions('0+', 'x')).toEqual({ min: 0, max: Infinity });
    expect(parseVersions('1-3', 'x')).toEqual({ min: 1, max: 3 });
    expect(parseVersions('2', 'x')).toEqual({ min: 2, max: 2 });
    expect(parseVersions('none', 'x')).toBeNull();
    expect(parseVersions(undefined, 'x')).toBeNull();
    expect(() => parseVersions('1..2', 'x')).toThrow(/cannot parse/);
  });

  test('parses defaults, nested structs and per-field flexibility', () => {
    const message = parseMessage(
      `{
        // Comments are allowed in spec files.
        "apiKey": 99, "type": "request", "name": "ExampleRequest",
        "validVersions": "0-2", "flexibleVersions": "2+",
        "fields": [
          { "name": "MaxBytes", "type": "int32", "versions": "0+", "default": "0x7fffffff" },
          { "name": "Offset", "type": "int64", "versions": "1+", "default": "-1" },
          { "name": "Id", "type": "string", "versions": "0+", "nullableVersions": "1+", "default": "null",
            "flexibleVersions": "none" },
          { "name": "Items", "type": "[]Item", "versions": "1+", "fields": [
            { "name": "Value", "type": "int8", "versions": "1+", "default": -2 }
          ]}
        ]
      }`,
      'example.json',
    );
    const [maxBytes, offset, id, items] = message.root.fields;
    expect(maxBytes.defaultValue).toBe(0x7fffffff);
    expect(offset.defaultValue).toBe(-1n);
    expect(id).toMatchObject({ propName: 'id', defaultValue: null, flexibleVersions: null });
    expect(items.type.kind).toBe('array');
    expect(message.structs.map((s) => s.tsName)).toEqual(['Item']);
    // Item only occurs from v1, so its own version checks can assume version >= 1.
    expect(message.structs[0].usedIn).toEqual({ min: 1, max: 2 });
  });

  test('rejects a null default on a non-nullable field', () => {
    const text = `{ "type": "request", "name": "X", "validVersions": "0",
      "fields": [{ "name": "A", "type": "string", "versions": "0+", "default": "null" }] }`;
    expect(() => parseMessage(text, 'x.json')).toThrow(/non-nullable/);
  });
});
