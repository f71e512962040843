// The controller's leader/ISR writes to ZooKeeper (Kafka's doElectLeaderForPartitions and
// removeReplicasFromIsr loops): read each partition's state znode with its version, compute the
// new state with a pure function, write it conditionally on that version (fenced by the
// controller epoch), and retry the partitions whose version moved underneath (typically a leader
// that rewrote the ISR meanwhile). Successful results update the controller context.

import type { Logger } from '../common/logger';
import type { PartitionStateStore } from './partition-state-store';
import { type ControllerContext, type LeaderIsrAndControllerEpoch } from './controller-context';
import { type TopicPartition, topicPartitionKey } from '../common/topic-partition';

/** The new leader and ISR; or keep the state as it is (nothing to write); or why there is none. */
export type Decision = { leader: number; isr: number[] } | { keep: true } | { failure: string };

export interface WriteResult {
  updated: Array<{ tp: TopicPartition; leadership: LeaderIsrAndControllerEpoch }>;
  /** Decided `keep`: the state as read from ZooKeeper, now also the context's. */
  kept: Array<{ tp: TopicPartition; leadership: LeaderIsrAndControllerEpoch }>;
  failed: Array<{ tp: TopicPartition; reason: string }>;
}

const MAX_ATTEMPTS = 10;

export async function writeLeaderAndIsr(
  zk: PartitionStateStore,
  context: ControllerContext,
  partitions: readonly TopicPartition[],
  decide: (tp: TopicPartition, current: LeaderIsrAndControllerEpoch) => Decision | Promise<Decision>,
  logger: Logger,
): Promise<WriteResult> {
  const result: WriteResult = { updated: [], kept: [], failed: [] };
  let pending = [...partitions];
  for (let attempt = 0; attempt < MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const states = await zk.getPartitionStates(pending);
    const updates: Array<TopicPartition & { leaderAndIsr: { leader: number; leaderEpoch: number; isr: number[]; zkVersion: number } }> = [];
    for (const tp of pending) {
      const stored = states.get(topicPartitionKey(tp.topic, tp.partition));
      if (stored === undefined) {
        result.failed.push({ tp, reason: 'its state znode does not exist' });
        continue;
      }
      if (stored.state.controllerEpoch > context.epoch) {
        // A newer controller already decided for this partition: this controller is a zombie.
        result.failed.push({ tp, reason: `its state was written by controller epoch ${stored.state.controllerEpoch} > ${context.epoch}` });
        continue;
      }
      const current: LeaderIsrAndControllerEpoch = { ...stored.state, zkVersion: stored.zkVersion };
      const decision = await decide(tp, current);
      if ('failure' in decision) {
        result.failed.push({ tp, reason: decision.failure });
        continue;
      }
      if ('keep' in decision) {
        context.leadership.set(topicPartitionKey(tp.topic, tp.partition), current);
        result.kept.push({ tp, leadership: current });
        continue;
      }
      updates.push({
        ...tp,
        leaderAndIsr: { leader: decision.leader, leaderEpoch: current.leaderEpoch + 1, isr: decision.isr, zkVersion: stored.zkVersion },
      });
    }
    if (updates.length === 0) {
      // Every pending partition was decided (failed) above: none is left to report as "kept changing".
      pending = [];
      break;
    }
    const written = await zk.updateLeaderAndIsr(updates, context.epoch, context.epochZkVersion);
    for (const s of written.successes) {
      const leadership: LeaderIsrAndControllerEpoch = { ...s.leaderAndIsr, controllerEpoch: context.epoch };
      context.leadership.set(topicPartitionKey(s.topic, s.partition), leadership);
      result.updated.push({ tp: { topic: s.topic, partition: s.partition }, leadership });
    }
    for (const f of written.failures) result.failed.push({ tp: { topic: f.topic, partition: f.partition }, reason: f.error.message });
    pending = written.versionConflicts.map((c) => ({ topic: c.topic, partition: c.partition }));
    if (pending.length > 0) logger.info(`Retrying leader and ISR update of ${pending.length} partitions after a version conflict`);
  }
  for (const tp of pending) result.failed.push({ tp, reason: 'the state znode kept changing' });
  return result;
}
