// The API keys a Kafka 2.4.1 *client* knows (org.apache.kafka.common.protocol.ApiKeys), which is
// what NodeApiVersions measures a broker against: "usable" is the newest version both sides
// speak, a key the broker leaves out prints UNSUPPORTED, a key the client does not know prints
// UNKNOWN. ApiKeys' names are its own (src/protocol/api-key-names.ts); its oldest version is 0
// for every key and its latest is the number of request schemas minus one, which is the range of
// our codecs generated from the same specs.

import { API_KEY_NAMES } from '../../protocol/api-key-names';
import { API_BY_KEY } from '../../protocol/generated';

export interface ClientApiKey {
  readonly apiKey: number;
  readonly name: string;
  readonly oldestVersion: number;
  readonly latestVersion: number;
}

function clientApiKey(apiKey: number, name: string): ClientApiKey {
  const codec = API_BY_KEY[apiKey];
  if (codec === undefined) throw new Error(`no codec for api key ${apiKey} (${name})`);
  return { apiKey, name, oldestVersion: 0, latestVersion: codec.request.maxVersion };
}

/** ApiKeys.values(): every key a 2.4.1 client knows, in id order. */
export const KAFKA_2_4_1_CLIENT_API_KEYS: readonly ClientApiKey[] = API_KEY_NAMES.map((name, apiKey) => clientApiKey(apiKey, name));
