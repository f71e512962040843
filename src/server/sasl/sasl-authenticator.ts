// The server side of SASL on SASL_PLAINTEXT and SASL_SSL listeners, in front of the API
// dispatcher, as Kafka 2.4.1's SaslServerAuthenticator runs before KafkaApis sees a request.
//
// Until a connection has authenticated, only this sequence is served:
//   [ApiVersions] -> SaslHandshake -> SaslAuthenticate* (handshake v1)  or  raw tokens (handshake v0)
// Anything else closes the connection ("Unexpected Kafka request of type ... during SASL
// handshake."), as Kafka does. ApiVersions is answered by the regular handler (the full list, as
// Kafka's DEFAULT_API_VERSIONS_RESPONSE). With handshake v0 the tokens that follow are raw
// size-prefixed SASL bytes, not Kafka requests; the frame decoder reads them the same way.
//
// A failed SaslAuthenticate is answered with SASL_AUTHENTICATION_FAILED and Kafka's message, after
// connection.failed.authentication.delay.ms, then the connection closes; the broker logs
// "Failed authentication with /host (message)". An unknown mechanism gets UNSUPPORTED_SASL_MECHANISM
// and the enabled list, then the close.
//
// Re-authentication (KIP-368): once authenticated, a SaslHandshake from a client that used
// SaslAuthenticate v1 starts the exchange again with the same mechanism; the principal may not
// change. With connections.max.reauth.ms > 0 the session lifetime is sent in SaslAuthenticate v1
// and a request arriving after it expired closes the connection.

import type { Logger } from '../../common/logger';
import { userPrincipal, samePrincipal, type KafkaPrincipal } from '../../common/kafka-principal';
import type { ConnectionInfo, DispatchResult, RequestDispatcher } from '../../network/request-dispatcher';
import { ErrorCode } from '../../protocol/errors';
import { ApiKey, Apis, type ApiDefinition, type RequestHeader } from '../../protocol/generated';
import { decodeRequestHeader, writeResponseHeader } from '../../protocol/headers';
import { Reader, Writer } from '../../protocol/primitives';
import { InvalidRequestError } from '../apis/dispatcher';

/** One mechanism's server exchange (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
export interface SaslServerExchange {
  /** The next challenge for the client; throws when authentication fails. */
  evaluateResponse(token: Buffer): Buffer;
  isComplete(): boolean;
  /** The authenticated user, once complete. */
  authorizationId(): string;
}

/** What one SASL listener accepts. */
export interface SaslListenerSettings {
  /** sasl.enabled.mechanisms of the listener, in the order the handshake answer lists them. */
  readonly enabledMechanisms: readonly string[];
  createServer(mechanism: string): SaslServerExchange;
  /** connections.max.reauth.ms for a mechanism; 0 = sessions never expire. */
  maxReauthMs(mechanism: string): number;
  /** What to tell the client when the exchange throws: a message, or nothing (then the connection just closes). */
  failureMessage(error: unknown, mechanism: string, reauthenticating: boolean): string | null;
}

type State = 'handshake-or-versions' | 'handshake' | 'authenticate' | 'complete';

interface SaslConnectionState {
  state: State;
  mechanism: string | null;
  exchange: SaslServerExchange | null;
  /** Handshake v1+: tokens come wrapped in SaslAuthenticate requests. */
  kafkaHeaders: boolean;
  clientSupportsReauthentication: boolean;
  /** Set while re-authenticating: who the connection was. */
  previousPrincipal: KafkaPrincipal | null;
  sessionExpiresAtMs: number | null;
}

const NO_BYTES = Buffer.alloc(0);

export interface SaslAuthenticatorOptions {
  /** SASL listeners by (upper-case) listener name; other listeners pass straight through. */
  readonly listeners: ReadonlyMap<string, SaslListenerSettings>;
  readonly inner: RequestDispatcher;
  /** connection.failed.authentication.delay.ms */
  readonly failedAuthenticationDelayMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

export class SaslAuthenticatingDispatcher implements RequestDispatcher {
  private readonly now: () => number;

  constructor(private readonly options: SaslAuthenticatorOptions) {
    this.now = options.now ?? Date.now;
  }

  dispatch(frame: Buffer, connection: ConnectionInfo): DispatchResult | PromiseLike<DispatchResult> {
    const listener = this.options.listeners.get(connection.listenerName);
    if (listener === undefined) return this.options.inner.dispatch(frame, connection);
    const sasl = (connection.session.authState ??= newState()) as SaslConnectionState;

    if (sasl.state === 'complete') {
      if (sasl.sessionExpiresAtMs !== null && this.now() > sasl.sessionExpiresAtMs) {
        throw new InvalidRequestError('SASL session expired (connections.max.reauth.ms) without re-authentication');
      }
      if (!sasl.clientSupportsReauthentication || peekApiKey(frame) !== ApiKey.SaslHandshake) {
        return this.options.inner.dispatch(frame, connection);
      }
      sasl.previousPrincipal = connection.session.principal;
      sasl.state = 'handshake';
    }

    if (sasl.state === 'authenticate' && !sasl.kafkaHeaders) return this.rawToken(frame, connection, sasl);

    const reader = new Reader(frame);
    let header: RequestHeader;
    try {
      header = decodeRequestHeader(reader).header;
    } catch (error) {
      throw new InvalidRequestError(`invalid request header during SASL authentication: ${messageOf(error)}`);
    }
    const apiKey = header.requestApiKey;
    if (sasl.state === 'authenticate') {
      if (apiKey !== ApiKey.SaslAuthenticate) throw new InvalidRequestError(`Unexpected Kafka request of type ${apiName(apiKey)} during SASL authentication.`);
      return this.authenticate(listener, reader, header, connection, sasl);
    }
    if (apiKey === ApiKey.ApiVersions && sasl.state === 'handshake-or-versions') {
      sasl.state = 'handshake';
      return this.options.inner.dispatch(frame, connection);
    }
    if (apiKey !== ApiKey.SaslHandshake) throw new InvalidRequestError(`Unexpected Kafka request of type ${apiName(apiKey)} during SASL handshake.`);
    return this.handshake(listener, reader, header, connection, sasl);
  }

  private handshake(listener: SaslListenerSettings, reader: Reader, header: RequestHeader, connection: ConnectionInfo, sasl: SaslConnectionState): DispatchResult {
    const version = header.requestApiVersion;
    const request = decodeBody(Apis.SaslHandshake, reader, version);
    const mechanism = request.mechanism;
    const mechanisms = listener.enabledMechanisms.slice();
    if (!listener.enabledMechanisms.includes(mechanism)) {
      connection.closeAfterResponse(`Unsupported SASL mechanism ${mechanism}`);
      return encode(Apis.SaslHandshake, header, { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms });
    }
    if (sasl.previousPrincipal !== null && mechanism !== sasl.mechanism) {
      connection.closeAfterResponse(`SASL mechanism '${mechanism}' requested by client is not supported for re-authentication of mechanism '${sasl.mechanism}'`);
    }
    sasl.mechanism = mechanism;
    sasl.exchange = listener.createServer(mechanism);
    sasl.kafkaHeaders = version >= 1;
    sasl.state = 'authenticate';
    return encode(Apis.SaslHandshake, header, { errorCode: ErrorCode.NONE, mechanisms });
  }

  private authenticate(
    listener: SaslListenerSettings,
    reader: Reader,
    header: RequestHeader,
    connection: ConnectionInfo,
    sasl: SaslConnectionState,
  ): DispatchResult | Promise<DispatchResult> {
    const version = header.requestApiVersion;
    if (version > Apis.SaslAuthenticate.request.maxVersion) {
      throw new InvalidRequestError(`Version ${version} is not supported for apiKey SASL_AUTHENTICATE`);
    }
    const request = decodeBody(Apis.SaslAuthenticate, reader, version);
    if (version > 0) sasl.clientSupportsReauthentication = true;
    let challenge: Buffer;
    try {
      challenge = this.evaluate(sasl, connection, request.authBytes);
    } catch (error) {
      return this.failed(listener, header, connection, sasl, error);
    }
    const lifetimeMs = sasl.state === 'complete' ? this.startSession(listener, sasl) : 0;
    return encode(Apis.SaslAuthenticate, header, { errorCode: ErrorCode.NONE, errorMessage: null, authBytes: challenge, sessionLifetimeMs: BigInt(lifetimeMs) });
  }

  /** Runs the exchange on one token; on completion sets the principal and the state. */
  private evaluate(sasl: SaslConnectionState, connection: ConnectionInfo, token: Buffer): Buffer {
    const exchange = sasl.exchange!;
    const challenge = exchange.evaluateResponse(token);
    if (exchange.isComplete()) {
      const principal = userPrincipal(exchange.authorizationId());
      if (sasl.previousPrincipal !== null && !samePrincipal(sasl.previousPrincipal, principal)) {
        const before = sasl.previousPrincipal;
        throw new ReauthenticationPrincipalChange(
          `Cannot change principals during re-authentication from ${before.principalType}.${before.name}: ${principal.principalType}.${principal.name}`,
        );
      }
      connection.session.principal = principal;
      sasl.state = 'complete';
      sasl.previousPrincipal = null;
    }
    return challenge;
  }

  private startSession(listener: SaslListenerSettings, sasl: SaslConnectionState): number {
    const lifetimeMs = Math.max(0, listener.maxReauthMs(sasl.mechanism!));
    sasl.sessionExpiresAtMs = lifetimeMs > 0 ? this.now() + lifetimeMs : null;
    return lifetimeMs;
  }

  private failed(
    listener: SaslListenerSettings,
    header: RequestHeader,
    connection: ConnectionInfo,
    sasl: SaslConnectionState,
    error: unknown,
  ): Promise<DispatchResult> {
    const reauthenticating = sasl.previousPrincipal !== null;
    const text = reauthenticating ? 're-authentication' : 'authentication';
    const message = error instanceof ReauthenticationPrincipalChange ? error.message : listener.failureMessage(error, sasl.mechanism!, reauthenticating);
    if (message === null) {
      this.options.logger.info(`Failed ${text} with /${connection.clientHost} (${messageOf(error)})`);
      throw new InvalidRequestError(`SASL ${text} failed: ${messageOf(error)}`);
    }
    const cause = messageOf(error) === message ? '' : `; the mechanism said: ${messageOf(error)}`;
    this.options.logger.info(`Failed authentication with /${connection.clientHost} (${message})${cause}`);
    connection.closeAfterResponse(`failed ${text} with SASL mechanism ${sasl.mechanism}`);
    const response = encode(Apis.SaslAuthenticate, header, {
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: message,
      authBytes: NO_BYTES,
      sessionLifetimeMs: 0n,
    });
    return delay(this.options.failedAuthenticationDelayMs, response);
  }

  /** Handshake v0: the frame is the SASL token itself and so is the answer. */
  private rawToken(frame: Buffer, connection: ConnectionInfo, sasl: SaslConnectionState): DispatchResult {
    try {
      const challenge = this.evaluate(sasl, connection, frame);
      if (sasl.state === 'complete') sasl.sessionExpiresAtMs = null; // no way to tell a v0 client its lifetime
      return [challenge];
    } catch (error) {
      // Kafka has no way to send an error here: it closes the connection.
      this.options.logger.info(`Failed authentication with /${connection.clientHost} (${messageOf(error)})`);
      throw new InvalidRequestError(`SASL authentication failed: ${messageOf(error)}`);
    }
  }
}

class ReauthenticationPrincipalChange extends Error {}

function newState(): SaslConnectionState {
  return {
    state: 'handshake-or-versions',
    mechanism: null,
    exchange: null,
    kafkaHeaders: false,
    clientSupportsReauthentication: false,
    previousPrincipal: null,
    sessionExpiresAtMs: null,
  };
}

function peekApiKey(frame: Buffer): number {
  return frame.length >= 2 ? frame.readInt16BE(0) : -1;
}

function apiName(apiKey: number): string {
  return Object.values(Apis).find((api) => api.apiKey === apiKey)?.name ?? String(apiKey);
}

function decodeBody<Req, Res>(api: ApiDefinition<Req, Res>, reader: Reader, version: number): Req {
  try {
    return api.request.decode(reader, version);
  } catch (error) {
    throw new InvalidRequestError(`error parsing ${api.name} v${version} during SASL authentication: ${messageOf(error)}`);
  }
}

function encode<Req, Res>(api: ApiDefinition<Req, Res>, header: RequestHeader, response: Res): Buffer[] {
  const w = new Writer();
  writeResponseHeader(w, api.apiKey, header.requestApiVersion, header.correlationId);
  api.response.encode(w, response, header.requestApiVersion);
  return w.toBuffers();
}

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value), Math.max(0, ms)));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
