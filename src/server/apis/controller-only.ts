// What the admin APIs need from this broker's controller and metadata: whether it is the active
// controller (CreateTopics, DeleteTopics, CreatePartitions and ControlledShutdown are served only
// there, NOT_CONTROLLER elsewhere) and a way to wait until the metadata cache reflects a change.

import type { MetadataCache } from '../metadata-cache';

export interface ControllerView {
  readonly isActive: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until every partition of each topic has a leader in this broker's metadata cache (what
 * Kafka's DelayedCreatePartitions waits for), up to `timeoutMs`; returns the topics still not ready.
 */
export async function awaitTopicsReady(cache: MetadataCache, topics: Map<string, number>, timeoutMs: number): Promise<Set<string>> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(topics.keys());
  for (;;) {
    for (const topic of pending) {
      const expected = topics.get(topic)!;
      let ready = cache.partitionCount(topic) >= expected;
      for (let p = 0; ready && p < expected; p++) ready = (cache.partitionState(topic, p)?.leader ?? -1) >= 0;
      if (ready) pending.delete(topic);
    }
    if (pending.size === 0 || Date.now() >= deadline) return pending;
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}
