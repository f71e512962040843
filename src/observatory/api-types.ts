// The observatory's JSON API and live-push messages: the contract between its server, its page
// and anyone scripting against it (documented in the README). Field names are stable.

export interface ControllerView {
  /** -1 when no broker holds /controller. */
  brokerId: number;
  /** /controller_epoch's value; 0 before any election. */
  epoch: number;
  /** /controller_epoch's zkVersion (what the controller's writes are fenced on). */
  epochZkVersion: number;
}

export interface EndpointView {
  listener: string;
  securityProtocol: string;
  host: string;
  port: number;
}

export interface BrokerView {
  id: number;
  host: string;
  port: number;
  endpoints: EndpointView[];
  rack: string | null;
  /** The czxid of /brokers/ids/<id>: what the controller calls the broker epoch. -1 when not registered. */
  epoch: number;
  /** Registered in /brokers/ids now. */
  alive: boolean;
  /** The ZooKeeper session owning the registration, as 0x-hex (null when not registered). */
  session: string | null;
  /** Metrics and event stream base URL, when known. */
  metricsUrl: string | null;
}

export interface PartitionView {
  topic: string;
  partition: number;
  /** Assignment from /brokers/topics/<t>. */
  replicas: number[];
  /** -1 when offline (from the state znode). */
  leader: number;
  isr: number[];
  leaderEpoch: number;
  controllerEpoch: number;
  /** The state znode's version (the leader's conditional ISR writes use it). -1 when absent. */
  zkVersion: number;
  /** From the leader (ListOffsets); null when not known. */
  highWatermark: number | null;
  /** Broker id → its replica's log end offset (ListOffsets as a debugging consumer, replica id -2). */
  logEndOffsets: Record<string, number>;
  underReplicated: boolean;
  offline: boolean;
  addingReplicas: number[];
  removingReplicas: number[];
}

export interface ClusterState {
  controller: ControllerView;
  brokers: BrokerView[];
  partitions: PartitionView[];
  /** 'broker-reported' when our brokers' event streams feed the timeline, else 'zookeeper-inferred'. */
  eventSource: 'broker-reported' | 'zookeeper-inferred';
  /** What the observatory watches. */
  target: TargetView;
}

export interface TargetView {
  zookeeper: string;
  bootstrapServers: string[];
  /** Whether POST /api/faults works (a cluster the observatory or kafka-local-cluster started). */
  faultsEnabled: boolean;
  /** The lab running on this cluster, if any. */
  lab: string | null;
}

/**
 * One control-plane event. `kind` is one of EVENT_KINDS; the other fields depend on the kind
 * (`topic`/`partition` for partition events, `broker` for the broker it is about or that
 * reported it, `cause` in Kafka's words).
 */
export interface ControlPlaneEvent {
  seq: number;
  /** Epoch ms. */
  time: number;
  kind: EventKind;
  /** Who saw it: 'zookeeper' (inferred from znode changes), 'broker-N' (reported by broker N), 'observatory' or 'lab'. */
  source: string;
  topic?: string;
  partition?: number;
  broker?: number;
  cause?: string;
  /** A one-line description, as state-change.log would put it (for broker-reported events, exactly that line). */
  message: string;
  [field: string]: unknown;
}

export const EVENT_KINDS = [
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
  'partition-state-change',
  'replica-state-change',
  'request-sent',
  'state-change',
  'topic-created',
  'topic-deleted',
  'reassignment-started',
  'reassignment-completed',
  'fault',
  'lab-step',
  'lab-check',
  'lab-finished',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export interface ZnodeStat {
  czxid: string;
  mzxid: string;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  /** 0x-hex session id; '0x0' for persistent nodes. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

export interface ZnodeView {
  path: string;
  /** UTF-8 data (null when the znode has none). */
  data: string | null;
  /** Parsed when the data is JSON. */
  json: unknown;
  stat: ZnodeStat;
  children: string[];
  /** For an ephemeral znode: the broker whose registration shares its session, if any. */
  ownerBroker: number | null;
}

export interface GroupMemberView {
  memberId: string;
  clientId: string;
  host: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupView {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  generation: number | null;
  coordinator: number;
  members: GroupMemberView[];
  /** Committed offset and lag per partition (lag = high watermark - committed). */
  offsets: { topic: string; partition: number; committed: number; highWatermark: number | null; lag: number | null }[];
}

/** One metrics sample across the cluster, taken from each broker's /metrics. */
export interface MetricsSample {
  time: number;
  /** Summed over brokers, per second since the previous sample. */
  messagesInPerSec: number;
  bytesInPerSec: number;
  bytesOutPerSec: number;
  underReplicatedPartitions: number;
  /** Broker id → Produce TotalTimeMs 99th percentile. */
  produceP99Ms: Record<string, number>;
  /** Broker id → Fetch (consumer) TotalTimeMs 99th percentile. */
  fetchP99Ms: Record<string, number>;
}

export const FAULT_ACTIONS = ['kill', 'pause', 'resume', 'shutdown', 'restart', 'expire-session'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

export interface FaultRequest {
  action: FaultAction;
  broker: number;
}

export interface FaultResponse {
  action: FaultAction;
  broker: number;
  /** What Kafka will do next, in its terms. */
  expect: string;
}

export interface LabView {
  name: string;
  title: string;
  summary: string;
}

/** WebSocket `/api/live`: the server pushes these; the page never polls. */
export type LiveMessage =
  | { type: 'hello'; state: ClusterState; events: ControlPlaneEvent[]; znodes: ZnodeView[]; groups: GroupView[]; metrics: MetricsSample[]; labs: LabView[] }
  | { type: 'state'; state: ClusterState }
  | { type: 'event'; event: ControlPlaneEvent }
  | { type: 'znode'; path: string; node: ZnodeView | null }
  | { type: 'groups'; groups: GroupView[] }
  | { type: 'metrics'; sample: MetricsSample }
  /** The observatory switched to another cluster (a lab's): the page starts over from this. */
  | { type: 'reset'; state: ClusterState; znodes: ZnodeView[] };
