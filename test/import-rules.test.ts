// The layering of src/ (src/import-rules.json, README 'Architecture') held against its imports,
// and the checker itself shown to catch each kind of break on small trees written to disk.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkImportRules, importLoops, layerOf, loadImportRules, type ImportRules } from './import-graph';

const SRC = path.join(__dirname, '..', 'src');

describe('src/ keeps its import rules', () => {
  it('has no forbidden import, no file loop, and every folder in a layer', () => {
    expect(checkImportRules(SRC, loadImportRules(path.join(SRC, 'import-rules.json')))).toEqual([]);
  });
});

describe('the import checker', () => {
  const rules: ImportRules = {
    layers: [
      { layer: 'protocol', mayImport: [], why: '' },
      { layer: 'server', mayImport: ['protocol'], why: '' },
      { layer: 'tools/common', mayImport: ['protocol'], why: '' },
      { layer: 'tools/*', mayImport: ['tools/common', 'protocol'], why: '' },
    ],
  };
  let root: string;
  const write = (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'import-rules-'));
    write({
      'protocol/errors.ts': 'export const NONE = 0;\n',
      'protocol/records/batch.ts': "import { NONE } from '../errors';\nexport const b = NONE;\n",
      'server/apis/produce.ts': "import type { b } from '../../protocol/records/batch';\nimport { handler } from '../handler';\n",
      'server/handler.ts': "export const handler = 1;\nimport * as kafkajs from 'kafkajs';\n",
      'tools/common/args.ts': 'export const args = [];\n',
      'tools/topics/topics.ts': "import { args } from '../common/args';\n",
    });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts downward imports, imports within a layer, and packages', () => {
    expect(checkImportRules(root, rules)).toEqual([]);
  });

  it('names the file and the rule when a lower layer imports a higher one', () => {
    write({ 'protocol/errors.ts': "import { handler } from '../server/handler';\n" });
    expect(checkImportRules(root, rules)).toEqual([
      'protocol/errors.ts imports server/handler.ts: protocol may not import server (protocol may import: nothing)',
    ]);
  });

  it('an import type counts as much as an import', () => {
    write({ 'server/handler.ts': "import type { Args } from '../tools/common/args';\n" });
    expect(checkImportRules(root, rules)).toHaveLength(1);
  });

  it('keeps one tool folder from importing another, but not from the shared one', () => {
    write({ 'tools/console/console.ts': "import { args } from '../common/args';\nexport * from '../topics/topics';\n" });
    expect(checkImportRules(root, rules)).toEqual([
      'tools/console/console.ts imports tools/topics/topics.ts: tools/console may not import tools/topics (tools/* may import: tools/common, protocol)',
    ]);
  });

  it('finds a loop between files, even inside one folder', () => {
    write({ 'server/a.ts': "import './b';\n", 'server/b.ts': "import './c';\n", 'server/c.ts': "import type {} from './a';\n" });
    expect(checkImportRules(root, rules)).toEqual(['these files import each other in a loop: server/a.ts -> server/b.ts -> server/c.ts']);
  });

  it('refuses rules that let two layers import each other, and files in no layer', () => {
    const looping: ImportRules = { layers: [{ layer: 'protocol', mayImport: ['server'], why: '' }, ...rules.layers.slice(1)] };
    write({ 'misc/x.ts': '' });
    expect(checkImportRules(root, looping)).toEqual(
      expect.arrayContaining(['the rules let these layers import each other: protocol <-> server', 'misc/x.ts: its folder is in no layer (add it to the rules)']),
    );
  });

  it('reports an import that does not resolve or leaves the tree', () => {
    write({ 'server/handler.ts': "import '../../outside';\nimport './missing';\n" });
    expect(checkImportRules(root, rules)).toEqual([
      "server/handler.ts: '../../outside' leaves the tree or does not resolve",
      "server/handler.ts: './missing' leaves the tree or does not resolve",
    ]);
  });

  it('picks the most specific layer, a literal before a wildcard', () => {
    expect(layerOf('tools/common/args.ts', rules)).toMatchObject({ folder: 'tools/common', rule: { layer: 'tools/common' } });
    expect(layerOf('tools/topics/deep/x.ts', rules)).toMatchObject({ folder: 'tools/topics', rule: { layer: 'tools/*' } });
    expect(layerOf('server/apis/produce.ts', rules)).toMatchObject({ folder: 'server' });
    expect(layerOf('x.ts', rules)).toBeNull();
  });

  it('sees a file importing itself as a loop', () => {
    expect(importLoops(new Map([['a', new Set(['a'])], ['b', new Set(['a'])]]))).toEqual([['a']]);
  });
});
