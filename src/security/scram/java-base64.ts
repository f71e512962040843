// java.util.Base64.getDecoder().decode(String): the strict basic decoder Kafka reads stored SCRAM
// credentials with. Unlike Buffer.from(s, 'base64') it refuses characters outside the alphabet
// and malformed padding (padding itself is optional), with Java's messages.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Map([...ALPHABET].map((c, i) => [c.charCodeAt(0), i]));
const PAD = '='.charCodeAt(0);

/** Java's IllegalArgumentException from the decoder. */
export class JavaBase64Error extends Error {}

export function javaBase64Decode(text: string): Buffer {
  // Java turns the String into ISO-8859-1 bytes first: anything beyond U+00FF becomes '?'.
  const input = [...text].map((c) => (c.charCodeAt(0) > 0xff ? 0x3f : c.charCodeAt(0)));
  if (input.length === 1) throw new JavaBase64Error('Input byte[] should at least have 2 bytes for base64 bytes');
  const out: number[] = [];
  let bits = 0;
  let pending = 0; // characters of the current 4-character unit
  let position = 0;
  while (position < input.length) {
    const c = input[position++]!;
    if (c === PAD) {
      // "xx=" must be "xx==", and a unit cannot start with '='.
      if ((pending === 2 && (position === input.length || input[position++] !== PAD)) || pending === 0) {
        throw new JavaBase64Error('Input byte array has wrong 4-byte ending unit');
      }
      break;
    }
    const value = VALUES.get(c);
    if (value === undefined) throw new JavaBase64Error(`Illegal base64 character ${(c > 0x7f ? c - 0x100 : c).toString(16)}`); // a signed Java byte
    bits = (bits << 6) | value;
    if (++pending === 4) {
      out.push((bits >> 16) & 0xff, (bits >> 8) & 0xff, bits & 0xff);
      bits = 0;
      pending = 0;
    }
  }
  if (pending === 1) throw new JavaBase64Error('Last unit does not have enough valid bits');
  if (pending === 2) out.push((bits >> 4) & 0xff);
  if (pending === 3) out.push((bits >> 10) & 0xff, (bits >> 2) & 0xff);
  if (position < input.length) throw new JavaBase64Error(`Input byte array has incorrect ending byte at ${position}`);
  return Buffer.from(out);
}
