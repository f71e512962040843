import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseProperties, PropertiesSyntaxError, readPropertiesFile, storeProperties, writePropertiesFile } from '../../../src/common/config/properties-file';

describe('parseProperties (java.util.Properties.load rules)', () => {
  it('reads the three separator forms and skips comments and blank lines', () => {
    const text = ['# comment', '! also a comment', '', '   ', 'a=1', 'b: 2', 'c 3', '  d  =  4', 'e\t:\t5', 'f\f6'].join('\n');
    expect(parseProperties(text)).toEqual({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' });
  });

  it('splits at the first separator; later separators belong to the value', () => {
    expect(parseProperties('url=http://h:1/x=y')).toEqual({ url: 'http://h:1/x=y' });
    expect(parseProperties('k = = v')).toEqual({ k: '= v' });
    expect(parseProperties('k   v w')).toEqual({ k: 'v w' });
    expect(parseProperties('k  :v')).toEqual({ k: 'v' });
  });

  it('gives a key without value the empty string', () => {
    expect(parseProperties('lonely\nempty=\ncolon:')).toEqual({ lonely: '', empty: '', colon: '' });
  });

  it('keeps trailing whitespace of a value but drops leading whitespace', () => {
    expect(parseProperties('k=   v  ')).toEqual({ k: 'v  ' });
  });

  it('accepts \\n, \\r\\n and \\r line ends', () => {
    expect(parseProperties('a=1\r\nb=2\rc=3\n')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('joins continuation lines and drops the leading blanks of the next line', () => {
    expect(parseProperties('list=a,\\\n    b,\\\r\n\tc')).toEqual({ list: 'a,b,c' });
    // a continuation line starting with # is part of the value, not a comment
    expect(parseProperties('k=x\\\n  #y')).toEqual({ k: 'x#y' });
    // an even number of backslashes is an escaped backslash, not a continuation
    expect(parseProperties('k=x\\\\\nnext=1')).toEqual({ k: 'x\\', next: '1' });
    // a trailing backslash at the end of input is dropped
    expect(parseProperties('k=x\\')).toEqual({ k: 'x' });
    // an empty continuation line ends the logical line
    expect(parseProperties('k=x\\\n\nn=1')).toEqual({ k: 'x', n: '1' });
  });

  it('does not continue a comment line that ends in a backslash', () => {
    expect(parseProperties('# comment \\\nk=v')).toEqual({ k: 'v' });
  });

  it('resolves escapes in keys and values', () => {
    expect(parseProperties('tab=a\\tb\nnl=a\\nb\ncr=a\\rb\nff=a\\fb\nbs=a\\\\b\nother=\\q\\=\\:')).toEqual({
      tab: 'a\tb',
      nl: 'a\nb',
      cr: 'a\rb',
      ff: 'a\fb',
      bs: 'a\\b',
      other: 'q=:',
    });
    expect(parseProperties('key\\ with\\ spaces=v')).toEqual({ 'key with spaces': 'v' });
    expect(parseProperties('a\\=b=c')).toEqual({ 'a=b': 'c' });
    expect(parseProperties('u=\\u00e9t\\u00C9\\u4e2d')).toEqual({ u: 'ét\u00c9\u4e2d' });
  });

  it('rejects a malformed \\uXXXX escape, naming the line', () => {
    expect(() => parseProperties('a=1\n\n# c\nbad=\\u12G4')).toThrow(PropertiesSyntaxError);
    expect(() => parseProperties('a=1\n\n# c\nbad=\\u12G4')).toThrow(/line 4: Malformed \\uxxxx encoding/);
    expect(() => parseProperties('x=1\nmulti=a\\\n  b\\u12', 'server.properties')).toThrow(/server.properties: line 2/);
  });

  it('lets a later key override an earlier one', () => {
    expect(parseProperties('k=1\nk=2')).toEqual({ k: '2' });
  });

  it('handles keys like __proto__ as plain keys', () => {
    const p = parseProperties('__proto__=x\nconstructor=y');
    expect(Object.keys(p).sort()).toEqual(['__proto__', 'constructor']);
    expect(p['constructor']).toBe('y');
  });
});

describe('storeProperties (Properties.store rules)', () => {
  it('escapes what load would misread, and round-trips', () => {
    const props = { 'key with spaces': ' leading space', 'a=b': 'c:d#e!f', tabs: 'x\ty\nz\\', unicode: 'é中' };
    const text = storeProperties(props, { comments: 'header\nsecond line' });
    expect(text).toContain('#header\n#second line\n');
    expect(text).toContain('key\\ with\\ spaces=\\ leading space\n');
    expect(text).toContain('a\\=b=c\\:d\\#e\\!f\n');
    expect(text).toContain('tabs=x\\ty\\nz\\\\\n');
    expect(text).toContain('unicode=\\u00E9\\u4E2D\n');
    expect(parseProperties(text)).toEqual(props);
  });

  it('writes UTF-8 as-is when asked not to escape', () => {
    expect(storeProperties({ k: 'é' }, { escapeUnicode: false })).toBe('k=é\n');
  });

  it('writes and reads files as Kafka does (ISO-8859-1)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'props-'));
    const file = path.join(dir, 'x.properties');
    writePropertiesFile(file, { host: 'hôte', n: '1' });
    expect(readPropertiesFile(file)).toEqual({ host: 'hôte', n: '1' });
    // A raw Latin-1 byte is read as that character.
    fs.writeFileSync(file, Buffer.from([0x6b, 0x3d, 0xe9, 0x0a]));
    expect(readPropertiesFile(file)).toEqual({ k: 'é' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
