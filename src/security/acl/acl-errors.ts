// The failures the ACL operations report, as the Java exceptions Kafka 2.4.1 builds: each carries
// its error code, its class (kafka-acls prints it) and its message. What goes on the wire follows
// ApiError.fromThrowable: the message, unless it is the code's generic one (then null).

import { ErrorCode } from '../../protocol/errors';

export class AclOperationError extends Error {
  override readonly name = 'AclOperationError';
  constructor(
    readonly errorCode: number,
    message: string,
    /** e.g. org.apache.kafka.common.errors.InvalidRequestException */
    readonly javaClass: string,
    /** Throwable.getCause: SimpleAclAuthorizer rethrows the cause of what AclAuthorizer reports. */
    readonly javaCause: unknown = undefined,
  ) {
    super(message);
  }

  /** The error message a response carries for this failure. */
  get apiMessage(): string | null {
    return GENERIC_MESSAGES.get(this.errorCode) === this.message ? null : this.message;
  }

  /** Throwable.toString */
  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

const ERRORS = 'org.apache.kafka.common.errors.';

/** Errors' default messages of the codes the ACL operations answer. */
const GENERIC_MESSAGES: ReadonlyMap<number, string> = new Map([
  [ErrorCode.UNKNOWN_SERVER_ERROR, 'The server experienced an unexpected error when processing the request.'],
  [ErrorCode.UNSUPPORTED_VERSION, 'The version of API is not supported.'],
  [
    ErrorCode.INVALID_REQUEST,
    'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
  ],
  [ErrorCode.SECURITY_DISABLED, 'Security features are disabled.'],
  [ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed.'],
]);

export function invalidRequest(message: string, cause?: unknown): AclOperationError {
  return new AclOperationError(ErrorCode.INVALID_REQUEST, message, `${ERRORS}InvalidRequestException`, cause);
}

export function unsupportedVersion(message: string): AclOperationError {
  return new AclOperationError(ErrorCode.UNSUPPORTED_VERSION, message, `${ERRORS}UnsupportedVersionException`);
}

/**
 * `new ApiException(cause)` around a failure that is no Kafka API error (a ZooKeeper error, a bad
 * principal): the generic ApiException, answered as UNKNOWN_SERVER_ERROR, whose message is the
 * cause's toString.
 */
export function wrappedApiException(cause: unknown): AclOperationError {
  return new AclOperationError(ErrorCode.UNKNOWN_SERVER_ERROR, javaThrowableString(cause), `${ERRORS}ApiException`, cause);
}

/** AclAuthorizer.apiException: API errors stay as they are, anything else is wrapped. */
export function asApiException(error: unknown): AclOperationError {
  return error instanceof AclOperationError ? error : wrappedApiException(error);
}

/** A plain Java exception (not an ApiException) raised inside the authorizer. */
export class JavaRuntimeError extends Error {
  override readonly name = 'JavaRuntimeError';
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }

  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

export const illegalArgument = (message: string) => new JavaRuntimeError('java.lang.IllegalArgumentException', message);
export const illegalState = (message: string) => new JavaRuntimeError('java.lang.IllegalStateException', message);

/** Throwable.toString of whatever was thrown: our Java-shaped errors as Java prints them, others by message. */
export function javaThrowableString(error: unknown): string {
  if (error instanceof AclOperationError || error instanceof JavaRuntimeError) return error.toString();
  const javaClass = (error as { javaClass?: unknown })?.javaClass;
  if (error instanceof Error && typeof javaClass === 'string') return `${javaClass}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
