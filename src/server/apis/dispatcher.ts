// Joins the network layer to the handlers: request header → registry → body codec → handler →
// response header + body codec at the request's version → the Writer's buffers.
//
// What closes the connection (the network layer logs the thrown message once and closes only that
// connection), as Kafka 2.4.1's SocketServer does on InvalidRequestException:
// - a header that cannot be parsed, an api key with no registered handler;
// - a version outside the handler's range, except ApiVersions, whose handler answers per KIP-511
//   without parsing the body (`unsupportedVersionResponse`);
// - a body the codec cannot decode. Bytes left after the body are ignored, as Kafka 2.4.1 does
//   (its Schema.read stops after the last field and nobody checks the remainder).
//
// A handler that throws or rejects (or returns something its version cannot encode) is logged
// at error level with the request summary, like KafkaApis.handleError; the client then gets the
// handler's errorResponse with UNKNOWN_SERVER_ERROR (or the code of a thrown ApiError), the
// counterpart of Kafka's getErrorResponse. A handler without errorResponse, or one returning null
// (acks=0 Produce in Kafka), makes the connection close instead: there is no generic way to build
// a well-formed error body for every API, and a closed connection is what Kafka does when it has
// no response to give.
//
// Client quotas (src/server/quota): the dispatcher tells the request quota when a request starts,
// when its handler's synchronous part returns, and each response before it is encoded, where the
// request quota sets throttle_time_ms and mutes the connection (Produce and Fetch apply their
// byte rates themselves).
//
// Hot path: no closures per request, the body is decoded by a Reader over the frame (byte fields
// stay views of it), responses are left as the Writer's chunk list.

import type { Logger } from '../../common/logger';
import { silentLogger } from '../../common/logger';
import type { ConnectionInfo, DispatchResult, RequestDispatcher } from '../../network/request-dispatcher';
import { ErrorCode } from '../../protocol/errors';
import { decodeRequestHeader, writeResponseHeader } from '../../protocol/headers';
import { Reader, Writer } from '../../protocol/primitives';
import { ApiError, HandlerResult, NO_RESPONSE, RequestContext } from './api-handler';
import type { ApiRegistry, RegisteredApi } from './registry';
import type { RequestMetrics } from '../../metrics/request-metrics';
import type { Authorizer } from '../../security/authorizer';
import type { RequestQuotaHook } from '../quota/client-quotas';

/** Thrown to make the network layer close the connection (Kafka's InvalidRequestException). */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
}

export class ApiDispatcher implements RequestDispatcher {
  constructor(
    private readonly registry: ApiRegistry,
    private readonly logger: Logger = silentLogger,
    /** RequestsPerSec and TotalTimeMs per API; none in tests that don't look. */
    private readonly metrics?: RequestMetrics,
    /** authorizer.class.name's authorizer, handed to every request's context; null allows all. */
    private readonly authorizer: Authorizer | null = null,
    /** The client quotas' request quota (throttle_time_ms and muting on every response); none in tests that don't look. */
    private readonly quotas: RequestQuotaHook | null = null,
  ) {}

  dispatch(frame: Buffer, connection: ConnectionInfo): DispatchResult | Promise<DispatchResult> {
    const reader = new Reader(frame);
    let header;
    try {
      header = decodeRequestHeader(reader).header;
    } catch (error) {
      throw new InvalidRequestError(`error parsing request header: ${messageOf(error)}`);
    }
    const apiKey = header.requestApiKey;
    const api = this.registry.lookup(apiKey);
    if (api === undefined) throw new InvalidRequestError(`unknown API key ${apiKey}`);

    const handler = api.handler;
    const ctx = new RequestContext(header, connection, this.authorizer, api.definition.name);
    this.quotas?.requestStarted(ctx, frame.length);
    const version = header.requestApiVersion;
    if (version < handler.minVersion || version > handler.maxVersion) {
      const fallback = handler.unsupportedVersionResponse;
      if (fallback === undefined) {
        throw new InvalidRequestError(
          `unsupported version ${version} of ${api.definition.name} (supported ${handler.minVersion}-${handler.maxVersion}); ` +
            `clientId=${header.clientId}, correlationId=${header.correlationId}`,
        );
      }
      return this.encode(api, ctx, fallback.responseVersion, fallback.build(ctx));
    }

    let request: unknown;
    try {
      request = api.definition.request.decode(reader, version);
    } catch (error) {
      throw new InvalidRequestError(
        `error getting request for apiKey: ${api.definition.name}, apiVersion: ${version}, ` +
          `clientId=${header.clientId}, correlationId=${header.correlationId}: ${messageOf(error)}`,
      );
    }

    // One clock read at each end of a request, none per record.
    const startMs = this.metrics === undefined ? 0 : performance.now();
    let result: HandlerResult<unknown> | Promise<HandlerResult<unknown>>;
    try {
      result = handler.handle(request, ctx);
    } catch (error) {
      this.quotas?.handlerReturned(ctx);
      return this.measured(ctx, request, startMs, this.handlerFailed(api, request, ctx, error));
    }
    this.quotas?.handlerReturned(ctx);
    if (result instanceof Promise) return this.finishAsync(api, request, ctx, result, startMs);
    return this.measured(ctx, request, startMs, result === NO_RESPONSE ? null : this.encodeResponse(api, request, ctx, result));
  }

  /** Records the request in the metrics and passes its response on. */
  private measured(ctx: RequestContext, request: unknown, startMs: number, response: DispatchResult): DispatchResult {
    this.metrics?.record(ctx.apiKey, ctx.apiVersion, request, performance.now() - startMs);
    return response;
  }

  private async finishAsync(
    api: RegisteredApi,
    request: unknown,
    ctx: RequestContext,
    pending: Promise<HandlerResult<unknown>>,
    startMs: number,
  ): Promise<DispatchResult> {
    let result: HandlerResult<unknown>;
    try {
      result = await pending;
    } catch (error) {
      return this.measured(ctx, request, startMs, this.handlerFailed(api, request, ctx, error));
    }
    return this.measured(ctx, request, startMs, result === NO_RESPONSE ? null : this.encodeResponse(api, request, ctx, result));
  }

  /** Encodes a handler's response; a response its version cannot express is a handler failure. */
  private encodeResponse(api: RegisteredApi, request: unknown, ctx: RequestContext, response: unknown): DispatchResult {
    try {
      return this.encode(api, ctx, ctx.apiVersion, response);
    } catch (error) {
      return this.handlerFailed(api, request, ctx, error);
    }
  }

  private encode(api: RegisteredApi, ctx: RequestContext, responseVersion: number, response: unknown): Buffer[] {
    // Every response passes here, error responses included, as every KafkaApis answer passes sendResponseMaybeThrottle.
    this.quotas?.beforeEncode(ctx, response, responseVersion);
    const w = new Writer();
    writeResponseHeader(w, ctx.apiKey, responseVersion, ctx.correlationId);
    api.definition.response.encode(w, response, responseVersion);
    return w.toBuffers();
  }

  private handlerFailed(api: RegisteredApi, request: unknown, ctx: RequestContext, error: unknown): DispatchResult {
    this.logger.error(
      `Error when handling request: ${ctx.describe(api.definition.name)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    const errorCode = error instanceof ApiError ? error.errorCode : ErrorCode.UNKNOWN_SERVER_ERROR;
    const errorResponse = api.handler.errorResponse;
    if (errorResponse === undefined) {
      throw new InvalidRequestError(`${api.definition.name} handler failed and has no error response: ${messageOf(error)}`);
    }
    let response: unknown;
    let encoded: Buffer[];
    try {
      response = errorResponse.call(api.handler, request, errorCode, ctx);
      if (response === null) {
        throw new InvalidRequestError(`${api.definition.name} handler failed and has no response to give: ${messageOf(error)}`);
      }
      encoded = this.encode(api, ctx, ctx.apiVersion, response);
    } catch (secondError) {
      if (secondError instanceof InvalidRequestError) throw secondError;
      throw new InvalidRequestError(
        `${api.definition.name} handler failed (${messageOf(error)}) and so did its error response (${messageOf(secondError)})`,
      );
    }
    return encoded;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
