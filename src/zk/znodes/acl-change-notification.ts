// ACL change notifications (ZkData's LiteralAclChangeStore and ExtendedAclChangeStore), persistent
// sequential znodes written after every ACL change so that every authorizer re-reads that resource:
// - /kafka-acl-changes/acl_changes_<10 digits> for literal patterns, plain text `Topic:secure`;
// - /kafka-acl-extended-changes/acl_changes_<10 digits> for the others, JSON
//   `{"version":1,"resourceType":"Topic","name":"pre-","patternType":"PREFIXED"}`.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { ZnodeDecodeError } from '../json/znode-decode-error';
import { EXTENDED_ACL_CHANGES_PATH, LITERAL_ACL_CHANGES_PATH } from './paths';

export const ACL_CHANGE_SEQUENCE_PREFIX = 'acl_changes_';
export const LITERAL_ACL_CHANGE_CREATE_PATH = `${LITERAL_ACL_CHANGES_PATH}/${ACL_CHANGE_SEQUENCE_PREFIX}`;
export const EXTENDED_ACL_CHANGE_CREATE_PATH = `${EXTENDED_ACL_CHANGES_PATH}/${ACL_CHANGE_SEQUENCE_PREFIX}`;
export const EXTENDED_ACL_CHANGE_VERSION = 1;

/** What changed, in Kafka's names: resource type `Topic`, pattern type `PREFIXED`. */
export interface AclChangeEvent {
  readonly resourceType: string;
  readonly name: string;
  readonly patternType: string;
}

/** `Topic:secure` (Kafka's "legacy name": type, the separator ':', the name). */
export function encodeLiteralAclChange(resourceType: string, name: string): Buffer {
  return Buffer.from(`${resourceType}:${name}`, 'utf8');
}

/** Splits at the first ':' (the name may hold more), as LiteralAclChangeStore.decode does. */
export function decodeLiteralAclChange(path: string, data: Buffer | null): { resourceType: string; name: string } {
  const text = data === null ? '' : data.toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw new ZnodeDecodeError(path, `expected a string in format ResourceType:ResourceName but got ${text}`, text);
  return { resourceType: text.slice(0, colon), name: text.slice(colon + 1) };
}

export function encodeExtendedAclChange(event: AclChangeEvent): Buffer {
  return jsonBytes(
    jsonObject([
      ['version', EXTENDED_ACL_CHANGE_VERSION],
      ['resourceType', event.resourceType],
      ['name', event.name],
      ['patternType', event.patternType],
    ]),
  );
}

/** ExtendedAclChangeEvent: versions above 1 are refused, as Kafka refuses them. */
export function decodeExtendedAclChange(path: string, data: Buffer | null): AclChangeEvent {
  const { reader, json } = JsonReader.object(path, data);
  const version = reader.int(json, 'version');
  if (version > EXTENDED_ACL_CHANGE_VERSION) reader.fail(`Acl change event received for unsupported version: ${version}`);
  return { resourceType: reader.string(json, 'resourceType'), name: reader.string(json, 'name'), patternType: reader.string(json, 'patternType') };
}
