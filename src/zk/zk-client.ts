// Promise-based ZooKeeper client in the shape of Kafka's ZooKeeperClient: operations retry across
// connection loss (like KafkaZkClient.retryRequestsUntilConnected), and an expired session is
// replaced by a new one (ZooKeeperClient.reinitialize) with events before and after, so the broker
// can re-register and the controller re-elect. No Kafka policy lives here.

import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../common/logger';
import { ZkError, isZkError } from './zk-errors';
import { ZkSession, type ZkSessionState } from './zk-session';
import { sleep } from '../common/poll';
import {
  ANY_VERSION,
  type ZkCreateMode,
  type ZkData,
  type ZkOp,
  type ZkOpResult,
  type ZkStat,
  type ZkWatcher,
  type ZkWatchEvent,
} from './zk-types';

/** Kafka 2.4.1 `zookeeper.session.timeout.ms` default (KafkaConfig.Defaults.ZkSessionTimeoutMs). */
export const DEFAULT_ZK_SESSION_TIMEOUT_MS = 6000;

export interface ZkClientConfig {
  /** `zookeeper.connect`: `host:port[,host:port...][/chroot]`. */
  connectString: string;
  /** `zookeeper.session.timeout.ms`, default 6000 as in Kafka 2.4.1. */
  sessionTimeoutMs?: number;
  /** `zookeeper.connection.timeout.ms`; Kafka 2.4.1 falls back to the session timeout. */
  connectionTimeoutMs?: number;
  /** Create the chroot path (persistent, null data) before connecting under it, as KafkaServer does. */
  createChroot?: boolean;
  /** Start a new session after expiry (Kafka always does). Default true. */
  reinitializeAfterExpiry?: boolean;
  /** Pause between rounds of failed server connects, default 1000 ms. */
  spinDelayMs?: number;
  logger?: Logger;
  /** Prefix for log lines, e.g. `[ZooKeeperClient Kafka server]`. */
  name?: string;
}

export interface ZkClientEvents {
  /** Connected (or reconnected) with this session id. */
  connected: [sessionId: bigint];
  /** Lost the connection; the session may still be alive and the library reconnects. */
  disconnected: [];
  /** Kafka's beforeInitializingSession: the session is gone, with all its ephemerals and watches. */
  expired: [expiredSessionId: bigint];
  /** Kafka's afterInitializingSession: a fresh session is connected. */
  newSession: [sessionId: bigint];
  closed: [];
}

/** Splits `h1:p1,h2:p2/chroot` into the host list and the chroot ('' when absent). */
export function splitChroot(connectString: string): { hosts: string; chroot: string } {
  const slash = connectString.indexOf('/');
  if (slash < 0) return { hosts: connectString, chroot: '' };
  const chroot = connectString.slice(slash).replace(/\/+$/, '');
  return { hosts: connectString.slice(0, slash), chroot };
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) throw new ZkError('BAD_ARGUMENTS', `Invalid path ${path}`, path);
  return slash === 0 ? '/' : path.slice(0, slash);
}


/** Handle of a re-registering watch; `cancel()` stops re-arming it. */
export interface ZkWatchHandle {
  cancel(): void;
}

export class ZkClient extends EventEmitter<ZkClientEvents> {
  readonly sessionTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  private readonly logger: Logger;
  private session: ZkSession | null = null;
  /** Pending while a replacement session is being created after expiry. */
  private reinitializing: Promise<void> | null = null;
  private closing = false;
  /** Waiters for "connected or closed"; resolved on every state change. */
  private stateWaiters: Array<() => void> = [];
  /** Re-registering watches, re-armed on each new session. */
  private readonly persistentWatches = new Set<() => void>();

  private constructor(private readonly config: ZkClientConfig) {
    super();
    this.sessionTimeoutMs = config.sessionTimeoutMs ?? DEFAULT_ZK_SESSION_TIMEOUT_MS;
    this.connectionTimeoutMs = config.connectionTimeoutMs ?? this.sessionTimeoutMs;
    this.logger = config.logger ?? silentLogger;
  }

  /** Connects (creating the chroot first if asked); throws ZkError CONNECTION_TIMEOUT if no server answers in time. */
  static async connect(config: ZkClientConfig): Promise<ZkClient> {
    const client = new ZkClient(config);
    const { hosts, chroot } = splitChroot(config.connectString);
    if (chroot && config.createChroot !== false) await client.ensureChroot(hosts, chroot);
    client.session = await client.openSession();
    client.log('info', `Connected to ${config.connectString}, session 0x${client.sessionId.toString(16)}`);
    return client;
  }

  private async ensureChroot(hosts: string, chroot: string): Promise<void> {
    const root = new ZkClient({ ...this.config, connectString: hosts, reinitializeAfterExpiry: false });
    root.session = await root.openSession();
    try {
      await root.createRecursive(chroot, null, { throwIfExists: false });
    } finally {
      await root.close();
    }
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.logger[level](`${this.config.name ?? '[ZooKeeperClient]'} ${message}`);
  }

  private async openSession(): Promise<ZkSession> {
    const session = new ZkSession({
      connectString: this.config.connectString,
      sessionTimeoutMs: this.sessionTimeoutMs,
      spinDelayMs: this.config.spinDelayMs ?? 1000,
    });
    await session.connect(this.connectionTimeoutMs);
    session.onStateChange((state) => this.onSessionState(session, state));
    return session;
  }

  private onSessionState(session: ZkSession, state: ZkSessionState): void {
    if (session !== this.session || this.closing) return;
    this.wakeStateWaiters();
    if (state === 'connected') this.emit('connected', session.sessionId);
    else if (state === 'disconnected') this.emit('disconnected');
    else if (state === 'expired') this.onExpired(session);
  }

  private onExpired(session: ZkSession): void {
    const expiredId = session.sessionId;
    this.log('warn', `Session 0x${expiredId.toString(16)} expired`);
    this.emit('expired', expiredId);
    if (this.config.reinitializeAfterExpiry === false) return;
    this.reinitializing = this.reinitialize(session).finally(() => {
      this.reinitializing = null;
      this.wakeStateWaiters();
    });
  }

  /** Kafka's ZooKeeperClient.reinitialize: close the dead session and retry creating a new one until it works. */
  private async reinitialize(old: ZkSession): Promise<void> {
    await old.close();
    while (!this.closing) {
      try {
        const fresh = await this.openSession();
        if (this.closing) {
          await fresh.close();
          return;
        }
        this.session = fresh;
        this.log('info', `New session 0x${fresh.sessionId.toString(16)} after expiry`);
        this.emit('connected', fresh.sessionId);
        this.emit('newSession', fresh.sessionId);
        for (const rearm of [...this.persistentWatches]) rearm();
        return;
      } catch (error) {
        this.log('error', `Could not create a new session: ${(error as Error).message}; retrying`);
        await sleep(1000);
      }
    }
  }

  /** Forces a new session now, as if the current one had expired (Kafka's forceReinitialize). */
  async forceReinitialize(): Promise<void> {
    const current = this.currentSession();
    this.onExpired(current);
    await this.reinitializing;
  }

  private wakeStateWaiters(): void {
    const waiters = this.stateWaiters;
    this.stateWaiters = [];
    for (const wake of waiters) wake();
  }

  private currentSession(): ZkSession {
    if (this.closing || !this.session) throw new ZkError('CLIENT_CLOSED', 'ZooKeeper client is closed');
    return this.session;
  }

  /** Resolves when the client is connected again (or a new session exists); throws if closed. */
  async waitUntilConnected(): Promise<void> {
    for (;;) {
      if (this.reinitializing) await this.reinitializing;
      const session = this.currentSession();
      if (session.isConnected) return;
      if (session.state === 'expired' && this.config.reinitializeAfterExpiry === false) {
        throw new ZkError('SESSION_EXPIRED', 'ZooKeeper session expired');
      }
      await new Promise<void>((resolve) => this.stateWaiters.push(resolve));
    }
  }

  /**
   * Runs one request, retrying on CONNECTION_LOSS once reconnected and on SESSION_EXPIRED once a new
   * session exists. Like Kafka, a retried create may then report NODE_EXISTS for its own earlier write.
   */
  private async request<T>(run: (session: ZkSession) => Promise<T>): Promise<T> {
    for (;;) {
      if (this.reinitializing) await this.reinitializing;
      const session = this.currentSession();
      try {
        return await run(session);
      } catch (error) {
        if (this.closing) throw new ZkError('CLIENT_CLOSED', 'ZooKeeper client is closed');
        const retriable =
          isZkError(error, 'CONNECTION_LOSS') ||
          (isZkError(error, 'SESSION_EXPIRED') && this.config.reinitializeAfterExpiry !== false);
        if (!retriable) throw error;
        await this.waitUntilConnected();
      }
    }
  }

  get sessionId(): bigint {
    return this.session?.sessionId ?? 0n;
  }

  get isConnected(): boolean {
    return !this.closing && !this.reinitializing && this.session?.isConnected === true;
  }

  /** Id and password of the current session: enough for another client to attach to (and end) it. */
  sessionCredentials(): { sessionId: Buffer; password: Buffer } {
    return this.currentSession().credentials();
  }

  /** The timeout the server granted (bounded by its tickTime), valid while connected. */
  get negotiatedSessionTimeoutMs(): number {
    return this.currentSession().negotiatedSessionTimeoutMs;
  }

  // --- basic operations --------------------------------------------------------------------------

  /** Data and Stat; throws ZkError NO_NODE if absent. An optional one-shot watcher fires on change/deletion. */
  getData(path: string, watcher?: ZkWatcher): Promise<ZkData> {
    return this.request((s) => s.getData(path, watcher));
  }

  /** Like getData but null when the znode does not exist. */
  async getDataIfExists(path: string, watcher?: ZkWatcher): Promise<ZkData | null> {
    try {
      return await this.getData(path, watcher);
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) return null;
      throw error;
    }
  }

  /** Stat or null; a watcher fires on creation (absent) or change/deletion (present). */
  exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | null> {
    return this.request((s) => s.exists(path, watcher));
  }

  async getChildren(path: string, watcher?: ZkWatcher): Promise<string[]> {
    return (await this.request((s) => s.getChildren(path, watcher))).children;
  }

  /** Children, or [] when the parent does not exist. */
  async getChildrenIfExists(path: string, watcher?: ZkWatcher): Promise<string[]> {
    try {
      return await this.getChildren(path, watcher);
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) return [];
      throw error;
    }
  }

  /** Creates a znode; returns the created path (with the sequence suffix for sequential modes). */
  create(path: string, data: Buffer | null, mode: ZkCreateMode = 'persistent'): Promise<string> {
    return this.request((s) => s.create(path, data, mode));
  }

  /** setData conditional on `version` (-1 = any); BAD_VERSION when it does not match. */
  setData(path: string, data: Buffer | null, version: number = ANY_VERSION): Promise<ZkStat> {
    return this.request((s) => s.setData(path, data, version));
  }

  delete(path: string, version: number = ANY_VERSION): Promise<void> {
    return this.request((s) => s.delete(path, version));
  }

  /** Atomic transaction; on failure throws ZkMultiError naming the failing op and every op's code. */
  multi(ops: ZkOp[]): Promise<ZkOpResult[]> {
    return this.request((s) => s.multi(ops));
  }

  /**
   * Kafka's createRecursive: create `path` with `data`, creating missing parents (persistent, null
   * data). With throwIfExists (default) an existing `path` raises NODE_EXISTS.
   */
  async createRecursive(path: string, data: Buffer | null, options: { throwIfExists?: boolean } = {}): Promise<void> {
    const throwIfExists = options.throwIfExists ?? true;
    try {
      await this.create(path, data);
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS')) {
        if (throwIfExists) throw error;
        return;
      }
      if (!isZkError(error, 'NO_NODE')) throw error;
      await this.createParents(parentPath(path));
      try {
        await this.create(path, data);
      } catch (retryError) {
        if (throwIfExists || !isZkError(retryError, 'NODE_EXISTS')) throw retryError;
      }
    }
  }

  private async createParents(path: string): Promise<void> {
    if (path === '/') return;
    try {
      await this.create(path, null);
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS')) return;
      if (!isZkError(error, 'NO_NODE')) throw error;
      await this.createParents(parentPath(path));
      try {
        await this.create(path, null);
      } catch (retryError) {
        if (!isZkError(retryError, 'NODE_EXISTS')) throw retryError;
      }
    }
  }

  /** Deletes `path` and everything under it; false if it did not exist. */
  async deleteRecursive(path: string): Promise<boolean> {
    let children: string[];
    try {
      children = await this.getChildren(path);
    } catch (error) {
      if (isZkError(error, 'NO_NODE')) return false;
      throw error;
    }
    for (const child of children) await this.deleteRecursive(`${path === '/' ? '' : path}/${child}`);
    try {
      await this.delete(path);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
    }
    return true;
  }

  // --- re-registering watches ---------------------------------------------------------------------

  /**
   * Calls `onChange` on every data change, creation or deletion of `path`, re-arming the one-shot
   * ZooKeeper watch each time (through exists, so it also works while the znode is absent). After a
   * new session it re-arms and reports `{type: 'sessionReinitialized'}` since changes may have been missed.
   */
  watchData(path: string, onChange: (event: ZkWatchEvent | { type: 'sessionReinitialized'; path: string }) => void): ZkWatchHandle {
    return this.persistentWatch(
      (watcher) => this.exists(path, watcher),
      () => onChange({ type: 'sessionReinitialized', path }),
      onChange,
    );
  }

  /** Calls `onChange` whenever the children of `path` change; same re-arming rules as watchData. */
  watchChildren(path: string, onChange: (event: ZkWatchEvent | { type: 'sessionReinitialized'; path: string }) => void): ZkWatchHandle {
    return this.persistentWatch(
      async (watcher) => {
        // getChildren on a missing parent sets no watch; fall back to an exists watch for its creation.
        try {
          await this.getChildren(path, watcher);
        } catch (error) {
          if (!isZkError(error, 'NO_NODE')) throw error;
          if ((await this.exists(path, watcher)) !== null) await this.getChildren(path, watcher);
        }
      },
      () => onChange({ type: 'sessionReinitialized', path }),
      onChange,
    );
  }

  private persistentWatch(
    arm: (watcher: ZkWatcher) => Promise<unknown>,
    onNewSession: () => void,
    onEvent: (event: ZkWatchEvent) => void,
  ): ZkWatchHandle {
    let cancelled = false;
    const watcher: ZkWatcher = (event) => {
      if (cancelled) return;
      rearm();
      onEvent(event);
    };
    const rearm = () => {
      if (cancelled || this.closing) return;
      arm(watcher).catch((error) => {
        if (!this.closing && !cancelled) this.log('warn', `could not re-arm watch: ${(error as Error).message}`);
      });
    };
    const afterNewSession = () => {
      rearm();
      onNewSession();
    };
    this.persistentWatches.add(afterNewSession);
    rearm();
    return {
      cancel: () => {
        cancelled = true;
        this.persistentWatches.delete(afterNewSession);
      },
    };
  }

  // --- shutdown ------------------------------------------------------------------------------------

  /** Ends the session (its ephemeral znodes go at once) and releases every socket and timer. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.persistentWatches.clear();
    this.wakeStateWaiters();
    const reinit = this.reinitializing;
    await this.session?.close();
    if (reinit) await reinit.catch(() => undefined);
    await this.session?.close();
    this.emit('closed');
    this.removeAllListeners();
  }
}
