// ApiVersions (key 18), versions 0-3, answered from the registry so it always lists exactly the
// registered handlers with Kafka 2.4.1's ranges; throttle_time_ms is always 0.
//
// Kafka 2.4.1 behaviour mirrored (RequestContext, ApiVersionsRequest, KafkaApis at tag 2.4.1):
// - a version outside 0-3 (KIP-511) is not parsed: the answer is a v0 response with
//   UNSUPPORTED_VERSION (35) and an ApiKeys array holding only ApiVersions' own range (18, 0-3);
//   the response header is v0 as for every ApiVersions response;
// - v3: ClientSoftwareName and ClientSoftwareVersion must both match
//   [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])? (whole string), else INVALID_REQUEST (42) with an
//   empty ApiKeys array.
// Omitted: Kafka filters the list by the inter-broker message format (record version < 2 hides
// newer APIs); we always run with the v2 format, which filters nothing.

import { ApiKey } from '../../protocol/generated';
import { ErrorCode } from '../../protocol/errors';
import type { HandlerFor, RequestContext, ResponseOf } from './api-handler';
import type { ApiRegistry } from './registry';

const API_VERSIONS_MIN = 0;
const API_VERSIONS_MAX = 3;

/** Java's Pattern.matches over the whole string: alphanumerics, inner dots and dashes. */
const SOFTWARE_NAME_OR_VERSION = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

type ApiVersionsResponse = ResponseOf<'ApiVersions'>;

function errorResponse(errorCode: number): ApiVersionsResponse {
  return {
    errorCode,
    // Since Kafka 2.4 (KIP-511) an UNSUPPORTED_VERSION answer tells the client which ApiVersions
    // versions exist, so it can retry with one of them.
    apiKeys:
      errorCode === ErrorCode.UNSUPPORTED_VERSION
        ? [{ apiKey: ApiKey.ApiVersions, minVersion: API_VERSIONS_MIN, maxVersion: API_VERSIONS_MAX }]
        : [],
    throttleTimeMs: 0,
  };
}

export function createApiVersionsHandler(registry: ApiRegistry): HandlerFor<'ApiVersions'> {
  return {
    apiKey: ApiKey.ApiVersions,
    minVersion: API_VERSIONS_MIN,
    maxVersion: API_VERSIONS_MAX,

    handle(request, ctx: RequestContext) {
      if (
        ctx.apiVersion >= 3 &&
        !(SOFTWARE_NAME_OR_VERSION.test(request.clientSoftwareName) && SOFTWARE_NAME_OR_VERSION.test(request.clientSoftwareVersion))
      ) {
        return errorResponse(ErrorCode.INVALID_REQUEST);
      }
      return { errorCode: ErrorCode.NONE, apiKeys: registry.advertisedVersions().slice(), throttleTimeMs: 0 };
    },

    errorResponse(_request, errorCode) {
      return errorResponse(errorCode);
    },

    unsupportedVersionResponse: {
      responseVersion: 0,
      build: () => errorResponse(ErrorCode.UNSUPPORTED_VERSION),
    },
  };
}
