// DeleteTopics (key 20), versions 0-4. Served by the active controller only (NOT_CONTROLLER
// elsewhere). Each existing topic gets its /admin/delete_topics marker (a topic already marked
// counts as success, as in Kafka); the answer waits up to timeout_ms until the topic is gone from
// the metadata cache, REQUEST_TIMED_OUT otherwise. With delete.topic.enable=false every topic gets
// TOPIC_DELETION_DISABLED (INVALID_REQUEST before v3, which did not know that code). Each topic
// needs Delete, checked before its existence (TOPIC_AUTHORIZATION_FAILED otherwise), as in 2.4.1.

import { AdminError, type AdminZkClient } from '../../zk/admin/admin-zk-client';
import { pollUntil } from '../../common/poll';
import { ErrorCode } from '../../protocol/errors';
import type { DeleteTopicsRequest } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { HandlerFor } from './api-handler';
import type { ControllerView } from './controller-only';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { filterAuthorized } from './authorization';

export interface DeleteTopicsHandlerDeps {
  controller: ControllerView;
  admin: AdminZkClient;
  metadataCache: MetadataCache;
  deleteTopicEnable: boolean;
}

export function createDeleteTopicsHandler(deps: DeleteTopicsHandlerDeps): HandlerFor<'DeleteTopics'> {
  const errorResponse = (request: DeleteTopicsRequest, errorCode: number) => ({
    throttleTimeMs: 0,
    responses: request.topicNames.map((name) => ({ name, errorCode })),
  });
  return {
    apiKey: 20,
    minVersion: 0,
    maxVersion: 4,

    async handle(request, ctx) {
      if (!deps.controller.isActive) return errorResponse(request, ErrorCode.NOT_CONTROLLER);
      if (!deps.deleteTopicEnable) return errorResponse(request, ctx.apiVersion < 3 ? ErrorCode.INVALID_REQUEST : ErrorCode.TOPIC_DELETION_DISABLED);
      const responses: Array<{ name: string; errorCode: number }> = [];
      const marked: string[] = [];
      const deletable = filterAuthorized(ctx, AclOperation.DELETE, ResourceType.TOPIC, request.topicNames);
      for (const name of new Set(request.topicNames)) {
        if (!deletable.has(name)) {
          responses.push({ name, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED });
          continue;
        }
        try {
          await deps.admin.deleteTopic(name);
          marked.push(name);
          responses.push({ name, errorCode: ErrorCode.NONE });
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          responses.push({ name, errorCode: error.errorCode });
        }
      }
      await pollUntil(() => !marked.some((t) => deps.metadataCache.contains(t)), Math.max(0, request.timeoutMs));
      for (const r of responses) {
        if (marked.includes(r.name) && deps.metadataCache.contains(r.name) && request.timeoutMs > 0) r.errorCode = ErrorCode.REQUEST_TIMED_OUT;
      }
      return { throttleTimeMs: 0, responses };
    },

    errorResponse,
  };
}
