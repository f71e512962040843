// The observatory's HTTP side (fastify): the page and its vendor modules, the JSON API documented
// in the README, and the WebSocket /api/live that pushes every change to the page.

import { readFile } from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../common/logger';
import { silentLogger } from '../common/logger';
import type { FaultAction, FaultRequest, LabView } from './api-types';
import type { WatchTarget } from './cluster-watch';
import { FaultError, Observatory } from './observatory';
import { contentTypeFor, PAGE_DIR, VENDOR_FILES } from './page-assets';

/** Starts labs from the page (the labs registry, wired in by the CLI). */
export interface LabLauncher {
  list(): LabView[];
  /** Starts `name` on a fresh cluster of its own; throws for an unknown lab or one already running. */
  start(name: string, observatory: Observatory): void;
}

export interface ObservatoryOptions extends Partial<Omit<WatchTarget, 'zookeeper'>> {
  zookeeper: string;
  port: number;
  /** Default 127.0.0.1: the observatory can stop brokers, so it is not for the network. */
  host?: string;
  labs?: LabLauncher;
  logger?: Logger;
}

export interface RunningObservatory {
  url: string;
  observatory: Observatory;
  close(): Promise<void>;
}

class BadRequest extends Error {}

function numberParam(value: unknown, name: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n)) throw new BadRequest(`${name} must be an integer`);
  return n;
}

function routes(app: FastifyInstance, observatory: Observatory, labs: LabLauncher | undefined): void {
  app.setErrorHandler((error, _request, reply) => {
    const status = error instanceof BadRequest || error instanceof FaultError ? 400 : ((error as { statusCode?: number }).statusCode ?? 500);
    void reply.status(status).send({ error: (error as Error).message });
  });

  app.get('/', (_request, reply) => reply.sendFile('index.html'));
  app.get<{ Params: { name: string } }>('/vendor/:name', async (request, reply) => {
    const file = VENDOR_FILES[request.params.name];
    if (file === undefined) return reply.status(404).send({ error: `no vendor file ${request.params.name}` });
    return reply.type(contentTypeFor(file)).send(await readFile(file));
  });

  app.get('/api/state', () => observatory.state());
  app.get<{ Querystring: { since?: string } }>('/api/events', (request) => observatory.events(request.query.since === undefined ? 0 : numberParam(request.query.since, 'since')));
  app.get<{ Querystring: { path?: string } }>('/api/znodes', (request, reply) => {
    const path = request.query.path ?? '/';
    const node = observatory.znode(path);
    return node === null ? reply.status(404).send({ error: `no znode ${path}` }) : node;
  });
  app.get('/api/tree', () => observatory.znodes());
  app.get('/api/groups', () => observatory.groups());
  app.get('/api/metrics', () => observatory.metrics());
  app.get<{ Querystring: { broker?: string } }>('/api/faults', (request) => observatory.faultActions(numberParam(request.query.broker, 'broker')));
  app.post<{ Body: Partial<FaultRequest> }>('/api/faults', async (request) => {
    const body = request.body ?? {};
    return observatory.fault(body.action as FaultAction, numberParam(body.broker, 'broker'));
  });
  app.get('/api/labs', () => labs?.list() ?? []);
  app.post<{ Body: { name?: string } }>('/api/labs', (request, reply) => {
    if (labs === undefined) throw new BadRequest('labs are not available in this observatory');
    const name = request.body?.name;
    if (typeof name !== 'string') throw new BadRequest('name is required');
    try {
      labs.start(name, observatory);
    } catch (error) {
      throw new BadRequest((error as Error).message);
    }
    return reply.status(202).send({ started: name });
  });

  app.get('/api/live', { websocket: true }, (socket) => {
    socket.send(JSON.stringify(observatory.hello(labs?.list() ?? [])));
    const unsubscribe = observatory.subscribe((message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}

export async function startObservatory(options: ObservatoryOptions): Promise<RunningObservatory> {
  const logger = options.logger ?? silentLogger;
  const observatory = new Observatory(logger);
  await observatory.attach({
    zookeeper: options.zookeeper,
    bootstrapServers: options.bootstrapServers ?? [],
    metricsUrls: options.metricsUrls ?? new Map(),
    faults: options.faults,
    lab: null,
  });
  const app = Fastify({ logger: false });
  await app.register(fastifyWebsocket);
  await app.register(fastifyStatic, { root: PAGE_DIR, prefix: '/page/' });
  routes(app, observatory, options.labs);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port, host });
  } catch (error) {
    await observatory.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    observatory,
    close: async () => {
      await app.close();
      await observatory.close();
    },
  };
}
