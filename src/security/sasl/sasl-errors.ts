// How a SASL exchange fails, in the three kinds Kafka 2.4.1's SaslServerAuthenticator tells apart
// when SaslServer.evaluateResponse throws during SaslAuthenticate:
//  - SaslAuthenticationException: SASL_AUTHENTICATION_FAILED (58) with the exception's message;
//  - javax.security.sasl.SaslException: SASL_AUTHENTICATION_FAILED with a fixed message that hides
//    why ("Authentication failed during authentication due to invalid credentials with SASL
//    mechanism X"), because the reason may say whether the user exists;
//  - anything else (IllegalSaslStateException, a malformed proof's IllegalArgumentException, ...):
//    no response at all, the connection is closed.
// After a handshake v0 (raw tokens, no SaslAuthenticate) every failure just closes the connection.

import { ErrorCode } from '../../protocol/errors';

/** Kafka's SaslAuthenticationException: the message is what the client is told. */
export class SaslAuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaslAuthenticationError';
  }
}

/** Kafka's SaslException: the message is for the broker's log only. */
export class SaslError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaslError';
  }
}

/** Kafka's IllegalSaslStateException: a token where none was expected. */
export class IllegalSaslStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalSaslStateError';
  }
}

/** What a SaslAuthenticate failure is answered with. */
export type SaslFailureAnswer =
  | { readonly respond: true; readonly errorCode: number; readonly errorMessage: string }
  /** Kafka sends nothing and closes the connection. */
  | { readonly respond: false };

/** SaslServerAuthenticator.handleSaslToken's answer to an error thrown by evaluateResponse. */
export function saslAuthenticateFailure(error: unknown, mechanism: string, reauthenticating = false): SaslFailureAnswer {
  if (error instanceof SaslAuthenticationError) return { respond: true, errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: error.message };
  if (error instanceof SaslError) {
    const during = reauthenticating ? 're-authentication' : 'authentication';
    return {
      respond: true,
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: `Authentication failed during ${during} due to invalid credentials with SASL mechanism ${mechanism}`,
    };
  }
  return { respond: false };
}

/** The message to send when it is the error's own (SaslAuthenticationError), else null (the fixed message, or no answer). */
export function authenticationFailureMessage(error: unknown): string | null {
  return error instanceof SaslAuthenticationError ? error.message : null;
}
