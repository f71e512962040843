// What the admin APIs need from this broker's controller and metadata: whether it is the active
// controller (CreateTopics, DeleteTopics, CreatePartitions and ControlledShutdown are served only
// there, NOT_CONTROLLER elsewhere) and a way to wait until the metadata cache reflects a change.

import { pollUntil } from '../../common/poll';
import type { MetadataCache } from '../metadata-cache';

export interface ControllerView {
  readonly isActive: boolean;
}

/**
 * Waits until every partition of each topic has a leader in this broker's metadata cache (what
 * Kafka's DelayedCreatePartitions waits for), up to `timeoutMs`; returns the topics still not ready.
 */
export async function awaitTopicsReady(cache: MetadataCache, topics: Map<string, number>, timeoutMs: number): Promise<Set<string>> {
  const pending = new Set(topics.keys());
  const isReady = (topic: string) => {
    const expected = topics.get(topic)!;
    if (cache.partitionCount(topic) < expected) return false;
    for (let p = 0; p < expected; p++) if ((cache.partitionState(topic, p)?.leader ?? -1) < 0) return false;
    return true;
  };
  await pollUntil(() => {
    for (const topic of pending) if (isReady(topic)) pending.delete(topic);
    return pending.size === 0;
  }, timeoutMs);
  return pending;
}
