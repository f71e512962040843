// The pieces of java.util.regex that ssl.principal.mapping.rules depend on, on top of JavaScript's
// RegExp: a user's pattern compiled for Matcher.matches() and for String.replaceAll(), and the
// replacement string read as Matcher.appendReplacement reads it ($n takes the longest group
// number that exists, ${name}, backslash escapes, Java's exceptions and messages).
// JavaScript and Java agree on the regular expressions people write in these rules (classes,
// groups, lazy and greedy quantifiers, anchors, named groups); on top of that a leading inline
// flag group such as (?i) becomes a RegExp flag and \Q...\E is quoted. Constructs JavaScript
// lacks (possessive quantifiers, atomic groups, \A, \Z, ...) fail to compile and are reported.

export interface JavaPattern {
  /** The pattern as the user wrote it (what Java's Pattern.toString() prints). */
  readonly source: string;
  readonly groupCount: number;
  /** Matcher.matches(): the whole input matches. */
  matches(input: string): boolean;
  /** input.replaceAll(pattern, replacement) with Java's replacement syntax. */
  replaceAll(input: string, replacement: string): string;
}

export class JavaPatternSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternSyntaxException';
  }
}

const LEADING_FLAGS = /^\(\?([imsux]+)\)/;

export function compileJavaPattern(source: string): JavaPattern {
  let body = quoteLiteralSections(source);
  let flags = '';
  const leading = LEADING_FLAGS.exec(body);
  if (leading !== null) {
    for (const flag of leading[1]) {
      // u (Unicode case folding) only widens i, which JavaScript's i already does for letters.
      if (flag === 'x') throw new JavaPatternSyntaxError(`the COMMENTS flag (?x) is not supported in ${source}`);
      if (flag !== 'u' && !flags.includes(flag)) flags += flag;
    }
    body = body.slice(leading[0].length);
  }
  let all: RegExp;
  let whole: RegExp;
  try {
    all = new RegExp(body, `${flags}g`);
    // Sticky at 0 and nothing after the match: what Matcher.matches() asks, whatever the m flag.
    whole = new RegExp(`(?:${body})(?![\\s\\S])`, `${flags}y`);
  } catch (e) {
    throw new JavaPatternSyntaxError(`${(e as Error).message}`);
  }
  const groupCount = (new RegExp(`(?:${body})|`, flags).exec('') as RegExpExecArray).length - 1;
  return {
    source,
    groupCount,
    matches(input) {
      whole.lastIndex = 0;
      return whole.test(input);
    },
    replaceAll(input, replacement) {
      all.lastIndex = 0;
      return input.replace(all, (...args: unknown[]) => {
        const last = args[args.length - 1];
        const named = typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : undefined;
        const groups = args.slice(0, groupCount + 1) as (string | undefined)[];
        return expandReplacement(replacement, groups, named);
      });
    },
  };
}

/** \Q...\E quotes everything between (to the end when \E is missing), as in Java. */
function quoteLiteralSections(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (source[i] === '\\' && i + 1 < source.length) {
      if (source[i + 1] === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end < 0 ? source.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? source.length : end + 2;
        continue;
      }
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    out += source[i++];
  }
  return out;
}

const isAsciiDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAsciiAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/** Matcher.appendReplacement's reading of a replacement string, for one match. */
export function expandReplacement(replacement: string, groups: readonly (string | undefined)[], named?: Record<string, string | undefined>): string {
  const groupCount = groups.length - 1;
  let out = '';
  let cursor = 0;
  while (cursor < replacement.length) {
    const c = replacement[cursor];
    if (c === '\\') {
      cursor++;
      if (cursor === replacement.length) throw new Error('character to be escaped is missing');
      out += replacement[cursor++];
    } else if (c === '$') {
      cursor++;
      if (cursor === replacement.length) throw new Error('Illegal group reference: group index is missing');
      let value: string | undefined;
      if (replacement[cursor] === '{') {
        cursor++;
        let name = '';
        while (cursor < replacement.length && isAsciiAlnum(replacement[cursor])) name += replacement[cursor++];
        if (name === '') throw new Error('named capturing group has 0 length name');
        if (replacement[cursor] !== '}') throw new Error("named capturing group is missing trailing '}'");
        if (isAsciiDigit(name[0])) throw new Error(`capturing group name {${name}} starts with digit character`);
        if (named === undefined || !(name in named)) throw new Error(`No group with name {${name}}`);
        cursor++;
        value = named[name];
      } else {
        if (!isAsciiDigit(replacement[cursor])) throw new Error('Illegal group reference');
        let ref = Number(replacement[cursor++]);
        // The first digit is always a group; further digits only while the number still names one.
        while (isAsciiDigit(replacement[cursor])) {
          const longer = ref * 10 + Number(replacement[cursor]);
          if (longer > groupCount) break;
          ref = longer;
          cursor++;
        }
        if (ref > groupCount) throw new Error(`No group ${ref}`);
        value = groups[ref];
      }
      if (value !== undefined) out += value;
    } else {
      out += c;
      cursor++;
    }
  }
  return out;
}
