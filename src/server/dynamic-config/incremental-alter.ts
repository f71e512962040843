// IncrementalAlterConfigs' edits (KIP-339) as Kafka 2.4.1's AdminManager.prepareIncrementalConfigs
// applies them to the config stored in ZooKeeper: SET and DELETE for any name, APPEND and SUBTRACT
// for list configs only (comma-separated values, SUBTRACT removing one occurrence per value).
// Kafka 2.4.1 answers UNKNOWN_SERVER_ERROR when APPEND/SUBTRACT name an unknown config or one
// with no value set yet (a failed map lookup and a null dereference there); we answer the same.

import { BROKER_CONFIG_BY_NAME } from '../../common/config';
import { isLogConfigName, logConfigKind } from '../../log';
import { ErrorCode } from '../../protocol/errors';
import { AdminError } from '../../zk/admin/admin-zk-client';

/** AlterConfigOp.OpType ids. */
export const AlterConfigOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface IncrementalAlterableConfig {
  name: string;
  configOperation: number;
  value: string | null;
}

/** Whether a known config is a list; undefined for a name the entity type does not define. */
export type ListTypeCheck = (name: string) => boolean | undefined;

export const topicConfigIsList: ListTypeCheck = (name) => (isLogConfigName(name) ? logConfigKind(name) === 'list' : undefined);
export const brokerConfigIsList: ListTypeCheck = (name) => {
  const definition = BROKER_CONFIG_BY_NAME.get(name);
  return definition === undefined ? undefined : definition.type === 'list';
};

function requireList(op: IncrementalAlterableConfig, isList: ListTypeCheck, verb: string): void {
  const list = isList(op.name);
  if (list === undefined) throw new AdminError(ErrorCode.UNKNOWN_SERVER_ERROR, `key not found: ${op.name}`);
  if (!list) throw new AdminError(ErrorCode.INVALID_REQUEST, `Config value ${verb} is not allowed for config key: ${op.name}`);
}

// What the JVM (17, helpful NullPointerExceptions) says where 2.4.1 splits a value that is not set.
const UNSET_VALUE_MESSAGE = 'Cannot invoke "String.split(String)" because the return value of "java.util.Properties.getProperty(String)" is null';

function currentList(config: ReadonlyMap<string, string>, name: string): string[] {
  const value = config.get(name);
  if (value === undefined) throw new AdminError(ErrorCode.UNKNOWN_SERVER_ERROR, UNSET_VALUE_MESSAGE);
  return value.split(',');
}

/** Applies `ops` in order to `config` (edited in place). */
export function applyIncrementalOps(config: Map<string, string>, ops: readonly IncrementalAlterableConfig[], isList: ListTypeCheck): void {
  for (const op of ops) {
    const value = op.value ?? '';
    switch (op.configOperation) {
      case AlterConfigOp.SET:
        config.set(op.name, value);
        break;
      case AlterConfigOp.DELETE:
        config.delete(op.name);
        break;
      case AlterConfigOp.APPEND:
        requireList(op, isList, 'append');
        config.set(op.name, [...currentList(config, op.name), ...value.split(',')].join(','));
        break;
      case AlterConfigOp.SUBTRACT: {
        requireList(op, isList, 'subtract');
        const remaining = currentList(config, op.name);
        for (const item of value.split(',')) {
          const at = remaining.indexOf(item);
          if (at >= 0) remaining.splice(at, 1);
        }
        config.set(op.name, remaining.join(','));
        break;
      }
      default:
        throw new AdminError(ErrorCode.UNKNOWN_SERVER_ERROR, '');
    }
  }
}
