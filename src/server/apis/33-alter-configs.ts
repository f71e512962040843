// AlterConfigs (key 33), versions 0-1: replaces the whole dynamic config of a topic, of this
// broker (by its id) or of the cluster default (empty broker name). validate_only checks without
// writing. Any broker serves topics; broker resources must name the broker asked. Authorization as
// 2.4.1: AlterConfigs on the cluster for brokers, on the topic for topics; refused resources get
// CLUSTER_ or TOPIC_AUTHORIZATION_FAILED (no message) and are left unchanged.

import { resourceTypeProblem, type ConfigAdmin } from '../dynamic-config/config-admin';
import { ErrorCode } from '../../protocol/errors';
import type { AlterConfigsRequest, AlterConfigsResponse } from '../../protocol/generated';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { configResourceRefusal } from './authorization';

function errorResponse(request: AlterConfigsRequest, errorCode: number, errorMessage: string | null = null): AlterConfigsResponse {
  return {
    throttleTimeMs: 0,
    responses: request.resources.map((r) => ({ errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName })),
  };
}

export function createAlterConfigsHandler(configAdmin: ConfigAdmin): HandlerFor<'AlterConfigs'> {
  return {
    apiKey: 33,
    minVersion: 0,
    maxVersion: 1,

    async handle(request, ctx) {
      const problem = resourceTypeProblem('AlterConfigs', request.resources);
      if (problem !== null) return errorResponse(request, ErrorCode.INVALID_REQUEST, problem);
      const responses = [];
      for (const resource of request.resources) {
        const refused = configResourceRefusal(ctx, AclOperation.ALTER_CONFIGS, resource.resourceType, resource.resourceName);
        if (refused !== null) {
          responses.push({ errorCode: refused, errorMessage: null, resourceType: resource.resourceType, resourceName: resource.resourceName });
          continue;
        }
        const result = await configAdmin.alterConfigs(resource, resource.configs, request.validateOnly);
        responses.push({ ...result, resourceType: resource.resourceType, resourceName: resource.resourceName });
      }
      return { throttleTimeMs: 0, responses };
    },

    errorResponse: (request, errorCode) => errorResponse(request, errorCode),
  };
}
