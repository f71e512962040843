// CreateTopics (key 19), versions 0-5. Served by the active controller only (NOT_CONTROLLER
// elsewhere, so clients retry against the controller). Each topic is validated and written to
// ZooKeeper through AdminZkClient (the same path as auto-creation and `kafka-topics --zookeeper`);
// the controller's topic watch then elects leaders. Like Kafka, the answer waits (up to
// timeout_ms) until the new partitions have leaders in the metadata cache, REQUEST_TIMED_OUT for
// topics that did not get there; timeout 0 or validate_only answer at once. A topic named twice in
// one request gets INVALID_REQUEST. v5 returns the partition count, replication factor and the
// topic's configs with their sources, as DescribeConfigs would report them (no synonyms).
//
// Authorization as 2.4.1: Create on the cluster (a denial not logged) or else on each topic:
// TOPIC_AUTHORIZATION_FAILED "Authorization failed." otherwise. DescribeConfigs on a topic decides
// whether v5 reports its configs and shape; without it topic_config_error_code is
// TOPIC_AUTHORIZATION_FAILED (reset to 0 when the creation itself fails).

import { AdminError, type AdminZkClient, type TopicDefaults } from '../../zk/admin/admin-zk-client';
import type { Logger } from '../../common/logger';
import { ErrorCode } from '../../protocol/errors';
import type { CreatableTopicResult, CreateTopicsRequest } from '../../protocol/generated';
import type { MetadataCache } from '../metadata-cache';
import type { ConfigAdmin } from '../dynamic-config/config-admin';
import type { HandlerFor } from './api-handler';
import { awaitTopicsReady, type ControllerView } from './controller-only';
import { AclOperation, ResourceType } from '../../security/acl/acl-types';
import { authorizeCluster, filterAuthorized } from './authorization';


export interface CreateTopicsHandlerDeps {
  controller: ControllerView;
  admin: AdminZkClient;
  metadataCache: MetadataCache;
  defaults: TopicDefaults;
  configAdmin: Pick<ConfigAdmin, 'newTopicConfigs'>;
  logger: Logger;
}

function result(name: string, errorCode: number, errorMessage: string | null = null): CreatableTopicResult {
  return { name, errorCode, errorMessage, topicConfigErrorCode: 0, numPartitions: -1, replicationFactor: -1, configs: [] };
}

export function createCreateTopicsHandler(deps: CreateTopicsHandlerDeps): HandlerFor<'CreateTopics'> {
  const errorResponse = (request: CreateTopicsRequest, errorCode: number) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((t) => result(t.name, errorCode)),
  });
  return {
    apiKey: 19,
    minVersion: 0,
    maxVersion: 5,

    async handle(request, ctx) {
      if (!deps.controller.isActive) return errorResponse(request, ErrorCode.NOT_CONTROLLER);
      const version = ctx.apiVersion;
      const counts = new Map<string, number>();
      for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
      const names = request.topics.map((t) => t.name);
      const creatable = authorizeCluster(ctx, AclOperation.CREATE, { logIfDenied: false }) ? new Set(names) : filterAuthorized(ctx, AclOperation.CREATE, ResourceType.TOPIC, names);
      const describable = filterAuthorized(ctx, AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, names);
      // The field exists from v5 only.
      const configRefusal = (name: string) => (version >= 5 && !describable.has(name) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : 0);
      const brokers = deps.metadataCache.aliveBrokerIds();
      const created = new Map<string, number>();
      const results: CreatableTopicResult[] = [];
      for (const topic of request.topics) {
        if (counts.get(topic.name)! > 1) {
          results.push({ ...result(topic.name, ErrorCode.INVALID_REQUEST, 'Found multiple entries for this topic.'), topicConfigErrorCode: configRefusal(topic.name) });
          continue;
        }
        if (!creatable.has(topic.name)) {
          results.push({ ...result(topic.name, ErrorCode.TOPIC_AUTHORIZATION_FAILED, 'Authorization failed.'), topicConfigErrorCode: configRefusal(topic.name) });
          continue;
        }
        const config = new Map(topic.configs.map((c) => [c.name, c.value ?? '']));
        try {
          const assignment = await deps.admin.createTopic(
            {
              name: topic.name,
              numPartitions: topic.numPartitions,
              replicationFactor: topic.replicationFactor,
              assignment: new Map(topic.assignments.map((a) => [a.partitionIndex, a.brokerIds])),
              config,
            },
            brokers,
            deps.defaults,
            request.validateOnly,
          );
          if (!request.validateOnly) created.set(topic.name, assignment.size);
          const ok = { ...result(topic.name, ErrorCode.NONE), topicConfigErrorCode: configRefusal(topic.name) };
          if (version >= 5 && describable.has(topic.name)) {
            ok.numPartitions = assignment.size;
            ok.replicationFactor = assignment.get(0)?.length ?? -1;
            ok.configs = deps.configAdmin
              .newTopicConfigs(config)
              .map((c) => ({ name: c.name, value: c.value, readOnly: c.readOnly, configSource: c.source, isSensitive: c.isSensitive }));
          }
          results.push(ok);
        } catch (error) {
          if (!(error instanceof AdminError)) throw error;
          results.push(result(topic.name, error.errorCode, error.message));
        }
      }
      if (created.size > 0 && request.timeoutMs > 0) {
        const late = await awaitTopicsReady(deps.metadataCache, created, request.timeoutMs);
        for (const r of results) {
          if (late.has(r.name)) Object.assign(r, result(r.name, ErrorCode.REQUEST_TIMED_OUT, `Timed out waiting for the partitions of ${r.name} to get leaders`));
        }
      }
      // v0 has no error messages.
      if (version === 0) for (const r of results) r.errorMessage = null;
      return { throttleTimeMs: 0, topics: results };
    },

    errorResponse,
  };
}
