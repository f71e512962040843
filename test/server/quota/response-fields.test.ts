// Two tables the quotas rely on, held against the generated codecs: the Fetch response size
// counted field by field (what consumer_byte_rate is charged) and the first version of each
// response with throttle_time_ms.

import { Apis, type ApiDefinition, type FetchResponse } from '../../../src/protocol/generated';
import { Reader, Writer } from '../../../src/protocol/primitives';
import { fetchResponseSize } from '../../../src/server/quota/fetch-response-size';
import { apiKeysWithThrottleTime, hasThrottleTimeField } from '../../../src/server/quota/throttle-time-field';

function fetchResponse(version: number): FetchResponse {
  const partition = (index: number, records: number, aborted: number) => ({
    partitionIndex: index,
    errorCode: 0,
    highWatermark: 10n,
    lastStableOffset: version >= 4 ? 10n : -1n,
    logStartOffset: version >= 5 ? 0n : -1n,
    aborted: version >= 4 ? (aborted === 0 ? null : Array.from({ length: aborted }, (_, i) => ({ producerId: BigInt(i), firstOffset: 0n }))) : [],
    preferredReadReplica: version >= 11 ? -1 : -1,
    records: Buffer.alloc(records, 1),
  });
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    sessionId: 0,
    topics: [
      { name: 'orders', partitions: [partition(0, 1234, 0), partition(1, 0, 2)] },
      { name: 'é-topic', partitions: [partition(3, 5000, 1)] },
    ],
  };
}

describe('fetchResponseSize', () => {
  test.each(Array.from({ length: 12 }, (_, v) => v))('equals the encoded v%i response plus its 4-byte header', (version) => {
    const response = fetchResponse(version);
    const w = new Writer();
    Apis.Fetch.response.encode(w, response, version);
    const topics = response.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ recordsBytes: p.records!.length, abortedTransactions: p.aborted?.length ?? 0 })),
    }));
    expect(fetchResponseSize(version, topics)).toBe(4 + w.size);
  });
});

/**
 * A minimal response of `api` at `version`: decoded from zeros (empty arrays, zero numbers), or
 * from ones where zeros are null compact arrays (flexible versions: length 1 - 1 = empty).
 */
function minimalResponse(api: ApiDefinition, version: number): Record<string, unknown> {
  for (const fill of [0, 1]) {
    try {
      const response = api.response.decode(new Reader(Buffer.alloc(512, fill)), version) as Record<string, unknown>;
      api.response.encode(new Writer(), response, version);
      return response;
    } catch {
      // try the next filling
    }
  }
  throw new Error(`no minimal ${api.name} v${version}`);
}

describe('throttle_time_ms by version', () => {
  const apis = Object.values(Apis) as ApiDefinition[];

  it('lists every response that has the field, from the version the codecs write it', () => {
    const checked = new Set<number>();
    for (const api of apis) {
      const versions = Array.from({ length: 12 }, (_, v) => v).filter((v) => {
        try {
          minimalResponse(api, v);
          return true;
        } catch {
          return false; // beyond the API's range
        }
      });
      expect([api.name, versions.length > 0]).toEqual([api.name, true]);
      for (const version of versions) {
        const response = minimalResponse(api, version);
        const declared = 'throttleTimeMs' in response;
        if (!declared) {
          expect([api.name, version, hasThrottleTimeField(api.apiKey, version)]).toEqual([api.name, version, false]);
          continue;
        }
        // Does this version carry it? Encode 1234 where the version allows, read it back.
        let carried = false;
        try {
          const w = new Writer();
          api.response.encode(w, { ...response, throttleTimeMs: 1234 }, version);
          carried = (api.response.decode(new Reader(w.toBuffer()), version) as { throttleTimeMs: number }).throttleTimeMs === 1234;
        } catch {
          carried = false; // the codec refuses a value for a field this version lacks
        }
        expect([api.name, version, hasThrottleTimeField(api.apiKey, version)]).toEqual([api.name, version, carried]);
        if (carried) checked.add(api.apiKey);
      }
    }
    expect([...checked].sort((a, b) => a - b)).toEqual(apiKeysWithThrottleTime().sort((a, b) => a - b));
  });
});
