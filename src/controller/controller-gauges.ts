// The KafkaController gauges, from the controller's context as Kafka 2.4's updateMetrics computes
// them: all 0 unless this broker is the active controller; offline partitions are those whose
// leader is not a live (or shutting-down) broker; the preferred replica imbalance counts partitions
// led by another replica than the first assigned one; topics being deleted count for neither.
// Computed when scraped, so the controller's event loop does nothing extra.

import type { ControllerGaugeValues } from '../metrics/controller-metrics';
import type { ControllerContext } from './controller-context';

export function controllerGauges(controller: { readonly isActive: boolean; readonly context: ControllerContext }): ControllerGaugeValues {
  const { context } = controller;
  const ifActive = (value: () => number) => () => (controller.isActive ? value() : 0);
  return {
    activeControllerCount: ifActive(() => 1),
    offlinePartitionsCount: ifActive(() =>
      context.allPartitions().filter((tp) => {
        const leadership = context.leadershipOf(tp);
        return leadership !== undefined && !context.liveBrokers.has(leadership.leader) && !context.isTopicQueuedForDeletion(tp.topic);
      }).length,
    ),
    preferredReplicaImbalanceCount: ifActive(() =>
      context.allPartitions().filter((tp) => {
        const leadership = context.leadershipOf(tp);
        const preferred = context.replicasFor(tp.topic, tp.partition)[0];
        return leadership !== undefined && leadership.leader !== preferred && !context.isTopicQueuedForDeletion(tp.topic);
      }).length,
    ),
    globalTopicCount: ifActive(() => context.allTopics.size),
    globalPartitionCount: ifActive(() => context.leadership.size),
  };
}
