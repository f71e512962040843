import { ApiKey } from '../../../src/protocol/generated';
import { createApiVersionsHandler } from '../../../src/server/apis/18-api-versions';
import { KAFKA_2_4_1_API_RANGES } from '../../../src/server/apis/kafka-2.4.1-api-ranges';
import { ApiRegistry } from '../../../src/server/apis/registry';
import { Apis } from '../../../src/protocol/generated';
import * as fs from 'node:fs';

const handle = (): never => {
  throw new Error('not called');
};

describe('ApiRegistry', () => {
  test('advertises exactly the registered handlers, ascending by key', () => {
    const registry = new ApiRegistry();
    expect(registry.advertisedVersions()).toEqual([]);
    registry.register(createApiVersionsHandler(registry));
    registry.register({ apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 9, handle });
    registry.register({ apiKey: ApiKey.Produce, minVersion: 0, maxVersion: 8, handle });
    expect(registry.advertisedVersions()).toEqual([
      { apiKey: 0, minVersion: 0, maxVersion: 8 },
      { apiKey: 3, minVersion: 0, maxVersion: 9 },
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
    ]);
    expect(registry.lookup(3)?.definition.name).toBe('Metadata');
    expect(registry.lookup(1)).toBeUndefined();
  });

  test('refuses a range that differs from Kafka 2.4.1', () => {
    const registry = new ApiRegistry();
    expect(() => registry.register({ apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 8, handle })).toThrow(
      /Metadata \(3\) serves versions 0-8, but Kafka 2.4.1 advertises 0-9/,
    );
    expect(() => registry.register({ apiKey: ApiKey.Metadata, minVersion: 1, maxVersion: 9, handle })).toThrow(/advertises 0-9/);
    expect(() => registry.register({ apiKey: 48, minVersion: 0, maxVersion: 0, handle })).toThrow(/no such API/);
    expect(() => registry.register({ apiKey: -1, minVersion: 0, maxVersion: 0, handle })).toThrow(/no such API/);
    expect(registry.advertisedVersions()).toEqual([]);
  });

  test('refuses a second handler for the same key', () => {
    const registry = new ApiRegistry();
    registry.register({ apiKey: ApiKey.Fetch, minVersion: 0, maxVersion: 11, handle });
    expect(() => registry.register({ apiKey: ApiKey.Fetch, minVersion: 0, maxVersion: 11, handle })).toThrow(/already registered/);
  });

  test('the 2.4.1 range table matches the reference listing and the generated codecs', () => {
    const reference = '/work/shared/reference/kafka-2.4.1-api-versions.txt';
    if (fs.existsSync(reference)) {
      const text = fs.readFileSync(reference, 'utf8');
      const parsed = [...text.matchAll(/(\w+)\((\d+)\): (\d+)(?: to (\d+))?/g)].map((m) => ({
        apiKey: Number(m[2]),
        minVersion: Number(m[3]),
        maxVersion: Number(m[4] ?? m[3]),
      }));
      expect(parsed).toHaveLength(48);
      expect(KAFKA_2_4_1_API_RANGES.map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }))).toEqual(parsed);
    }
    KAFKA_2_4_1_API_RANGES.forEach((range, index) => {
      expect(range.apiKey).toBe(index);
      const definition = Object.values(Apis).find((api) => api.apiKey === range.apiKey)!;
      expect(definition.request.maxVersion).toBe(range.maxVersion);
      expect(definition.response.maxVersion).toBe(range.maxVersion);
    });
  });

  test('every Kafka 2.4.1 API can be registered with its range', () => {
    const registry = new ApiRegistry();
    for (const range of KAFKA_2_4_1_API_RANGES) registry.register({ ...range, handle });
    expect(registry.advertisedVersions()).toHaveLength(48);
  });
});
