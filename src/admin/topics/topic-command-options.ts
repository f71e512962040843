// kafka-topics' options and Kafka 2.4.1's checks on them (TopicCommandOptions.checkArgs), in the
// same order, with the same messages, so a wrong invocation fails the way Kafka users expect.
// Parsing of the values that TopicCommand only parses when the command runs (replica assignment,
// configs) lives here too; those failures are command errors, not usage errors, as in Kafka.

import { InvalidConfigError, isLogConfigName, logConfigFromProperties } from '../../log';
import { UsageError, cantBeUsedWith, missingRequired, spec } from '../common/command-line';

export interface TopicCommandOptions {
  bootstrapServer?: string;
  zookeeper?: string;
  create?: boolean;
  list?: boolean;
  alter?: boolean;
  describe?: boolean;
  delete?: boolean;
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  replicaAssignment?: string;
  config?: string[];
  deleteConfig?: string[];
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  underMinIsrPartitions?: boolean;
  atMinIsrPartitions?: boolean;
  topicsWithOverrides?: boolean;
  ifExists?: boolean;
  ifNotExists?: boolean;
  excludeInternal?: boolean;
}

/** The "Only one of --bootstrap-server or --zookeeper" failure: Kafka throws it without the help text. */
export class ConnectionChoiceError extends UsageError {}

type OptionName = keyof TopicCommandOptions;

/** Option name as typed on the command line, e.g. replicationFactor → replication-factor. */
const flag = (name: OptionName) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const ACTIONS: OptionName[] = ['create', 'list', 'alter', 'describe', 'delete'];
const REPORTS: OptionName[] = ['underReplicatedPartitions', 'underMinIsrPartitions', 'atMinIsrPartitions', 'unavailablePartitions'];

/** Throws UsageError for the first problem Kafka 2.4.1's checkArgs would report. */
export function checkTopicCommandArgs(opts: TopicCommandOptions): void {
  const has = (name: OptionName) => opts[name] !== undefined && opts[name] !== false;
  const actionsExcept = (...keep: OptionName[]) => ACTIONS.filter((a) => !keep.includes(a));
  const checkInvalid = (used: OptionName, invalid: OptionName[]) => {
    if (!has(used)) return;
    const clash = invalid.find(has);
    if (clash !== undefined) throw cantBeUsedWith(flag(used), flag(clash));
  };
  const require = (...names: OptionName[]) => {
    const missing = names.find((n) => !has(n));
    if (missing !== undefined) throw missingRequired(flag(missing));
  };

  if (ACTIONS.filter(has).length !== 1) {
    throw new UsageError('Command must include exactly one action: --list, --describe, --create, --alter or --delete');
  }
  if (has('bootstrapServer') === has('zookeeper')) throw new ConnectionChoiceError('Only one of --bootstrap-server or --zookeeper must be specified');
  if (has('describe') && has('ifExists')) require('topic');
  if (!has('list') && !has('describe')) require('topic');
  if (has('create') && !has('replicaAssignment') && has('zookeeper')) require('partitions', 'replicationFactor');
  if (has('bootstrapServer') && has('alter')) {
    if (has('config')) throw new UsageError(`Option combination "${spec('bootstrap-server')},${spec('config')}" can't be used with option "${spec('alter')}"`);
    require('partitions');
  }

  const reportsExcept = (name: OptionName) => REPORTS.filter((r) => r !== name);
  checkInvalid('config', actionsExcept('alter', 'create'));
  checkInvalid('deleteConfig', [...actionsExcept('alter'), 'bootstrapServer']);
  checkInvalid('partitions', actionsExcept('alter', 'create'));
  checkInvalid('replicationFactor', actionsExcept('create'));
  checkInvalid('replicaAssignment', actionsExcept('create', 'alter'));
  if (has('create')) checkInvalid('replicaAssignment', ['partitions', 'replicationFactor']);
  checkInvalid('underReplicatedPartitions', [...actionsExcept('describe'), ...reportsExcept('underReplicatedPartitions'), 'topicsWithOverrides']);
  checkInvalid('underMinIsrPartitions', [...actionsExcept('describe'), ...reportsExcept('underMinIsrPartitions'), 'topicsWithOverrides', 'zookeeper']);
  checkInvalid('atMinIsrPartitions', [...actionsExcept('describe'), ...reportsExcept('atMinIsrPartitions'), 'topicsWithOverrides', 'zookeeper']);
  checkInvalid('unavailablePartitions', [...actionsExcept('describe'), ...reportsExcept('unavailablePartitions'), 'topicsWithOverrides']);
  checkInvalid('topicsWithOverrides', [...actionsExcept('describe'), ...REPORTS]);
  checkInvalid('ifExists', [...actionsExcept('alter', 'delete', 'describe'), 'bootstrapServer']);
  checkInvalid('ifNotExists', [...actionsExcept('create'), 'bootstrapServer']);
  checkInvalid('excludeInternal', actionsExcept('list', 'describe'));
}

/** A failure TopicCommand reports as "Error while executing topic command : <message>". */
export class TopicCommandError extends Error {}

/** TopicCommand.parseReplicaAssignment: "1:2,2:3" → partition → replicas. */
export function parseReplicaAssignment(text: string): Map<number, number[]> {
  const assignment = new Map<number, number[]>();
  text.split(',').forEach((partition, i) => {
    const brokers = partition.split(':').map((s) => {
      const trimmed = s.trim();
      if (!/^[+-]?\d+$/.test(trimmed)) throw new TopicCommandError(`For input string: "${trimmed}"`);
      return Number(trimmed);
    });
    const duplicates = [...new Set(brokers.filter((b, j) => brokers.indexOf(b) !== j))];
    if (duplicates.length > 0) throw new TopicCommandError(`Partition replica lists may not contain duplicate entries: ${duplicates.join(',')}`);
    assignment.set(i, brokers);
    if (brokers.length !== assignment.get(0)!.length) throw new TopicCommandError(`Partition ${i} has different replication factor: ${brokers.join(',')}`);
  });
  return assignment;
}

export interface ParsedTopicConfigs {
  configs: Map<string, string>;
  /** Warnings TopicCommand prints before acting (message.format.version). */
  warnings: string[];
}

/** Java's String.split drops trailing empty strings; "a=" therefore has one part, not two. */
function javaSplit(text: string, separator: RegExp): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function unknownConfig(name: string): TopicCommandError {
  return new TopicCommandError(`Unknown topic config name: ${name}`);
}

/** TopicCommand.parseTopicConfigsToBeAdded: `k=v` pairs, then LogConfig.validate. */
export function parseTopicConfigsToBeAdded(pairs: readonly string[] = []): ParsedTopicConfigs {
  const split = pairs.map((p) => javaSplit(p, /\s*=\s*/));
  if (!split.every((parts) => parts.length === 2)) {
    throw new TopicCommandError('requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".');
  }
  const configs = new Map(split.map(([k, v]) => [k.trim(), v.trim()] as [string, string]));
  for (const name of configs.keys()) if (!isLogConfigName(name)) throw unknownConfig(name);
  try {
    logConfigFromProperties(Object.fromEntries(configs));
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new TopicCommandError(error.message);
    throw error;
  }
  const warnings: string[] = [];
  const format = configs.get('message.format.version');
  if (format !== undefined) {
    warnings.push(
      `WARNING: The configuration message.format.version=${format} is specified. ` +
        'This configuration will be ignored if the version is newer than the inter.broker.protocol.version specified in the broker.',
    );
  }
  return { configs, warnings };
}

/** TopicCommand.parseTopicConfigsToBeDeleted: names, each a known topic config. */
export function parseTopicConfigsToBeDeleted(names: readonly string[] = []): string[] {
  const trimmed = names.map((n) => n.trim());
  for (const name of trimmed) if (!isLogConfigName(name)) throw unknownConfig(name);
  return trimmed;
}
