// librdkafka 2.0.2's tests/ against a fresh 3-broker cluster: built from Debian's source package,
// configured through RDKAFKA_TEST_CONF with every address set (never trivup, which downloads a
// Kafka), one test-runner process per unit, a few units at a time.

import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { compatDir } from './compat-workdir';
import type { TestResult } from './expected-failures';
import { buildLibrdkafkaTests } from './librdkafka-build';
import { runUnits } from './librdkafka-catalogue';
import { runUnit } from './librdkafka-runner';
import type { SuiteCluster } from './suite-cluster';

export interface LibrdkafkaOptions {
  quick: boolean;
  concurrency: number;
  /** Only the units whose label starts with one of these (e.g. 0012, 0113). */
  only?: string[];
  /** Units not to run. */
  exclude: Set<string>;
}

export function prepareLibrdkafka(): string {
  return buildLibrdkafkaTests(compatDir('librdkafka'));
}

export async function runLibrdkafkaSuite(testsDir: string, cluster: SuiteCluster, options: LibrdkafkaOptions): Promise<TestResult[]> {
  const logDir = compatDir('librdkafka-logs', new Date().toISOString().replace(/[:.]/g, '-'));
  const confFile = path.join(logDir, 'test.conf');
  writeFileSync(confFile, `metadata.broker.list=${cluster.bootstrap}\ntest.timeout.multiplier=2\n`);
  const selected = runUnits(testsDir).filter((u) => options.only === undefined || options.only.some((p) => u.label.startsWith(p)));
  const units = selected.filter((u) => !options.exclude.has(u.label));
  const excluded = selected.length - units.length;
  console.log(`librdkafka: ${units.length} units, ${options.concurrency} at a time, ${options.quick ? 'quick' : 'full'} mode; logs in ${logDir}`);
  if (excluded > 0) console.log(`  ${excluded} units not run: they fail against Kafka 2.4.1 too (--all runs them)`);
  const results: TestResult[] = [];
  const queue = [...units];
  const worker = async () => {
    for (let unit = queue.shift(); unit !== undefined; unit = queue.shift()) {
      const timeoutMs = (options.quick ? 240 : 600) * 1000;
      const unitResults = await runUnit(unit, { testsDir, confFile, logDir, quick: options.quick, timeoutMs });
      for (const r of unitResults) console.log(`  ${r.outcome.toUpperCase().padEnd(7)} ${r.name} (${r.seconds.toFixed(1)} s)${r.outcome === 'failed' && r.detail ? `: ${r.detail.slice(0, 160)}` : ''}`);
      results.push(...unitResults);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return results.sort((a, b) => a.name.localeCompare(b.name));
}
