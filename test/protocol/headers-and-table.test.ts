// Header version rules, header decoding, the API table, and codec-level malformed input.

import {
  API_BY_KEY,
  ApiKey,
  Apis,
  apiDefinition,
  decodeApiVersionsResponse,
  decodeCreateTopicsResponse,
  decodeMetadataResponse,
  encodeApiVersionsResponse,
  encodeMetadataRequest,
} from '../../src/protocol/generated';
import { decodeRequestHeader, requestHeaderVersion, responseHeaderVersion } from '../../src/protocol/headers';
import { ProtocolDecodeError, ProtocolEncodeError, Reader, Writer } from '../../src/protocol/primitives';
import { hex } from './helpers/hex';

describe('header versions', () => {
  test('flexible api versions use request header 2 and response header 1', () => {
    expect(requestHeaderVersion(ApiKey.Metadata, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Metadata, 9)).toBe(2);
    expect(responseHeaderVersion(ApiKey.Metadata, 8)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Metadata, 9)).toBe(1);
  });

  test('ApiVersions responses always use header v0', () => {
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    // A too-new ApiVersions request still has a flexible header.
    expect(requestHeaderVersion(ApiKey.ApiVersions, 9)).toBe(2);
  });

  test('ControlledShutdown v0 uses request header v0', () => {
    expect(requestHeaderVersion(ApiKey.ControlledShutdown, 0)).toBe(0);
    expect(requestHeaderVersion(ApiKey.ControlledShutdown, 1)).toBe(1);
  });

  test('APIs without flexible versions and unknown keys use header v1/v0', () => {
    expect(requestHeaderVersion(ApiKey.OffsetDelete, 0)).toBe(1);
    expect(requestHeaderVersion(999, 5)).toBe(1);
    expect(responseHeaderVersion(999, 5)).toBe(0);
  });

  test('decodeRequestHeader reads header v0, v1 and an unknown key', () => {
    const v0 = decodeRequestHeader(new Reader(hex('0007 0000 00000009')));
    expect(v0).toEqual({ headerVersion: 0, header: { requestApiKey: 7, requestApiVersion: 0, correlationId: 9, clientId: '' } });
    const unknown = decodeRequestHeader(new Reader(hex('03e7 0001 00000009 ffff')));
    expect(unknown.headerVersion).toBe(1);
    expect(unknown.header.clientId).toBeNull();
  });

  test('a truncated header throws ProtocolDecodeError', () => {
    expect(() => decodeRequestHeader(new Reader(hex('0012')))).toThrow(ProtocolDecodeError);
    expect(() => decodeRequestHeader(new Reader(hex('0012 0003 00000001 0003 63')))).toThrow(ProtocolDecodeError);
  });
});

describe('API table', () => {
  test('has every Kafka 2.4 api key 0..47 with its version ranges', () => {
    expect(API_BY_KEY).toHaveLength(48);
    API_BY_KEY.forEach((api, key) => {
      expect(api?.apiKey).toBe(key);
      expect(api!.request.minVersion).toBeLessThanOrEqual(api!.request.maxVersion);
    });
    expect(apiDefinition(48)).toBeUndefined();
    expect(Apis.Produce.request).toMatchObject({ name: 'ProduceRequest', minVersion: 0, maxVersion: 8, firstFlexibleVersion: null });
    expect(Apis.ApiVersions.response).toMatchObject({ minVersion: 0, maxVersion: 3, firstFlexibleVersion: 3 });
    expect(Apis.Metadata.request.firstFlexibleVersion).toBe(9);
  });

  test('codecs in the table work through the generic interface', () => {
    const api = apiDefinition(ApiKey.Heartbeat)!;
    const w = new Writer();
    const value = { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null };
    api.request.encode(w, value, 3);
    expect(api.request.decode(new Reader(w.toBuffer()), 3)).toEqual(value);
  });
});

describe('codec-level errors', () => {
  test('every strict prefix of a valid message fails to decode with ProtocolDecodeError', () => {
    const full = hex('0000', '03', '0000 0000 0008 00', '0012 0000 0003 00', '00000064', '00');
    expect(decodeApiVersionsResponse(new Reader(full), 3).apiKeys).toHaveLength(2);
    for (let n = 0; n < full.length; n++) {
      expect(() => decodeApiVersionsResponse(new Reader(full.subarray(0, n)), 3)).toThrow(ProtocolDecodeError);
    }
  });

  test('a negative array length other than -1 is rejected', () => {
    // MetadataResponse v1: brokers array with length -2.
    expect(() => decodeMetadataResponse(new Reader(hex('fffffffe')), 1)).toThrow(ProtocolDecodeError);
  });

  test('a known tagged field whose size disagrees with its value is rejected', () => {
    // ApiVersionsResponse v3 has no known tags, so use CreateTopicsResponse v5 with a 3-byte tag 0.
    const bytes = hex('00000000 02 0274 0000 00 00000003 0001 00', '01 00 03 002a00', '00');
    expect(() => decodeCreateTopicsResponse(new Reader(bytes), 5)).toThrow(/size mismatch/);
  });

  test('unsupported versions are refused in both directions', () => {
    expect(() => decodeApiVersionsResponse(new Reader(hex('0000')), 4)).toThrow(ProtocolDecodeError);
    const request = { topics: [], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };
    expect(() => encodeMetadataRequest(new Writer(), request, 10)).toThrow(ProtocolEncodeError);
  });

  test('a set field that the version lacks is refused unless ignorable', () => {
    const request = { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false };
    expect(() => encodeMetadataRequest(new Writer(), request, 3)).toThrow(/AllowAutoTopicCreation/);
    expect(() => encodeMetadataRequest(new Writer(), { ...request, allowAutoTopicCreation: true }, 3)).not.toThrow();
    // ThrottleTimeMs is ignorable: ApiVersions v0 simply leaves it out.
    const w = new Writer();
    encodeApiVersionsResponse(w, { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }], throttleTimeMs: 100 }, 0);
    expect(w.toBuffer().toString('hex')).toBe('0023' + '00000001' + '0012' + '0000' + '0003');
  });
});
