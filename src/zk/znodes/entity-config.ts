// /config/<entityType>/<entity> — P, dynamic config overrides: `{"version":1,"config":{"k":"v"}}`.
// Values are strings. Kafka writes a java.util.Properties, whose order (Java 9+) we reproduce.

import { JsonReader } from '../json/json-reader';
import { javaPropertiesOrder } from '../../common/jvm-order/scala-collection-order';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { CONFIG_PATH, checkPathSegment, type ConfigEntityType } from './paths';

/** ConfigEntityName.Default: the `<default>` entity (e.g. /config/brokers/<default>). */
export const DEFAULT_CONFIG_ENTITY = '<default>';

export function configEntityTypePath(entityType: ConfigEntityType): string {
  return `${CONFIG_PATH}/${entityType}`;
}

/** `entityName` must already be sanitized (URL-encoded user/client ids); nested `users/u/clients/c` names are allowed. */
export function configEntityPath(entityType: ConfigEntityType, entityName: string): string {
  for (const segment of entityName.split('/')) checkPathSegment('config entity name', segment);
  return `${configEntityTypePath(entityType)}/${entityName}`;
}

/** `config` in insertion order (as it would have been put into the Properties). */
export function encodeEntityConfig(config: ReadonlyMap<string, string>): Buffer {
  const keys = javaPropertiesOrder([...config.keys()]);
  return jsonBytes(jsonObject([['version', 1], ['config', jsonObject(keys.map((k) => [k, config.get(k) as string]))]]));
}

/** Kafka's ConfigEntityZNode.decode: null data or no `config` object means no overrides. */
export function decodeEntityConfig(path: string, data: Buffer | null): Map<string, string> {
  const config = new Map<string, string>();
  if (data === null) return config;
  const { reader, json } = JsonReader.object(path, data);
  if (json.config === undefined || json.config === null) return config;
  const entries = reader.asObject(json.config, 'config');
  for (const key of Object.keys(entries)) config.set(key, reader.string(entries, key));
  return config;
}
