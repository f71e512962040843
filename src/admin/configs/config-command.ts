// kafka-configs: Kafka 2.4.1's ConfigCommand. With --zookeeper it reads and writes
// /config/<type>/<name> itself (every entity type) and leaves a change notification for the
// brokers; with --bootstrap-server (brokers only, as 2.4 allows) it describes and alters broker
// configs through DescribeConfigs/AlterConfigs. The output lines are 2.4.1's.

import { BROKER_QUOTA_CONFIGS, scalaSet, validateDynamicBrokerConfigs } from '../../common/config';
import { javaPropertiesOrder } from '../../common/jvm-order/scala-collection-order';
import { DEFAULT_CONFIG_ENTITY, type KafkaZkClient } from '../../zk';
import { AdminZkClient } from '../../zk/admin/admin-zk-client';
import type { BrokerConfigsClient } from './broker-configs-client';
import { ConfigCommandError, parseConfigsToBeAdded, parseConfigsToBeDeleted, parseEntity, type ConfigCommandOptions } from './config-command-options';
import { allEntities } from './config-entity';
import { preProcessScramCredentials } from './scram-credential-configs';

export type Println = (line: string) => void;

/** ConfigEntry.ConfigSource names, by DescribeConfigs source id (1 is DYNAMIC_TOPIC_CONFIG on the Java side). */
const SOURCE_NAMES = ['UNKNOWN', 'DYNAMIC_TOPIC_CONFIG', 'DYNAMIC_BROKER_CONFIG', 'DYNAMIC_DEFAULT_BROKER_CONFIG', 'STATIC_BROKER_CONFIG', 'DEFAULT_CONFIG', 'DYNAMIC_BROKER_LOGGER_CONFIG'];

/** ConfigCommand.alterConfig (--zookeeper). */
export async function alterConfigWithZk(zk: KafkaZkClient, opts: ConfigCommandOptions, out: Println): Promise<void> {
  const admin = new AdminZkClient(zk);
  const { configs: toAdd, warnings } = parseConfigsToBeAdded(opts.addConfig);
  warnings.forEach(out);
  const toDelete = parseConfigsToBeDeleted(opts.deleteConfig);
  const entity = parseEntity(opts);
  const entityType = entity.root.entityType;
  const entityName = entity.fullSanitizedName;
  if (entityType === 'users') {
    preProcessScramCredentials(toAdd);
  } else if (entityType === 'brokers') {
    // Only replication throttles may go through ZooKeeper while brokers run; everything else is
    // for bootstrapping a broker that is not running yet.
    const dynamic = [...toAdd.keys()].filter((k) => !BROKER_QUOTA_CONFIGS.includes(k));
    if (dynamic.length > 0) {
      const perBroker = entityName !== DEFAULT_CONFIG_ENTITY;
      const errorMessage = `--bootstrap-server option must be specified to update broker configs ${scalaSet(dynamic)}.`;
      const info = 'Broker configuration updates using ZooKeeper are supported for bootstrapping before brokers are started to enable encrypted password configs to be stored in ZooKeeper.';
      if (perBroker) {
        if ((await zk.getBroker(Number(entityName))) !== null) throw new ConfigCommandError(`requirement failed: ${errorMessage} when broker ${entityName} is running. ${info}`);
      } else if ((await zk.getSortedBrokerList()).length > 0) {
        throw new ConfigCommandError(`requirement failed: ${errorMessage} for default cluster if any broker is running. ${info}`);
      }
      validateDynamicBrokerConfigs(toAdd, perBroker);
    }
  }
  const configs = await admin.fetchEntityConfig(entityType, entityName);
  const invalid = toDelete.filter((name) => !configs.has(name));
  if (invalid.length > 0) throw new ConfigCommandError(`Invalid config(s): ${invalid.join(',')}`);
  for (const [k, v] of toAdd) configs.set(k, v);
  for (const k of toDelete) configs.delete(k);
  await admin.changeConfigs(entityType, entityName, configs);
  out(`Completed Updating config for entity: ${entity}.`);
}

/** ConfigCommand.describeConfig (--zookeeper): one line per entity, in java.util.Properties order. */
export async function describeConfigWithZk(zk: KafkaZkClient, opts: ConfigCommandOptions, out: Println): Promise<void> {
  const entity = parseEntity(opts);
  const describeAllUsers = entity.root.entityType === 'users' && entity.root.sanitizedName === undefined && entity.child === undefined;
  for (const e of await allEntities(entity, (path) => zk.getAllEntitiesWithConfig(path))) {
    const configs = await zk.getEntityConfig(e.root.entityType, e.fullSanitizedName);
    // Describing all users skips the nodes that only hold <user, client> quotas.
    if (configs.size === 0 && describeAllUsers) continue;
    out(`Configs for ${e} are ${javaPropertiesOrder([...configs.keys()]).map((k) => `${k}=${configs.get(k)}`).join(',')}`);
  }
}

/** ConfigCommand.describeBrokerConfig: the dynamic entries of one broker (or the cluster default), with synonyms. */
export async function describeBrokerConfig(client: BrokerConfigsClient, entityName: string, out: Println): Promise<void> {
  const entries = await client.dynamicBrokerConfigs(entityName, true);
  out(entityName !== '' ? `Configs for broker ${entityName} are:` : 'Default config for brokers in the cluster are:');
  for (const e of entries) {
    const synonyms = e.synonyms.map((s) => `${SOURCE_NAMES[s.source] ?? 'UNKNOWN'}:${s.name}=${s.value}`).join(', ');
    out(`  ${e.name}=${e.value} sensitive=${e.isSensitive} synonyms={${synonyms}}`);
  }
}

/** ConfigCommand.alterBrokerConfig: the broker's dynamic entries, plus the additions, less the deletions, through AlterConfigs. */
export async function alterBrokerConfig(client: BrokerConfigsClient, opts: ConfigCommandOptions, entityName: string, out: Println): Promise<void> {
  const { configs: toAdd, warnings } = parseConfigsToBeAdded(opts.addConfig);
  warnings.forEach(out);
  const toDelete = parseConfigsToBeDeleted(opts.deleteConfig);
  const old = new Map((await client.dynamicBrokerConfigs(entityName, false)).map((e) => [e.name, e.value]));
  const invalid = toDelete.filter((name) => !old.has(name));
  if (invalid.length > 0) throw new ConfigCommandError(`Invalid config(s): ${invalid.join(',')}`);
  const updated = new Map([...old, ...toAdd]);
  for (const name of toDelete) updated.delete(name);
  const sensitive = [...updated].filter(([, v]) => v === null).map(([k]) => k);
  if (sensitive.length > 0) throw new ConfigCommandError(`All sensitive broker config entries must be specified for --alter, missing entries: ${scalaSet(sensitive)}`);
  await client.alterBrokerConfigs(entityName, new Map([...updated].map(([k, v]) => [k, v as string])));
  out(entityName !== '' ? `Completed updating config for broker: ${entityName}.` : 'Completed updating default config for brokers in the cluster,');
}
