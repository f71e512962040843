// A lab: a replayable scenario of the legacy control plane (a controller failing over, a leader
// dying under acks=all, a follower leaving and rejoining the ISR, ...) written as a script of
// actions, narration and checks. The runner (lab-runner.ts) gives each run a fresh 3-broker
// cluster, points the observatory at it and hands the script a LabContext; the narration and the
// checks land in the observatory's timeline next to the brokers' own events, which is what the
// checks read: a lab teaches with the timeline.

import type { Kafka } from 'kafkajs';
import type { LocalCluster } from '../../launcher/local-cluster';
import type { ClusterState, ControlPlaneEvent, FaultAction, PartitionView } from '../api-types';
import type { FaultTarget } from '../faults';
import type { Observatory } from '../observatory';

export interface Lab {
  /** What `kafka-lab run NAME` takes. */
  name: string;
  title: string;
  /** One or two sentences: what the lab shows. */
  summary: string;
  /** Broker properties of the lab's cluster, over the runner's lab defaults (LAB_BROKER_DEFAULTS). */
  brokerProperties: Record<string, string>;
  /** The whole run may not take longer (default 180 s); the lab fails when it does. */
  timeoutMs?: number;
  run(ctx: LabContext): Promise<void>;
}

export interface LabCheck {
  description: string;
  ok: boolean;
  detail?: string;
}

/** A point in the timeline: events after it are the ones a step caused. */
export interface TimelineMark {
  /** The observatory's last seq when the mark was taken. */
  seq: number;
  /** Epoch ms; replayed broker history (older times) arriving later does not count as "after". */
  time: number;
}

export type EventMatcher = (event: ControlPlaneEvent) => boolean;

export interface LabContext {
  readonly lab: Lab;
  readonly cluster: LocalCluster;
  readonly observatory: Observatory;
  readonly faults: FaultTarget;
  readonly bootstrapServers: string[];
  /** zookeeper.connect of the lab's ensemble. */
  readonly zookeeper: string;
  /** A kafkajs client on the lab cluster (logs off, short retries). */
  readonly kafka: Kafka;
  /** The brokers' effective lab properties (defaults merged under the lab's own). */
  readonly brokerProperties: Readonly<Record<string, string>>;
  /** The lab's zookeeper.session.timeout.ms. */
  readonly sessionTimeoutMs: number;

  /** Narration: what is about to happen in Kafka's terms and why (a lab-step event, printed). */
  step(narration: string): void;
  /** A fact the lab observed (data produced, consumed, ...), recorded as a lab-step note. */
  note(message: string): void;
  /** Records a lab-check; a failed one fails the lab at the end, the lab itself goes on. Returns `ok`. */
  check(description: string, ok: boolean, detail?: string): boolean;

  /** Applies a fault to a broker (awaiting it) and puts a 'fault' event in the timeline. */
  fault(action: FaultAction, broker: number): Promise<void>;
  /** Restarts a broker (controlled shutdown, start on the same data), optionally with changed properties. */
  restartBroker(broker: number, properties?: Record<string, string>): Promise<void>;

  /** Where the timeline is now. */
  mark(): TimelineMark;
  /** Events after `since` (or the lab's start) that match. */
  eventsSince(since: TimelineMark | null, matches?: EventMatcher): ControlPlaneEvent[];
  /** The first matching event after `since` (already there or yet to come); null after `timeoutMs`. */
  waitForEvent(matches: EventMatcher, timeoutMs: number, since: TimelineMark | null, what?: string): Promise<ControlPlaneEvent | null>;
  /** The cluster state once `predicate` holds; null after `timeoutMs`. */
  waitForState(predicate: (state: ClusterState) => boolean, timeoutMs: number, what?: string): Promise<ClusterState | null>;
  /** waitForEvent and a check of the outcome; `detail` describes the event found. */
  expectEvent(description: string, matches: EventMatcher, timeoutMs: number, since: TimelineMark | null, detail?: (event: ControlPlaneEvent) => string): Promise<ControlPlaneEvent | null>;
  /** waitForState and a check of the outcome. */
  expectState(description: string, predicate: (state: ClusterState) => boolean, timeoutMs: number, detail?: (state: ClusterState) => string): Promise<ClusterState | null>;

  state(): ClusterState;
  partition(topic: string, partition: number): PartitionView | undefined;
  sleep(ms: number): Promise<void>;
  /** Runs `cleanup` when the lab ends, however it ends (clients to disconnect, ...). */
  onCleanup(cleanup: () => Promise<unknown> | unknown): void;
}
