// Test-only handlers registered with Kafka 2.4.1's ranges, so tests can exercise the framework
// (ordering, no-response, failures, real-client interop) before the real handlers exist.

import { ApiKey } from '../../../src/protocol/generated';
import { ErrorCode } from '../../../src/protocol/errors';
import { ApiError, HandlerFor, NO_RESPONSE } from '../../../src/server/apis/api-handler';
import { ApiRegistry } from '../../../src/server/apis/registry';
import { ApiDispatcher } from '../../../src/server/apis/dispatcher';
import { createApiVersionsHandler } from '../../../src/server/apis/18-api-versions';
import { SocketServer } from '../../../src/network/socket-server';
import { CapturingLogger } from '../../network/test-logger';

/** Metadata 0-9 describing a one-broker cluster with no topics; the broker is this server. */
export function emptyClusterMetadataHandler(host: string, port: () => number): HandlerFor<'Metadata'> {
  return {
    apiKey: ApiKey.Metadata,
    minVersion: 0,
    maxVersion: 9,
    handle: () => ({
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host, port: port(), rack: null }],
      clusterId: 'test-cluster-id',
      controllerId: 0,
      topics: [],
      clusterAuthorizedOperations: -2147483648,
    }),
  };
}

/**
 * Heartbeat 0-4 driven by the group id: "slow:<ms>" answers after a delay, "throw" throws a plain
 * Error, "reject" rejects, "rebalance" throws ApiError(REBALANCE_IN_PROGRESS), "unencodable" returns a
 * response that cannot be encoded (error code out of int16 range). Anything else answers NONE at once.
 */
export function scriptedHeartbeatHandler(withErrorResponse = true): HandlerFor<'Heartbeat'> {
  const handler: HandlerFor<'Heartbeat'> = {
    apiKey: ApiKey.Heartbeat,
    minVersion: 0,
    maxVersion: 4,
    handle(request) {
      const script = request.groupId;
      if (script.startsWith('slow:')) {
        const ms = Number(script.slice(5));
        return new Promise((resolve) => setTimeout(() => resolve({ throttleTimeMs: 0, errorCode: ErrorCode.NONE }), ms));
      }
      if (script === 'throw') throw new Error('scripted failure');
      if (script === 'rebalance') throw new ApiError(ErrorCode.REBALANCE_IN_PROGRESS, 'group is rebalancing');
      if (script === 'reject') return Promise.reject(new Error('scripted async failure'));
      if (script === 'unencodable') return { throttleTimeMs: 0, errorCode: 70000 }; // not an int16
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE };
    },
  };
  if (withErrorResponse) handler.errorResponse = (_request, errorCode) => ({ throttleTimeMs: 0, errorCode });
  return handler;
}

/** Produce 0-8 that never answers acks=0 requests and answers others with an empty response. */
export function noResponseProduceHandler(seen: number[]): HandlerFor<'Produce'> {
  return {
    apiKey: ApiKey.Produce,
    minVersion: 0,
    maxVersion: 8,
    handle(request, ctx) {
      seen.push(ctx.correlationId);
      if (request.acks === 0) return NO_RESPONSE;
      return { responses: [], throttleTimeMs: 0 };
    },
  };
}

export interface TestBroker {
  readonly server: SocketServer;
  readonly registry: ApiRegistry;
  readonly logger: CapturingLogger;
  readonly port: number;
}

/** A SocketServer on 127.0.0.1:0 dispatching to a registry that already holds ApiVersions. */
export async function startTestBroker(register: (registry: ApiRegistry, port: () => number) => void = () => {}): Promise<TestBroker> {
  const logger = new CapturingLogger();
  const registry = new ApiRegistry();
  registry.register(createApiVersionsHandler(registry));
  let boundPort = 0;
  register(registry, () => boundPort);
  const server = new SocketServer({
    listeners: [{ name: 'PLAINTEXT', host: '127.0.0.1', port: 0 }],
    dispatcher: new ApiDispatcher(registry, logger),
    logger,
  });
  await server.start();
  boundPort = server.boundPort('PLAINTEXT');
  return { server, registry, logger, port: boundPort };
}
