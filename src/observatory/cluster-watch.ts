// Everything the observatory knows about one cluster, kept live: the ZooKeeper mirror and what it
// says (controller, brokers, partitions, inferred events), our brokers' own event streams, and
// what the brokers answer over the protocol (offsets, groups) and on their metrics endpoints.

import { EventEmitter } from 'node:events';
import type { Logger } from '../common/logger';
import type { RecordedEvent } from '../common/control-plane-events';
import type { BrokerView, ClusterState, ControlPlaneEvent, GroupView, MetricsSample, PartitionView, ZnodeView } from './api-types';
import { BrokerConnections } from './broker-connections';
import { BrokerEventStreams } from './broker-event-streams';
import { controllerView, partitionViews, registeredBrokers, znodeView } from './cluster-model';
import { inferEvents, partitionKey, type Snapshot } from './event-inference';
import type { FaultTarget } from './faults';
import { readGroups } from './groups-reader';
import { MetricsScraper } from './metrics-scraper';
import { readOffsets } from './offsets-reader';
import { ZkMirror } from './zk-mirror';

export interface WatchTarget {
  /** zookeeper.connect of the cluster, chroot included. */
  zookeeper: string;
  bootstrapServers: string[];
  /** Broker id (or a label) → base URL of its metrics endpoint (ours also serve the event stream there). */
  metricsUrls: Map<string, string>;
  faults?: FaultTarget;
  lab?: string | null;
}

/** An event before the observatory numbers it. */
export type UnnumberedEvent = Omit<ControlPlaneEvent, 'seq'>;

interface WatchEvents {
  state: [ClusterState];
  event: [UnnumberedEvent];
  znode: [string, ZnodeView | null];
  groups: [GroupView[]];
  metrics: [MetricsSample];
}

/** The kinds our brokers report themselves: when they do, ZooKeeper-inferred copies are dropped. */
const BROKER_REPORTED_KINDS = new Set([
  'controller-elected',
  'controller-resigned',
  'broker-registered',
  'broker-expired',
  'leader-elected',
  'partition-offline',
  'isr-shrink',
  'isr-expand',
  'isr-change-notification',
  'isr-change-processed',
]);

const OFFSETS_INTERVAL_MS = 1_000;
const GROUPS_INTERVAL_MS = 3_000;
const METRICS_INTERVAL_MS = 5_000;
/** Znode changes come in bursts (a state znode, then a notification): look once they settle. */
const RECOMPUTE_DELAY_MS = 30;

export class ClusterWatch extends EventEmitter<WatchEvents> {
  private snapshot: Snapshot;
  private current: ClusterState;
  private groupViews: GroupView[] = [];
  private readonly everSeen = new Map<number, BrokerView>();
  private readonly offsets = new Map<string, Pick<PartitionView, 'highWatermark' | 'logEndOffsets'>>();
  private readonly connections = new BrokerConnections('kafka-observatory');
  private readonly streams: BrokerEventStreams;
  private readonly scraper: MetricsScraper;
  private readonly timers: NodeJS.Timeout[] = [];
  private recomputeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    readonly target: WatchTarget,
    private readonly mirror: ZkMirror,
    private readonly logger: Logger,
  ) {
    super();
    this.streams = new BrokerEventStreams(
      [...target.metricsUrls.values()],
      (event) => this.onBrokerEvent(event),
      () => this.scheduleRecompute(),
    );
    // What is there already is the baseline, not news: events start from the next change.
    this.current = this.compute();
    this.snapshot = this.snapshotOf(this.current);
    mirror.on('change', (path, node) => {
      this.emit('znode', path, node === null ? null : znodeView(node, this.brokersBySession()));
      this.scheduleRecompute();
    });
    mirror.on('loaded', () => this.scheduleRecompute());
    this.scraper = new MetricsScraper(target.metricsUrls);
    this.every(OFFSETS_INTERVAL_MS, () => this.refreshOffsets());
    this.every(GROUPS_INTERVAL_MS, () => this.refreshGroups());
    if (target.metricsUrls.size > 0) this.every(METRICS_INTERVAL_MS, () => this.scrapeMetrics());
  }

  static async start(target: WatchTarget, logger: Logger): Promise<ClusterWatch> {
    const mirror = await ZkMirror.start(target.zookeeper, logger);
    return new ClusterWatch(target, mirror, logger);
  }

  state(): ClusterState {
    return this.current;
  }

  znodes(): ZnodeView[] {
    const sessions = this.brokersBySession();
    return this.mirror.all().map((n) => znodeView(n, sessions));
  }

  znode(path: string): ZnodeView | null {
    const node = this.mirror.get(path);
    return node === undefined ? null : znodeView(node, this.brokersBySession());
  }

  groups(): GroupView[] {
    return this.groupViews;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.recomputeTimer !== null) clearTimeout(this.recomputeTimer);
    this.streams.close();
    this.connections.close();
    this.removeAllListeners();
    await this.mirror.close();
  }

  private get brokerReported(): boolean {
    return this.streams.reporting.size > 0;
  }

  /** Runs `task` now and then `intervalMs` after each run ends (never two at once). */
  private every(intervalMs: number, task: () => Promise<void>): void {
    const index = this.timers.length;
    const run = () => {
      void task()
        .catch((error) => this.logger.warn(`Observatory: ${(error as Error).message}`))
        .finally(() => {
          if (!this.closed) this.timers[index] = setTimeout(run, intervalMs);
        });
    };
    this.timers.push(setTimeout(run, 0));
  }

  private brokersBySession(): Map<string, number> {
    return new Map(this.current.brokers.filter((b) => b.session !== null).map((b) => [b.session!, b.id]));
  }

  private scheduleRecompute(): void {
    if (this.recomputeTimer !== null || this.closed) return;
    this.recomputeTimer = setTimeout(() => {
      this.recomputeTimer = null;
      this.recompute();
    }, RECOMPUTE_DELAY_MS);
  }

  private compute(): ClusterState {
    const registered = registeredBrokers(this.mirror);
    for (const b of registered) this.everSeen.set(b.id, b);
    const aliveIds = new Set(registered.map((b) => b.id));
    const brokers = [...this.everSeen.values()]
      .map((b) => (aliveIds.has(b.id) ? b : { ...b, alive: false, session: null }))
      .map((b) => ({ ...b, metricsUrl: this.target.metricsUrls.get(String(b.id)) ?? null }))
      .sort((a, b) => a.id - b.id);
    const partitions = partitionViews(this.mirror, aliveIds).map((p) => ({ ...p, ...this.offsets.get(partitionKey(p)) }));
    return {
      controller: controllerView(this.mirror),
      brokers,
      partitions,
      eventSource: this.brokerReported ? 'broker-reported' : 'zookeeper-inferred',
      target: {
        zookeeper: this.target.zookeeper,
        bootstrapServers: this.target.bootstrapServers,
        faultsEnabled: this.target.faults !== undefined,
        lab: this.target.lab ?? null,
      },
    };
  }

  private snapshotOf(state: ClusterState): Snapshot {
    return {
      controller: state.controller,
      brokers: new Map(state.brokers.filter((b) => b.alive).map((b) => [b.id, b])),
      partitions: new Map(state.partitions.map((p) => [partitionKey(p), p])),
      isrChangeNotifications: new Set(this.mirror.get('/isr_change_notification')?.children ?? []),
      reassignmentPending: this.mirror.get('/admin/reassign_partitions') !== undefined,
    };
  }

  private recompute(): void {
    if (this.closed) return;
    const next = this.compute();
    const snapshot = this.snapshotOf(next);
    const time = Date.now();
    for (const inferred of inferEvents(this.snapshot, snapshot)) {
      if (this.brokerReported && BROKER_REPORTED_KINDS.has(inferred.kind)) continue;
      this.emit('event', { ...inferred, time, source: 'zookeeper' } as UnnumberedEvent);
    }
    this.snapshot = snapshot;
    this.publish(next);
  }

  private publish(next: ClusterState): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.emit('state', next);
  }

  private onBrokerEvent(event: RecordedEvent): void {
    const { seq, level, ...rest } = event;
    this.emit('event', { ...rest, brokerSeq: seq, level } as UnnumberedEvent);
  }

  private async refreshOffsets(): Promise<void> {
    const { brokers, partitions } = this.current;
    if (partitions.length === 0) return;
    const read = await readOffsets(this.connections, brokers, partitions);
    for (const [key, value] of read) this.offsets.set(key, value);
    this.publish(this.compute());
  }

  private async refreshGroups(): Promise<void> {
    const watermarks = new Map(this.current.partitions.map((p) => [partitionKey(p), p.highWatermark]));
    const groups = await readGroups(this.connections, this.current.brokers, watermarks);
    if (JSON.stringify(groups) === JSON.stringify(this.groupViews)) return;
    this.groupViews = groups;
    this.emit('groups', groups);
  }

  private async scrapeMetrics(): Promise<void> {
    const sample = await this.scraper.sample();
    if (sample !== null && !this.closed) this.emit('metrics', sample);
  }
}
