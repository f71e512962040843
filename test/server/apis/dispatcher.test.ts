// The dispatcher and the ApiVersions handler end to end over real TCP: SocketServer + ApiDispatcher
// + registry, requests encoded and responses decoded with the generated codecs (or by hand where
// the bytes themselves are the point).

import { Apis } from '../../../src/protocol/generated';
import { ErrorCode } from '../../../src/protocol/errors';
import { decodeResponse, framed, RawClient, requestFrame } from '../../network/raw-kafka-client';
import {
  emptyClusterMetadataHandler,
  noResponseProduceHandler,
  scriptedHeartbeatHandler,
  startTestBroker,
  TestBroker,
} from './test-handlers';

const brokers: TestBroker[] = [];
const clients: RawClient[] = [];

async function start(register?: Parameters<typeof startTestBroker>[0]): Promise<TestBroker> {
  const broker = await startTestBroker(register);
  brokers.push(broker);
  return broker;
}

async function connect(broker: TestBroker): Promise<RawClient> {
  const client = await RawClient.connect(broker.port);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(brokers.splice(0).map((b) => b.server.stop(500)));
});

const apiVersionsBody = { clientSoftwareName: '', clientSoftwareVersion: '' };
const heartbeat = (groupId: string) => ({ groupId, generationId: 1, memberId: 'm', groupInstanceId: null });

describe('ApiVersions', () => {
  test.each([0, 1, 2])('v%i lists the registered handlers with their ranges', async (version) => {
    const broker = await start((registry, port) => registry.register(emptyClusterMetadataHandler('127.0.0.1', port)));
    const client = await connect(broker);
    client.write(requestFrame(Apis.ApiVersions, version, 41, apiVersionsBody));
    const { correlationId, body, remaining } = decodeResponse(Apis.ApiVersions, version, await client.nextFrame());
    expect(correlationId).toBe(41);
    expect(remaining).toBe(0);
    expect(body).toEqual({
      errorCode: 0,
      apiKeys: [
        { apiKey: 3, minVersion: 0, maxVersion: 9 },
        { apiKey: 18, minVersion: 0, maxVersion: 3 },
      ],
      throttleTimeMs: 0,
    });
  });

  test('v3 (flexible request header and body) with valid client software name and version', async () => {
    const broker = await start();
    const client = await connect(broker);
    client.write(requestFrame(Apis.ApiVersions, 3, 5, { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' }, 'rdkafka'));
    const { correlationId, body, remaining } = decodeResponse(Apis.ApiVersions, 3, await client.nextFrame());
    expect(correlationId).toBe(5);
    expect(remaining).toBe(0);
    expect(body).toEqual({ errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 0 });
  });

  test.each([
    ['bad name', '1.0'],
    ['kcat', '1.7.0-'],
    ['', '1.0'],
    ['-kcat', '1'],
  ])('v3 with software name %j / version %j answers INVALID_REQUEST with no api keys', async (name, version) => {
    const broker = await start();
    const client = await connect(broker);
    client.write(requestFrame(Apis.ApiVersions, 3, 6, { clientSoftwareName: name, clientSoftwareVersion: version }));
    const { body } = decodeResponse(Apis.ApiVersions, 3, await client.nextFrame());
    expect(body).toEqual({ errorCode: ErrorCode.INVALID_REQUEST, apiKeys: [], throttleTimeMs: 0 });
    // Not a protocol error: the connection stays usable.
    client.write(requestFrame(Apis.ApiVersions, 0, 7, apiVersionsBody));
    expect(decodeResponse(Apis.ApiVersions, 0, await client.nextFrame()).body.errorCode).toBe(0);
  });

  // Request header v2 (a version above 3 counts as flexible) followed by a body that is never parsed.
  const tooNewApiVersionsRequest = (version: number): Buffer =>
    framed(
      Buffer.from([
        0x00, 0x12, // api key 18
        (version >> 8) & 0xff, version & 0xff,
        0x00, 0x00, 0x30, 0x39, // correlation id 12345
        0x00, 0x03, 0x61, 0x62, 0x63, // client id "abc" (int16 length even in header v2)
        0x00, // header tagged fields
        0xde, 0xad, 0xbe, 0xef, 0xff, // body of an unknown future version: ignored
      ]),
    );

  // v0 response with header v0: correlation id, error 35, array of one (18, 0, 3), no throttle.
  const expectedFallback = Buffer.from([
    0x00, 0x00, 0x00, 0x10, // size 16
    0x00, 0x00, 0x30, 0x39, // correlation id
    0x00, 0x23, // UNSUPPORTED_VERSION
    0x00, 0x00, 0x00, 0x01, // one api key
    0x00, 0x12, 0x00, 0x00, 0x00, 0x03, // ApiVersions 0-3
  ]);

  test.each([4, 99, 0x7fff])('v%i is answered as v0 UNSUPPORTED_VERSION listing only ApiVersions, byte for byte', async (version) => {
    const broker = await start((registry, port) => registry.register(emptyClusterMetadataHandler('127.0.0.1', port)));
    const client = await connect(broker);
    client.write(tooNewApiVersionsRequest(version));
    const frame = await client.nextFrame();
    expect(Buffer.concat([Buffer.from([0, 0, 0, frame.length]), frame]).toString('hex')).toBe(expectedFallback.toString('hex'));
    // The connection stays open; the client retries with a version we have.
    client.write(requestFrame(Apis.ApiVersions, 2, 8, apiVersionsBody));
    expect(decodeResponse(Apis.ApiVersions, 2, await client.nextFrame()).body.apiKeys).toHaveLength(2);
  });

  test('a negative version also gets the fallback (Kafka: not isVersionSupported)', async () => {
    const broker = await start();
    const client = await connect(broker);
    client.write(
      framed(Buffer.from([0x00, 0x12, 0xff, 0xff, 0x00, 0x00, 0x30, 0x39, 0xff, 0xff /* null client id */])),
    );
    const frame = await client.nextFrame();
    expect(Buffer.concat([Buffer.from([0, 0, 0, frame.length]), frame]).toString('hex')).toBe(expectedFallback.toString('hex'));
  });

  test('trailing bytes after the body are ignored, as Kafka 2.4.1 does', async () => {
    const broker = await start();
    const client = await connect(broker);
    const request = requestFrame(Apis.ApiVersions, 1, 9, apiVersionsBody);
    const padded = framed(Buffer.concat([request.subarray(4), Buffer.from([1, 2, 3, 4, 5])]));
    client.write(padded);
    expect(decodeResponse(Apis.ApiVersions, 1, await client.nextFrame()).correlationId).toBe(9);
  });
});

describe('malformed requests close only that connection', () => {
  async function expectClosed(broker: TestBroker, bytes: Buffer, logPattern: RegExp): Promise<void> {
    const client = await connect(broker);
    const bystander = await connect(broker);
    client.write(bytes);
    expect(await client.waitClosed()).toBe(true);
    expect(client.receivedCount).toBe(0);
    expect(broker.logger.matching(logPattern)).toHaveLength(1);
    bystander.write(requestFrame(Apis.ApiVersions, 0, 1, apiVersionsBody));
    expect(decodeResponse(Apis.ApiVersions, 0, await bystander.nextFrame()).body.errorCode).toBe(0);
  }

  test('garbage body (truncated compact string)', async () => {
    const broker = await start();
    const header = requestFrame(Apis.ApiVersions, 3, 1, { clientSoftwareName: 'a', clientSoftwareVersion: 'b' });
    // Replace the body with a compact string claiming 49 bytes but carrying 2.
    const headerOnly = header.subarray(4, header.length - 5);
    await expectClosed(broker, framed(Buffer.concat([headerOnly, Buffer.from([50, 0x61, 0x62])])), /error getting request for apiKey: ApiVersions, apiVersion: 3/);
  });

  test('truncated header', async () => {
    const broker = await start();
    await expectClosed(broker, framed(Buffer.from([0x00, 0x12, 0x00])), /error parsing request header/);
  });

  test('empty frame', async () => {
    const broker = await start();
    await expectClosed(broker, framed(Buffer.alloc(0)), /error parsing request header/);
  });

  test('unknown api key', async () => {
    const broker = await start();
    await expectClosed(broker, framed(Buffer.from([0x00, 0x63, 0x00, 0x00, 0, 0, 0, 1, 0xff, 0xff])), /unknown API key 99/);
  });

  test('a Kafka API with no registered handler (Metadata)', async () => {
    const broker = await start();
    await expectClosed(
      broker,
      requestFrame(Apis.Metadata, 1, 2, {
        topics: null,
        allowAutoTopicCreation: true,
        includeClusterAuthorizedOperations: false,
        includeTopicAuthorizedOperations: false,
      }),
      /unknown API key 3/,
    );
  });

  test('an unsupported version of an API other than ApiVersions', async () => {
    const broker = await start((registry, port) => registry.register(emptyClusterMetadataHandler('127.0.0.1', port)));
    await expectClosed(
      broker,
      framed(Buffer.from([0x00, 0x03, 0x00, 0x0a, 0, 0, 0, 3, 0x00, 0x01, 0x78, 0x00, 0x00])),
      /unsupported version 10 of Metadata \(supported 0-9\)/,
    );
  });
});

describe('handler outcomes', () => {
  test('responses come back in request order when an earlier async handler is slower', async () => {
    const broker = await start((registry) => registry.register(scriptedHeartbeatHandler()));
    const client = await connect(broker);
    client.write(
      Buffer.concat([
        requestFrame(Apis.Heartbeat, 2, 1, heartbeat('slow:80')),
        requestFrame(Apis.ApiVersions, 0, 2, apiVersionsBody),
        requestFrame(Apis.Heartbeat, 3, 3, heartbeat('slow:10')),
        requestFrame(Apis.Heartbeat, 4, 4, heartbeat('fast')),
      ]),
    );
    const first = decodeResponse(Apis.Heartbeat, 2, await client.nextFrame());
    const second = decodeResponse(Apis.ApiVersions, 0, await client.nextFrame());
    const third = decodeResponse(Apis.Heartbeat, 3, await client.nextFrame());
    const fourth = decodeResponse(Apis.Heartbeat, 4, await client.nextFrame());
    expect([first.correlationId, second.correlationId, third.correlationId, fourth.correlationId]).toEqual([1, 2, 3, 4]);
    expect(fourth.remaining).toBe(0); // v4: flexible response header v1 and body decoded exactly
  });

  test('a handler returning NO_RESPONSE (acks=0 produce) writes nothing; the next request is answered', async () => {
    const seen: number[] = [];
    const broker = await start((registry) => registry.register(noResponseProduceHandler(seen)));
    const client = await connect(broker);
    const produce = (acks: number) => ({ transactionalId: null, acks, timeoutMs: 1000, topics: [] });
    client.write(
      Buffer.concat([
        requestFrame(Apis.Produce, 7, 1, produce(0)),
        requestFrame(Apis.Produce, 3, 2, produce(0)),
        requestFrame(Apis.Produce, 7, 3, produce(1)),
        requestFrame(Apis.ApiVersions, 1, 4, apiVersionsBody),
      ]),
    );
    expect(decodeResponse(Apis.Produce, 7, await client.nextFrame()).correlationId).toBe(3);
    expect(decodeResponse(Apis.ApiVersions, 1, await client.nextFrame()).correlationId).toBe(4);
    expect(seen).toEqual([1, 2, 3]);
  });

  test.each([
    ['throw', ErrorCode.UNKNOWN_SERVER_ERROR],
    ['reject', ErrorCode.UNKNOWN_SERVER_ERROR],
    ['rebalance', ErrorCode.REBALANCE_IN_PROGRESS],
    ['unencodable', ErrorCode.UNKNOWN_SERVER_ERROR],
  ])('a handler failing with %j is logged and answered through errorResponse', async (script, code) => {
    const broker = await start((registry) => registry.register(scriptedHeartbeatHandler()));
    const client = await connect(broker);
    client.write(requestFrame(Apis.Heartbeat, 0, 77, heartbeat(script), 'my-client'));
    const { correlationId, body } = decodeResponse(Apis.Heartbeat, 0, await client.nextFrame());
    expect(correlationId).toBe(77);
    expect(body.errorCode).toBe(code);
    const logged = broker.logger.matching(/^ERROR Error when handling request/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/clientId=my-client, correlationId=77, api=Heartbeat, version=0/);
    client.write(requestFrame(Apis.Heartbeat, 1, 78, heartbeat('fine')));
    expect(decodeResponse(Apis.Heartbeat, 1, await client.nextFrame()).body.errorCode).toBe(0);
  });

  test('a failing handler without errorResponse closes the connection', async () => {
    const broker = await start((registry) => registry.register(scriptedHeartbeatHandler(false)));
    const client = await connect(broker);
    client.write(requestFrame(Apis.Heartbeat, 1, 5, heartbeat('throw')));
    expect(await client.waitClosed()).toBe(true);
    expect(broker.logger.matching(/^ERROR Error when handling request: .*scripted failure/)).toHaveLength(1);
    expect(broker.logger.matching(/Closing connection .*has no error response/)).toHaveLength(1);
  });

  test('kafka-python style: ApiVersions v0 pipelined with Metadata v0 on the bootstrap connection', async () => {
    const broker = await start((registry, port) => registry.register(emptyClusterMetadataHandler('127.0.0.1', port)));
    const client = await connect(broker);
    client.write(
      Buffer.concat([
        requestFrame(Apis.ApiVersions, 0, 1, apiVersionsBody, 'kafka-python-2.0.2'),
        requestFrame(Apis.Metadata, 0, 2, {
          topics: [],
          allowAutoTopicCreation: true,
          includeClusterAuthorizedOperations: false,
          includeTopicAuthorizedOperations: false,
        }),
      ]),
    );
    expect(decodeResponse(Apis.ApiVersions, 0, await client.nextFrame()).correlationId).toBe(1);
    const metadata = decodeResponse(Apis.Metadata, 0, await client.nextFrame());
    expect(metadata.correlationId).toBe(2);
    expect(metadata.body.brokers).toEqual([{ nodeId: 0, host: '127.0.0.1', port: broker.port, rack: null }]);
  });
});
