// Reads the import graph of a source tree (TypeScript's own pre-processor finds every import,
// `import type`, `export ... from`, require and dynamic import) and checks it against the layer
// rules of src/import-rules.json: what each layer may import, no loop between files, and rules
// that are themselves free of loops (so no two layers can import each other).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface LayerRule {
  /** A folder under src/, `/`-separated; `*` stands for any one folder name. */
  layer: string;
  mayImport: string[];
  why: string;
}

export interface ImportRules {
  layers: LayerRule[];
}

/** file -> the files it imports, both relative to the root, `/`-separated. */
export type ImportGraph = Map<string, Set<string>>;

export function loadImportRules(file: string): ImportRules {
  return JSON.parse(readFileSync(file, 'utf8')) as ImportRules;
}

function sourceFiles(root: string, dir = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(root, rel));
    else if (entry.name.endsWith('.ts')) files.push(rel);
  }
  return files;
}

function resolveRelative(root: string, fromFile: string, specifier: string): string | null {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return null;
}

/** The graph of relative imports, and the problems found reading it (unresolved or escaping imports). */
export function readImportGraph(root: string): { graph: ImportGraph; problems: string[] } {
  const graph: ImportGraph = new Map();
  const problems: string[] = [];
  for (const file of sourceFiles(root)) {
    const imports = new Set<string>();
    const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package
      const target = resolveRelative(root, file, fileName);
      if (target === null) problems.push(`${file}: '${fileName}' leaves the tree or does not resolve`);
      else if (target.startsWith('..')) problems.push(`${file}: '${fileName}' leaves the tree`);
      else imports.add(target);
    }
    graph.set(file, imports);
  }
  return { graph, problems };
}

interface FileLayer {
  /** The rule that governs the file. */
  rule: LayerRule;
  /** The folder that rule matched, e.g. `admin/topics` for `admin/*`. */
  folder: string;
}

export function layerOf(file: string, rules: ImportRules): FileLayer | null {
  const dirs = path.posix.dirname(file).split('/');
  let best: { rule: LayerRule; folder: string; score: number } | null = null;
  for (const rule of rules.layers) {
    const pattern = rule.layer.split('/');
    if (pattern.length > dirs.length || !pattern.every((p, i) => p === '*' || p === dirs[i])) continue;
    // Longer patterns win; at equal length a literal beats a wildcard.
    const score = pattern.length * 2 - pattern.filter((p) => p === '*').length;
    if (best === null || score > best.score) best = { rule, folder: dirs.slice(0, pattern.length).join('/'), score };
  }
  return best === null ? null : { rule: best.rule, folder: best.folder };
}

/** Groups of two or more nodes that import each other in a loop (Tarjan's strongly connected components). */
export function importLoops(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || graph.get(node)?.has(node)) loops.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return loops;
}

/** Every way the tree breaks the rules, one line each; empty when it keeps them. */
export function checkImportRules(root: string, rules: ImportRules): string[] {
  const violations: string[] = [];
  const known = new Set(rules.layers.map((r) => r.layer));
  const ruleGraph = new Map(rules.layers.map((r) => [r.layer, new Set(r.mayImport)]));
  for (const rule of rules.layers) {
    for (const target of rule.mayImport) if (!known.has(target)) violations.push(`rule ${rule.layer}: may import '${target}', which is no layer`);
  }
  for (const loop of importLoops(ruleGraph)) violations.push(`the rules let these layers import each other: ${loop.join(' <-> ')}`);

  const { graph, problems } = readImportGraph(root);
  violations.push(...problems);
  for (const [file, imports] of graph) {
    const from = layerOf(file, rules);
    if (from === null) {
      violations.push(`${file}: its folder is in no layer (add it to the rules)`);
      continue;
    }
    for (const target of imports) {
      const to = layerOf(target, rules);
      if (to === null || to.folder === from.folder || from.rule.mayImport.includes(to.rule.layer)) continue;
      violations.push(`${file} imports ${target}: ${from.folder} may not import ${to.folder} (${from.rule.layer} may import: ${from.rule.mayImport.join(', ') || 'nothing'})`);
    }
  }
  for (const loop of importLoops(graph)) violations.push(`these files import each other in a loop: ${loop.join(' -> ')}`);
  return violations;
}
