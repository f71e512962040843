// Runs a lab: a fresh 3-broker cluster (its own ZooKeeper ensemble, free ports, a temporary
// directory, metrics ports on so the brokers' control-plane events reach the observatory), the
// observatory pointed at it (and back at the user's cluster afterwards), the lab's script with its
// narration and checks recorded in the timeline, a closing lab-finished event, and everything the
// lab started stopped and removed whatever happens.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { silentLogger, type Logger } from '../../common/logger';
import { sleep } from '../../common/poll';
import { LocalCluster } from '../../launcher/local-cluster';
import type { ClusterState, ControlPlaneEvent, FaultAction } from '../api-types';
import type { UnnumberedEvent, WatchTarget } from '../cluster-watch';
import { applyFault, expectedOutcome } from '../faults';
import { localClusterFaults } from '../local-cluster-faults';
import { Observatory } from '../observatory';
import type { EventMatcher, Lab, LabCheck, LabContext, TimelineMark } from './lab';
import { formatEvent } from './timeline-format';

export { formatEvent, formatTimeline, NOISY_KINDS } from './timeline-format';

/**
 * What every lab cluster runs with, under the lab's own properties: Kafka 2.4's defaults where
 * they make a lab wait too long are shortened, and each value is what the narration quotes.
 */
export const LAB_BROKER_DEFAULTS: Readonly<Record<string, string>> = {
  // Kafka 2.4's default: a killed broker's registration lingers this long.
  'zookeeper.session.timeout.ms': '6000',
  // 10000 in Kafka 2.4: how long a follower may stay behind before the leader drops it from the ISR.
  'replica.lag.time.max.ms': '4000',
  'offsets.topic.replication.factor': '3',
  // 50 in Kafka 2.4: three are plenty for a lab and quick to create.
  'offsets.topic.num.partitions': '3',
  'transaction.state.log.replication.factor': '3',
  'group.initial.rebalance.delay.ms': '0',
  // Labs move leaders on purpose; the ones about the auto rebalance turn it on.
  'auto.leader.rebalance.enable': 'false',
  'leader.imbalance.check.interval.seconds': '5',
  'controlled.shutdown.retry.backoff.ms': '200',
  // Labs create their topics with explicit assignments.
  'auto.create.topics.enable': 'false',
};

export interface RunLabOptions {
  /** An observatory to show the lab in (the page's); it goes back to its previous cluster afterwards. Default: a private one. */
  observatory?: Observatory;
  /** Where the lab's temporary directory is made (default the OS temp dir). */
  baseDir?: string;
  /** Each narration, check and shown timeline event as it happens. */
  print?: (line: string) => void;
  /** Print every event kind, the noisy ones (state-change lines, requests sent) too. */
  verbose?: boolean;
  /** For the private observatory's warnings. */
  logger?: Logger;
  /** Keep the lab's directory (ZooKeeper data, broker logs) for a post-mortem; KEEP_LAB_DIRS=1 does too. */
  keepDir?: boolean;
  /** Aborting ends the lab early (as a failure); the cluster is stopped as usual. */
  signal?: AbortSignal;
}

export interface LabResult {
  lab: string;
  passed: boolean;
  checks: LabCheck[];
  /** Everything the observatory recorded during the lab, its narration and checks included. */
  timeline: ControlPlaneEvent[];
  durationMs: number;
  /** Why the lab could not run to its end, if it could not. */
  error?: string;
  /** The lab's directory, when kept. */
  dir?: string;
}

const DEFAULT_LAB_TIMEOUT_MS = 180_000;
const CLEANUP_TIMEOUT_MS = 15_000;

/** Observatories with a lab running: one lab at a time each. */
const busy = new WeakSet<Observatory>();

export function isLabRunning(observatory: Observatory): boolean {
  return busy.has(observatory);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string, signal?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    onAbort = () => reject(new Error(`${what} was interrupted`));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  });
}

export async function runLab(lab: Lab, options: RunLabOptions = {}): Promise<LabResult> {
  const observatory = options.observatory ?? new Observatory(options.logger ?? silentLogger);
  if (busy.has(observatory)) throw new Error(`a lab is already running on this observatory`);
  busy.add(observatory);
  const ownObservatory = options.observatory === undefined;
  const previousTarget: WatchTarget | null = observatory.target;
  const print = options.print ?? (() => {});
  const started = Date.now();
  const checks: LabCheck[] = [];
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let lastSeq = observatory.events().at(-1)?.seq ?? 0;
  const firstSeq = lastSeq;
  const unsubscribe = observatory.subscribe((message) => {
    if (message.type !== 'event') return;
    lastSeq = Math.max(lastSeq, message.event.seq);
    const line = formatEvent(message.event, { verbose: options.verbose, startTime: started });
    if (line !== null) print(line);
  });
  let stepNumber = 0;
  // Once the lab is over (timed out or interrupted too), what its script still does is not recorded.
  let over = false;
  const record = (event: Omit<UnnumberedEvent, 'time' | 'source'>) => observatory.record({ time: Date.now(), source: 'lab', lab: lab.name, ...event } as UnnumberedEvent);
  const step = (narration: string) => void (over || record({ kind: 'lab-step', step: ++stepNumber, message: narration }));
  const check = (description: string, ok: boolean, detail?: string) => {
    if (over) return ok;
    checks.push({ description, ok, detail });
    record({ kind: 'lab-check', ok, description, detail, message: detail === undefined ? description : `${description}: ${detail}` });
    return ok;
  };

  const properties = { ...LAB_BROKER_DEFAULTS, ...lab.brokerProperties };
  const sessionTimeoutMs = Number(properties['zookeeper.session.timeout.ms']);
  const keepDir = options.keepDir === true || process.env.KEEP_LAB_DIRS === '1';
  const dir = mkdtempSync(path.join(options.baseDir ?? tmpdir(), `kafka-lab-${lab.name}-`));
  let cluster: LocalCluster | null = null;
  let error: string | undefined;
  let attached = false;

  try {
    step(
      `Lab ${lab.name}: ${lab.title}. Starting a fresh cluster for it: a 3-node ZooKeeper ensemble and brokers 1-3 on free ports (in ${dir}), with ` +
        Object.entries(lab.brokerProperties)
          .concat(Object.entries(LAB_BROKER_DEFAULTS).filter(([k]) => !(k in lab.brokerProperties) && ['zookeeper.session.timeout.ms', 'replica.lag.time.max.ms'].includes(k)))
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') +
        '.',
    );
    cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, brokerProperties: properties, metricsPorts: 'free' });
    const c = cluster;
    const faults = localClusterFaults(c, sessionTimeoutMs);
    const metricsUrls = new Map(c.brokers.flatMap((b) => (b.metricsUrl === undefined ? [] : [[String(b.id), b.metricsUrl] as [string, string]])));
    await observatory.attach({ zookeeper: c.zooKeeper.connectString, bootstrapServers: c.bootstrapServers, metricsUrls, faults, lab: lab.name });
    attached = true;
    const ready = await observatory
      .waitForState((s) => s.controller.brokerId >= 0 && s.brokers.filter((b) => b.alive).length === 3 && s.eventSource === 'broker-reported', 30_000, 'the lab cluster with a controller, 3 brokers and their event streams')
      .catch(() => null);
    if (ready === null) throw new Error('the observatory did not see the lab cluster (a controller, 3 registered brokers, their event streams) within 30 s');

    const kafka = new Kafka({
      clientId: `kafka-lab-${lab.name}`,
      brokers: c.bootstrapServers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    const mark = (): TimelineMark => ({ seq: lastSeq, time: Date.now() });
    const labStart = mark();
    const after = (since: TimelineMark | null, matches: EventMatcher = () => true): EventMatcher => {
      const from = since ?? labStart;
      return (e) => e.seq > from.seq && e.time >= from.time && matches(e);
    };
    const waitForEvent = (matches: EventMatcher, timeoutMs: number, since: TimelineMark | null, what?: string) =>
      observatory.waitForEvent(after(since, matches), timeoutMs, (since ?? labStart).seq, what).catch(() => null);
    const waitForState = (predicate: (state: ClusterState) => boolean, timeoutMs: number, what?: string) => observatory.waitForState(predicate, timeoutMs, what).catch(() => null);

    const ctx: LabContext = {
      lab,
      cluster: c,
      observatory,
      faults,
      bootstrapServers: c.bootstrapServers,
      zookeeper: c.zooKeeper.connectString,
      kafka,
      brokerProperties: properties,
      sessionTimeoutMs,
      step,
      note: (message) => void (over || record({ kind: 'lab-step', note: true, message })),
      check,
      async fault(action: FaultAction, broker: number) {
        if (over) throw new Error(`lab ${lab.name} is over`);
        const expect = expectedOutcome(action, broker, observatory.state(), sessionTimeoutMs);
        const pid = c.broker(broker).pid;
        record({ kind: 'fault', broker, action, expect, message: `Fault: ${action} broker ${broker}${pid === undefined ? '' : ` (pid ${pid})`}` });
        await applyFault(faults, action, broker);
      },
      async restartBroker(broker: number, changed?: Record<string, string>) {
        if (over) throw new Error(`lab ${lab.name} is over`);
        const b = c.broker(broker);
        if (changed !== undefined) b.options.properties = { ...(b.options.properties ?? {}), ...changed };
        const changes = changed === undefined ? '' : ` with ${Object.entries(changed).map(([k, v]) => `${k}=${v}`).join(', ')}`;
        record({ kind: 'fault', broker, action: 'restart', message: `Fault: restart broker ${broker}${changes} (controlled shutdown, then start on the same data)` });
        await faults.restart(broker);
      },
      mark,
      eventsSince: (since, matches) => observatory.events((since ?? labStart).seq).filter(after(since, matches)),
      waitForEvent,
      waitForState,
      async expectEvent(description, matches, timeoutMs, since, detail) {
        const event = await waitForEvent(matches, timeoutMs, since, description);
        check(description, event !== null, event === null ? `not seen within ${timeoutMs} ms` : (detail?.(event) ?? event.message));
        return event;
      },
      async expectState(description, predicate, timeoutMs, detail) {
        const state = await waitForState(predicate, timeoutMs, description);
        check(description, state !== null, state === null ? `not reached within ${timeoutMs} ms${detail === undefined ? '' : `; now ${detail(observatory.state())}`}` : detail?.(state));
        return state;
      },
      state: () => observatory.state(),
      partition: (topic, partition) => observatory.state().partitions.find((p) => p.topic === topic && p.partition === partition),
      sleep,
      onCleanup: (cleanup) => void cleanups.push(cleanup),
    };
    const script = lab.run(ctx);
    // After a timeout or an interruption the script may still fail later, against a stopped cluster.
    script.catch(() => undefined);
    await withTimeout(script, lab.timeoutMs ?? DEFAULT_LAB_TIMEOUT_MS, `lab ${lab.name}`, options.signal);
  } catch (e) {
    error = (e as Error).message;
    check('the lab ran to its end', false, error);
  } finally {
    over = true;
    for (const cleanup of cleanups.reverse()) {
      await withTimeout(Promise.resolve().then(cleanup), CLEANUP_TIMEOUT_MS, 'a lab cleanup').catch(() => undefined);
    }
  }

  const passed = checks.length > 0 && checks.every((c) => c.ok);
  const failed = checks.filter((c) => !c.ok).length;
  record({
    kind: 'lab-finished',
    passed,
    checks: checks.length,
    failed,
    message: `Lab ${lab.name} ${passed ? 'passed' : 'FAILED'}: ${checks.length - failed} of ${checks.length} checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s${error === undefined ? '' : ` (${error})`}`,
  });
  const timeline = observatory.events(firstSeq);
  unsubscribe();
  try {
    if (ownObservatory) await observatory.close();
    else if (attached && previousTarget !== null) await observatory.attach(previousTarget);
  } catch (e) {
    options.logger?.warn(`kafka-lab: could not point the observatory back at ${previousTarget?.zookeeper}: ${(e as Error).message}`);
  } finally {
    busy.delete(observatory);
  }
  try {
    if (cluster !== null) {
      const stopping = Date.now();
      await cluster.stop();
      print(`(lab cluster stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s)`);
    }
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
  return { lab: lab.name, passed, checks, timeline, durationMs: Date.now() - started, ...(error === undefined ? {} : { error }), ...(keepDir ? { dir } : {}) };
}
