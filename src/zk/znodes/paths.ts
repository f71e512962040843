// Fixed znode paths of Kafka 2.4.1 (ZkData.scala) and the persistent paths every broker creates at
// startup. Per-entity paths live next to their codecs.

export const BROKERS_PATH = '/brokers';
export const BROKER_IDS_PATH = '/brokers/ids';
export const TOPICS_PATH = '/brokers/topics';
export const BROKER_SEQUENCE_ID_PATH = '/brokers/seqid';
export const ADMIN_PATH = '/admin';
export const DELETE_TOPICS_PATH = '/admin/delete_topics';
export const CONFIG_PATH = '/config';
export const CONFIG_CHANGES_PATH = '/config/changes';
export const CLUSTER_PATH = '/cluster';
export const ISR_CHANGE_NOTIFICATION_PATH = '/isr_change_notification';
export const LOG_DIR_EVENT_NOTIFICATION_PATH = '/log_dir_event_notification';
export const PRODUCER_ID_BLOCK_PATH = '/latest_producer_id_block';
/** ACL roots (ZkData's LiteralAclStore, ExtendedAclZNode and the two change stores). */
export const LITERAL_ACL_PATH = '/kafka-acl';
export const EXTENDED_ACL_PATH = '/kafka-acl-extended';
export const LITERAL_ACL_CHANGES_PATH = '/kafka-acl-changes';
export const EXTENDED_ACL_CHANGES_PATH = '/kafka-acl-extended-changes';
/** Old (ZooKeeper-based) consumer root; still created by brokers. */
export const CONSUMERS_PATH = '/consumers';

/** Dynamic config entity types of Kafka 2.4.1 (ConfigType.all; `ips` arrived in 2.6). */
export const CONFIG_ENTITY_TYPES = ['topics', 'clients', 'users', 'brokers'] as const;
export type ConfigEntityType = (typeof CONFIG_ENTITY_TYPES)[number];

/** ZkData.PersistentZkPaths, in Kafka's order: created (null data, parents too) if absent at startup. */
export const PERSISTENT_ZK_PATHS: readonly string[] = [
  CONSUMERS_PATH,
  BROKER_IDS_PATH,
  TOPICS_PATH,
  CONFIG_CHANGES_PATH,
  DELETE_TOPICS_PATH,
  BROKER_SEQUENCE_ID_PATH,
  ISR_CHANGE_NOTIFICATION_PATH,
  PRODUCER_ID_BLOCK_PATH,
  LOG_DIR_EVENT_NOTIFICATION_PATH,
  ...CONFIG_ENTITY_TYPES.map((type) => `${CONFIG_PATH}/${type}`),
];

/** Topic names are path segments; refuse anything that would escape its znode. */
export function checkPathSegment(kind: string, name: string): string {
  if (name.length === 0 || name.includes('/') || name === '.' || name === '..') {
    throw new Error(`invalid ${kind} for a znode path: ${JSON.stringify(name)}`);
  }
  return name;
}
