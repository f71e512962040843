// java.io.StreamTokenizer as Kafka 2.4.1's JaasConfig sets it up (the default syntax table plus
// `//` and `/* */` comments and '-', '_', '$' as word characters). sasl.jaas.config values are
// tokenized by it, so its quirks decide which values parse: numbers are not words (`k=123` has no
// value), a word cannot start with '-', a lone '/' starts a comment to the end of the line,
// quoted strings end at a newline and understand Java's escapes. Characters are UTF-16 code
// units, as a java.io.Reader hands them out.

export const TT_EOF = -1;
export const TT_WORD = -3;
export const TT_NUMBER = -2;

const CT_WHITESPACE = 1;
const CT_DIGIT = 2;
const CT_ALPHA = 4;
const CT_QUOTE = 8;
const CT_COMMENT = 16;

/** No character is waiting to be read again (any negative value means so, as in Java). */
const NEED_CHAR = -2;

function syntaxTable(): Uint8Array {
  const table = new Uint8Array(256);
  const set = (from: number, to: number, type: number): void => {
    for (let c = from; c <= to; c++) table[c]! |= type;
  };
  const char = (s: string): number => s.charCodeAt(0);
  // The default table of `new StreamTokenizer(reader)`.
  set(char('a'), char('z'), CT_ALPHA);
  set(char('A'), char('Z'), CT_ALPHA);
  set(128 + 32, 255, CT_ALPHA);
  set(0, char(' '), CT_WHITESPACE);
  table[char('/')] = CT_COMMENT;
  table[char('"')] = CT_QUOTE;
  table[char("'")] = CT_QUOTE;
  for (const c of '0123456789.-') table[char(c)]! |= CT_DIGIT;
  // JaasConfig's additions: wordChars keeps the digit flag of '-', which is why a word may
  // contain '-' but not start with one.
  for (const c of '-_$') table[char(c)]! |= CT_ALPHA;
  return table;
}

const TABLE = syntaxTable();

function typeOf(c: number): number {
  return c < 256 ? TABLE[c]! : CT_ALPHA;
}

export class JavaStreamTokenizer {
  /** TT_EOF, TT_WORD, TT_NUMBER, a quote character (sval holds the string) or an ordinary character. */
  ttype = -4;
  /** The word or quoted string of the current token; null for anything else. */
  sval: string | null = null;
  private position = 0;
  private peekc = NEED_CHAR;

  constructor(private readonly text: string) {}

  private read(): number {
    return this.position < this.text.length ? this.text.charCodeAt(this.position++) : -1;
  }

  nextToken(): number {
    this.sval = null;
    let c = this.peekc;
    // Java re-reads after an end of input too (the reader keeps answering -1).
    if (c < 0) {
      c = this.read();
      if (c < 0) return (this.ttype = TT_EOF);
    }
    this.ttype = c;
    this.peekc = NEED_CHAR;

    let ctype = typeOf(c);
    while ((ctype & CT_WHITESPACE) !== 0) {
      c = this.read();
      if (c < 0) return (this.ttype = TT_EOF);
      ctype = typeOf(c);
    }

    if ((ctype & CT_DIGIT) !== 0) return this.number(c);
    if ((ctype & CT_ALPHA) !== 0) return this.word(c);
    if ((ctype & CT_QUOTE) !== 0) return this.quoted(c);
    if (c === '/'.charCodeAt(0)) return this.slash();
    return (this.ttype = c);
  }

  /** A number: only its end matters here, its value is never used as an option value. */
  private number(first: number): number {
    let c = first;
    if (c === 0x2d /* - */) {
      c = this.read();
      if (c !== 0x2e && (c < 0x30 || c > 0x39)) {
        this.peekc = c;
        return (this.ttype = 0x2d);
      }
    }
    let seenDot = false;
    for (;;) {
      if (c === 0x2e && !seenDot) seenDot = true;
      else if (c < 0x30 || c > 0x39) break;
      c = this.read();
    }
    this.peekc = c;
    return (this.ttype = TT_NUMBER);
  }

  private word(first: number): number {
    let c = first;
    const chars: number[] = [];
    let ctype: number;
    do {
      chars.push(c);
      c = this.read();
      ctype = c < 0 ? CT_WHITESPACE : typeOf(c);
    } while ((ctype & (CT_ALPHA | CT_DIGIT)) !== 0);
    this.peekc = c;
    this.sval = String.fromCharCode(...chars);
    return (this.ttype = TT_WORD);
  }

  private quoted(quote: number): number {
    this.ttype = quote;
    const chars: number[] = [];
    let c: number;
    let d = this.read();
    while (d >= 0 && d !== quote && d !== 0x0a && d !== 0x0d) {
      if (d === 0x5c /* \ */) {
        c = this.read();
        const first = c;
        if (c >= 0x30 && c <= 0x37) {
          c -= 0x30;
          let c2 = this.read();
          if (c2 >= 0x30 && c2 <= 0x37) {
            c = (c << 3) + (c2 - 0x30);
            c2 = this.read();
            // Three octal digits only when the first is 0-3 (up to \377).
            if (c2 >= 0x30 && c2 <= 0x37 && first <= 0x33) {
              c = (c << 3) + (c2 - 0x30);
              d = this.read();
            } else {
              d = c2;
            }
          } else {
            d = c2;
          }
        } else {
          c = ESCAPES.get(c) ?? c;
          d = this.read();
        }
      } else {
        c = d;
        d = this.read();
      }
      // A backslash at the very end leaves -1, which Java stores as the char \uFFFF.
      chars.push(c & 0xffff);
    }
    this.peekc = d === quote ? NEED_CHAR : d;
    this.sval = String.fromCharCode(...chars);
    return this.ttype;
  }

  private slash(): number {
    let c = this.read();
    if (c === 0x2a /* * */) {
      // Java's loop, newline handling included: the character after a line break is taken as
      // the previous one without being compared to '/'.
      let prevc = 0;
      while ((c = this.read()) !== 0x2f || prevc !== 0x2a) {
        if (c === 0x0d) {
          c = this.read();
          if (c === 0x0a) c = this.read();
        } else if (c === 0x0a) {
          c = this.read();
        }
        if (c < 0) return (this.ttype = TT_EOF);
        prevc = c;
      }
      return this.nextToken();
    }
    // `//`, or '/' followed by anything else ('/' is itself a comment character in the default
    // table): either way the character after the '/' is dropped unread, even a line break.
    return this.lineComment();
  }

  private lineComment(): number {
    let c: number;
    while ((c = this.read()) !== 0x0a && c !== 0x0d && c >= 0);
    this.peekc = c;
    return this.nextToken();
  }
}

const ESCAPES = new Map<number, number>([
  [0x61 /* a */, 0x07],
  [0x62 /* b */, 0x08],
  [0x66 /* f */, 0x0c],
  [0x6e /* n */, 0x0a],
  [0x72 /* r */, 0x0d],
  [0x74 /* t */, 0x09],
  [0x76 /* v */, 0x0b],
]);
