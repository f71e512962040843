// SocketServer and KafkaConnection over real TCP on 127.0.0.1, with a test dispatcher whose
// "requests" are tiny commands, so framing, ordering and connection handling are tested apart
// from Kafka's message formats (test/server/apis covers those end to end).

import * as net from 'node:net';
import type { ConnectionInfo, DispatchResult, RequestDispatcher } from '../../src/network/request-dispatcher';
import { SocketServer, SocketServerOptions } from '../../src/network/socket-server';
import { framed, RawClient } from './raw-kafka-client';
import { CapturingLogger } from './test-logger';

const enum Mode {
  Respond = 0,
  NoResponse = 1,
  Throw = 2,
  Reject = 3,
  BigResponse = 4,
  Never = 5,
  /** Answers at once and asks the connection to stay muted for `delayMs` (a quota throttle). */
  Throttle = 6,
}

const BIG_RESPONSE = Buffer.alloc(1 << 20, 1);

/** Request payload: int32 id, int32 delay ms, int8 mode. The response echoes the id. */
function command(id: number, delayMs = 0, mode: Mode = Mode.Respond, padding = 0): Buffer {
  const payload = Buffer.alloc(9 + padding);
  payload.writeInt32BE(id, 0);
  payload.writeInt32BE(delayMs, 4);
  payload.writeInt8(mode, 8);
  return framed(payload);
}

class CommandDispatcher implements RequestDispatcher {
  started: number[] = [];
  connections: ConnectionInfo[] = [];
  private timers = new Set<NodeJS.Timeout>();

  dispatch(frame: Buffer, connection: ConnectionInfo): DispatchResult | Promise<DispatchResult> {
    const id = frame.readInt32BE(0);
    const delay = frame.readInt32BE(4);
    const mode = frame.readInt8(8) as Mode;
    this.started.push(id);
    this.connections.push(connection);
    if (mode === Mode.Throw) throw new Error(`request ${id} is malformed`);
    if (mode === Mode.Never) return new Promise<DispatchResult>(() => {});
    if (mode === Mode.Throttle) {
      connection.throttle(delay);
      const idBuffer = Buffer.alloc(4);
      idBuffer.writeInt32BE(id, 0);
      return [idBuffer];
    }
    const answer = (): DispatchResult => {
      if (mode === Mode.NoResponse) return null;
      if (mode === Mode.Reject) throw new Error(`request ${id} failed late`);
      const idBuffer = Buffer.alloc(4);
      idBuffer.writeInt32BE(id, 0);
      return mode === Mode.BigResponse ? [idBuffer, BIG_RESPONSE] : [idBuffer];
    };
    if (delay === 0 && mode !== Mode.Reject) return answer();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        try {
          resolve(answer());
        } catch (e) {
          reject(e);
        }
      }, delay);
      this.timers.add(timer);
    });
  }

  clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

const servers: SocketServer[] = [];
const clients: RawClient[] = [];
let dispatcher: CommandDispatcher;
let logger: CapturingLogger;

async function startServer(options: Partial<SocketServerOptions> = {}): Promise<number> {
  const server = new SocketServer({
    listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
    dispatcher,
    logger,
    ...options,
  });
  servers.push(server);
  await server.start();
  return server.boundPort('PLAINTEXT');
}

async function connect(port: number): Promise<RawClient> {
  const client = await RawClient.connect(port);
  clients.push(client);
  return client;
}

function idOf(frame: Buffer): number {
  return frame.readInt32BE(0);
}

beforeEach(() => {
  dispatcher = new CommandDispatcher();
  logger = new CapturingLogger();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(servers.splice(0).map((s) => s.stop(500)));
  dispatcher.clearTimers();
});

describe('SocketServer', () => {
  test('binds several listeners on port 0 and reports the bound ports', async () => {
    const server = new SocketServer({
      listeners: [
        { name: 'PLAINTEXT', host: '127.0.0.1', port: 0 },
        { name: 'INTERNAL', host: '127.0.0.1', port: 0 },
      ],
      dispatcher,
      logger,
    });
    servers.push(server);
    await server.start();
    const bound = server.boundListeners();
    expect(bound.map((b) => b.name)).toEqual(['PLAINTEXT', 'INTERNAL']);
    expect(bound[0].port).toBeGreaterThan(0);
    expect(bound[0].port).not.toBe(bound[1].port);
    const internal = await connect(server.boundPort('INTERNAL'));
    internal.write(command(1));
    expect(idOf(await internal.nextFrame())).toBe(1);
    expect(dispatcher.connections[0].listenerName).toBe('INTERNAL');
    expect(dispatcher.connections[0].clientHost).toBe('127.0.0.1');
    expect(dispatcher.connections[0].connectionId).toMatch(/^127\.0\.0\.1:\d+-127\.0\.0\.1:\d+-0$/);
  });

  test('a port already in use makes start() reject', async () => {
    const port = await startServer();
    const second = new SocketServer({ listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port }], dispatcher, logger });
    await expect(second.start()).rejects.toThrow(/cannot bind listener PLAINTEXT/);
  });

  test('frames sent byte by byte are reassembled', async () => {
    const client = await connect(await startServer());
    const bytes = Buffer.concat([command(7), command(8)]);
    for (let i = 0; i < bytes.length; i++) {
      client.write(bytes.subarray(i, i + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(idOf(await client.nextFrame())).toBe(7);
    expect(idOf(await client.nextFrame())).toBe(8);
  });

  test('many pipelined frames in one write are answered in order', async () => {
    const client = await connect(await startServer());
    const ids = Array.from({ length: 500 }, (_, i) => i);
    client.write(Buffer.concat(ids.map((id) => command(id))));
    for (const id of ids) expect(idOf(await client.nextFrame())).toBe(id);
  });

  test('responses leave in request order even when an earlier request is slower', async () => {
    const client = await connect(await startServer());
    client.write(Buffer.concat([command(1, 80), command(2, 0), command(3, 20), command(4, 0)]));
    const received = [];
    for (let i = 0; i < 4; i++) received.push(idOf(await client.nextFrame()));
    expect(received).toEqual([1, 2, 3, 4]);
  });

  test('only one request per connection is in processing at a time', async () => {
    const client = await connect(await startServer());
    client.write(Buffer.concat([command(1, 60), command(2, 0)]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(dispatcher.started).toEqual([1]);
    await client.nextFrame();
    await client.nextFrame();
    expect(dispatcher.started).toEqual([1, 2]);
  });

  test('connections are independent: a slow request on one does not delay another', async () => {
    const port = await startServer();
    const slow = await connect(port);
    const fast = await connect(port);
    slow.write(command(1, 300));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const start = Date.now();
    fast.write(command(2));
    expect(idOf(await fast.nextFrame())).toBe(2);
    expect(Date.now() - start).toBeLessThan(200);
    expect(idOf(await slow.nextFrame())).toBe(1);
  });

  test('a no-response request writes nothing and the next request is processed', async () => {
    const client = await connect(await startServer());
    client.write(Buffer.concat([command(1, 0, Mode.NoResponse), command(2, 10, Mode.NoResponse), command(3)]));
    expect(idOf(await client.nextFrame())).toBe(3);
    expect(client.receivedCount).toBe(0);
    expect(dispatcher.started).toEqual([1, 2, 3]);
  });

  test('an oversized frame closes only that connection', async () => {
    const port = await startServer({ socketRequestMaxBytes: 1000 });
    const bad = await connect(port);
    const good = await connect(port);
    bad.write(command(1, 0, Mode.Respond, 991)); // 1000 bytes: exactly the limit is fine
    expect(idOf(await bad.nextFrame())).toBe(1);
    bad.write(command(2, 0, Mode.Respond, 992)); // 1001 bytes
    expect(await bad.waitClosed()).toBe(true);
    expect(dispatcher.started).toEqual([1]);
    expect(logger.matching(/request size 1001 is larger than socket.request.max.bytes \(1000\)/)).toHaveLength(1);
    good.write(command(3));
    expect(idOf(await good.nextFrame())).toBe(3);
  });

  test('a negative size closes only that connection', async () => {
    const port = await startServer();
    const bad = await connect(port);
    const good = await connect(port);
    bad.write(Buffer.from([0xff, 0xff, 0xff, 0xfe]));
    expect(await bad.waitClosed()).toBe(true);
    expect(logger.matching(/invalid negative request size -2/)).toHaveLength(1);
    good.write(command(1));
    expect(idOf(await good.nextFrame())).toBe(1);
  });

  test('a dispatcher that throws (malformed request) closes the connection after earlier responses', async () => {
    const port = await startServer();
    const client = await connect(port);
    client.write(Buffer.concat([command(1, 20), command(2, 0, Mode.Throw), command(3)]));
    expect(idOf(await client.nextFrame())).toBe(1);
    expect(await client.waitClosed()).toBe(true);
    expect(client.receivedCount).toBe(0);
    expect(dispatcher.started).toEqual([1, 2]);
    expect(logger.matching(/Closing connection .*request 2 is malformed/)).toHaveLength(1);
    const other = await connect(port);
    other.write(command(4));
    expect(idOf(await other.nextFrame())).toBe(4);
  });

  test('a rejected asynchronous dispatch closes the connection', async () => {
    const client = await connect(await startServer());
    client.write(command(1, 5, Mode.Reject));
    expect(await client.waitClosed()).toBe(true);
    expect(logger.matching(/request 1 failed late/)).toHaveLength(1);
  });

  test('max.connections.per.ip closes connections over the limit with a log line', async () => {
    const port = await startServer({ maxConnectionsPerIp: 2 });
    const first = await connect(port);
    const second = await connect(port);
    const third = await connect(port);
    expect(await third.waitClosed()).toBe(true);
    expect(logger.matching(/Rejected connection from 127\.0\.0\.1, address already has the configured maximum of 2 connections/)).toHaveLength(1);
    first.write(command(1));
    second.write(command(2));
    expect(idOf(await first.nextFrame())).toBe(1);
    expect(idOf(await second.nextFrame())).toBe(2);
    // A slot frees when a connection closes.
    first.destroy();
    await first.closedPromise;
    await waitFor(() => servers[0].connectionCount === 1);
    const fourth = await connect(port);
    fourth.write(command(4));
    expect(idOf(await fourth.nextFrame())).toBe(4);
  });

  test('max.connections closes connections over the broker-wide limit', async () => {
    const port = await startServer({ maxConnections: 1 });
    const first = await connect(port);
    const second = await connect(port);
    expect(await second.waitClosed()).toBe(true);
    expect(logger.matching(/max\.connections/)).toHaveLength(1);
    first.write(command(1));
    expect(idOf(await first.nextFrame())).toBe(1);
  });

  test('connections.max.idle.ms closes idle connections but not ones with a request in flight', async () => {
    const port = await startServer({ connectionsMaxIdleMs: 100 });
    const idle = await connect(port);
    const busy = await connect(port);
    busy.write(command(1, 250));
    expect(await idle.waitClosed(1000)).toBe(true);
    expect(busy.closed).toBe(false);
    expect(idOf(await busy.nextFrame())).toBe(1);
    expect(await busy.waitClosed(1000)).toBe(true);
    expect(logger.matching(/idle for more than 100 ms/).length).toBe(2);
  });

  test('a client that does not read responses gets its socket paused instead of unbounded buffering', async () => {
    const limit = 16 * 1024;
    const server = new SocketServer({
      listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
      dispatcher,
      logger,
      maxBufferedBytesPerConnection: limit,
    });
    servers.push(server);
    await server.start();
    const client = await connect(server.boundPort('PLAINTEXT'));
    client.socket.pause(); // never read: responses pile up in the kernel, then the server must stop
    const requests = Array.from({ length: 400 }, (_, i) => command(i, 0, Mode.BigResponse, 1000));
    for (const r of requests) client.write(r);
    await waitFor(() => server.connectionStats()[0]?.paused === true);
    const stats = server.connectionStats()[0];
    expect(stats.pauseCount).toBeGreaterThanOrEqual(1);
    expect(stats.inFlight).toBe(true);
    // Bounded: the limit plus at most one socket read beyond it.
    expect(stats.bufferedBytes).toBeLessThanOrEqual(limit + 65536 + 1009);
    expect(dispatcher.started.length).toBeLessThan(400);

    client.socket.resume();
    for (let i = 0; i < 400; i++) expect(idOf(await client.nextFrame(5000))).toBe(i);
    expect(server.connectionStats()[0].paused).toBe(false);
  }, 20000);

  test('graceful shutdown finishes the in-flight request, drops queued ones, and refuses new connections', async () => {
    const port = await startServer();
    const client = await connect(port);
    const idleClient = await connect(port);
    client.write(Buffer.concat([command(1, 100), command(2)]));
    await waitFor(() => dispatcher.started.length === 1);
    const stopped = servers[0].stop(2000);
    expect(idOf(await client.nextFrame())).toBe(1);
    expect(await client.waitClosed()).toBe(true);
    expect(await idleClient.waitClosed()).toBe(true);
    await stopped;
    expect(dispatcher.started).toEqual([1]);
    expect(client.receivedCount).toBe(0);
    await expect(RawClient.connect(port)).rejects.toThrow();
  });

  test('shutdown is bounded: a request that never completes is cut off at the timeout', async () => {
    const port = await startServer();
    const client = await connect(port);
    client.write(command(1, 0, Mode.Never));
    await waitFor(() => dispatcher.started.length === 1);
    const start = Date.now();
    await servers[0].stop(150);
    expect(Date.now() - start).toBeLessThan(1000);
    expect(await client.waitClosed()).toBe(true);
    expect(logger.matching(/Shutdown timeout/)).toHaveLength(1);
    await expect(RawClient.connect(port)).rejects.toThrow();
  });

  test('a client closing mid-request does not disturb the server', async () => {
    const port = await startServer();
    const client = await connect(port);
    client.write(Buffer.concat([command(1, 30), command(2)]));
    client.socket.end();
    await client.closedPromise;
    await new Promise((resolve) => setTimeout(resolve, 60));
    await waitFor(() => servers[0].connectionCount === 0);
    const other = await connect(port);
    other.write(command(3));
    expect(idOf(await other.nextFrame())).toBe(3);
  });

  test('a throttled connection (quota muting) answers at once, then reads nothing until the throttle time has passed; others are unaffected', async () => {
    const port = await startServer();
    const throttled = await connect(port);
    const other = await connect(port);
    const start = Date.now();
    // The throttled request and the next one, pipelined: Kafka's KIP-219 channel muting.
    throttled.write(Buffer.concat([command(1, 400, Mode.Throttle), command(2)]));
    expect(idOf(await throttled.nextFrame())).toBe(1);
    const firstAnswerMs = Date.now() - start;
    expect(firstAnswerMs).toBeLessThan(300);
    // While muted, the second request is not even started, and another connection is served at once.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(dispatcher.started).toEqual([1]);
    const otherStart = Date.now();
    other.write(command(3));
    expect(idOf(await other.nextFrame())).toBe(3);
    expect(Date.now() - otherStart).toBeLessThan(200);
    // The muted connection's next request is answered only once the 400 ms are over.
    expect(idOf(await throttled.nextFrame(3000))).toBe(2);
    expect(Date.now() - start).toBeGreaterThanOrEqual(400);
    expect(dispatcher.started).toEqual([1, 3, 2]);
    // Unmuted again: the next request is answered without delay.
    const againStart = Date.now();
    throttled.write(command(4));
    expect(idOf(await throttled.nextFrame())).toBe(4);
    expect(Date.now() - againStart).toBeLessThan(200);
  });

  test('a request sent after the throttled response waits out the throttle too', async () => {
    const client = await connect(await startServer());
    const start = Date.now();
    client.write(command(1, 300, Mode.Throttle));
    expect(idOf(await client.nextFrame())).toBe(1);
    client.write(command(2));
    expect(idOf(await client.nextFrame(3000))).toBe(2);
    expect(Date.now() - start).toBeGreaterThanOrEqual(300);
  });

  test('random garbage from many clients never crashes the server', async () => {
    const port = await startServer({ socketRequestMaxBytes: 4096 });
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 20; i++) {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.on('error', () => {});
      const garbage = Buffer.alloc(200 + (random() % 2000));
      for (let j = 0; j < garbage.length; j++) garbage[j] = random() & 0xff;
      socket.end(garbage);
      await new Promise((resolve) => socket.on('close', resolve));
    }
    const client = await connect(port);
    client.write(command(1));
    expect(idOf(await client.nextFrame())).toBe(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
