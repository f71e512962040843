// One ZooKeeper session over node-zookeeper-client 1.1.3, with promise-returning operations and a
// teardown that really ends it. A session never comes back after expiry; ZkClient replaces it.
//
// The library has no clean "stop everything" (close() only queues closeSession, and a reconnect
// already scheduled keeps opening sockets), so this file reaches into its ConnectionManager. Those
// internals are listed in `ConnectionManagerInternals`; they are pinned by package-lock.

import type { Socket } from 'node:net';
import * as zookeeper from 'node-zookeeper-client';
import { ZK_ERROR_CODES, ZkError, ZkMultiError, type ZkErrorCode } from './zk-errors';
import type { ZkCreateMode, ZkData, ZkOp, ZkOpResult, ZkStat, ZkWatcher, ZkWatchEventType } from './zk-types';

/** The parts of node-zookeeper-client's ConnectionManager this file relies on. */
interface ConnectionManagerInternals {
  state: number;
  socket?: Socket;
  connectTimeoutHandler: NodeJS.Timeout | null;
  servers: Array<{ host: string; port: number | string }>;
  nextServerIndex: number;
  serverAttempts: number;
  spinDelay: number;
  connect(): void;
  findNextServer(callback: (server: { host: string; port: number | string }) => void): void;
}

/** ConnectionManager.STATES */
const CM_CLOSING = -1;
const CM_CLOSED = -2;

/** jute.OP_CODES of multi results. */
const OP_CREATE = 1;
const OP_DELETE = 2;
const OP_SET_DATA = 5;
const OP_CHECK = 13;
const OP_ERROR = -1;

const CREATE_MODES: Record<ZkCreateMode, number> = {
  persistent: zookeeper.CreateMode.PERSISTENT,
  ephemeral: zookeeper.CreateMode.EPHEMERAL,
  persistent_sequential: zookeeper.CreateMode.PERSISTENT_SEQUENTIAL,
  ephemeral_sequential: zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL,
};

const EVENT_TYPES: Record<number, ZkWatchEventType> = {
  [zookeeper.Event.NODE_CREATED]: 'created',
  [zookeeper.Event.NODE_DELETED]: 'deleted',
  [zookeeper.Event.NODE_DATA_CHANGED]: 'dataChanged',
  [zookeeper.Event.NODE_CHILDREN_CHANGED]: 'childrenChanged',
};

export type ZkSessionState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'authFailed' | 'closed';

export interface ZkSessionOptions {
  /** Connect string, optionally with a chroot suffix (`h1:p1,h2:p2/kafka`). */
  connectString: string;
  sessionTimeoutMs: number;
  /** Random pause before retrying after every server failed once. */
  spinDelayMs: number;
  /** Attach to an existing session instead of creating one (used to force-expire sessions in tests). */
  sessionId?: Buffer;
  sessionPassword?: Buffer;
}

function toBigInt(buffer: Buffer): bigint {
  return buffer.readBigInt64BE(0);
}

export function convertStat(stat: zookeeper.Stat): ZkStat {
  return {
    czxid: toBigInt(stat.czxid),
    mzxid: toBigInt(stat.mzxid),
    pzxid: toBigInt(stat.pzxid),
    ctime: Number(toBigInt(stat.ctime)),
    mtime: Number(toBigInt(stat.mtime)),
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: toBigInt(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

function zkErrorFrom(error: unknown, path: string, operation: string): Error {
  if (error instanceof ZkError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return ZkError.fromNumber(code, path, operation);
  return error instanceof Error ? error : new Error(String(error));
}

export class ZkSession {
  private readonly client: zookeeper.Client;
  private readonly manager: ConnectionManagerInternals;
  private stateValue: ZkSessionState = 'connecting';
  private shutDown = false;
  private spinTimer: NodeJS.Timeout | undefined;
  private readonly stateListeners = new Set<(state: ZkSessionState) => void>();

  constructor(readonly options: ZkSessionOptions) {
    this.client = zookeeper.createClient(options.connectString, {
      sessionTimeout: options.sessionTimeoutMs,
      spinDelay: options.spinDelayMs,
      retries: 0,
      ...(options.sessionId ? { sessionId: options.sessionId, sessionPassword: options.sessionPassword } : {}),
    } as Partial<zookeeper.Option>);
    this.manager = (this.client as unknown as { connectionManager: ConnectionManagerInternals }).connectionManager;
    this.trackReconnectTimer();
    this.client.on('state', (state: zookeeper.State) => this.onLibraryState(state));
  }

  get state(): ZkSessionState {
    return this.stateValue;
  }

  get isConnected(): boolean {
    return this.stateValue === 'connected';
  }

  /** Valid once connected; 0n before. */
  get sessionId(): bigint {
    return toBigInt(this.client.getSessionId());
  }

  /** The negotiated timeout once connected (ZooKeeper bounds it to [2, 20] ticks). */
  get negotiatedSessionTimeoutMs(): number {
    return this.client.getSessionTimeout();
  }

  credentials(): { sessionId: Buffer; password: Buffer } {
    return { sessionId: this.client.getSessionId(), password: this.client.getSessionPassword() };
  }

  onStateChange(listener: (state: ZkSessionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Resolves once connected; rejects on expiry, auth failure, or after `timeoutMs` (and then tears down). */
  connect(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        unsubscribe();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        unsubscribe();
        void this.close().finally(() =>
          finish(
            new ZkError(
              'CONNECTION_TIMEOUT',
              `Timed out waiting for connection to ZooKeeper (${this.options.connectString}) after ${timeoutMs} ms`,
            ),
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onStateChange((state) => {
        if (state === 'connected') finish();
        else if (state === 'expired') finish(new ZkError('SESSION_EXPIRED', 'ZooKeeper session expired while connecting'));
        else if (state === 'authFailed') finish(new ZkError('AUTH_FAILED', 'ZooKeeper authentication failed'));
        else if (state === 'closed') finish(new ZkError('CLIENT_CLOSED', 'ZooKeeper client closed while connecting'));
      });
      this.client.connect();
    });
  }

  private onLibraryState(state: zookeeper.State): void {
    if (this.shutDown) return;
    let next: ZkSessionState;
    if (state === zookeeper.State.SYNC_CONNECTED || state === zookeeper.State.CONNECTED_READ_ONLY) next = 'connected';
    else if (state === zookeeper.State.DISCONNECTED) next = this.stateValue === 'expired' ? 'expired' : 'disconnected';
    else if (state === zookeeper.State.EXPIRED) next = 'expired';
    else if (state === zookeeper.State.AUTH_FAILED) next = 'authFailed';
    else return;
    this.setState(next);
  }

  private setState(next: ZkSessionState): void {
    if (this.stateValue === next) return;
    this.stateValue = next;
    for (const listener of [...this.stateListeners]) listener(next);
  }

  // The library schedules "try the next server" with a bare setTimeout; keep the handle so that
  // close() can cancel it and no socket is opened after we are done.
  private trackReconnectTimer(): void {
    const manager = this.manager;
    manager.findNextServer = (callback) => {
      manager.nextServerIndex %= manager.servers.length;
      const attempt = () => {
        if (this.shutDown) return;
        callback(manager.servers[manager.nextServerIndex]);
        manager.nextServerIndex += 1;
      };
      if (manager.serverAttempts === manager.servers.length) {
        this.spinTimer = setTimeout(() => {
          this.spinTimer = undefined;
          attempt();
          manager.serverAttempts = 0;
        }, Math.random() * manager.spinDelay);
      } else {
        manager.serverAttempts += 1;
        process.nextTick(attempt);
      }
    };
  }

  /**
   * Ends the session: a graceful closeSession when connected (so ephemeral znodes vanish at once),
   * then a hard stop of sockets and timers so nothing keeps the process alive.
   */
  async close(): Promise<void> {
    if (this.shutDown) return;
    if (this.stateValue === 'connected') {
      const closed = new Promise<void>((resolve) => {
        const socket = this.manager.socket;
        if (!socket || socket.destroyed) return resolve();
        const timer = setTimeout(resolve, 2000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.client.close();
      await closed;
    }
    this.shutDown = true;
    if (this.spinTimer) clearTimeout(this.spinTimer);
    this.spinTimer = undefined;
    this.manager.connect = () => undefined;
    if (this.manager.connectTimeoutHandler) clearTimeout(this.manager.connectTimeoutHandler);
    this.manager.connectTimeoutHandler = null;
    const socket = this.manager.socket;
    if (socket && !socket.destroyed) {
      // CLOSING makes the library's close handler fail pending requests and stop, not reconnect.
      this.manager.state = CM_CLOSING;
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    this.manager.state = CM_CLOSED;
    this.stateValue = 'closed';
    for (const listener of [...this.stateListeners]) listener('closed');
    this.stateListeners.clear();
  }

  // --- operations -------------------------------------------------------------------------------

  /**
   * The library keeps one registration per (path, watcher function), as ZooKeeper does, so the
   * same watcher must always get the same wrapper: a fresh one per call would add a listener on
   * every re-read and fire the watcher once per read.
   */
  private wrapWatcher(watcher: ZkWatcher | undefined): ((event: zookeeper.Event) => void) | undefined {
    if (!watcher) return undefined;
    let wrapped = this.wrappedWatchers.get(watcher);
    if (wrapped === undefined) {
      wrapped = (event) => {
        const type = EVENT_TYPES[event.getType()];
        if (type !== undefined && !this.shutDown) watcher({ type, path: event.getPath() });
      };
      this.wrappedWatchers.set(watcher, wrapped);
    }
    return wrapped;
  }

  private readonly wrappedWatchers = new WeakMap<ZkWatcher, (event: zookeeper.Event) => void>();

  private call<T>(path: string, operation: string, invoke: (done: (error: unknown, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      try {
        invoke((error, value) => (error ? reject(zkErrorFrom(error, path, operation)) : resolve(value as T)));
      } catch (error) {
        // The library validates paths and arguments with synchronous asserts.
        reject(new ZkError('BAD_ARGUMENTS', `${operation} ${path}: ${(error as Error).message}`, path));
      }
    });
  }

  getData(path: string, watcher?: ZkWatcher): Promise<ZkData> {
    const wrapped = this.wrapWatcher(watcher);
    return this.call<ZkData>(path, 'getData', (done) => {
      const callback = (error: unknown, data: Buffer | undefined, stat: zookeeper.Stat) =>
        error ? done(error) : done(null, { data: data ?? null, stat: convertStat(stat) });
      if (wrapped) this.client.getData(path, wrapped, callback);
      else this.client.getData(path, callback);
    });
  }

  /** Stat, or null when the znode does not exist (an exists-watch is then set for its creation). */
  exists(path: string, watcher?: ZkWatcher): Promise<ZkStat | null> {
    const wrapped = this.wrapWatcher(watcher);
    return this.call<ZkStat | null>(path, 'exists', (done) => {
      const callback = (error: unknown, stat: zookeeper.Stat | undefined) =>
        error ? done(error) : done(null, stat ? convertStat(stat) : null);
      if (wrapped) this.client.exists(path, wrapped, callback);
      else this.client.exists(path, callback);
    });
  }

  getChildren(path: string, watcher?: ZkWatcher): Promise<{ children: string[]; stat: ZkStat }> {
    const wrapped = this.wrapWatcher(watcher);
    return this.call(path, 'getChildren', (done) => {
      const callback = (error: unknown, children: string[], stat: zookeeper.Stat) =>
        error ? done(error) : done(null, { children, stat: convertStat(stat) });
      if (wrapped) this.client.getChildren(path, wrapped, callback);
      else this.client.getChildren(path, callback);
    });
  }

  create(path: string, data: Buffer | null, mode: ZkCreateMode): Promise<string> {
    return this.call<string>(path, 'create', (done) => {
      const callback = (error: unknown, created: string) => done(error, created);
      if (data) this.client.create(path, data, CREATE_MODES[mode], callback);
      else this.client.create(path, CREATE_MODES[mode], callback);
    });
  }

  setData(path: string, data: Buffer | null, version: number): Promise<ZkStat> {
    return this.call<ZkStat>(path, 'setData', (done) =>
      this.client.setData(path, data, version, (error, stat) => (error ? done(error) : done(null, convertStat(stat)))),
    );
  }

  delete(path: string, version: number): Promise<void> {
    return this.call<void>(path, 'delete', (done) => this.client.remove(path, version, (error) => done(error)));
  }

  multi(ops: ZkOp[]): Promise<ZkOpResult[]> {
    const label = ops.map((op) => `${op.type} ${op.path}`).join(', ');
    return new Promise<ZkOpResult[]>((resolve, reject) => {
      let transaction: zookeeper.Transaction;
      try {
        transaction = this.client.transaction();
        for (const op of ops) {
          if (op.type === 'check') transaction.check(op.path, op.version);
          else if (op.type === 'create') {
            if (op.data) transaction.create(op.path, op.data, CREATE_MODES[op.mode ?? 'persistent']);
            else transaction.create(op.path, CREATE_MODES[op.mode ?? 'persistent']);
          } else if (op.type === 'setData') transaction.setData(op.path, op.data, op.version);
          else transaction.remove(op.path, op.version);
        }
        // node-zookeeper-client 1.1.3's Transaction does `version = version || -1`, turning an
        // expected version 0 into "any version": that would silently disable both the broker
        // registration's setData(…, 0) and the controller-epoch fencing check. Put the real ones back.
        const queued = (transaction as unknown as { ops: Array<{ version?: number }> }).ops;
        ops.forEach((op, i) => {
          if (op.type !== 'create') queued[i].version = op.version;
        });
      } catch (error) {
        reject(new ZkError('BAD_ARGUMENTS', `multi [${label}]: ${(error as Error).message}`));
        return;
      }
      transaction.commit((error, results: Array<{ type: number; err?: number; path?: string; stat?: zookeeper.Stat }>) => {
        if (error && !Array.isArray(results)) return reject(zkErrorFrom(error, label, 'multi'));
        if (error) return reject(multiError(ops, results));
        resolve(
          results.map((result, i): ZkOpResult => {
            if (result.type === OP_CREATE) return { type: 'create', path: result.path ?? ops[i].path };
            if (result.type === OP_SET_DATA && result.stat) return { type: 'setData', stat: convertStat(result.stat) };
            if (result.type === OP_DELETE) return { type: 'delete' };
            if (result.type === OP_CHECK) return { type: 'check' };
            throw new ZkError('MARSHALLING_ERROR', `unexpected multi result type ${result.type}`);
          }),
        );
      });
    });
  }
}

function multiError(ops: ZkOp[], results: Array<{ type: number; err?: number }>): ZkMultiError {
  const names = new Map<number, ZkErrorCode>(
    Object.entries(ZK_ERROR_CODES).map(([name, value]) => [value, name as ZkErrorCode]),
  );
  const opCodes = results.map((r) => (r.type === OP_ERROR && r.err ? names.get(r.err) ?? 'SYSTEM_ERROR' : 'OK'));
  // The failing op has its own code; ops after it report RUNTIME_INCONSISTENCY.
  let failed = opCodes.findIndex((c) => c !== 'OK' && c !== 'RUNTIME_INCONSISTENCY');
  if (failed < 0) failed = opCodes.findIndex((c) => c !== 'OK');
  const code = (failed >= 0 ? opCodes[failed] : 'SYSTEM_ERROR') as ZkErrorCode;
  const op = ops[failed];
  return new ZkMultiError(
    code,
    `multi failed at op ${failed} (${op ? `${op.type} ${op.path}` : '?'}): KeeperErrorCode = ${code}`,
    failed,
    opCodes,
    op?.path,
  );
}
