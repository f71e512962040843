// ElectLeaders (key 43), versions 0-2 (v1 adds ElectionType and the top-level error code, v2 is
// flexible). Answered by the active controller: PREFERRED moves leadership to the first assigned
// replica when it is alive and in the ISR; UNCLEAN elects, for partitions without a live leader
// only, the first live replica in assignment order even if it is out of sync. Per-partition errors
// as Kafka 2.4.1: ELECTION_NOT_NEEDED, PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE,
// UNKNOWN_TOPIC_OR_PARTITION, INVALID_TOPIC_EXCEPTION (topic being deleted); NOT_CONTROLLER on every
// partition when this broker is not the controller (the top-level code stays NONE, as in Kafka).
// A null topic list means every partition this broker's metadata cache knows, and then the
// ELECTION_NOT_NEEDED ones are left out of the answer. Like Kafka's DelayedElectLeader, a
// successful election is answered once this broker's metadata cache shows the new leader, or
// REQUEST_TIMED_OUT after timeout_ms. Needs Alter on the cluster, checked first: otherwise
// CLUSTER_AUTHORIZATION_FAILED on top (v1+) and on each named partition, with no message.

import type { PartitionElectionResult } from '../../controller/preferred-election';
import { ElectionType } from '../../protocol/election-type';
import { pollUntil } from '../../common/poll';
import { ErrorCode } from '../../protocol/errors';
import type { ElectLeadersRequest, ElectLeadersResponse, ReplicaElectionResult } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeCluster } from './authorization';
import type { TopicPartition } from '../../common/topic-partition';
import { topicPartitionKey } from '../../common/topic-partition';

export interface ElectLeadersService {
  readonly isActive: boolean;
  electLeaders(partitions: TopicPartition[], electionType: ElectionType): Promise<PartitionElectionResult[]>;
}

export interface ElectLeadersHandlerDeps {
  controller: ElectLeadersService;
  metadataCache: MetadataCache;
}

/** The requested partitions, or every partition in the metadata cache for a null list. */
export function requestedPartitions(request: ElectLeadersRequest, cache: MetadataCache): TopicPartition[] {
  if (request.topicPartitions !== null) {
    const seen = new Set<string>();
    const partitions: TopicPartition[] = [];
    for (const t of request.topicPartitions) {
      for (const partition of t.partitionId) {
        const key = topicPartitionKey(t.topic, partition);
        // Kafka turns the request into a Set: a partition named twice is answered once.
        if (!seen.has(key)) partitions.push({ topic: t.topic, partition });
        seen.add(key);
      }
    }
    return partitions;
  }
  return cache.topics().flatMap((topic) => Array.from({ length: cache.partitionCount(topic) }, (_, partition) => ({ topic, partition })));
}

/** The response body: results grouped by topic; an all-partitions request omits ELECTION_NOT_NEEDED. */
export function electLeadersResponse(results: readonly PartitionElectionResult[], allPartitions: boolean): ElectLeadersResponse {
  const byTopic = new Map<string, ReplicaElectionResult>();
  for (const r of results) {
    if (allPartitions && r.errorCode === ErrorCode.ELECTION_NOT_NEEDED) continue;
    let topic = byTopic.get(r.tp.topic);
    if (topic === undefined) byTopic.set(r.tp.topic, (topic = { topic: r.tp.topic, partitionResult: [] }));
    topic.partitionResult.push({ partitionId: r.tp.partition, errorCode: r.errorCode, errorMessage: r.errorMessage });
  }
  return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, replicaElectionResults: [...byTopic.values()] };
}

/** Successful elections become NONE once the cache shows the elected leader, else REQUEST_TIMED_OUT. */
async function awaitLeadersInCache(results: PartitionElectionResult[], cache: MetadataCache, timeoutMs: number): Promise<PartitionElectionResult[]> {
  const shows = (r: PartitionElectionResult) => cache.partitionState(r.tp.topic, r.tp.partition)?.leader === r.leader;
  const waiting = results.filter((r) => r.errorCode === ErrorCode.NONE);
  await pollUntil(() => waiting.every(shows), Math.max(0, timeoutMs));
  return results.map((r) => (r.errorCode !== ErrorCode.NONE || shows(r) ? r : { tp: r.tp, errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: null }));
}

export function createElectLeadersHandler(deps: ElectLeadersHandlerDeps): HandlerFor<'ElectLeaders'> {
  return {
    apiKey: 43,
    minVersion: 0,
    maxVersion: 2,
    async handle(request, ctx) {
      if (!authorizeCluster(ctx, AclOperation.ALTER)) {
        // Kafka answers the named partitions only (none for a null list), each with the code and no message.
        const named = request.topicPartitions === null ? [] : requestedPartitions(request, deps.metadataCache);
        const refused = electLeadersResponse(named.map((tp) => ({ tp, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: null })), false);
        return { ...refused, errorCode: ctx.apiVersion >= 1 ? ErrorCode.CLUSTER_AUTHORIZATION_FAILED : ErrorCode.NONE };
      }
      const partitions = requestedPartitions(request, deps.metadataCache);
      const allPartitions = request.topicPartitions === null;
      if (!deps.controller.isActive) {
        return electLeadersResponse(partitions.map((tp) => ({ tp, errorCode: ErrorCode.NOT_CONTROLLER, errorMessage: null })), allPartitions);
      }
      // v0 has no ElectionType: the decoder reads it as 0, PREFERRED. Kafka's ElectionType.valueOf
      // rejects other values with IllegalArgumentException, which answers UNKNOWN_SERVER_ERROR.
      if (request.electionType !== ElectionType.PREFERRED && request.electionType !== ElectionType.UNCLEAN) {
        throw new Error(`Value ${request.electionType} must be one of PREFERRED, UNCLEAN`);
      }
      const results = await deps.controller.electLeaders(partitions, request.electionType);
      return electLeadersResponse(await awaitLeadersInCache(results, deps.metadataCache, request.timeoutMs), allPartitions);
    },
    // Kafka's getErrorResponse: the code on every requested partition, and on top from v1 (v0 has no field).
    errorResponse: (request, errorCode, ctx) => ({
      throttleTimeMs: 0,
      errorCode: ctx.apiVersion >= 1 ? errorCode : ErrorCode.NONE,
      replicaElectionResults: (request.topicPartitions ?? []).map((t) => ({
        topic: t.topic,
        partitionResult: t.partitionId.map((partitionId) => ({ partitionId, errorCode, errorMessage: null })),
      })),
    }),
  };
}
