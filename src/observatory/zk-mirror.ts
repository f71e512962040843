// A live, read-only copy of a ZooKeeper tree: every znode's data, stat and children, kept current
// with one-shot watches re-armed on each read (ZooKeeper's own pattern). It never writes, so it can
// watch a real Kafka 2.x cluster's ensemble as safely as ours.

import { EventEmitter } from 'node:events';
import { ZkClient } from '../zk/zk-client';
import type { ZkStat, ZkWatchEvent } from '../zk/zk-types';
import type { Logger } from '../common/logger';

export interface MirroredZnode {
  path: string;
  data: Buffer | null;
  stat: ZkStat;
  children: string[];
}

interface MirrorEvents {
  /** A znode appeared, changed, or (node null) went away. */
  change: [path: string, node: MirroredZnode | null];
  /** The whole tree was (re)loaded: after connecting and after a new session. */
  loaded: [];
}

export function childPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

export class ZkMirror extends EventEmitter<MirrorEvents> {
  private readonly nodes = new Map<string, MirroredZnode>();
  private closed = false;

  private constructor(
    private readonly zk: ZkClient,
    private readonly logger: Logger,
  ) {
    super();
  }

  /** Connects to `connectString` (a chroot is honoured) and loads the whole tree. */
  static async start(connectString: string, logger: Logger): Promise<ZkMirror> {
    const zk = await ZkClient.connect({ connectString, name: '[ZooKeeperClient Observatory]', logger, sessionTimeoutMs: 30_000 });
    const mirror = new ZkMirror(zk, logger);
    // Watches do not survive a new session: read everything again.
    zk.on('newSession', () => void mirror.reload());
    await mirror.reload();
    return mirror;
  }

  get(path: string): MirroredZnode | undefined {
    return this.nodes.get(path);
  }

  all(): MirroredZnode[] {
    return [...this.nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Children of `path` that exist in the mirror, sorted. */
  childrenOf(path: string): MirroredZnode[] {
    const node = this.nodes.get(path);
    if (node === undefined) return [];
    return [...node.children].sort().flatMap((c) => this.nodes.get(childPath(path, c)) ?? []);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
    await this.zk.close();
  }

  private async reload(): Promise<void> {
    const seen = new Set<string>();
    await this.load('/', seen);
    for (const path of [...this.nodes.keys()]) if (!seen.has(path)) this.remove(path);
    if (!this.closed) this.emit('loaded');
  }

  /** Reads `path` and its subtree with watches; `seen` collects what exists. */
  private async load(path: string, seen?: Set<string>): Promise<void> {
    if (this.closed) return;
    const node = await this.read(path);
    if (node === null) {
      this.remove(path);
      return;
    }
    seen?.add(path);
    await Promise.all(node.children.map((c) => this.load(childPath(path, c), seen)));
  }

  private async read(path: string): Promise<MirroredZnode | null> {
    try {
      const [{ data, stat }, children] = await Promise.all([this.zk.getData(path, this.dataWatcher), this.zk.getChildren(path, this.childWatcher)]);
      const node: MirroredZnode = { path, data, stat, children };
      this.nodes.set(path, node);
      if (!this.closed) this.emit('change', path, node);
      return node;
    } catch (error) {
      if ((error as { code?: string }).code === 'NO_NODE') return null;
      if (!this.closed) this.logger.warn(`Observatory could not read ${path}: ${(error as Error).message}`);
      return null;
    }
  }

  private remove(path: string): void {
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const p of [...this.nodes.keys()]) {
      if (p === path || p.startsWith(prefix)) {
        this.nodes.delete(p);
        if (!this.closed) this.emit('change', p, null);
      }
    }
  }

  // One watcher object per kind: ZooKeeper keeps one registration per (path, watcher).
  private readonly dataWatcher = (event: ZkWatchEvent) => {
    if (this.closed) return;
    if (event.type === 'deleted') this.remove(event.path);
    else void this.read(event.path);
  };

  private readonly childWatcher = (event: ZkWatchEvent) => {
    if (this.closed || event.type !== 'childrenChanged') return;
    void this.refreshChildren(event.path);
  };

  /** New children are loaded with their subtrees; vanished ones leave with theirs. */
  private async refreshChildren(path: string): Promise<void> {
    const before = new Set(this.nodes.get(path)?.children ?? []);
    const node = await this.read(path);
    if (node === null) return;
    const after = new Set(node.children);
    for (const c of before) if (!after.has(c)) this.remove(childPath(path, c));
    await Promise.all(node.children.filter((c) => !before.has(c)).map((c) => this.load(childPath(path, c))));
  }
}
