// node-rdkafka 2.15.0's e2e/ (mocha, shipped in its npm tarball) against a fresh cluster: the
// package is installed into .compat/ and built against Debian's librdkafka 2.0.2 (the version
// it bundles) rather than compiling its bundled copy; the topics it expects are created first,
// as its README asks; every spec gets the one bootstrap address through KAFKA_HOST.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compatDir } from './compat-workdir';
import type { TestResult } from './expected-failures';
import type { SuiteCluster } from './suite-cluster';

const PACKAGE = 'node-rdkafka@2.15.0';
const MOCHA = 'mocha@10.8.2';
/** What its run_docker.sh creates: one partition, one replica each. */
const TOPICS = ['test', 'test2', 'test3', 'test4', 'test5', 'test6'];
const SPEC_TIMEOUT_MS = 5 * 60_000;

export function prepareNodeRdkafka(): string {
  const dir = compatDir('node-rdkafka');
  const packageDir = path.join(dir, 'node_modules/node-rdkafka');
  if (existsSync(path.join(packageDir, 'build/Release/node-librdkafka.node'))) return packageDir;
  console.log(`installing ${PACKAGE} (built against Debian's librdkafka) and ${MOCHA}`);
  if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--foreground-scripts', PACKAGE, MOCHA], {
    cwd: dir,
    env: { ...process.env, BUILD_LIBRDKAFKA: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return packageDir;
}

interface MochaTest {
  fullTitle: string;
  duration?: number;
  err?: { message?: string };
}

/** Runs one spec file with mocha's JSON reporter; a spec that dies fails as a whole. */
function runSpec(packageDir: string, spec: string, bootstrap: string): Promise<TestResult[]> {
  const reportFile = path.join(compatDir('node-rdkafka-logs'), `${spec}.json`);
  const mocha = path.join(packageDir, '../mocha/bin/mocha.js');
  // Its Makefile says --ui exports, but every e2e spec is written with describe/it (bdd, mocha's default).
  const args = [mocha, '--exit', '--timeout', '120000', '--reporter', 'json', '--reporter-option', `output=${reportFile}`, `e2e/${spec}`];
  return new Promise((resolve) => {
    writeFileSync(reportFile, '');
    const child = spawn(process.execPath, args, { cwd: packageDir, env: { ...process.env, KAFKA_HOST: bootstrap }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), SPEC_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const raw = readFileSync(reportFile, 'utf8');
      if (raw.trim() === '') {
        resolve([{ name: spec, outcome: 'failed', seconds: 0, detail: `mocha wrote no report (exit ${code ?? signal}): ${stderr.slice(-300)}` }]);
        return;
      }
      const report = JSON.parse(raw) as { passes: MochaTest[]; failures: MochaTest[]; pending: MochaTest[] };
      const result = (t: MochaTest, outcome: TestResult['outcome']): TestResult => ({
        name: `${spec}: ${t.fullTitle}`,
        outcome,
        seconds: (t.duration ?? 0) / 1000,
        detail: t.err?.message,
      });
      resolve([...report.passes.map((t) => result(t, 'passed')), ...report.failures.map((t) => result(t, 'failed')), ...report.pending.map((t) => result(t, 'skipped'))]);
    });
  });
}

export async function runNodeRdkafkaSuite(packageDir: string, cluster: SuiteCluster): Promise<TestResult[]> {
  await cluster.createTopics(TOPICS, 1, 1);
  const specs = readdirSync(path.join(packageDir, 'e2e')).filter((f) => f.endsWith('.spec.js')).sort();
  console.log(`node-rdkafka: ${specs.length} spec files against ${cluster.bootstrap}`);
  const results: TestResult[] = [];
  for (const spec of specs) {
    const specResults = await runSpec(packageDir, spec, cluster.bootstrap.split(',')[0]);
    for (const r of specResults) console.log(`  ${r.outcome.toUpperCase().padEnd(7)} ${r.name}${r.outcome === 'failed' && r.detail ? `: ${r.detail.slice(0, 160)}` : ''}`);
    results.push(...specResults);
  }
  return results;
}
