// AlterReplicaLogDirs (key 34), versions 0-1 (v1 only changes throttling): moves replicas of this
// broker to other log dirs, named by their absolute paths (ReplicaManager.alterReplicaLogDirs has
// the rules). A partition named twice goes to the dir named last, as in Kafka's request map. The
// answer groups the partitions by topic in the orders of the Java HashMaps 2.4.1 writes them from
// (topics filled by computeIfAbsent, partitions by put). Needs Alter on the cluster: otherwise
// every partition named is CLUSTER_AUTHORIZATION_FAILED and nothing moves.

import { javaHashOrder, stringHash } from '../../common/jvm-order/jvm-collection-order';
import { topicPartitionKey } from '../../common/topic-partition';
import type { AlterReplicaLogDirTopicResult } from '../../protocol/generated';
import type { ReplicaLogDirMove, ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { ErrorCode } from '../../protocol/errors';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeCluster } from './authorization';
import { computeIfAbsentOrder } from './describe-log-dirs-order';

export function createAlterReplicaLogDirsHandler(replicaManager: ReplicaManager): HandlerFor<'AlterReplicaLogDirs'> {
  return {
    apiKey: 34,
    minVersion: 0,
    maxVersion: 1,
    handle(request, ctx) {
      const moves = new Map<string, ReplicaLogDirMove>();
      for (const dir of request.dirs) {
        for (const topic of dir.topics) {
          for (const partition of topic.partitions) moves.set(topicPartitionKey(topic.name, partition), { topic: topic.name, partition, logDir: dir.path });
        }
      }
      const byTopic = new Map<string, AlterReplicaLogDirTopicResult>();
      const outcomes = authorizeCluster(ctx, AclOperation.ALTER)
        ? replicaManager.alterReplicaLogDirs([...moves.values()])
        : [...moves.values()].map((m) => ({ ...m, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED }));
      for (const r of outcomes) {
        let topic = byTopic.get(r.topic);
        if (topic === undefined) byTopic.set(r.topic, (topic = { topicName: r.topic, partitions: [] }));
        topic.partitions.push({ partitionIndex: r.partition, errorCode: r.errorCode });
      }
      const results = computeIfAbsentOrder([...byTopic.values()], (t) => stringHash(t.topicName)).map((t) => ({
        topicName: t.topicName,
        partitions: javaHashOrder(t.partitions, (p) => p.partitionIndex),
      }));
      return { throttleTimeMs: 0, results };
    },
    errorResponse: (request, errorCode) => ({
      throttleTimeMs: 0,
      results: request.dirs.flatMap((d) => d.topics.map((t) => ({ topicName: t.name, partitions: t.partitions.map((partitionIndex) => ({ partitionIndex, errorCode })) }))),
    }),
  };
}
