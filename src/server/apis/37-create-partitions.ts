// CreatePartitions (key 37), versions 0-1. Served by the active controller only (NOT_CONTROLLER
// elsewhere). Grows each topic to `count` partitions through AdminZkClient (explicit assignments
// or Kafka's algorithm continuing from the existing partitions); INVALID_PARTITIONS when the
// count does not grow, UNKNOWN_TOPIC_OR_PARTITION for a missing topic, INVALID_REQUEST for a
// topic named twice. Waits up to timeout_ms for the new partitions to get leaders. Each topic (not
// named twice) needs Alter: TOPIC_AUTHORIZATION_FAILED "The topic authorization is failed."
// otherwise, before its existence is looked at, as in 2.4.1.

import { AdminError, type AdminZkClient } from '../../zk/admin/admin-zk-client';
import { ErrorCode } from '../../protocol/errors';
import type { CreatePartitionsRequest, CreatePartitionsTopicResult } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';
import { awaitTopicsReady, type ControllerView } from './controller-only';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { filterAuthorized } from './authorization';

export interface CreatePartitionsHandlerDeps {
  controller: ControllerView;
  admin: AdminZkClient;
  metadataCache: MetadataCache;
}

export function createCreatePartitionsHandler(deps: CreatePartitionsHandlerDeps): HandlerFor<'CreatePartitions'> {
  const errorResponse = (request: CreatePartitionsRequest, errorCode: number) => ({
    throttleTimeMs: 0,
    results: request.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })),
  });
  return {
    apiKey: 37,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      if (!deps.controller.isActive) return errorResponse(request, ErrorCode.NOT_CONTROLLER);
      const counts = new Map<string, number>();
      for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
      const alterable = filterAuthorized(
        ctx,
        AclOperation.ALTER,
        ResourceType.TOPIC,
        [...counts].filter(([, n]) => n === 1).map(([name]) => name),
      );
      const results: CreatePartitionsTopicResult[] = [];
      const grown = new Map<string, number>();
      for (const topic of request.topics) {
        if (counts.get(topic.name)! > 1) {
          results.push({ name: topic.name, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Duplicate topic in request.' });
          continue;
        }
        if (!alterable.has(topic.name)) {
          results.push({ name: topic.name, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'The topic authorization is failed.' });
          continue;
        }
        try {
          const assignments = topic.assignments === null ? null : topic.assignments.map((a) => a.brokerIds);
          await deps.admin.addPartitions(topic.name, topic.count, deps.metadataCache.aliveBrokerIds(), assignments, request.validateOnly);
          if (!request.validateOnly) grown.set(topic.name, topic.count);
          results.push({ name: topic.name, errorCode: ErrorCode.NONE, errorMessage: null });
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          results.push({ name: topic.name, errorCode: error.errorCode, errorMessage: error.message });
        }
      }
      if (grown.size > 0 && request.timeoutMs > 0) {
        const late = await awaitTopicsReady(deps.metadataCache, grown, request.timeoutMs);
        for (const r of results) if (late.has(r.name)) Object.assign(r, { errorCode: ErrorCode.REQUEST_TIMED_OUT, errorMessage: 'Timed out waiting for the new partitions to get leaders' });
      }
      return { throttleTimeMs: 0, results };
    },

    errorResponse,
  };
}
