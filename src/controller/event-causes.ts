// Why the controller is doing what it does, in Kafka's terms: each controller event names its
// trigger, and each election strategy its kind. The control-plane events (and so the observatory's
// timeline) carry these, so a leader change can be read back to the znode or request behind it.

import { ElectionType } from '../protocol/election-type';

/** The controller events that carry what describeTrigger needs (a structural subset of ControllerEvent). */
export type TriggerEvent =
  | { type: 'PartitionModifications'; topic: string }
  | { type: 'ControlledShutdown'; brokerId: number }
  | { type: 'ReplicaLeaderElection'; electionType: ElectionType; trigger: string }
  | { type: 'PartitionReassignmentIsrChange'; tp: { topic: string; partition: number } }
  | { type: 'UncleanLeaderElectionEnable'; topic?: string }
  | { type: string };

const ELECTION_TRIGGERS: Record<string, string> = {
  ZkTriggered: 'the /admin/preferred_replica_election znode',
  AdminClientTriggered: 'an ElectLeaders request',
  AutoTriggered: 'the auto leader rebalance',
};

export function describeTrigger(event: TriggerEvent): string {
  const e = event as { type: string } & Record<string, unknown>;
  switch (e.type) {
    case 'Startup':
      return 'controller startup: /controller was free';
    case 'Reelect':
      return '/controller was deleted (the controller resigned or its ZooKeeper session ended)';
    case 'ControllerChange':
      return '/controller changed';
    case 'Expire':
      return "this broker's ZooKeeper session expired";
    case 'RegisterBrokerAndReelect':
      return 'a new ZooKeeper session: the broker registers again and campaigns';
    case 'BrokerChange':
      return 'the children of /brokers/ids changed (a broker registered, or its session ended)';
    case 'TopicChange':
      return 'new topics in /brokers/topics';
    case 'PartitionModifications':
      return `partitions added to ${String(e.topic)} in /brokers/topics/${String(e.topic)}`;
    case 'TopicDeletion':
      return 'topics marked for deletion in /admin/delete_topics';
    case 'IsrChangeNotification':
      return 'a leader wrote /isr_change_notification';
    case 'ControlledShutdown':
      return `a ControlledShutdown request from broker ${String(e.brokerId)}`;
    case 'ReplicaLeaderElection':
      return `a ${e.electionType === ElectionType.UNCLEAN ? 'unclean' : 'preferred'} leader election requested by ${ELECTION_TRIGGERS[String(e.trigger)] ?? String(e.trigger)}`;
    case 'AutoPreferredReplicaLeaderElection':
      return 'the auto leader rebalance check (leader.imbalance.check.interval.seconds)';
    case 'UncleanLeaderElectionEnable':
      return `unclean.leader.election.enable turned on${e.topic === undefined ? '' : ` for ${String(e.topic)}`}`;
    case 'ZkPartitionReassignment':
      return 'a reassignment written to /admin/reassign_partitions';
    case 'ApiPartitionReassignment':
      return 'an AlterPartitionReassignments request';
    case 'PartitionReassignmentIsrChange': {
      const tp = e.tp as { topic: string; partition: number };
      return `the reassigning replicas of ${tp.topic}-${tp.partition} joined the ISR`;
    }
    case 'TopicDeletionStopReplicaResponse':
      return 'a StopReplica response during topic deletion';
    default:
      return e.type;
  }
}

/** The observatory's election kinds: offline, unclean, preferred, controlled-shutdown, reassignment. */
export function electionKind(strategy: 'offline' | 'offlineUnclean' | 'preferred' | 'controlledShutdown' | 'reassign', unclean: boolean): string {
  if (unclean || strategy === 'offlineUnclean') return 'unclean';
  switch (strategy) {
    case 'offline':
      return 'offline';
    case 'preferred':
      return 'preferred';
    case 'controlledShutdown':
      return 'controlled-shutdown';
    case 'reassign':
      return 'reassignment';
  }
}
