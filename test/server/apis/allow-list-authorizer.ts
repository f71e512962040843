// A small Authorizer for handler tests: it stands in for the ACL table (the ZooKeeper ACL
// authorizer is tested on its own), allowing exactly the "Type:name:Operation" entries it was
// given, e.g. "Topic:t:Write", "Cluster:kafka-cluster:ClusterAction". It implies nothing (not even
// Describe from Read) so each test states precisely what is allowed, and it records every action
// it was asked, with the logging flags and reference counts, for tests to check what a handler asks.

import type { AuthorizationAction, AuthorizationRequester, Authorizer } from '../../../src/security/authorizer';
import { OPERATION_NAMES, RESOURCE_TYPE_NAMES } from '../../../src/security/acl/acl-types';
import type { ConnectionIdentity, ConnectionInfo } from '../../../src/network/request-dispatcher';
import { RequestContext, type ApiHandler } from '../../../src/server/apis/api-handler';
import { ApiRegistry } from '../../../src/server/apis/registry';
import { ApiDispatcher } from '../../../src/server/apis/dispatcher';
import { userPrincipal } from '../../../src/common/kafka-principal';
import type { ApiDefinition } from '../../../src/protocol/generated';
import { decodeResponse, requestFrame } from '../../network/raw-kafka-client';
import { CapturingLogger } from '../../network/test-logger';

export interface AskedAction {
  /** "Type:name:Operation" as given to the constructor. */
  entry: string;
  allowed: boolean;
  logIfAllowed: boolean | undefined;
  logIfDenied: boolean | undefined;
  count: number | undefined;
}

export class AllowListAuthorizer implements Authorizer {
  readonly asked: AskedAction[] = [];
  private readonly allowed: Set<string>;

  constructor(allowed: Iterable<string> = []) {
    this.allowed = new Set(allowed);
  }

  authorize(_requester: AuthorizationRequester, actions: readonly AuthorizationAction[]): boolean[] {
    return actions.map((a) => {
      const entry = `${RESOURCE_TYPE_NAMES.get(a.resourceType)}:${a.resourceName}:${OPERATION_NAMES.get(a.operation)}`;
      const allowed = this.allowed.has(entry);
      this.asked.push({ entry, allowed, logIfAllowed: a.logIfAllowed, logIfDenied: a.logIfDenied, count: a.resourceReferenceCount });
      return allowed;
    });
  }

  /** The entries asked, in order. */
  entries(): string[] {
    return this.asked.map((a) => a.entry);
  }
}

const CONNECTION: ConnectionIdentity = { listenerName: 'PLAINTEXT', clientHost: '127.0.0.1', clientPort: 1, connectionId: 'c' };

/** A request context for `apiKey` at `version`, asking `authorizer` (none: everything allowed). */
export function contextFor(apiKey: number, version: number, authorizer: Authorizer | null = null, clientId = 'test'): RequestContext {
  return new RequestContext({ requestApiKey: apiKey, requestApiVersion: version, correlationId: 1, clientId }, CONNECTION, authorizer, 'Test');
}

/**
 * One request through the real dispatcher, as principal User:alice over PLAINTEXT: encoded, handled
 * (a thrown error becomes the handler's error response, as on the wire) and decoded; null when the
 * dispatcher wrote no response. The logger holds what the dispatcher logged.
 */
export async function dispatch<Req, Res>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: ApiHandler<any, any>,
  api: ApiDefinition<Req, Res>,
  version: number,
  body: Req,
  authorizer: Authorizer | null,
): Promise<{ body: Res | null; logger: CapturingLogger }> {
  const registry = new ApiRegistry().register(handler);
  const logger = new CapturingLogger();
  const dispatcher = new ApiDispatcher(registry, logger, undefined, authorizer);
  const connection: ConnectionInfo = {
    ...CONNECTION,
    connectionId: '127.0.0.1:9092-127.0.0.1:50000-0',
    session: { securityProtocol: 'PLAINTEXT', principal: userPrincipal('alice'), peerCertificate: null, authState: null },
    throttle: () => undefined,
    closeAfterResponse: () => undefined,
  };
  const result = await dispatcher.dispatch(requestFrame(api, version, 7, body).subarray(4), connection);
  if (result === null) return { body: null, logger };
  return { body: decodeResponse(api, version, Buffer.concat(result)).body, logger };
}
