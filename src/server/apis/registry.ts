// The table of API handlers. ApiVersions answers are derived from it (DESIGN principle 1), so
// nothing advertises a version no handler serves. Registration refuses any handler whose version
// range differs from Kafka 2.4.1's for that key: for every API we implement we advertise exactly
// Kafka's range, and APIs we do not implement are not advertised at all.

import { apiDefinition, ApiDefinition, ApiVersionsResponseKey } from '../../protocol/generated';
import type { ApiHandler } from './api-handler';
import { kafka241ApiRange } from './kafka-2.4.1-api-ranges';

export interface RegisteredApi {
  // Handlers of different APIs share one table; the dispatcher pairs each with its own codecs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly handler: ApiHandler<any, any>;
  readonly definition: ApiDefinition;
}

export class ApiRegistry {
  /** Indexed by api key for a constant-time lookup on every request. */
  private readonly byKey: Array<RegisteredApi | undefined> = [];
  private advertised: readonly ApiVersionsResponseKey[] | null = null;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register(handler: ApiHandler<any, any>): this {
    const { apiKey, minVersion, maxVersion } = handler;
    const kafkaRange = kafka241ApiRange(apiKey);
    const definition = apiDefinition(apiKey);
    if (kafkaRange === undefined || definition === undefined) {
      throw new Error(`cannot register a handler for api key ${apiKey}: Kafka 2.4.1 has no such API`);
    }
    if (minVersion !== kafkaRange.minVersion || maxVersion !== kafkaRange.maxVersion) {
      throw new Error(
        `handler for ${kafkaRange.name} (${apiKey}) serves versions ${minVersion}-${maxVersion}, ` +
          `but Kafka 2.4.1 advertises ${kafkaRange.minVersion}-${kafkaRange.maxVersion}`,
      );
    }
    for (const codec of [definition.request, definition.response]) {
      if (minVersion < codec.minVersion || maxVersion > codec.maxVersion) {
        throw new Error(`${codec.name} codec covers ${codec.minVersion}-${codec.maxVersion}, not ${minVersion}-${maxVersion}`);
      }
    }
    if (this.byKey[apiKey] !== undefined) {
      throw new Error(`a handler for ${kafkaRange.name} (${apiKey}) is already registered`);
    }
    this.byKey[apiKey] = { handler, definition };
    this.advertised = null;
    return this;
  }

  lookup(apiKey: number): RegisteredApi | undefined {
    return this.byKey[apiKey];
  }

  /** The registered API keys with their ranges, ascending by key, as ApiVersions advertises them. */
  advertisedVersions(): readonly ApiVersionsResponseKey[] {
    if (this.advertised === null) {
      const keys: ApiVersionsResponseKey[] = [];
      for (const registered of this.byKey) {
        if (registered === undefined) continue;
        const { apiKey, minVersion, maxVersion } = registered.handler;
        keys.push(Object.freeze({ apiKey, minVersion, maxVersion }));
      }
      this.advertised = Object.freeze(keys);
    }
    return this.advertised;
  }
}
