// IncrementalAlterConfigs (key 44), versions 0-1 (flexible from 1): SET, DELETE, APPEND and
// SUBTRACT on the dynamic config of a topic or a broker, applied to what ZooKeeper holds.
// Authorization as 2.4.1: AlterConfigs on the cluster for brokers and broker loggers, on the topic
// for topics; refused resources get CLUSTER_ or TOPIC_AUTHORIZATION_FAILED (no message).

import { resourceTypeProblem, type ConfigAdmin } from '../dynamic-config/config-admin';
import { ErrorCode } from '../../protocol/errors';
import type { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { configResourceRefusal } from './authorization';

function errorResponse(request: IncrementalAlterConfigsRequest, errorCode: number, errorMessage: string | null = null): IncrementalAlterConfigsResponse {
  return {
    throttleTimeMs: 0,
    responses: request.resources.map((r) => ({ errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName })),
  };
}

export function createIncrementalAlterConfigsHandler(configAdmin: ConfigAdmin): HandlerFor<'IncrementalAlterConfigs'> {
  return {
    apiKey: 44,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      const problem = resourceTypeProblem('IncrementalAlterConfigs', request.resources);
      if (problem !== null) return errorResponse(request, ErrorCode.INVALID_REQUEST, problem);
      const responses = [];
      for (const resource of request.resources) {
        const refused = configResourceRefusal(ctx, AclOperation.ALTER_CONFIGS, resource.resourceType, resource.resourceName);
        if (refused !== null) {
          responses.push({ errorCode: refused, errorMessage: null, resourceType: resource.resourceType, resourceName: resource.resourceName });
          continue;
        }
        const result = await configAdmin.incrementalAlterConfigs(resource, resource.configs, request.validateOnly);
        responses.push({ ...result, resourceType: resource.resourceType, resourceName: resource.resourceName });
      }
      return { throttleTimeMs: 0, responses };
    },

    errorResponse: (request, errorCode) => errorResponse(request, errorCode),
  };
}
