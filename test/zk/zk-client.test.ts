// ZkClient against a real 3-node ensemble: basic operations with Stats, multi, recursive helpers,
// chroot, watches, connection timeout, session expiry and the new session that follows.

import { expireSession } from '../../src/zk/zk-session-expiry';
import { ZkClient } from '../../src/zk/zk-client';
import { ZkError, ZkMultiError } from '../../src/zk/zk-errors';
import type { ZkWatchEvent } from '../../src/zk/zk-types';
import { findFreePorts } from '../../src/launcher/free-ports';
import { TestEnsemble, eventually } from './zk-test-ensemble';

let zk: TestEnsemble;

beforeAll(async () => {
  zk = await TestEnsemble.start();
}, 90_000);

afterAll(async () => {
  await zk?.stop();
});

const buf = (s: string) => Buffer.from(s, 'utf8');

describe('ZkClient operations', () => {
  it('creates, reads, updates and deletes with versions and typed errors', async () => {
    const c = await zk.client();
    expect(c.sessionId).not.toBe(0n);
    expect(await c.create('/ops', null)).toBe('/ops');
    const empty = await c.getData('/ops');
    expect(empty.data).toBeNull();
    expect(empty.stat.version).toBe(0);
    expect(empty.stat.ephemeralOwner).toBe(0n);
    expect(empty.stat.czxid).toBeGreaterThan(0n);

    const stat = await c.setData('/ops', buf('a'), 0);
    expect(stat.version).toBe(1);
    await expect(c.setData('/ops', buf('b'), 0)).rejects.toMatchObject({ code: 'BAD_VERSION' });
    await expect(c.create('/ops', null)).rejects.toMatchObject({ code: 'NODE_EXISTS', path: '/ops' });
    await expect(c.getData('/missing')).rejects.toBeInstanceOf(ZkError);
    await expect(c.getData('/missing')).rejects.toMatchObject({ code: 'NO_NODE' });
    expect(await c.getDataIfExists('/missing')).toBeNull();
    expect(await c.exists('/missing')).toBeNull();

    await c.create('/ops/child', buf('x'));
    await expect(c.delete('/ops')).rejects.toMatchObject({ code: 'NOT_EMPTY' });
    expect(await c.getChildren('/ops')).toEqual(['child']);
    await expect(c.delete('/ops/child', 5)).rejects.toMatchObject({ code: 'BAD_VERSION' });
    await c.delete('/ops/child', 0);
    await c.delete('/ops');
    expect(await c.exists('/ops')).toBeNull();
  });

  it('creates ephemeral and sequential znodes', async () => {
    const c = await zk.client();
    await c.create('/eph', buf('e'), 'ephemeral');
    expect((await c.getData('/eph')).stat.ephemeralOwner).toBe(c.sessionId);
    await c.create('/seq', null);
    const first = await c.create('/seq/item_', buf('1'), 'persistent_sequential');
    const second = await c.create('/seq/item_', buf('2'), 'persistent_sequential');
    expect(first).toMatch(/^\/seq\/item_\d{10}$/);
    expect(second > first).toBe(true);
  });

  it('runs multi transactions and reports the failing op', async () => {
    const c = await zk.client();
    await c.create('/multi', buf('0'));
    const results = await c.multi([
      { type: 'check', path: '/multi', version: 0 },
      { type: 'create', path: '/multi/a', data: null, mode: 'ephemeral' },
      { type: 'setData', path: '/multi/a', data: buf('payload'), version: 0 },
      { type: 'setData', path: '/multi', data: buf('1'), version: 0 },
    ]);
    expect(results.map((r) => r.type)).toEqual(['check', 'create', 'setData', 'setData']);
    expect(results[2]).toMatchObject({ type: 'setData', stat: { version: 1 } });
    expect(results[1]).toEqual({ type: 'create', path: '/multi/a' });

    const failure = await c
      .multi([
        { type: 'check', path: '/multi', version: 0 },
        { type: 'delete', path: '/multi/a', version: -1 },
      ])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZkMultiError);
    expect(failure).toMatchObject({ code: 'BAD_VERSION', failedOpIndex: 0 });
    expect(await c.exists('/multi/a')).not.toBeNull();
  });

  it('creates and deletes recursively', async () => {
    const c = await zk.client();
    await c.createRecursive('/deep/a/b/c', buf('leaf'));
    expect((await c.getData('/deep/a/b/c')).data?.toString()).toBe('leaf');
    expect((await c.getData('/deep/a')).data).toBeNull();
    await expect(c.createRecursive('/deep/a/b/c', null)).rejects.toMatchObject({ code: 'NODE_EXISTS' });
    await c.createRecursive('/deep/a/b/c', null, { throwIfExists: false });
    await c.create('/deep/a/x', null);
    expect(await c.deleteRecursive('/deep')).toBe(true);
    expect(await c.exists('/deep')).toBeNull();
    expect(await c.deleteRecursive('/deep')).toBe(false);
  });

  it('works under a chroot, creating it first', async () => {
    const c = await zk.client({ connectString: `${zk.connectString}/kafka/chroot-test` });
    await c.create('/under', buf('x'));
    expect(await c.getChildren('/')).toEqual(['under']);
    const results = await c.multi([{ type: 'create', path: '/under/m', data: null }]);
    expect(results[0]).toEqual({ type: 'create', path: '/under/m' });
    const root = await zk.client();
    expect((await root.getData('/kafka/chroot-test/under')).data?.toString()).toBe('x');
    expect(await root.exists('/kafka/chroot-test/under/m')).not.toBeNull();
  });

  it('fires one-shot watches and re-registering watches', async () => {
    const c = await zk.client();
    const other = await zk.client();
    const events: ZkWatchEvent[] = [];
    expect(await c.exists('/w', (e) => events.push(e))).toBeNull();
    await other.create('/w', buf('1'));
    await eventually(() => events.length === 1);
    expect(events[0]).toEqual({ type: 'created', path: '/w' });

    await c.getData('/w', (e) => events.push(e));
    await c.getChildren('/w', (e) => events.push(e));
    await other.setData('/w', buf('2'));
    await other.create('/w/k', null);
    await eventually(() => events.length === 3);
    expect(events.slice(1).map((e) => e.type).sort()).toEqual(['childrenChanged', 'dataChanged']);

    const dataEvents: string[] = [];
    const childEvents: string[] = [];
    const dataWatch = c.watchData('/w', (e) => dataEvents.push(e.type));
    const childWatch = c.watchChildren('/w', (e) => childEvents.push(e.type));
    await new Promise((r) => setTimeout(r, 100));
    await other.setData('/w', buf('3'));
    await eventually(() => dataEvents.length === 1);
    await other.setData('/w', buf('4'));
    await eventually(() => dataEvents.length === 2);
    await other.create('/w/k2', null);
    await eventually(() => childEvents.length === 1);
    await other.create('/w/k3', null);
    await eventually(() => childEvents.length === 2);
    dataWatch.cancel();
    childWatch.cancel();
  });

  it('fails startup with a clear error when no server answers in time', async () => {
    const [port] = await findFreePorts(1);
    const started = Date.now();
    await expect(
      ZkClient.connect({ connectString: `127.0.0.1:${port}`, connectionTimeoutMs: 800, spinDelayMs: 50 }),
    ).rejects.toMatchObject({ code: 'CONNECTION_TIMEOUT', message: expect.stringContaining('Timed out waiting for connection') });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('ZkClient session lifecycle', () => {
  it('detects expiry, drops the ephemerals, and creates a new session', async () => {
    const c = await zk.client();
    const observer = await zk.client();
    await c.create('/victim', null, 'ephemeral');
    const oldSession = c.sessionId;
    const expired = new Promise<bigint>((resolve) => c.once('expired', resolve));
    const renewed = new Promise<bigint>((resolve) => c.once('newSession', resolve));

    await expireSession(zk.connectString, c.sessionCredentials());
    expect(await expired).toBe(oldSession);
    const newSession = await renewed;
    expect(newSession).not.toBe(oldSession);
    expect(c.sessionId).toBe(newSession);
    expect(await observer.exists('/victim')).toBeNull();
    // The client works on its new session.
    await c.create('/victim', null, 'ephemeral');
    expect((await observer.getData('/victim')).stat.ephemeralOwner).toBe(newSession);
  }, 20_000);

  it('re-arms re-registering watches on the new session', async () => {
    const c = await zk.client();
    const other = await zk.client();
    await other.create('/rearm', buf('0'));
    const seen: string[] = [];
    c.watchData('/rearm', (e) => seen.push(e.type));
    await new Promise((r) => setTimeout(r, 100));
    const renewed = new Promise<bigint>((resolve) => c.once('newSession', resolve));
    await expireSession(zk.connectString, c.sessionCredentials());
    await renewed;
    await eventually(() => seen.includes('sessionReinitialized'));
    await new Promise((r) => setTimeout(r, 100));
    await other.setData('/rearm', buf('1'));
    await eventually(() => seen.includes('dataChanged'));
  }, 20_000);

  it('close ends the session so its ephemerals disappear at once', async () => {
    const c = await ZkClient.connect({ connectString: zk.connectString, spinDelayMs: 100 });
    const observer = await zk.client();
    await c.create('/closing', null, 'ephemeral');
    await c.close();
    expect(await observer.exists('/closing')).toBeNull();
    await expect(c.getData('/')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});

describe('one watcher read twice', () => {
  it('is registered once per path, so one change calls it once', async () => {
    const c = await zk.client();
    await c.create('/watched-twice', buf('a'));
    const seen: ZkWatchEvent[] = [];
    const watcher = (event: ZkWatchEvent) => seen.push(event);
    await c.getData('/watched-twice', watcher);
    await c.getData('/watched-twice', watcher);
    await c.setData('/watched-twice', buf('b'));
    await eventually(() => seen.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([{ type: 'dataChanged', path: '/watched-twice' }]);
    await c.close();
  });
});
