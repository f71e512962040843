// Plain data types of the ZooKeeper wrapper: znode Stat, create modes, multi ops and results,
// watch events. Zxids and session ids are 64-bit, so they are bigint.

export interface ZkStat {
  /** Zxid of the transaction that created the znode (Kafka's broker epoch for /brokers/ids/N). */
  czxid: bigint;
  mzxid: bigint;
  pzxid: bigint;
  ctime: number;
  mtime: number;
  /** dataVersion: Kafka's "zkVersion". */
  version: number;
  cversion: number;
  aversion: number;
  /** Session id owning an ephemeral znode, 0n for persistent ones. */
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
}

export type ZkCreateMode = 'persistent' | 'ephemeral' | 'persistent_sequential' | 'ephemeral_sequential';

/** ZooKeeper's "any version" for setData/delete/check. */
export const ANY_VERSION = -1;

export type ZkOp =
  | { type: 'check'; path: string; version: number }
  | { type: 'create'; path: string; data: Buffer | null; mode?: ZkCreateMode }
  | { type: 'setData'; path: string; data: Buffer | null; version: number }
  | { type: 'delete'; path: string; version: number };

export type ZkOpResult =
  | { type: 'check' }
  | { type: 'create'; path: string }
  | { type: 'setData'; stat: ZkStat }
  | { type: 'delete' };

export interface ZkData {
  /** null when the znode was created with null data (zookeeper-shell prints `null`). */
  data: Buffer | null;
  stat: ZkStat;
}

export type ZkWatchEventType = 'created' | 'deleted' | 'dataChanged' | 'childrenChanged';

export interface ZkWatchEvent {
  type: ZkWatchEventType;
  /** Path as the caller sees it (chroot stripped). */
  path: string;
}

export type ZkWatcher = (event: ZkWatchEvent) => void;
