// SaslAuthenticate (key 36), versions 0-1, as KafkaApis answers it: a SaslAuthenticate that reaches
// the API layer came on a listener without SASL or after authentication finished. The exchange
// itself is the SASL authenticator's (src/server/sasl/).

import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor } from './api-handler';

const NO_BYTES = Buffer.alloc(0);

export function createSaslAuthenticateHandler(): HandlerFor<'SaslAuthenticate'> {
  return {
    apiKey: 36,
    minVersion: 0,
    maxVersion: 1,
    handle: () => ({
      errorCode: ErrorCode.ILLEGAL_SASL_STATE,
      errorMessage: 'SaslAuthenticate request received after successful authentication',
      authBytes: NO_BYTES,
      sessionLifetimeMs: 0n,
    }),
    errorResponse: (_request, errorCode) => ({ errorCode, errorMessage: null, authBytes: NO_BYTES, sessionLifetimeMs: 0n }),
  };
}
