// DescribeLogDirs (key 35), versions 0-1 (v1 only changes throttling). One entry per log dir in
// log.dirs, named as Kafka names it (java.io.File#getAbsolutePath of the configured string), with
// error NONE (KAFKA_STORAGE_ERROR is for an offline dir, and this broker has none) and, for each
// of its partitions (all when `topics` is null, else the asked ones it holds; unknown topics and
// partitions are left out, an empty list describes the dirs with no partitions): the size of its
// segments, the offset lag and whether it is a future replica (being moved here by
// AlterReplicaLogDirs). The lag is Kafka's getLogEndOffsetLag: for a future replica the current
// replica's log end minus its own, else max(hw - leo, 0); -1 for a log with no Partition yet, as
// after a restart before LeaderAndIsr.
//
// Order, as 2.4.1 writes it: dirs in log.dirs order up to 4 (Scala Map1..Map4), a Scala hash trie
// beyond; topics in a java.util.HashMap of names (filled by computeIfAbsent) and partitions in one
// of ints (filled by put), both fed from a Scala map of the dir's logs (insertion order up to 4,
// that being LogManager's ConcurrentHashMap order of the current logs, then of the future ones; a
// hash trie beyond). Checked against
// 2.4.1's own classes on 300 random layouts, and against a real 2.4.1 broker.
//
// Needs Describe on the cluster; without it the answer lists no dirs at all (no error), as 2.4.1's.

import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { javaHashOrder, stringHash, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { topicPartitionKey } from '../../common/topic-partition';
import { ErrorCode } from '../../protocol/errors';
import type { DescribeLogDirsRequest, DescribeLogDirsResult, DescribeLogDirsTopic } from '../../protocol/generated';
import type { Log } from '../../log';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeCluster } from './authorization';
import { computeIfAbsentOrder, concurrentHashMapOrder } from './describe-log-dirs-order';

const tpHash = (log: Log) => topicPartitionHash({ topic: log.topic, partition: log.partition });

/** The asked partitions as keys, or null for all (Kafka's isAllTopicPartitions). */
function askedPartitions(request: DescribeLogDirsRequest): Set<string> | null {
  if (request.topics === null) return null;
  return new Set(request.topics.flatMap((t) => t.partitionIndex.map((p) => topicPartitionKey(t.topic, p))));
}

export function createDescribeLogDirsHandler(replicaManager: ReplicaManager): HandlerFor<'DescribeLogDirs'> {
  const offsetLag = (log: Log): bigint => {
    const current = replicaManager.getPartition(log.topic, log.partition)?.log;
    if (current == null) return -1n;
    return BigInt(log.isFuture ? current.logEndOffset - log.logEndOffset : Math.max(current.highWatermark - log.logEndOffset, 0));
  };

  /** One dir's topics, from its logs in the order 2.4.1's Scala map of them iterates. */
  const topicsOf = (logs: Log[]): DescribeLogDirsTopic[] => {
    const byTopic = new Map<string, Log[]>();
    for (const log of logs) {
      const topicLogs = byTopic.get(log.topic);
      if (topicLogs === undefined) byTopic.set(log.topic, [log]);
      else topicLogs.push(log);
    }
    return computeIfAbsentOrder([...byTopic], ([name]) => stringHash(name)).map(([name, topicLogs]) => ({
      name,
      partitions: javaHashOrder(topicLogs, (l) => l.partition).map((log) => ({
        partitionIndex: log.partition,
        partitionSize: BigInt(log.size),
        offsetLag: offsetLag(log),
        isFutureKey: log.isFuture,
      })),
    }));
  };

  return {
    apiKey: 35,
    minVersion: 0,
    maxVersion: 1,
    handle(request, ctx) {
      if (!authorizeCluster(ctx, AclOperation.DESCRIBE)) return { throttleTimeMs: 0, results: [] };
      const logManager = replicaManager.logManager;
      const asked = askedPartitions(request);
      const allLogs = [...concurrentHashMapOrder(logManager.allLogs(), tpHash), ...concurrentHashMapOrder(logManager.allFutureLogs(), tpHash)];
      const dirs = logManager.logDirsWithLogs().map(({ absolutePath, logs }) => {
        const inDir = new Set(logs);
        const described = allLogs.filter((l) => inDir.has(l) && (asked === null || asked.has(topicPartitionKey(l.topic, l.partition))));
        const result: DescribeLogDirsResult = {
          errorCode: ErrorCode.NONE,
          logDir: absolutePath,
          topics: topicsOf(scalaImmutableMapOrder(described, tpHash)),
        };
        return result;
      });
      return { throttleTimeMs: 0, results: scalaImmutableMapOrder(dirs, (d) => stringHash(d.logDir)) };
    },
    // Kafka's DescribeLogDirsRequest.getErrorResponse: no dirs at all.
    errorResponse: () => ({ throttleTimeMs: 0, results: [] }),
  };
}
