// Every lab, headless, on its own fresh cluster: each must pass its own checks, and its timeline must
// hold the events the lab is about. controller-failover runs as bin/kafka-lab does for a user
// (exit status, narration and timeline on stdout); the others through runLab, one of them in an
// observatory of the test's own, as the page's server would.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger';
import type { ControlPlaneEvent } from '../../src/observatory/api-types';
import { findLab, runLab, type LabResult } from '../../src/observatory/labs';
import { Observatory } from '../../src/observatory/observatory';
import { runTool } from './helpers';

const LAB_TIMEOUT_MS = 150_000;
let baseDir: string;

beforeAll(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'labs-test-'));
});

afterAll(() => {
  // Nothing a lab started may outlive it: no ZooKeeper or broker process under our directory.
  let leftovers = '';
  try {
    leftovers = execFileSync('pgrep', ['-f', baseDir], { encoding: 'utf8' });
  } catch {
    // pgrep exits 1 when nothing matches.
  }
  rmSync(baseDir, { recursive: true, force: true });
  expect(leftovers.trim()).toBe('');
});

async function run(name: string, observatory?: Observatory): Promise<LabResult> {
  const lab = findLab(name);
  if (lab === undefined) throw new Error(`no lab ${name}`);
  const lines: string[] = [];
  const result = await runLab(lab, { baseDir, print: (line) => lines.push(line), observatory });
  if (!result.passed) throw new Error(`lab ${name} failed:\n${lines.join('\n')}`);
  expect(result.checks.length).toBeGreaterThan(3);
  expect(result.timeline.at(-1)).toMatchObject({ kind: 'lab-finished', passed: true, lab: name });
  return result;
}

function find(timeline: ControlPlaneEvent[], kind: string, fields: Record<string, unknown> = {}): ControlPlaneEvent[] {
  return timeline.filter((e) => e.kind === kind && Object.entries(fields).every(([k, v]) => (v instanceof RegExp ? v.test(String(e[k])) : e[k] === v)));
}

it(
  'controller-failover through bin/kafka-lab: a controller elected with a higher epoch, exit status 0',
  async () => {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = baseDir;
    let out;
    try {
      out = await runTool('kafka-lab', ['run', 'controller-failover'], LAB_TIMEOUT_MS);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    if (out.code !== 0) throw new Error(`exit ${out.code}\n${out.stdout}\n${out.stderr}`);
    expect(out.stdout).toMatch(/▶ Step \d+: Killing broker \d, the controller, with kill -9/);
    expect(out.stdout).toMatch(/controller-elected .*Epoch incremented to 2/);
    expect(out.stdout).toMatch(/leader-elected .*\{offline election/);
    expect(out.stdout).toMatch(/\[ok\] +a new controller is elected with controller epoch 2/);
    expect(out.stdout).toMatch(/Lab controller-failover passed: (\d+) of \1 checks passed/);
    expect(out.stdout).not.toMatch(/\[FAILED\]/);
  },
  LAB_TIMEOUT_MS,
);

it(
  'leader-failover: an offline election to another in-sync replica, NOT_ENOUGH_REPLICAS below min.insync.replicas, nothing acknowledged lost',
  async () => {
    const { timeline, checks } = await run('leader-failover');
    const elections = find(timeline, 'leader-elected', { topic: 'orders', election: 'offline' });
    expect(elections.length).toBe(2);
    expect(elections[1].leaderEpoch as number).toBeGreaterThan(elections[0].leaderEpoch as number);
    expect(checks.find((c) => c.description === 'no acknowledged write was lost')?.ok).toBe(true);
    expect(checks.find((c) => /NOT_ENOUGH_REPLICAS/.test(c.description))?.ok).toBe(true);
  },
  LAB_TIMEOUT_MS,
);

it(
  'isr-shrink-expand: the leader shrinks the ISR for lag time, expands it on catch-up, and tells the controller',
  async () => {
    const { timeline } = await run('isr-shrink-expand');
    const [shrink] = find(timeline, 'isr-shrink', { topic: 'clicks', cause: /replica.lag.time.max.ms=3000/ });
    const [expand] = find(timeline, 'isr-expand', { topic: 'clicks', cause: /caught up/ });
    expect(shrink.source).toBe(expand.source);
    expect(expand.time).toBeGreaterThan(shrink.time);
    expect(find(timeline, 'isr-change-notification').length).toBeGreaterThan(0);
    expect(find(timeline, 'isr-change-processed').length).toBeGreaterThan(0);
    expect(find(timeline, 'broker-expired')).toEqual([]);
  },
  LAB_TIMEOUT_MS,
);

it(
  'unclean-election: offline with the setting off, an unclean election and the lost writes counted with it on',
  async () => {
    const { timeline, checks } = await run('unclean-election');
    expect(find(timeline, 'partition-offline', { topic: 'payments' }).length).toBeGreaterThan(0);
    const [unclean] = find(timeline, 'leader-elected', { topic: 'payments', election: 'unclean' });
    expect(unclean.cause).toMatch(/unclean.leader.election.enable/);
    expect(checks.find((c) => /writes acknowledged with ISR \[\d\] are lost/.test(c.description))).toMatchObject({ ok: true, detail: '40 acknowledged writes lost' });
  },
  LAB_TIMEOUT_MS,
);

it(
  'preferred-leader: a controlled-shutdown election, a preferred election from the znode, then one by the auto rebalance',
  async () => {
    const { timeline } = await run('preferred-leader');
    expect(find(timeline, 'leader-elected', { topic: 'prefs', election: 'controlled-shutdown' }).length).toBeGreaterThan(0);
    expect(find(timeline, 'leader-elected', { topic: 'prefs', election: 'preferred', cause: /preferred_replica_election/ }).length).toBeGreaterThan(0);
    expect(find(timeline, 'leader-elected', { topic: 'prefs', election: 'preferred', cause: /auto leader rebalance/ }).length).toBeGreaterThan(0);
    expect(find(timeline, 'controller-elected').some((e) => (e.epoch as number) >= 2)).toBe(true);
  },
  LAB_TIMEOUT_MS,
);

it(
  'zombie-broker: the paused broker expires, and comes back with a higher broker epoch',
  async () => {
    const { timeline } = await run('zombie-broker');
    const [expired] = find(timeline, 'broker-expired');
    const again = find(timeline, 'broker-registered', { broker: expired.broker }).filter((e) => e.time > expired.time);
    expect(again.length).toBe(1);
    expect(again[0].epoch as number).toBeGreaterThan(expired.epoch as number);
    expect(find(timeline, 'leader-elected', { topic: 'ledger', election: 'offline' }).length).toBe(1);
  },
  LAB_TIMEOUT_MS,
);

it(
  'reassignment (in an observatory of our own, as the page runs labs): a reassignment election, StopReplica with delete, the znode gone',
  async () => {
    const observatory = new Observatory(silentLogger);
    try {
      const running = run('reassignment', observatory);
      // One lab at a time per observatory.
      await expect(runLab(findLab('group-rebalance')!, { observatory, baseDir })).rejects.toThrow(/already running/);
      const { timeline } = await running;
      expect(find(timeline, 'leader-elected', { topic: 'moving', election: 'reassignment', leader: 2 }).length).toBe(1);
      expect(find(timeline, 'request-sent', { request: 'StopReplica', broker: 1, deletePartitions: true }).length).toBeGreaterThan(0);
      expect(find(timeline, 'reassignment-completed').length).toBe(1);
      // The observatory keeps the lab in its timeline, narration and all.
      expect(observatory.events().filter((e) => e.kind === 'lab-step' && e.lab === 'reassignment').length).toBeGreaterThan(2);
    } finally {
      await observatory.close();
    }
  },
  LAB_TIMEOUT_MS,
);

it(
  'group-rebalance: generations 1, 2 and 3 as members join and leave',
  async () => {
    const { checks } = await run('group-rebalance');
    expect(checks.find((c) => /generations 1, 2 and 3/.test(c.description))?.ok).toBe(true);
  },
  LAB_TIMEOUT_MS,
);
