// The config half of Kafka 2.4.1's AdminManager: DescribeConfigs, AlterConfigs and
// IncrementalAlterConfigs for topics and brokers, with Kafka's checks and its error answers.
// AlterConfigs replaces an entity's whole dynamic config; IncrementalAlterConfigs edits what is in
// ZooKeeper (SET, DELETE, APPEND and SUBTRACT for list configs). Either way the result goes to
// /config/<type>/<name> plus a change notification, and every broker applies it from there.

import { ConfigError, parseBrokerConfig, validateDynamicBrokerConfigs } from '../../common/config';
import { topicNameProblem } from '../../common/topic-name';
import { InvalidConfigError, logConfigFromProperties } from '../../log';
import { ErrorCode } from '../../protocol/errors';
import { DEFAULT_CONFIG_ENTITY } from '../../zk';
import { AdminError, type AdminZkClient } from '../../zk/admin/admin-zk-client';
import { ConfigDescriber, type DescribedConfig } from './describe-configs';
import type { DynamicBrokerConfig } from './dynamic-broker-config';
import { validateReconfiguration } from './reconfiguration-checks';
import { applyIncrementalOps, brokerConfigIsList, topicConfigIsList, type IncrementalAlterableConfig } from './incremental-alter';

/** ConfigResource.Type ids. */
export const ResourceType = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;

const RESOURCE_TYPE_NAMES: Record<number, string> = { 2: 'TOPIC', 4: 'BROKER', 8: 'BROKER_LOGGER' };

export interface ConfigResource {
  resourceType: number;
  resourceName: string;
}

export interface ConfigResult {
  errorCode: number;
  errorMessage: string | null;
}

export interface DescribeResult extends ConfigResult {
  configs: DescribedConfig[];
}

export interface AlterableConfig {
  name: string;
  value: string | null;
}

/** Kafka's InvalidRequestException (INVALID_REQUEST). */
class InvalidRequestError extends AdminError {
  constructor(message: string) {
    super(ErrorCode.INVALID_REQUEST, message);
  }
}

export interface ConfigAdminDeps {
  adminZk: AdminZkClient;
  brokerConfig: DynamicBrokerConfig;
  /** Whether this broker's metadata knows the topic (describe answers UNKNOWN_TOPIC_OR_PARTITION otherwise). */
  topicExists(topic: string): boolean;
}

function typeName(resourceType: number): string {
  return RESOURCE_TYPE_NAMES[resourceType] ?? 'UNKNOWN';
}

/** ConfigResource.toString. */
function describeResource(resource: ConfigResource): string {
  return `ConfigResource(type=${typeName(resource.resourceType)}, name='${resource.resourceName}')`;
}

/**
 * KafkaApis' check of a request's resource types before anything runs (while sorting resources for
 * authorization): the first type it cannot take fails the whole request with INVALID_REQUEST.
 */
export function resourceTypeProblem(api: 'DescribeConfigs' | 'AlterConfigs' | 'IncrementalAlterConfigs', resources: readonly ConfigResource[]): string | null {
  for (const resource of resources) {
    const type = resource.resourceType;
    if (type === ResourceType.TOPIC || type === ResourceType.BROKER) continue;
    if (type === ResourceType.BROKER_LOGGER) {
      if (api === 'AlterConfigs') return 'AlterConfigs is deprecated and does not support the resource type BROKER_LOGGER';
      continue;
    }
    return api === 'DescribeConfigs' ? `Unexpected resource type ${typeName(type)} for resource ${resource.resourceName}` : `Unexpected resource type ${typeName(type)}`;
  }
  return null;
}

/** Errors become Kafka's answers: config problems INVALID_REQUEST naming the resource, ours their own code. */
function errorResult(resource: ConfigResource, error: unknown): ConfigResult {
  if (error instanceof ConfigError || error instanceof InvalidConfigError) {
    return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Invalid config value for resource ${describeResource(resource)}: ${error.message}` };
  }
  // Kafka sends no message with a bare error code.
  if (error instanceof AdminError) return { errorCode: error.errorCode, errorMessage: error.message === '' ? null : error.message };
  throw error;
}

export class ConfigAdmin {
  private readonly describer: ConfigDescriber;

  constructor(private readonly deps: ConfigAdminDeps) {
    this.describer = new ConfigDescriber(deps.brokerConfig);
  }

  /** The configs a topic created with `overrides` gets, as DescribeConfigs would report them (CreateTopics v5). */
  newTopicConfigs(overrides: ReadonlyMap<string, string>): DescribedConfig[] {
    return this.describer.topicConfigs(logConfigFromProperties(Object.fromEntries(overrides), this.deps.brokerConfig.topicDefaults()), overrides, null);
  }

  async describeConfigs(resource: ConfigResource, configNames: string[] | null, includeSynonyms: boolean): Promise<DescribeResult> {
    try {
      const configs = await this.describe(resource, configNames);
      if (!includeSynonyms) for (const c of configs) c.synonyms = [];
      return { errorCode: ErrorCode.NONE, errorMessage: null, configs };
    } catch (error) {
      return { ...errorResult(resource, error), configs: [] };
    }
  }

  private async describe(resource: ConfigResource, configNames: string[] | null): Promise<DescribedConfig[]> {
    const { brokerConfig } = this.deps;
    switch (resource.resourceType) {
      case ResourceType.TOPIC: {
        const topic = resource.resourceName;
        const problem = topicNameProblem(topic);
        if (problem !== null) throw new AdminError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
        if (!this.deps.topicExists(topic)) throw new AdminError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, '');
        const overrides = await this.deps.adminZk.fetchEntityConfig('topics', topic);
        return this.describer.topicConfigs(logConfigFromProperties(Object.fromEntries(overrides), brokerConfig.topicDefaults()), overrides, configNames);
      }
      case ResourceType.BROKER:
        if (resource.resourceName === '') return this.describer.brokerConfigs(false, configNames);
        if (this.brokerIdOf(resource) === brokerConfig.brokerId) return this.describer.brokerConfigs(true, configNames);
        throw new InvalidRequestError(`Unexpected broker id, expected ${brokerConfig.brokerId} or empty string, but received ${resource.resourceName}`);
      case ResourceType.BROKER_LOGGER:
        throw new InvalidRequestError('BROKER_LOGGER resources are not supported by this broker (it has no log4j loggers)');
      default:
        throw new InvalidRequestError(`Unsupported resource type: ${typeName(resource.resourceType)}`);
    }
  }

  async alterConfigs(resource: ConfigResource, entries: AlterableConfig[], validateOnly: boolean): Promise<ConfigResult> {
    try {
      const config = new Map(entries.map((e) => [e.name, e.value ?? '']));
      await this.alter(resource, config, validateOnly);
      return { errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (error) {
      return errorResult(resource, error);
    }
  }

  async incrementalAlterConfigs(resource: ConfigResource, ops: IncrementalAlterableConfig[], validateOnly: boolean): Promise<ConfigResult> {
    try {
      const counts = new Map<string, number>();
      for (const op of ops) counts.set(op.name, (counts.get(op.name) ?? 0) + 1);
      const duplicates = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
      if (duplicates.length > 0) throw new InvalidRequestError(`Error due to duplicate config keys : ${duplicates.join(',')}`);
      const current = await this.currentDynamicConfig(resource);
      const isList = resource.resourceType === ResourceType.TOPIC ? topicConfigIsList : brokerConfigIsList;
      applyIncrementalOps(current, ops, isList);
      await this.alter(resource, current, validateOnly);
      return { errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (error) {
      return errorResult(resource, error);
    }
  }

  private async currentDynamicConfig(resource: ConfigResource): Promise<Map<string, string>> {
    switch (resource.resourceType) {
      case ResourceType.TOPIC:
        return this.deps.adminZk.fetchEntityConfig('topics', resource.resourceName);
      case ResourceType.BROKER:
        return this.deps.adminZk.fetchEntityConfig('brokers', this.brokerEntityName(resource));
      default:
        throw this.unsupportedAlter(resource);
    }
  }

  private async alter(resource: ConfigResource, config: Map<string, string>, validateOnly: boolean): Promise<void> {
    const { adminZk } = this.deps;
    switch (resource.resourceType) {
      case ResourceType.TOPIC:
        await adminZk.validateTopicConfig(resource.resourceName, config);
        if (!validateOnly) await adminZk.changeConfigs('topics', resource.resourceName, config);
        return;
      case ResourceType.BROKER: {
        const entityName = this.brokerEntityName(resource);
        this.validateBrokerConfig(config, entityName !== DEFAULT_CONFIG_ENTITY);
        if (!validateOnly) await adminZk.changeConfigs('brokers', entityName, config);
        return;
      }
      default:
        throw this.unsupportedAlter(resource);
    }
  }

  /** DynamicBrokerConfig.validate: the names and values, then the whole config they would make, then the components' own checks. */
  private validateBrokerConfig(config: ReadonlyMap<string, string>, perBrokerConfig: boolean): void {
    const { brokerConfig } = this.deps;
    validateDynamicBrokerConfigs(config, perBrokerConfig);
    const next = parseBrokerConfig(brokerConfig.proposedProperties(config, perBrokerConfig));
    validateReconfiguration((name) => brokerConfig.value(name), (name) => next.get(name));
  }

  private unsupportedAlter(resource: ConfigResource): InvalidRequestError {
    return new InvalidRequestError(`AlterConfigs is only supported for topics and brokers, but resource type is ${typeName(resource.resourceType)}`);
  }

  private brokerIdOf(resource: ConfigResource): number {
    if (!/^[+-]?\d+$/.test(resource.resourceName)) throw new InvalidRequestError(`Broker id must be an integer, but it is: ${resource.resourceName}`);
    return Number(resource.resourceName);
  }

  /** AdminManager.getBrokerId: empty for the cluster default, else this broker's own id. */
  private brokerEntityName(resource: ConfigResource): string {
    if (resource.resourceName === '') return DEFAULT_CONFIG_ENTITY;
    const id = this.brokerIdOf(resource);
    if (id !== this.deps.brokerConfig.brokerId) {
      throw new InvalidRequestError(`Unexpected broker id, expected ${this.deps.brokerConfig.brokerId}, but received ${resource.resourceName}`);
    }
    return String(id);
  }
}
