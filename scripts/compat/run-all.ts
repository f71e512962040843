// `npm run test:compat`: peer client suites against a fresh cluster of ours (or, with
// --against real-kafka, a real Apache Kafka 2.4.1 with the same properties, for comparison).
// Against ours, a failure not on a suite's expected-failure list fails the run.

import * as path from 'node:path';
import { Command, Option } from 'commander';
import { ensureCompatPackages } from './compat-packages';
import { failsOnKafkaToo, judge, loadExpectedFailures, printVerdict, type TestResult } from './expected-failures';
import { unitLabelFor } from './librdkafka-catalogue';
import { prepareLibrdkafka, runLibrdkafkaSuite } from './librdkafka-suite';
import { prepareNodeRdkafka, runNodeRdkafkaSuite } from './node-rdkafka-suite';
import { startSuiteCluster, type SuiteCluster } from './suite-cluster';

interface Suite {
  name: string;
  expectedFailures: string;
  prepare(): string;
  run(prepared: string, cluster: SuiteCluster, exclude: Set<string>): Promise<TestResult[]>;
  /** Runs these tests once more, one at a time (for failures not on the list). */
  rerun?(prepared: string, cluster: SuiteCluster, names: string[]): Promise<TestResult[]>;
}

const program = new Command('test:compat')
  .description('Runs librdkafka 2.0.2 tests/ and node-rdkafka 2.15.0 e2e/ against a fresh 3-broker cluster')
  .addOption(new Option('--against <cluster>', 'whose brokers').choices(['ours', 'real-kafka']).default('ours'))
  .option('--kafka-home <dir>', 'a real Apache Kafka 2.4.1 (for --against real-kafka)', process.env.KAFKA_ANCHOR)
  .addOption(new Option('--suite <name...>', 'only these suites').choices(['librdkafka', 'node-rdkafka']))
  .option('--tests <prefix...>', 'librdkafka: only the units starting with these (e.g. 0012 0113)')
  .option('--quick', "librdkafka: quick mode (-Q)", false)
  .option('--concurrency <n>', 'librdkafka: units run at once', (v) => Number.parseInt(v, 10), 3)
  .option('--all', "also the tests that fail against Kafka 2.4.1 too ('fails on Kafka 2.4.1 too:' in the lists)", false)
  .parse();

const options = program.opts<{ against: 'ours' | 'real-kafka'; kafkaHome?: string; suite?: string[]; tests?: string[]; quick: boolean; concurrency: number; all: boolean }>();
if (options.against === 'real-kafka' && options.kafkaHome === undefined) program.error('--against real-kafka needs --kafka-home <dir> or KAFKA_ANCHOR (see ../shared/tools/build-kafka-2.4.1.sh)');
if (!Number.isInteger(options.concurrency) || options.concurrency < 1) program.error('--concurrency must be a positive integer');

const suites: Suite[] = [
  {
    name: 'librdkafka',
    expectedFailures: 'librdkafka-expected-failures.txt',
    prepare: prepareLibrdkafka,
    run: (testsDir, cluster, exclude) =>
      runLibrdkafkaSuite(testsDir, cluster, { quick: options.quick, concurrency: options.concurrency, only: options.tests, exclude }),
    rerun: (testsDir, cluster, names) =>
      runLibrdkafkaSuite(testsDir, cluster, { quick: options.quick, concurrency: 1, only: [...new Set(names.map(unitLabelFor))], exclude: new Set() }),
  },
  { name: 'node-rdkafka', expectedFailures: 'node-rdkafka-expected-failures.txt', prepare: prepareNodeRdkafka, run: runNodeRdkafkaSuite },
];

/**
 * Several librdkafka tests race two consumers against the first rebalance (with
 * group.initial.rebalance.delay.ms=0, as the suites' own clusters run): one of them loses now and
 * then, against Kafka 2.4.1 as against ours. A failure not on the list gets one more run, alone;
 * passing then, it is reported with its first failure and does not fail the run. A real fault
 * fails twice.
 */
async function rerunUnexpectedFailures(suite: Suite, prepared: string, cluster: SuiteCluster, results: TestResult[], expected: Map<string, string>): Promise<TestResult[]> {
  const unexpected = results.filter((r) => r.outcome === 'failed' && !expected.has(r.name));
  if (unexpected.length === 0) return results;
  console.log(`  once more, alone: ${unexpected.map((r) => r.name).join(', ')}`);
  const second = new Map((await suite.rerun!(prepared, cluster, unexpected.map((r) => r.name))).map((r) => [r.name, r]));
  return results.map((r) => {
    const again = second.get(r.name);
    if (r.outcome !== 'failed' || again === undefined || again.outcome !== 'passed') return r;
    return { ...again, failedFirst: r.detail ?? 'failed' };
  });
}

async function main(): Promise<number> {
  ensureCompatPackages();
  const against = options.against === 'ours' ? 'our brokers' : `Apache Kafka in ${options.kafkaHome}`;
  const kafkaHome = options.against === 'ours' ? undefined : options.kafkaHome;
  let failing = false;
  for (const suite of suites.filter((s) => options.suite === undefined || options.suite.includes(s.name))) {
    const started = Date.now();
    const expected = loadExpectedFailures(path.join(__dirname, suite.expectedFailures));
    const exclude = new Set(options.all ? [] : [...expected].filter(([, reason]) => failsOnKafkaToo(reason)).map(([name]) => name));
    const prepared = suite.prepare();
    const cluster = await startSuiteCluster(suite.name, kafkaHome);
    let results: TestResult[];
    try {
      results = await suite.run(prepared, cluster, exclude);
      if (options.against === 'ours' && suite.rerun !== undefined) results = await rerunUnexpectedFailures(suite, prepared, cluster, results, expected);
    } finally {
      await cluster.stop();
    }
    const verdict = judge(results, expected);
    printVerdict(suite.name, against, verdict, expected, options.against === 'ours');
    console.log(`  ${suite.name} took ${Math.round((Date.now() - started) / 1000)} s`);
    if (options.against === 'ours' && verdict.unexpectedFailures.length > 0) failing = true;
  }
  return failing ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
