// The tests librdkafka's test-runner knows, read from its table in tests/test.c, and how each is
// run: one test-runner process per test number, or per sub-test for tests whose sub-tests can
// hang the runner (a hung rd_kafka_destroy there must not take the rest of the test down).

import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface RunUnit {
  /** What the results and the expected-failure list call it: `0113_cooperative_rebalance/h_delete_topic`. */
  label: string;
  testNumber: string;
  /** The tests of that number this unit runs (a number can hold several, e.g. 0045_*). */
  tests: string[];
  subtest?: string;
}

/** Tests run one sub-test per process. */
const SPLIT_BY_SUBTEST = new Set(['0113_cooperative_rebalance']);

/**
 * The tests that need a broker and run in the default scenario (not manual ones such as 8000_idle) (the others are skipped by the
 * runner without a word: `noautocreate` needs a cluster with auto-creation off).
 */
function brokerTests(testsDir: string): string[] {
  const source = readFileSync(path.join(testsDir, 'test.c'), 'utf8');
  const table = source.slice(source.indexOf('struct test tests[]'));
  return table
    .split(/(?=_TEST\()/)
    .slice(1)
    .flatMap((entry) => {
      const m = entry.match(/^_TEST\((\d{4}_\w+),\s*([^,)]*)/);
      if (m === null || /TEST_F_(LOCAL|MANUAL)/.test(m[2])) return [];
      const scenario = entry.match(/\.scenario\s*=\s*"([^"]*)"/)?.[1];
      return scenario === undefined || scenario.split(',').includes('default') ? [m[1]] : [];
    });
}

/** The sub-test functions a test's main calls, in order (e.g. `a_assign_tests`). */
function subtests(testsDir: string, name: string): string[] {
  const file = path.join(testsDir, `${name.slice(0, 4)}-${name.slice(5)}.cpp`);
  const source = readFileSync(file, 'utf8');
  const main = source.slice(source.indexOf(`int main_${name}(`));
  const body = main.slice(0, main.indexOf('\n}\n'));
  return [...new Set([...body.matchAll(/^\s+([a-z]_\w+)\(/gm)].map((m) => m[1]))];
}

/** Every run unit for the tests that need a broker, in test-number order. */
export function runUnits(testsDir: string): RunUnit[] {
  const tests = brokerTests(testsDir);
  const numbers = [...new Set(tests.map((name) => name.slice(0, 4)))];
  return numbers.flatMap((testNumber) => {
    const ofNumber = tests.filter((name) => name.startsWith(testNumber));
    const split = ofNumber.find((name) => SPLIT_BY_SUBTEST.has(name));
    if (split === undefined) return [{ label: testNumber, testNumber, tests: ofNumber }];
    return subtests(testsDir, split).map((subtest) => ({ label: `${split}/${subtest}`, testNumber, tests: [split], subtest }));
  });
}

/** The unit that runs the test a result names (`0089_max_poll_interval` -> `0089`; sub-tests are their own unit). */
export function unitLabelFor(resultName: string): string {
  return resultName.includes('/') ? resultName : resultName.slice(0, 4);
}
