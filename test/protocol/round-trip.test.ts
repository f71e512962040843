// Every message, every version, both directions: sample -> encode -> decode -> same value, and
// re-encoding the decoded value gives the same bytes.

import * as fs from 'node:fs';
import { DEFAULT_SPEC_DIR } from '../../scripts/generate-protocol';
import { MessageSpec, loadSpecs } from '../../scripts/protocol-codegen/spec';
import * as generated from '../../src/protocol/generated';
import * as requestHeader from '../../src/protocol/generated/request-header';
import * as responseHeader from '../../src/protocol/generated/response-header';
import { Reader, Writer } from '../../src/protocol/primitives';
import { Variant, sampleMessage, versionsOf } from './helpers/sample-values';

type Encode = (w: Writer, data: unknown, version: number) => void;
type Decode = (r: Reader, version: number) => unknown;

const codecs: Record<string, unknown> = { ...generated, ...requestHeader, ...responseHeader };

function codecFor(message: MessageSpec): { encode: Encode; decode: Decode } {
  const encode = codecs[`encode${message.name}`];
  const decode = codecs[`decode${message.name}`];
  if (typeof encode !== 'function' || typeof decode !== 'function') {
    throw new Error(`no generated codec for ${message.name}`);
  }
  return { encode: encode as Encode, decode: decode as Decode };
}

const specsPresent = fs.existsSync(DEFAULT_SPEC_DIR);
const messages = specsPresent ? loadSpecs(DEFAULT_SPEC_DIR) : [];
const cases = messages.flatMap((m) => versionsOf(m).map((v) => [m.name, v, m] as const));

if (!specsPresent) {
  console.warn(`round-trip tests skipped: spec folder ${DEFAULT_SPEC_DIR} is absent`);
}

describe('generated codecs round-trip', () => {
  test('covers every request, response and header', () => {
    if (!specsPresent) return;
    expect(messages.length).toBe(98);
    expect(messages.filter((m) => m.type === 'header').map((m) => m.name)).toEqual(['RequestHeader', 'ResponseHeader']);
  });

  test.each(cases)('%s v%i', (_name, version, message) => {
    const { encode, decode } = codecFor(message);
    for (const variant of ['values', 'nulls'] as Variant[]) {
      const sample = sampleMessage(message, version, variant);
      const w = new Writer(16);
      encode(w, sample, version);
      const bytes = w.toBuffer();
      expect(w.size).toBe(bytes.length);

      const r = new Reader(bytes);
      const decoded = decode(r, version);
      expect(r.remaining).toBe(0);
      expect(decoded).toEqual(sample);

      const again = new Writer();
      encode(again, decoded, version);
      expect(again.toBuffer().equals(bytes)).toBe(true);
    }
  });
});
