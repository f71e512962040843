// UTF-8 decoding as Java's `new String(bytes, UTF_8)` does it, malformed input included: Java prints
// a certificate's string attributes through it, and where its replacement characters differ from
// Node's (an encoded surrogate such as ED A0 80 is one U+FFFD to Java, three to Node) the
// principal name would differ.

const REPLACEMENT = '\ufffd';

const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80;

export function decodeUtf8LikeJava(bytes: Uint8Array): string {
  let out = '';
  let sp = 0;
  const sl = bytes.length;
  while (sp < sl) {
    const b1 = bytes[sp++];
    if (b1 < 0x80) {
      out += String.fromCharCode(b1);
    } else if (b1 >= 0xc2 && b1 <= 0xdf) {
      if (sp >= sl) {
        out += REPLACEMENT;
        break;
      }
      const b2 = bytes[sp];
      if (!isContinuation(b2)) {
        out += REPLACEMENT;
        continue;
      }
      sp++;
      out += String.fromCharCode(((b1 & 0x1f) << 6) | (b2 & 0x3f));
    } else if (b1 >= 0xe0 && b1 <= 0xef) {
      // An overlong E0 80..9F prefix, or a second byte that is no continuation, is one bad byte.
      const badSecond = (b2: number): boolean => (b1 === 0xe0 && (b2 & 0xe0) === 0x80) || !isContinuation(b2);
      if (sp + 1 < sl) {
        const b2 = bytes[sp];
        const b3 = bytes[sp + 1];
        if (badSecond(b2)) {
          out += REPLACEMENT;
        } else if (!isContinuation(b3)) {
          out += REPLACEMENT;
          sp += 1;
        } else {
          sp += 2;
          const c = ((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
          // A well-formed encoding of a surrogate is one malformed sequence of three bytes.
          out += c >= 0xd800 && c <= 0xdfff ? REPLACEMENT : String.fromCharCode(c);
        }
        continue;
      }
      if (sp < sl && badSecond(bytes[sp])) {
        out += REPLACEMENT;
        continue;
      }
      // A truncated sequence at the very end is one replacement for all of it.
      out += REPLACEMENT;
      break;
    } else if (b1 >= 0xf0 && b1 <= 0xf7) {
      const badSecond = (b2: number): boolean =>
        b1 > 0xf4 || (b1 === 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 === 0xf4 && (b2 & 0xf0) !== 0x80) || !isContinuation(b2);
      if (sp + 2 < sl) {
        const b2 = bytes[sp];
        const b3 = bytes[sp + 1];
        const b4 = bytes[sp + 2];
        const codePoint = ((b1 & 0x07) << 18) | ((b2 & 0x3f) << 12) | ((b3 & 0x3f) << 6) | (b4 & 0x3f);
        const wellFormed = isContinuation(b2) && isContinuation(b3) && isContinuation(b4) && codePoint >= 0x10000 && codePoint <= 0x10ffff;
        if (wellFormed) {
          sp += 3;
          out += String.fromCodePoint(codePoint);
        } else {
          out += REPLACEMENT;
          if (!badSecond(b2)) sp += isContinuation(b3) ? 2 : 1;
        }
        continue;
      }
      if (b1 > 0xf4 || (sp < sl && badSecond(bytes[sp]))) {
        out += REPLACEMENT;
        continue;
      }
      if (sp + 1 < sl && !isContinuation(bytes[sp + 1])) {
        out += REPLACEMENT;
        sp += 1;
        continue;
      }
      out += REPLACEMENT;
      break;
    } else {
      out += REPLACEMENT;
    }
  }
  return out;
}
