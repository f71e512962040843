// Request/response header versions and convenience codecs on top of the generated header codecs.
//
// The header version is not on the wire: both sides derive it from (apiKey, apiVersion). A flexible
// api version uses request header v2 / response header v1, otherwise v1 / v0, with two exceptions
// Kafka makes: ControlledShutdown v0 requests use header v0 (no client id), and ApiVersions
// responses always use header v0 so that a client that sent a too-new ApiVersions request can
// still read the error in the reply.

import { apiDefinition, ApiKey } from './generated';
import { RequestHeader, decodeRequestHeader as decodeRequestHeaderAt, encodeRequestHeader } from './generated/request-header';
import { ResponseHeader, decodeResponseHeader, encodeResponseHeader } from './generated/response-header';
import { Reader } from './primitives/reader';
import { Writer } from './primitives/writer';

/**
 * Whether `apiVersion` of `apiKey` is a flexible version. Versions above the maximum we know count
 * as flexible when the API has flexible versions at all, as Kafka's generated code decides: that is
 * what a newer client sends, and the broker must read its header to answer.
 */
function isFlexible(apiKey: number, apiVersion: number, side: 'request' | 'response'): boolean {
  const first = apiDefinition(apiKey)?.[side].firstFlexibleVersion;
  return first !== undefined && first !== null && apiVersion >= first;
}

export function requestHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.ControlledShutdown && apiVersion === 0) return 0;
  return isFlexible(apiKey, apiVersion, 'request') ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): number {
  if (apiKey === ApiKey.ApiVersions) return 0;
  return isFlexible(apiKey, apiVersion, 'response') ? 1 : 0;
}

export interface DecodedRequestHeader {
  readonly header: RequestHeader;
  /** The header version that was used, derived from apiKey and apiVersion. */
  readonly headerVersion: number;
}

/**
 * Reads a request header from the start of a request frame: it peeks at apiKey and apiVersion,
 * derives the header version and then decodes the whole header. An unknown apiKey is read as
 * header v1; the broker then closes the connection anyway.
 */
export function decodeRequestHeader(r: Reader): DecodedRequestHeader {
  if (r.remaining < 4) throw r.error('truncated request header');
  const apiKey = r.buffer.readInt16BE(r.position);
  const apiVersion = r.buffer.readInt16BE(r.position + 2);
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  return { header: decodeRequestHeaderAt(r, headerVersion), headerVersion };
}

/** Writes a request header in the version its apiKey/apiVersion call for. */
export function writeRequestHeader(w: Writer, header: RequestHeader): void {
  encodeRequestHeader(w, header, requestHeaderVersion(header.requestApiKey, header.requestApiVersion));
}

/** Writes the response header for a response to (apiKey, apiVersion). */
export function writeResponseHeader(w: Writer, apiKey: number, apiVersion: number, correlationId: number): void {
  encodeResponseHeader(w, { correlationId }, responseHeaderVersion(apiKey, apiVersion));
}

/** Reads the response header of a response to (apiKey, apiVersion) (client side). */
export function readResponseHeader(r: Reader, apiKey: number, apiVersion: number): ResponseHeader {
  return decodeResponseHeader(r, responseHeaderVersion(apiKey, apiVersion));
}
