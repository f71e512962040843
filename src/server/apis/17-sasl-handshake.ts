// SaslHandshake (key 17), versions 0-1, as KafkaApis answers it: only requests that reach the API
// layer get here, that is on a listener without SASL or on a connection already authenticated
// whose client cannot re-authenticate. The handshake itself is run by the SASL authenticator in
// front of the dispatcher (src/server/sasl/), as Kafka's SaslServerAuthenticator runs it before
// KafkaApis sees anything.

import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor } from './api-handler';

export function createSaslHandshakeHandler(): HandlerFor<'SaslHandshake'> {
  return {
    apiKey: 17,
    minVersion: 0,
    maxVersion: 1,
    handle: () => ({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] }),
    errorResponse: (_request, errorCode) => ({ errorCode, mechanisms: [] }),
  };
}
