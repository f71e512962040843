// One file per suite lists the tests expected to fail against our broker, each with its reason:
//   <test name>   # why it fails
// A failure not on the list fails the run; a listed test that passes is reported so that the
// list only shrinks. A reason starting with 'flaky:' marks a test that sometimes passes and
// sometimes fails (the reason says why): either outcome is accepted and it is never reported as
// now passing. A reason starting
// with 'fails on Kafka 2.4.1 too:' marks a test that cannot tell our brokers from Kafka's: it is not
// run unless asked for (`--all`), which keeps CI short.

import { readFileSync } from 'node:fs';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  name: string;
  outcome: Outcome;
  seconds: number;
  detail?: string;
  /** Passed on a second run; this is how the first one failed. */
  failedFirst?: string;
}

export function loadExpectedFailures(file: string): Map<string, string> {
  const expected = new Map<string, string>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const hash = line.indexOf('#');
    const name = (hash < 0 ? line : line.slice(0, hash)).trim();
    if (hash < 0) throw new Error(`${file}: '${name}' has no reason (write '# why' after it)`);
    expected.set(name, line.slice(hash + 1).trim());
  }
  return expected;
}

export interface Verdict {
  passed: number;
  failed: number;
  skipped: number;
  unexpectedFailures: TestResult[];
  nowPassing: string[];
  passedSecondTime: TestResult[];
}

export function judge(results: TestResult[], expected: Map<string, string>): Verdict {
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    unexpectedFailures: results.filter((r) => r.outcome === 'failed' && !expected.has(r.name)),
    passedSecondTime: results.filter((r) => r.failedFirst !== undefined),
    nowPassing: results
      .filter((r) => r.outcome === 'passed' && expected.has(r.name) && !isFlaky(expected.get(r.name)!))
      .map((r) => r.name),
  };
}

function isFlaky(reason: string): boolean {
  return reason.startsWith('flaky:');
}

export function failsOnKafkaToo(reason: string): boolean {
  return reason.startsWith('fails on Kafka 2.4.1 too:');
}

export function printVerdict(suite: string, against: string, verdict: Verdict, expected: Map<string, string>, gate: boolean): void {
  console.log(`\n${suite} against ${against}: ${verdict.passed} passed, ${verdict.failed} failed, ${verdict.skipped} skipped`);
  for (const r of verdict.unexpectedFailures) console.log(`  UNEXPECTED FAILURE ${r.name}${r.detail ? `: ${r.detail}` : ''}`);
  for (const r of verdict.passedSecondTime) console.log(`  passed on a second run (first: ${r.failedFirst!.slice(0, 160)}): ${r.name}`);
  for (const name of verdict.nowPassing) console.log(`  now passing, remove from the expected-failure list: ${name} (${expected.get(name)})`);
  if (!gate) console.log('  (not judged against the expected-failure list: that list is for our broker)');
}
