// Replication throttles around a reassignment, written through ZooKeeper as Kafka 2.4.1's tool
// does (AdminZkClient.changeTopicConfig / changeBrokerConfig: the whole config znode rewritten,
// then a change notification for the brokers):
// - each moving topic gets `leader.replication.throttled.replicas`: every current replica of a
//   partition that gains a replica (any of them may be leading while the new ones catch up), and
//   `follower.replication.throttled.replicas`: the replicas a partition gains, both as
//   "partition:broker,..." lists;
// - every broker in the old or new assignments gets `leader.replication.throttled.rate` and
//   `follower.replication.throttled.rate` (and the log-dir move rate when one is given);
// - --verify, once everything has completed, removes the rates from every live broker (the tool no
//   longer knows which brokers took part) and the replica lists from the topics in its file.

import { ConfigError } from '../../common/config';
import type { TopicPartition } from '../../common/topic-partition';
import { AdminError, type AdminZkClient } from '../../zk/admin/admin-zk-client';
import type { ConfigEntityType, KafkaZkClient } from '../../zk';
import { replicasOf, type Assignment } from './current-assignment';
import { JavaException } from './java-exceptions';
import { INT_KEY, STRING_KEY, immutableSet } from './scala-collections';

export const LEADER_THROTTLED_REPLICAS = 'leader.replication.throttled.replicas';
export const FOLLOWER_THROTTLED_REPLICAS = 'follower.replication.throttled.replicas';
export const LEADER_THROTTLED_RATE = 'leader.replication.throttled.rate';
export const FOLLOWER_THROTTLED_RATE = 'follower.replication.throttled.rate';
export const REPLICA_ALTER_LOG_DIRS_RATE = 'replica.alter.log.dirs.io.max.bytes.per.second';

/** ReassignPartitionsCommand.Throttle: a limit below 0 means "not given". */
export interface Throttle {
  interBrokerLimit: bigint;
  replicaAlterLogDirsLimit: bigint;
}

export const NO_THROTTLE: Throttle = { interBrokerLimit: -1n, replicaAlterLogDirsLimit: -1n };

const sameTp = (a: TopicPartition, b: TopicPartition) => a.topic === b.topic && a.partition === b.partition;

/** ReassignPartitionsCommand.format: "partition:replica" for every replica, comma-separated. */
export function formatThrottledReplicas(moves: Assignment): string {
  return moves.flatMap(([tp, replicas]) => replicas.map((r) => `${tp.partition}:${r}`)).join(',');
}

/** preRebalanceReplicaForMovingPartitions: the current replicas of the partitions that gain a replica. */
export function preRebalanceReplicasForMovingPartitions(existing: Assignment, proposed: Assignment): Assignment {
  return existing.filter(([tp, before]) => {
    const after = proposed.find(([p]) => sameTp(p, tp))?.[1];
    return after !== undefined && after.some((r) => !before.includes(r));
  });
}

/** postRebalanceReplicasThatMoved: each proposed partition with the replicas it gains (as the Scala Set difference iterates). */
export function postRebalanceReplicasThatMoved(existing: Assignment, proposed: Assignment): Assignment {
  return proposed.map(([tp, after]) => {
    const before = replicasOf(existing, tp) ?? [];
    return [tp, immutableSet(after, INT_KEY).filter((r) => !before.includes(r))];
  });
}

/** The two throttled-replica lists of one topic for a move from `existing` to `proposed`. */
export function throttledReplicasForTopic(topic: string, existing: Assignment, proposed: Assignment): { leader: string; follower: string } {
  const existingForTopic = existing.filter(([tp]) => tp.topic === topic);
  const proposedForTopic = proposed.filter(([tp]) => tp.topic === topic);
  return {
    leader: formatThrottledReplicas(preRebalanceReplicasForMovingPartitions(existingForTopic, proposedForTopic)),
    follower: formatThrottledReplicas(postRebalanceReplicasThatMoved(existingForTopic, proposedForTopic)),
  };
}

/** The brokers maybeLimit throttles: those of the current and the proposed assignment, and those given a log dir. */
export function brokersToThrottle(existing: Assignment, proposed: Assignment, logDirBrokers: readonly number[]): number[] {
  return [...new Set([...existing.flatMap(([, r]) => r), ...proposed.flatMap(([, r]) => r), ...logDirBrokers])];
}

/** AdminZkClient.changeConfigs, failing with the exception Kafka's validation throws. */
async function changeConfig(adminZk: AdminZkClient, type: ConfigEntityType, name: string, config: Map<string, string>): Promise<void> {
  try {
    await adminZk.changeConfigs(type, name, config);
  } catch (error) {
    if (error instanceof AdminError) {
      const javaClass = error.message.endsWith('does not exist.') ? 'kafka.admin.AdminOperationException' : 'org.apache.kafka.common.errors.InvalidConfigurationException';
      throw new JavaException(javaClass, error.message);
    }
    if (error instanceof ConfigError) throw new JavaException('org.apache.kafka.common.config.ConfigException', error.message);
    throw error;
  }
}

/** assignThrottledReplicas: the replica lists on every topic of the proposal (call only when starting a reassignment). */
export async function assignThrottledReplicas(adminZk: AdminZkClient, existing: Assignment, proposed: Assignment): Promise<void> {
  for (const topic of immutableSet(proposed.map(([tp]) => tp.topic), STRING_KEY)) {
    const { leader, follower } = throttledReplicasForTopic(topic, existing, proposed);
    const config = await adminZk.fetchEntityConfig('topics', topic);
    config.set(LEADER_THROTTLED_REPLICAS, leader);
    config.set(FOLLOWER_THROTTLED_REPLICAS, follower);
    await changeConfig(adminZk, 'topics', topic, config);
  }
}

/** maybeLimit: the rates on every broker involved, when a limit was given. */
export async function limitBrokers(adminZk: AdminZkClient, brokers: readonly number[], throttle: Throttle): Promise<void> {
  if (throttle.interBrokerLimit < 0n && throttle.replicaAlterLogDirsLimit < 0n) return;
  for (const id of brokers) {
    const config = await adminZk.fetchEntityConfig('brokers', String(id));
    if (throttle.interBrokerLimit >= 0n) {
      config.set(LEADER_THROTTLED_RATE, throttle.interBrokerLimit.toString());
      config.set(FOLLOWER_THROTTLED_RATE, throttle.interBrokerLimit.toString());
    }
    if (throttle.replicaAlterLogDirsLimit >= 0n) config.set(REPLICA_ALTER_LOG_DIRS_RATE, throttle.replicaAlterLogDirsLimit.toString());
    await changeConfig(adminZk, 'brokers', String(id), config);
  }
}

/** removeThrottle's writes (the caller checks that everything completed); true when any config changed. */
export async function removeThrottles(zk: KafkaZkClient, adminZk: AdminZkClient, topics: readonly string[]): Promise<boolean> {
  let changed = false;
  const removeAll = (config: Map<string, string>, names: string[]) => names.map((n) => config.delete(n)).some(Boolean);
  for (const broker of await zk.getAllBrokersInCluster()) {
    const config = await adminZk.fetchEntityConfig('brokers', String(broker.id));
    if (removeAll(config, [LEADER_THROTTLED_RATE, FOLLOWER_THROTTLED_RATE, REPLICA_ALTER_LOG_DIRS_RATE])) {
      await changeConfig(adminZk, 'brokers', String(broker.id), config);
      changed = true;
    }
  }
  for (const topic of topics) {
    const config = await adminZk.fetchEntityConfig('topics', topic);
    if (removeAll(config, [LEADER_THROTTLED_REPLICAS, FOLLOWER_THROTTLED_REPLICAS])) {
      await changeConfig(adminZk, 'topics', topic, config);
      changed = true;
    }
  }
  return changed;
}
