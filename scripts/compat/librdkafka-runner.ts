// Runs one unit of librdkafka's suite in its own test-runner process, with every address set
// through RDKAFKA_TEST_CONF, and reads the outcome of each test from the runner's summary table.
// A unit that outlives its time is killed and counted as failed.

import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TestResult } from './expected-failures';
import type { RunUnit } from './librdkafka-catalogue';

export interface RunnerSettings {
  testsDir: string;
  confFile: string;
  logDir: string;
  /** `-Q`: librdkafka's quick mode (fewer iterations, less data). */
  quick: boolean;
  timeoutMs: number;
}

const ANSI = /\x1b\[[0-9;]*m/g;
const SUMMARY_ROW = /^\|\s*(\d{4}_\w+)\s+\|\s+(PASSED|FAILED|SKIPPED|RUNNING|NOT STARTED)\s+\|\s*([\d.]+)s\s*\|\s*(.*)$/;

function summaryRows(output: string): Map<string, TestResult> {
  const rows = new Map<string, TestResult>();
  for (const line of output.replace(ANSI, '').split('\n')) {
    const m = line.match(SUMMARY_ROW);
    if (m === null) continue;
    const outcome = m[2] === 'PASSED' ? 'passed' : m[2] === 'SKIPPED' ? 'skipped' : 'failed';
    rows.set(m[1], { name: m[1], outcome, seconds: Number(m[3]), detail: m[4].trim() || undefined });
  }
  return rows;
}

/** A runner that crashed, hung or was killed fails every test of its unit that did not fail already. */
function unitResults(unit: RunUnit, rows: Map<string, TestResult>, failedRun: string | undefined, seconds: number): TestResult[] {
  const results = unit.tests.map((name): TestResult => {
    const row = rows.get(name);
    if (row === undefined) return { name, outcome: 'failed', seconds, detail: failedRun ?? 'no result in the runner summary' };
    return failedRun !== undefined && row.outcome !== 'failed' ? { ...row, outcome: 'failed', detail: failedRun } : row;
  });
  return unit.subtest === undefined ? results : results.map((r) => ({ ...r, name: unit.label }));
}

export function runUnit(unit: RunUnit, settings: RunnerSettings): Promise<TestResult[]> {
  const logFile = path.join(settings.logDir, `${unit.label.replace('/', '__')}.log`);
  const args = ['-L', '-V', '2.4.1', ...(settings.quick ? ['-Q'] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, TESTS: unit.testNumber, RDKAFKA_TEST_CONF: settings.confFile, LD_LIBRARY_PATH: '../src:../src-cpp' };
  if (unit.subtest !== undefined) env.SUBTESTS = unit.subtest;
  const started = Date.now();
  return new Promise((resolve) => {
    const log = createWriteStream(logFile);
    const child = spawn('./test-runner', args, { cwd: settings.testsDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => child.kill('SIGKILL'), settings.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      log.end(() => {
        const seconds = (Date.now() - started) / 1000;
        const failedRun = signal !== null ? `killed (${signal}) after ${Math.round(seconds)} s` : code !== 0 ? `runner exited with ${code}` : undefined;
        resolve(unitResults(unit, summaryRows(readFileSync(logFile, 'utf8')), failedRun, seconds));
      });
    });
  });
}
