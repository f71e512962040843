// DescribeConfigs (key 32), versions 0-2, served by every broker: a topic's configs (known topics
// only), this broker's configs by its id, or the cluster-wide dynamic defaults by the empty name.
// v0 reports is_default instead of a source; v1+ carries the source and, when asked, synonyms.
// Authorization as 2.4.1: DescribeConfigs on the cluster for broker resources, on the topic for
// topics; refused ones get CLUSTER_ or TOPIC_AUTHORIZATION_FAILED with no message and no configs.

import type { DescribeConfigsRequest, DescribeConfigsResourceResult, DescribeConfigsResponse } from '../../protocol/generated';
import { resourceTypeProblem, type ConfigAdmin } from '../dynamic-config/config-admin';
import { ErrorCode } from '../../protocol/errors';
import { ConfigSource, type DescribedConfig } from '../dynamic-config/describe-configs';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { configResourceRefusal } from './authorization';

function toWire(config: DescribedConfig, version: number): DescribeConfigsResourceResult {
  return {
    name: config.name,
    value: config.value,
    readOnly: config.readOnly,
    isDefault: version === 0 && config.source === ConfigSource.DEFAULT_CONFIG,
    configSource: config.source,
    isSensitive: config.isSensitive,
    synonyms: version === 0 ? [] : config.synonyms,
  };
}

function errorResponse(request: DescribeConfigsRequest, errorCode: number, errorMessage: string | null = null): DescribeConfigsResponse {
  return {
    throttleTimeMs: 0,
    results: request.resources.map((r) => ({ errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] })),
  };
}

export function createDescribeConfigsHandler(configAdmin: ConfigAdmin): HandlerFor<'DescribeConfigs'> {
  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 2,

    async handle(request, ctx) {
      const problem = resourceTypeProblem('DescribeConfigs', request.resources);
      if (problem !== null) return errorResponse(request, ErrorCode.INVALID_REQUEST, problem);
      const results = [];
      for (const resource of request.resources) {
        const refused = configResourceRefusal(ctx, AclOperation.DESCRIBE_CONFIGS, resource.resourceType, resource.resourceName);
        if (refused !== null) {
          results.push({ errorCode: refused, errorMessage: null, resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [] });
          continue;
        }
        const described = await configAdmin.describeConfigs(resource, resource.configurationKeys, request.includeSynoyms);
        results.push({
          errorCode: described.errorCode,
          errorMessage: described.errorMessage,
          resourceType: resource.resourceType,
          resourceName: resource.resourceName,
          configs: described.configs.map((c) => toWire(c, ctx.apiVersion)),
        });
      }
      return { throttleTimeMs: 0, results };
    },

    errorResponse: (request, errorCode) => errorResponse(request, errorCode),
  };
}
