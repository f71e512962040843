// What kafka-broker-api-versions prints for one broker that answered: Kafka 2.4.1's
// NodeApiVersions.toString(true). One entry per api key in ascending key order, the keys the
// broker advertised first classified, then every key the client knows but the broker left out as
// UNSUPPORTED; entries are joined by ",\n\t" inside "(\n\t" ... "\n)".

import type { ClientApiKey } from './kafka-2.4.1-client-api-keys';

export interface AdvertisedApiVersion {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

function versionRangeText(v: AdvertisedApiVersion): string {
  return v.minVersion === v.maxVersion ? `${v.minVersion}` : `${v.minVersion} to ${v.maxVersion}`;
}

/** The usability note: the newest version both speak, or why there is none. */
function usabilityText(client: ClientApiKey, broker: AdvertisedApiVersion): string {
  if (client.latestVersion < broker.minVersion) return ' [unusable: node too new]';
  if (broker.maxVersion < client.oldestVersion) return ' [unusable: node too old]';
  return ` [usable: ${Math.min(client.latestVersion, broker.maxVersion)}]`;
}

export function nodeApiVersionsText(advertised: readonly AdvertisedApiVersion[], clientKeys: readonly ClientApiKey[]): string {
  const clientByKey = new Map(clientKeys.map((k) => [k.apiKey, k]));
  // NodeApiVersions keeps known keys in an EnumMap (a repeated key: the last one wins) and unknown
  // ones in a list; both then go into a TreeMap by key, so for a repeated unknown key the last wins too.
  const known = new Map<number, AdvertisedApiVersion>();
  const unknown: AdvertisedApiVersion[] = [];
  for (const v of advertised) {
    if (clientByKey.has(v.apiKey)) known.set(v.apiKey, v);
    else unknown.push(v);
  }
  const textByKey = new Map<number, string>();
  for (const [apiKey, v] of known) {
    const client = clientByKey.get(apiKey)!;
    textByKey.set(apiKey, `${client.name}(${apiKey}): ${versionRangeText(v)}${usabilityText(client, v)}`);
  }
  for (const v of unknown) textByKey.set(v.apiKey, `UNKNOWN(${v.apiKey}): ${versionRangeText(v)}`);
  for (const client of clientKeys) {
    if (!textByKey.has(client.apiKey)) textByKey.set(client.apiKey, `${client.name}(${client.apiKey}): UNSUPPORTED`);
  }
  const entries = [...textByKey.entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
  return `(\n\t${entries.join(',\n\t')}\n)`;
}
