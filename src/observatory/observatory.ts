// The observatory's core, without HTTP: watches one cluster at a time (a lab can switch it to its
// own fresh cluster and back), numbers every event into one timeline, keeps the recent metrics, and
// tells live subscribers (the page's WebSockets) about every change.

import type { Logger } from '../common/logger';
import type { ClusterState, ControlPlaneEvent, FaultAction, FaultResponse, GroupView, LabView, LiveMessage, MetricsSample, ZnodeView } from './api-types';
import { ClusterWatch, type UnnumberedEvent, type WatchTarget } from './cluster-watch';
import { applyFault, expectedOutcome } from './faults';
import { FAULT_ACTIONS } from './api-types';

const TIMELINE_CAPACITY = 10_000;
/** Ten minutes of 5-second samples. */
const METRICS_CAPACITY = 120;

export class FaultError extends Error {}

export class Observatory {
  private watch: ClusterWatch | null = null;
  private readonly timeline: ControlPlaneEvent[] = [];
  private metricsSamples: MetricsSample[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private readonly eventWaiters = new Set<(event: ControlPlaneEvent) => void>();

  constructor(private readonly logger: Logger) {}

  /** Starts watching `target` (stops watching the previous one); subscribers get a 'reset'. */
  async attach(target: WatchTarget): Promise<void> {
    const next = await ClusterWatch.start(target, this.logger);
    const previous = this.watch;
    this.watch = next;
    this.metricsSamples = [];
    next.on('state', (state) => this.broadcast({ type: 'state', state }));
    next.on('event', (event) => this.record(event));
    next.on('znode', (path, node) => this.broadcast({ type: 'znode', path, node }));
    next.on('groups', (groups) => this.broadcast({ type: 'groups', groups }));
    next.on('metrics', (sample) => {
      this.metricsSamples.push(sample);
      if (this.metricsSamples.length > METRICS_CAPACITY) this.metricsSamples.shift();
      this.broadcast({ type: 'metrics', sample });
    });
    await previous?.close();
    if (previous !== null) this.broadcast({ type: 'reset', state: next.state(), znodes: next.znodes() });
  }

  get target(): WatchTarget | null {
    return this.watch?.target ?? null;
  }

  private get current(): ClusterWatch {
    if (this.watch === null) throw new Error('the observatory watches no cluster');
    return this.watch;
  }

  state(): ClusterState {
    return this.current.state();
  }

  events(since = 0): ControlPlaneEvent[] {
    const first = this.timeline.findIndex((e) => e.seq > since);
    return first < 0 ? [] : this.timeline.slice(first);
  }

  znode(path: string): ZnodeView | null {
    return this.current.znode(path);
  }

  znodes(): ZnodeView[] {
    return this.current.znodes();
  }

  groups(): GroupView[] {
    return this.current.groups();
  }

  metrics(): MetricsSample[] {
    return this.metricsSamples;
  }

  hello(labs: LabView[]): LiveMessage {
    return { type: 'hello', state: this.state(), events: this.events().slice(-500), znodes: this.znodes(), groups: this.groups(), metrics: this.metrics(), labs };
  }

  /** Adds an event to the timeline (the cluster's, or a lab's narration) and tells everyone. */
  record(event: UnnumberedEvent): ControlPlaneEvent {
    const numbered = { ...event, seq: this.nextSeq++ } as ControlPlaneEvent;
    this.timeline.push(numbered);
    if (this.timeline.length > TIMELINE_CAPACITY) this.timeline.splice(0, TIMELINE_CAPACITY / 10);
    this.broadcast({ type: 'event', event: numbered });
    for (const waiter of this.eventWaiters) waiter(numbered);
    return numbered;
  }

  /** Resolves with the first event after `since` that matches (already in the timeline or yet to come). */
  waitForEvent(matches: (event: ControlPlaneEvent) => boolean, timeoutMs: number, since = 0, what = 'an event'): Promise<ControlPlaneEvent> {
    const already = this.events(since).find(matches);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = (event: ControlPlaneEvent) => {
        if (!matches(event)) return;
        clearTimeout(timer);
        this.eventWaiters.delete(waiter);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.eventWaiters.delete(waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.eventWaiters.add(waiter);
    });
  }

  /** Resolves once the cluster state satisfies `predicate`. */
  async waitForState(predicate: (state: ClusterState) => boolean, timeoutMs: number, what = 'the cluster state'): Promise<ClusterState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = this.state();
      if (predicate(state)) return state;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  faultActions(broker: number): { enabled: boolean; actions: { action: FaultAction; expect: string }[] } {
    const faults = this.current.target.faults;
    if (faults === undefined) return { enabled: false, actions: [] };
    return { enabled: true, actions: FAULT_ACTIONS.map((action) => ({ action, expect: expectedOutcome(action, broker, this.state(), faults.sessionTimeoutMs) })) };
  }

  /** Applies a fault; the timeline records it with what Kafka will do next. */
  async fault(action: FaultAction, broker: number): Promise<FaultResponse> {
    const faults = this.current.target.faults;
    if (faults === undefined) throw new FaultError('faults are only possible on a cluster the observatory or kafka-local-cluster started');
    if (!FAULT_ACTIONS.includes(action)) throw new FaultError(`unknown action ${String(action)}; one of ${FAULT_ACTIONS.join(', ')}`);
    if (!faults.brokerIds().includes(broker)) throw new FaultError(`no broker ${broker} in this cluster`);
    if (action !== 'restart' && !faults.isRunning(broker)) throw new FaultError(`broker ${broker} is not running`);
    const expect = expectedOutcome(action, broker, this.state(), faults.sessionTimeoutMs);
    this.record({ kind: 'fault', time: Date.now(), source: 'observatory', broker, action, message: `Fault: ${action} broker ${broker}`, cause: expect });
    // Stops and restarts take a while: the response does not wait for them.
    void applyFault(faults, action, broker).catch((error) =>
      this.record({ kind: 'fault', time: Date.now(), source: 'observatory', broker, action, message: `Fault ${action} on broker ${broker} failed: ${(error as Error).message}` }),
    );
    return { action, broker, expect };
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private broadcast(message: LiveMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.watch?.close();
    this.watch = null;
  }
}
