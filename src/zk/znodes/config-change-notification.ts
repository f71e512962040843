// /config/changes/config_change_<seq> — PS, written after a dynamic config change (not on topic
// creation). v2: `{"version":2,"entity_path":"topics/my-topic"}`; v1 (entity_type/entity_name) still read.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { CONFIG_CHANGES_PATH } from './paths';

export const CONFIG_CHANGE_SEQUENCE_PREFIX = 'config_change_';
export const CONFIG_CHANGE_CREATE_PATH = `${CONFIG_CHANGES_PATH}/${CONFIG_CHANGE_SEQUENCE_PREFIX}`;

export function configChangeNotificationPath(sequenceNumber: string): string {
  return `${CONFIG_CHANGE_CREATE_PATH}${sequenceNumber}`;
}

/** `entityPath` is `<type>/<sanitized name>`, e.g. `topics/t`, `users/alice/clients/app`, `brokers/<default>`. */
export function encodeConfigChangeNotification(entityPath: string): Buffer {
  return jsonBytes(jsonObject([['version', 2], ['entity_path', entityPath]]));
}

export function decodeConfigChangeNotification(sequenceNumber: string, data: Buffer | null): { entityPath: string } {
  const { reader, json } = JsonReader.object(configChangeNotificationPath(sequenceNumber), data);
  const version = reader.version(json, [1, 2]);
  if (version === 2) return { entityPath: reader.string(json, 'entity_path') };
  return { entityPath: `${reader.string(json, 'entity_type')}/${reader.string(json, 'entity_name')}` };
}
