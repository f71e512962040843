// java.util.Properties text format, read and written exactly as Properties.load/store do, so a
// server.properties that works with Kafka means the same here.
//
// Reading (Properties.load + its LineReader):
// - natural lines end at \n, \r or \r\n; leading space, tab and form feed are skipped;
// - a line whose first non-blank character is # or ! is a comment, even if it ends in a backslash;
// - a line ending in an odd number of backslashes continues on the next natural line, whose
//   leading blanks are dropped (a continuation line starting with # is *not* a comment; an empty
//   continuation line ends the logical line);
// - the key ends at the first unescaped '=', ':', space, tab or form feed; blanks around the
//   separator are skipped and one '=' or ':' may follow blank separators ("key  =  value");
// - escapes in keys and values: \t \n \r \f, \uXXXX (exactly four hex digits, else an error), and
//   a backslash before any other character stands for that character;
// - trailing blanks of a value are kept; a later key overrides an earlier one.
// Kafka reads the file as ISO-8859-1 (Properties.load(InputStream)), hence readPropertiesFile's
// encoding; non-Latin-1 text must be written as \uXXXX, which storeProperties does.

import * as fs from 'fs';
import { ConfigError } from './config-error';

/** A malformed properties file; names the 1-based line where the bad logical line starts. */
export class PropertiesSyntaxError extends ConfigError {
  constructor(
    readonly line: number,
    message: string,
    source?: string,
  ) {
    super(`line ${line}`, `${source ? `${source}: ` : ''}line ${line}: ${message}`);
    this.name = 'PropertiesSyntaxError';
  }
}

interface LogicalLine {
  text: string;
  line: number;
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\f';

/** Splits text into logical lines (comments and blank lines dropped, continuations joined). */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let i = 0;
  let lineNo = 1;
  const n = text.length;
  while (i < n) {
    // Start of a natural line that begins a logical line.
    const startLine = lineNo;
    while (i < n && isBlank(text[i]!)) i++;
    if (i >= n) break;
    const first = text[i]!;
    if (first === '\n' || first === '\r') {
      i += first === '\r' && text[i + 1] === '\n' ? 2 : 1;
      lineNo++;
      continue;
    }
    if (first === '#' || first === '!') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    let buf = '';
    for (;;) {
      // Read to the end of this natural line.
      let end = i;
      while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
      const segment = text.slice(i, end);
      let backslashes = 0;
      for (let k = segment.length - 1; k >= 0 && segment[k] === '\\'; k--) backslashes++;
      i = end;
      if (i < n) {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        lineNo++;
      }
      if (backslashes % 2 === 0) {
        buf += segment;
        break;
      }
      buf += segment.slice(0, -1);
      if (i >= n) break; // a continuation at end of input just drops the backslash
      while (i < n && isBlank(text[i]!)) i++;
      // An empty continuation line ends the logical line (LineReader returns there).
      if (i < n && (text[i] === '\n' || text[i] === '\r')) {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        lineNo++;
        break;
      }
    }
    out.push({ text: buf, line: startLine });
  }
  return out;
}

/** Properties.loadConvert: resolves escapes in a key or value. */
function unescape(s: string, line: number, source?: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    if (i >= s.length) break; // a lone trailing backslash stands for nothing
    const e = s[i]!;
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        const hex = s.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PropertiesSyntaxError(line, 'Malformed \\uxxxx encoding.', source);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

/** Splits one logical line into its raw (still escaped) key and value. */
function splitKeyValue(text: string): [string, string] {
  let keyLen = 0;
  let valueStart = text.length;
  let hasSeparator = false;
  let escaped = false;
  while (keyLen < text.length) {
    const c = text[keyLen]!;
    if (!escaped && (c === '=' || c === ':')) {
      valueStart = keyLen + 1;
      hasSeparator = true;
      break;
    }
    if (!escaped && isBlank(c)) {
      valueStart = keyLen + 1;
      break;
    }
    escaped = c === '\\' ? !escaped : false;
    keyLen++;
  }
  while (valueStart < text.length) {
    const c = text[valueStart]!;
    if (!isBlank(c)) {
      if (!hasSeparator && (c === '=' || c === ':')) hasSeparator = true;
      else break;
    }
    valueStart++;
  }
  return [text.slice(0, keyLen), text.slice(valueStart)];
}

/**
 * Parses properties text. Keys keep file order of first appearance; a repeated key takes the later
 * value. `source` (a file name) is put in error messages.
 */
export function parseProperties(text: string, source?: string): Record<string, string> {
  const props: Record<string, string> = {};
  for (const { text: lineText, line } of logicalLines(text)) {
    const [rawKey, rawValue] = splitKeyValue(lineText);
    // defineProperty, not assignment, so a key such as "__proto__" is an ordinary own key.
    Object.defineProperty(props, unescape(rawKey, line, source), {
      value: unescape(rawValue, line, source),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return props;
}

/** Reads and parses a properties file as Kafka does (ISO-8859-1). */
export function readPropertiesFile(path: string): Record<string, string> {
  return parseProperties(fs.readFileSync(path, 'latin1'), path);
}

/** Properties.saveConvert: escapes for a key (every space) or a value (a leading space only). */
function escape(s: string, isKey: boolean, escapeUnicode: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    switch (c) {
      case ' ': out += i === 0 || isKey ? '\\ ' : ' '; break;
      case '\t': out += '\\t'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\f': out += '\\f'; break;
      case '\\': case '=': case ':': case '#': case '!': out += `\\${c}`; break;
      default:
        if ((code < 0x20 || code > 0x7e) && escapeUnicode) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
        else out += c;
    }
  }
  return out;
}

export interface StoreOptions {
  /** Comment lines written first, each prefixed with '#'. */
  comments?: string;
  /**
   * Write non-ASCII as \uXXXX (Properties.store(OutputStream) does; store(Writer) does not).
   * Default true, because Kafka reads these files as ISO-8859-1.
   */
  escapeUnicode?: boolean;
}

/** Renders properties as Properties.store would (without its date comment, for stable output). */
export function storeProperties(props: Record<string, string>, options: StoreOptions = {}): string {
  const escapeUnicode = options.escapeUnicode ?? true;
  const lines: string[] = [];
  if (options.comments !== undefined) {
    // Properties.writeComments: one '#' line per line of text, characters above U+00FF as \uXXXX.
    for (const c of options.comments.split(/\r\n|\r|\n/)) {
      lines.push(`#${escapeUnicode ? c.replace(/[^\x00-\xff]/g, (u) => `\\u${u.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`) : c}`);
    }
  }
  for (const [key, value] of Object.entries(props)) lines.push(`${escape(key, true, escapeUnicode)}=${escape(value, false, escapeUnicode)}`);
  return lines.map((l) => `${l}\n`).join('');
}

/** Writes a properties file (ASCII-safe by default, see StoreOptions). */
export function writePropertiesFile(path: string, props: Record<string, string>, options: StoreOptions = {}): void {
  fs.writeFileSync(path, storeProperties(props, options), (options.escapeUnicode ?? true) ? 'latin1' : 'utf8');
}
