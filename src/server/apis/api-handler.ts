// What an API handler is: the request context it gets, the shape it registers with, and the
// NO_RESPONSE marker. Each API lives in its own file `NN-name.ts` (DESIGN principle 2) exporting
// an ApiHandler; the ApiRegistry checks its version range against Kafka 2.4.1's.

import { ANONYMOUS_PRINCIPAL, type KafkaPrincipal } from '../../common/kafka-principal';
import type { ConnectionIdentity, ConnectionInfo } from '../../network/request-dispatcher';
import type { AclOperation, ResourceType } from '../../security/acl/acl-types';
import type { AuthorizationAction, Authorizer } from '../../security/authorizer';
import type { Apis, RequestHeader } from '../../protocol/generated';
import type { ApiDefinition } from '../../protocol/generated';

/** Returned by a handler when no response must be written (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('NO_RESPONSE');
export type NoResponse = typeof NO_RESPONSE;

/** Everything a handler may know about the request besides its body (Kafka's RequestContext). */
export class RequestContext {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly listenerName: string;
  readonly clientHost: string;
  readonly clientPort: number;
  readonly connectionId: string;
  /** Who sent the request: ANONYMOUS unless TLS or SASL authenticated the connection. */
  readonly principal: KafkaPrincipal;

  constructor(
    readonly header: RequestHeader,
    /** A real connection; handler tests may pass just its identity (then PLAINTEXT, ANONYMOUS). */
    readonly connection: ConnectionIdentity & Partial<ConnectionInfo>,
    /** `authorizer.class.name`'s authorizer; none allows everything, as in Kafka. */
    readonly authorizer: Authorizer | null = null,
    /** The API's name, for the authorizer log. */
    readonly apiName = '',
  ) {
    this.apiKey = header.requestApiKey;
    this.apiVersion = header.requestApiVersion;
    this.correlationId = header.correlationId;
    this.clientId = header.clientId;
    this.listenerName = connection.listenerName;
    this.clientHost = connection.clientHost;
    this.clientPort = connection.clientPort;
    this.connectionId = connection.connectionId;
    this.principal = connection.session?.principal ?? ANONYMOUS_PRINCIPAL;
  }

  /** KafkaApis.authorize: may this request's principal do `operation` on the named resource? */
  authorize(
    operation: AclOperation,
    resourceType: ResourceType,
    resourceName: string,
    options: Pick<AuthorizationAction, 'logIfAllowed' | 'logIfDenied' | 'resourceReferenceCount'> = {},
  ): boolean {
    if (this.authorizer === null) return true;
    return this.authorizer.authorize(this, [{ operation, resourceType, resourceName, ...options }])[0]!;
  }

  /** Several checks at once, one answer each (KafkaApis.filterAuthorized's building block). */
  authorizeAll(actions: readonly AuthorizationAction[]): boolean[] {
    if (this.authorizer === null) return actions.map(() => true);
    return this.authorizer.authorize(this, actions);
  }

  /** One line identifying the request, for logs. */
  describe(apiName: string): string {
    return (
      `clientId=${this.clientId}, correlationId=${this.correlationId}, api=${apiName}, ` +
      `version=${this.apiVersion}, connectionId=${this.connectionId}, listener=${this.listenerName}`
    );
  }
}

/**
 * A Kafka error a handler may throw to make the dispatcher answer with that code through the
 * handler's errorResponse (Kafka's ApiException + Errors.forException). Any other exception is
 * answered as UNKNOWN_SERVER_ERROR.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export type HandlerResult<Res> = Res | NoResponse;

export interface ApiHandler<Req, Res> {
  readonly apiKey: number;
  /** Must equal Kafka 2.4.1's range for apiKey (the registry checks). */
  readonly minVersion: number;
  readonly maxVersion: number;
  handle(request: Req, ctx: RequestContext): HandlerResult<Res> | Promise<HandlerResult<Res>>;
  /**
   * Kafka's AbstractRequest.getErrorResponse: the response carrying `errorCode` everywhere it
   * applies, used when `handle` throws. Returning null (as Kafka does for acks=0 Produce), or not
   * having this method, makes the dispatcher close the connection instead.
   */
  errorResponse?(request: Req, errorCode: number, ctx: RequestContext): Res | null;
  /**
   * KIP-511, ApiVersions only: the answer to a request whose version is outside the range,
   * built without parsing the body and encoded at `responseVersion`. Without it, an unsupported
   * version closes the connection, as for every other API in Kafka.
   */
  readonly unsupportedVersionResponse?: {
    readonly responseVersion: number;
    build(ctx: RequestContext): Res;
  };
}

/** Names of the APIs in the generated table, e.g. 'Metadata'. */
export type ApiName = keyof typeof Apis;
export type RequestOf<K extends ApiName> = (typeof Apis)[K] extends ApiDefinition<infer Req, unknown> ? Req : never;
export type ResponseOf<K extends ApiName> = (typeof Apis)[K] extends ApiDefinition<unknown, infer Res> ? Res : never;
/** The handler type for a named API, with its generated request and response types. */
export type HandlerFor<K extends ApiName> = ApiHandler<RequestOf<K>, ResponseOf<K>>;
