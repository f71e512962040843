// /cluster/id — P. `{"version":"1","id":"<22-char url-safe base64 uuid>"}`; note version is a string.

import { randomBytes } from 'node:crypto';
import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';

export const CLUSTER_ID_PATH = '/cluster/id';

export function encodeClusterId(id: string): Buffer {
  return jsonBytes(jsonObject([['version', '1'], ['id', id]]));
}

export function decodeClusterId(data: Buffer | null): string {
  const { reader, json } = JsonReader.object(CLUSTER_ID_PATH, data);
  return reader.string(json, 'id');
}

/** Kafka's Uuid-based cluster id (CoreUtils.generateUuidAsBase64): a random v4 UUID, URL-safe base64, unpadded. */
export function generateClusterId(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // IETF variant
  return bytes.toString('base64url');
}
