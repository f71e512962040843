// What the group APIs (FindCoordinator, JoinGroup ... OffsetDelete) share: their dependencies and
// the client address as Kafka reports it in group descriptions.

import type { GroupCoordinator } from '../../coordinator/group/group-coordinator';
import type { KafkaZkClient } from '../../zk';
import type { MetadataCache } from '../metadata-cache';
import type { RequestContext } from './api-handler';

export interface GroupApiDeps {
  coordinator: GroupCoordinator;
  metadataCache: MetadataCache;
  /** For OffsetCommit/OffsetFetch v0, which keep offsets in ZooKeeper as before Kafka 0.9. */
  zk?: KafkaZkClient;
}

/** Java's InetAddress.toString for the client: "/127.0.0.1" (IPv4-mapped IPv6 shown as IPv4). */
export function clientAddress(ctx: RequestContext): string {
  const host = ctx.clientHost.startsWith('::ffff:') ? ctx.clientHost.slice(7) : ctx.clientHost;
  return `/${host}`;
}
