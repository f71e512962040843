// Real-client interop: an unmodified kafkajs admin client negotiates ApiVersions with our broker,
// and with a test-only Metadata handler (Kafka's range 0-9, empty cluster) describeCluster works.

import { Kafka, logLevel } from 'kafkajs';
import { SocketServer } from '../../../src/network/socket-server';
import { createApiVersionsHandler } from '../../../src/server/apis/18-api-versions';
import { ApiDispatcher } from '../../../src/server/apis/dispatcher';
import { ApiRegistry } from '../../../src/server/apis/registry';
import { CapturingLogger } from '../../network/test-logger';
import { emptyClusterMetadataHandler } from './test-handlers';

interface Broker {
  server: SocketServer;
  port: number;
  logger: CapturingLogger;
  apiVersionsSeen: number[];
}

const brokers: Broker[] = [];

async function startBroker(withMetadata: boolean): Promise<Broker> {
  const logger = new CapturingLogger();
  const registry = new ApiRegistry();
  const apiVersionsSeen: number[] = [];
  const apiVersions = createApiVersionsHandler(registry);
  registry.register({
    ...apiVersions,
    handle(request, ctx) {
      apiVersionsSeen.push(ctx.apiVersion);
      return apiVersions.handle(request, ctx);
    },
  });
  let port = 0;
  if (withMetadata) registry.register(emptyClusterMetadataHandler('127.0.0.1', () => port));
  const server = new SocketServer({
    listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
    dispatcher: new ApiDispatcher(registry, logger),
    logger,
  });
  await server.start();
  port = server.boundPort('PLAINTEXT');
  const broker = { server, port, logger, apiVersionsSeen };
  brokers.push(broker);
  return broker;
}

function kafkaFor(port: number): Kafka {
  return new Kafka({
    clientId: 'interop-test',
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
}

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.server.stop(1000)));
});

test('kafkajs admin: ApiVersions negotiated, describeCluster answered by the test Metadata handler', async () => {
  const broker = await startBroker(true);
  const admin = kafkaFor(broker.port).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    expect(cluster).toEqual({
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: broker.port }],
      controller: 0,
      clusterId: 'test-cluster-id',
    });
  } finally {
    await admin.disconnect();
  }
  // kafkajs 2.2.4 starts at ApiVersions v2, which we support, so it never needs to step down.
  expect(broker.apiVersionsSeen).toEqual([2]);
  expect(broker.logger.matching(/Closing connection/)).toEqual([]);
});

test('kafkajs admin without a Metadata handler: ApiVersions succeeds, Metadata is never sent because we do not advertise it', async () => {
  const broker = await startBroker(false);
  const admin = kafkaFor(broker.port).admin();
  try {
    // connect() only negotiates ApiVersions with the seed broker.
    await admin.connect();
    expect(broker.apiVersionsSeen).toEqual([2]);
    // kafkajs checks the advertised ranges before sending: no Metadata entry, no Metadata request.
    // This is why advertisedVersions() must be derived from the registered handlers.
    await expect(admin.describeCluster()).rejects.toThrow(/does not support the requested API version/);
  } finally {
    await admin.disconnect();
  }
  expect(broker.logger.matching(/Closing connection/)).toEqual([]);
});
