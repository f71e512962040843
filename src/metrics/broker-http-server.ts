// The broker's HTTP endpoint (metrics.prometheus.port): GET /metrics answers with the broker's
// registry in the Prometheus text format; other parts of the broker add their own paths with
// route() (the control-plane event stream, for one), which may keep their response open as long
// as they like: stop() closes every connection, streams included. Anything else is a 404.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../common/logger';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface BrokerHttpServerOptions {
  /** 0 picks a free port (see `port` once started). */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  registry: Registry;
  logger: Logger;
}

export class BrokerHttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server: Server | null = null;

  constructor(private readonly options: BrokerHttpServerOptions) {
    this.routes.set('/metrics', (req, res) => this.serveMetrics(req, res));
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** The bound port (the configured one, or the one picked for 0); null before start(). */
  get port(): number | null {
    const address = this.server?.address();
    return address != null && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  /** Serves `path` (exact match, query string ignored) with `handler`, for any method. */
  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  start(): Promise<void> {
    if (this.server !== null) return Promise.resolve();
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        this.server = null;
        reject(error);
      };
      server.once('error', failed);
      server.listen(this.options.port, this.host, () => {
        server.off('error', failed);
        server.on('error', (error) => this.options.logger.warn(`Metrics HTTP server error: ${error.message}`));
        resolve();
      });
    });
  }

  /** Stops listening and closes every open connection, long-lived responses included. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?', 1)[0];
    const handler = this.routes.get(path);
    if (handler === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${path}\n`);
      return;
    }
    try {
      handler(req, res);
    } catch (error) {
      this.failed(res, path, error);
    }
  }

  private serveMetrics(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const { registry } = this.options;
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => this.failed(res, '/metrics', error),
    );
  }

  private failed(res: ServerResponse, path: string, error: unknown): void {
    this.options.logger.error(`Error serving ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end();
  }
}
