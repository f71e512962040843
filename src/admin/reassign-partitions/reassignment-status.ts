// What --verify reports, by Kafka 2.4.1's rules (checkIfPartitionReassignmentSucceeded and
// checkIfReplicaReassignmentSucceeded):
// - a partition still listed in /admin/reassign_partitions is in progress; otherwise it completed
//   when its replicas in the topic znode are exactly the target list (same order), else failed;
// - a replica given a log dir completed when it lives there with no move pending, is in progress
//   while a future replica sits in that dir, and failed otherwise (with a line saying why).
// The statuses come in the order of the Scala maps 2.4.1 builds them in.

import type { TopicPartition } from '../../common/topic-partition';
import type { KafkaZkClient } from '../../zk';
import { replicaAssignmentForTopics, replicasOf, type Assignment } from './current-assignment';
import type { TopicPartitionReplica } from './reassignment-json';
import { logDirAssignment, REPLICA_KEY, type ReplicaLogDirInfo } from './replica-log-dirs';
import { STRING_KEY, TP_KEY, groupBy, immutableMap } from './scala-collections';

export type ReassignmentStatus = 'completed' | 'in progress' | 'failed';

/** The sentence --verify prints for a status. */
export function statusText(status: ReassignmentStatus): string {
  if (status === 'completed') return 'completed successfully';
  if (status === 'in progress') return 'is still in progress';
  return 'failed';
}

/** getPartitionReassignment: the pending partitions; an invalid znode counts as none (2.4.1 logs and ignores it). */
async function partitionsBeingReassigned(zk: KafkaZkClient): Promise<TopicPartition[]> {
  try {
    return ((await zk.getPartitionReassignment()) ?? []).map((r) => ({ topic: r.topic, partition: r.partition }));
  } catch {
    return [];
  }
}

const sameReplicas = (a: readonly number[] | undefined, b: readonly number[]) => a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);

/** checkIfPartitionReassignmentSucceeded for the file's partitions (already a Scala Map: `toMap`'d). */
export async function partitionStatuses(zk: KafkaZkClient, targets: Assignment): Promise<Array<[TopicPartition, ReassignmentStatus]>> {
  const pending = await partitionsBeingReassigned(zk);
  const isPending = (tp: TopicPartition) => pending.some((p) => p.topic === tp.topic && p.partition === tp.partition);
  const keys = targets.map(([tp]) => tp);
  const done: Array<[TopicPartition, ReassignmentStatus]> = [];
  for (const [topic, partitions] of groupBy(keys.filter((tp) => !isPending(tp)), (tp) => tp.topic, STRING_KEY)) {
    const current = await replicaAssignmentForTopics(zk, [topic]);
    for (const tp of partitions) done.push([tp, sameReplicas(replicasOf(current, tp), replicasOf(targets, tp)!) ? 'completed' : 'failed']);
  }
  const inProgress = keys.filter(isPending).map((tp): [TopicPartition, ReassignmentStatus] => [tp, 'in progress']);
  return immutableMap([...done, ...inProgress], TP_KEY);
}

export interface ReplicaStatuses {
  /** The lines printed while checking (why a replica failed), in check order. */
  notes: string[];
  statuses: Array<[TopicPartitionReplica, ReassignmentStatus]>;
}

/** checkIfReplicaReassignmentSucceeded, given where the replicas are. */
export function replicaStatuses(logDirs: ReadonlyArray<readonly [TopicPartitionReplica, string]>, infos: ReadonlyMap<string, ReplicaLogDirInfo>): ReplicaStatuses {
  const notes: string[] = [];
  const checked = logDirAssignment(logDirs).map(([replica, wanted]): [TopicPartitionReplica, ReassignmentStatus] => {
    const where = `${replica.topic}-${replica.partition}`;
    const info = infos.get(REPLICA_KEY.id(replica));
    if (info === undefined) {
      notes.push(`Partition ${where} is not found in any live log dir on broker ${replica.brokerId}.`);
      return [replica, 'failed'];
    }
    if (info.current === null) {
      notes.push(`Partition ${where} is not found in any live log dir on broker ${replica.brokerId}. There is likely offline log directory on the broker.`);
      return [replica, 'failed'];
    }
    if (info.future === wanted) return [replica, 'in progress'];
    if (info.future !== null) {
      notes.push(`Partition ${where} on broker ${replica.brokerId} is being moved to log dir ${info.future} instead of ${wanted}`);
      return [replica, 'failed'];
    }
    if (info.current === wanted) return [replica, 'completed'];
    notes.push(`Partition ${where} on broker ${replica.brokerId} is not being moved from log dir ${info.current} to ${wanted}`);
    return [replica, 'failed'];
  });
  // The parsed map's static type is collection.Map, whose `map` builds an immutable Map.
  return { notes, statuses: immutableMap(checked, REPLICA_KEY) };
}
