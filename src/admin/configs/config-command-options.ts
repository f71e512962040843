// kafka-configs' arguments, checked as Kafka 2.4.1's ConfigCommandOptions.checkArgs does and
// turned into the entity to work on (parseEntity / parseQuotaEntity) and the configs to add and
// delete. Kafka throws IllegalArgumentException for most problems (the tool prints the message
// and exits 1); "exactly one action" is a usage error (message, then the help).

import { CONFIG_ENTITY_TYPES, DEFAULT_CONFIG_ENTITY, type ConfigEntityType } from '../../zk';
import { UsageError } from '../common/command-line';
import { ConfigEntity, Entity, sanitize } from './config-entity';

export const BROKER_LOGGER_CONFIG_TYPE = 'broker-loggers';
const BROKER_SUPPORTED_CONFIG_TYPES = ['brokers', BROKER_LOGGER_CONFIG_TYPE];

export interface ConfigCommandOptions {
  zookeeper?: string;
  bootstrapServer?: string;
  commandConfig?: string;
  alter?: boolean;
  describe?: boolean;
  entityType?: string[];
  entityName?: string[];
  entityDefault?: boolean;
  addConfig?: string;
  deleteConfig?: string[];
  force?: boolean;
  /** The order --entity-name and --entity-default appeared in (joptsimple keeps it; parseQuotaEntity needs it). */
  entityNameOrder?: Array<'name' | 'default'>;
}

/** Kafka's IllegalArgumentException / InvalidConfigurationException: the tool prints the message, exits 1. */
export class ConfigCommandError extends Error {}

/** Scala's require(): "requirement failed: <message>". */
function require(condition: boolean, message: string): void {
  if (!condition) throw new ConfigCommandError(`requirement failed: ${message}`);
}

export function checkConfigCommandArgs(opts: ConfigCommandOptions): void {
  const actions = [opts.alter, opts.describe].filter(Boolean).length;
  if (actions !== 1) throw new UsageError('Command must include exactly one action: --describe, --alter');
  if (opts.describe && (opts.addConfig !== undefined || opts.deleteConfig !== undefined)) {
    const invalid = opts.addConfig !== undefined ? 'add-config' : 'delete-config';
    throw new UsageError(`Option "[describe]" can't be used with option "[${invalid}]"`);
  }
  const types = opts.entityType ?? [];
  const [allowed, connectOption] = opts.bootstrapServer !== undefined ? [BROKER_SUPPORTED_CONFIG_TYPES, '--bootstrap-server'] : [[...CONFIG_ENTITY_TYPES], '--zookeeper'];
  for (const type of types) {
    if (!allowed.includes(type)) throw new ConfigCommandError(`Invalid entity-type ${type}, --entity-type must be one of ${allowed.join(',')} with the ${connectOption} argument`);
  }
  if (types.length === 0) throw new ConfigCommandError('At least one --entity-type must be specified');
  if (types.length > 1 && !(new Set(types).size === 2 && types.includes('users') && types.includes('clients'))) {
    throw new ConfigCommandError("Only 'users' and 'clients' entity types may be specified together");
  }
  if (opts.bootstrapServer === undefined && opts.zookeeper === undefined) throw new ConfigCommandError('One of the required --bootstrap-server or --zookeeper arguments must be specified');
  if (opts.bootstrapServer !== undefined && opts.zookeeper !== undefined) throw new ConfigCommandError('Only one of --bootstrap-server or --zookeeper must be specified');
  if (opts.bootstrapServer !== undefined && opts.entityName === undefined && !opts.entityDefault) {
    throw new ConfigCommandError('At least one of --entity-name or --entity-default must be specified with --bootstrap-server');
  }
  if (opts.entityName !== undefined && (types.includes('brokers') || types.includes(BROKER_LOGGER_CONFIG_TYPE))) {
    const brokerId = opts.entityName[0]!;
    if (!/^[+-]?\d+$/.test(brokerId)) throw new ConfigCommandError(`The entity name for ${types[0]} must be a valid integer broker id , but it is: ${brokerId}`);
  }
  if ((types.includes('clients') || types.includes('topics') || types.includes('users')) && opts.zookeeper === undefined) {
    throw new UsageError('Missing required argument "[zookeeper]"');
  }
  if (opts.describe && types.includes(BROKER_LOGGER_CONFIG_TYPE) && opts.entityName === undefined) {
    throw new ConfigCommandError(`--entity-name must be specified with --describe of ${types.join(',')}`);
  }
  if (opts.alter) {
    if (types.includes('users') || types.includes('clients') || types.includes('brokers')) {
      if (opts.entityName === undefined && !opts.entityDefault) throw new ConfigCommandError('--entity-name or --entity-default must be specified with --alter of users, clients or brokers');
    } else if (opts.entityName === undefined) {
      throw new ConfigCommandError(`--entity-name must be specified with --alter of ${types.join(',')}`);
    }
    if (opts.addConfig === undefined && opts.deleteConfig === undefined) throw new ConfigCommandError('At least one of --add-config or --delete-config must be specified with --alter');
  }
}

/** ConfigCommand.parseEntity: the root entity, or a user/client pair for quotas. */
export function parseEntity(opts: ConfigCommandOptions): ConfigEntity {
  const types = opts.entityType as ConfigEntityType[];
  if (types[0] === 'users' || types[0] === 'clients') return parseQuotaEntity(opts, types);
  const name = opts.entityName?.[0] ?? (types[0] === 'brokers' && opts.entityDefault ? DEFAULT_CONFIG_ENTITY : undefined);
  return new ConfigEntity(new Entity(types[0]!, name));
}

function parseQuotaEntity(opts: ConfigCommandOptions, types: ConfigEntityType[]): ConfigEntity {
  const givenNames = [...(opts.entityName ?? [])];
  const names = (opts.entityNameOrder ?? givenNames.map(() => 'name' as const)).map((kind) => (kind === 'name' ? givenNames.shift()! : ''));
  if (opts.alter && names.length !== types.length) throw new ConfigCommandError('--entity-name or --entity-default must be specified with each --entity-type for --alter');
  const reverse = types.length === 2 && types[0] === 'clients';
  const entityTypes = reverse ? [...types].reverse() : types;
  const sortedNames = reverse && names.length === 2 ? [...names].reverse() : names;
  const entities = entityTypes.map((type, i) => new Entity(type, i < sortedNames.length ? (sortedNames[i] === '' ? DEFAULT_CONFIG_ENTITY : sanitize(sortedNames[i]!)) : undefined));
  return new ConfigEntity(entities[0]!, entities[1]);
}

// Commas and '=' inside [...] do not split (Kafka's "(?=[^\]]*(?:\[|$))").
const OUTSIDE_BRACKETS = '(?=[^\\]]*(?:\\[|$))';

/** ConfigCommand.parseConfigsToBeAdded: `k1=v1,k2=[a,b]`, brackets removed from values. */
export function parseConfigsToBeAdded(addConfig: string | undefined): { configs: Map<string, string>; warnings: string[] } {
  const configs = new Map<string, string>();
  const warnings: string[] = [];
  if (addConfig === undefined) return { configs, warnings };
  const pairs = addConfig.split(new RegExp(`,${OUTSIDE_BRACKETS}`));
  // Java's String.split drops trailing empty strings.
  while (pairs.length > 0 && pairs[pairs.length - 1] === '') pairs.pop();
  const split = pairs.map((pair) => pair.split(new RegExp(`\\s*=\\s*${OUTSIDE_BRACKETS}`)));
  require(split.every((kv) => kv.length === 2), 'Invalid entity config: all configs to be added must be in the format "key=val".');
  for (const [key, value] of split) configs.set(key!.trim(), value!.replace(/\[?\]?/g, '').trim());
  const format = configs.get('message.format.version');
  if (format !== undefined) {
    warnings.push(
      `WARNING: The configuration message.format.version=${format} is specified. This configuration will be ignored if the version is newer than the inter.broker.protocol.version specified in the broker.`,
    );
  }
  return { configs, warnings };
}

export function parseConfigsToBeDeleted(deleteConfig: string[] | undefined): string[] {
  return (deleteConfig ?? []).flatMap((list) => list.split(',')).map((name) => name.trim());
}
