import { createServer } from 'node:net';
import { get } from 'node:http';
import { Counter, Registry } from 'prom-client';
import { silentLogger } from '../../src/common/logger';
import { BrokerHttpServer } from '../../src/metrics/broker-http-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('BrokerHttpServer', () => {
  let registry: Registry;
  let server: BrokerHttpServer;
  let base: string;

  beforeEach(async () => {
    registry = new Registry();
    new Counter({ name: 'kafka_server_brokertopicmetrics_messagesin_total', help: 'h', registers: [registry] }).inc(7);
    server = new BrokerHttpServer({ port: await freePort(), registry, logger: silentLogger });
    await server.start();
    base = `http://127.0.0.1:${server.port}`;
  });

  afterEach(() => server.stop());

  it('serves the registry at /metrics in the Prometheus text format', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('kafka_server_brokertopicmetrics_messagesin_total 7');
    expect((await fetch(`${base}/metrics?name[]=x`)).status).toBe(200);
  });

  it('answers 404 for unknown paths and 405 for other methods on /metrics', async () => {
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/control-plane/events`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves added routes, a failing one with a 500', async () => {
    server.route('/hello', (_req, res) => res.end('hi'));
    server.route('/broken', () => {
      throw new Error('boom');
    });
    expect(await (await fetch(`${base}/hello`)).text()).toBe('hi');
    expect((await fetch(`${base}/broken`)).status).toBe(500);
  });

  it('closes long-lived responses (server-sent events) on stop', async () => {
    server.route('/events', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('data: first\n\n');
    });
    const ended = new Promise<string>((resolve, reject) => {
      get(`${base}/events`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          if (body.includes('first')) void server.stop();
        });
        res.on('close', () => resolve(body));
      }).on('error', reject);
    });
    expect(await ended).toContain('data: first');
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });

  it('fails to start on a port in use, and picks a free port for 0', async () => {
    const clash = new BrokerHttpServer({ port: server.port!, registry, logger: silentLogger });
    await expect(clash.start()).rejects.toThrow(/EADDRINUSE/);
    await clash.stop();
    const any = new BrokerHttpServer({ port: 0, registry, logger: silentLogger });
    await any.start();
    expect(any.port).toBeGreaterThan(0);
    expect(any.port).not.toBe(server.port);
    await any.stop();
    expect(any.port).toBeNull();
  });
});
