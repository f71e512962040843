// Control-plane events read off ZooKeeper alone, for clusters whose brokers do not report their
// own (a real Kafka 2.x): comparing two snapshots of the znodes tells a new controller, a broker
// registering or losing its session, a leader elected (with the kind of election it must have
// been), an ISR shrinking or growing, and isr_change_notification znodes coming and going.

import type { BrokerView, ControllerView, PartitionView } from './api-types';

export interface Snapshot {
  controller: ControllerView;
  brokers: Map<number, BrokerView>;
  partitions: Map<string, PartitionView>;
  isrChangeNotifications: Set<string>;
  reassignmentPending: boolean;
}

export interface InferredEvent {
  kind: string;
  message: string;
  topic?: string;
  partition?: number;
  broker?: number;
  cause?: string;
  [field: string]: unknown;
}

export function partitionKey(p: { topic: string; partition: number }): string {
  return `${p.topic}-${p.partition}`;
}

/** Which election gives `next` from `prev`, judged from the znodes as Kafka's controller would choose. */
function electionKindOf(prev: PartitionView, next: PartitionView, before: Snapshot, after: Snapshot): string {
  if (prev.leader >= 0 && !prev.isr.includes(next.leader)) return 'unclean';
  if (before.reassignmentPending || prev.addingReplicas.length > 0 || prev.removingReplicas.length > 0 || prev.replicas.join() !== next.replicas.join()) return 'reassignment';
  const oldLeaderAlive = prev.leader >= 0 && after.brokers.has(prev.leader) && before.brokers.get(prev.leader)?.epoch === after.brokers.get(prev.leader)?.epoch;
  if (!oldLeaderAlive) return 'offline';
  if (next.leader === next.replicas[0]) return 'preferred';
  return 'controlled-shutdown';
}

function sameSet(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function inferEvents(before: Snapshot, after: Snapshot): InferredEvent[] {
  const events: InferredEvent[] = [];
  const c0 = before.controller;
  const c1 = after.controller;
  if (c1.brokerId !== c0.brokerId || c1.epoch !== c0.epoch) {
    if (c1.brokerId >= 0) {
      events.push({
        kind: 'controller-elected',
        broker: c1.brokerId,
        epoch: c1.epoch,
        previousController: c0.brokerId,
        cause: c0.brokerId < 0 ? '/controller was free' : `/controller changed from broker ${c0.brokerId}`,
        message: `Broker ${c1.brokerId} is the controller with epoch ${c1.epoch} (was ${c0.brokerId < 0 ? 'none' : `broker ${c0.brokerId}`}, epoch ${c0.epoch})`,
      });
    } else if (c0.brokerId >= 0) {
      events.push({ kind: 'controller-resigned', broker: c0.brokerId, cause: '/controller was deleted', message: `/controller was deleted: broker ${c0.brokerId} is no longer the controller` });
    }
  }
  for (const [id, b] of after.brokers) {
    const old = before.brokers.get(id);
    if (old === undefined || old.epoch !== b.epoch) {
      const bounced = old !== undefined;
      events.push({
        kind: 'broker-registered',
        broker: id,
        epoch: b.epoch,
        session: b.session,
        cause: bounced ? 'registered again with a new session (new broker epoch)' : `/brokers/ids/${id} was created`,
        message: `Broker ${id} registered at ${b.endpoints.map((e) => `${e.listener}://${e.host}:${e.port}`).join(',')} with broker epoch ${b.epoch} (session ${b.session})`,
      });
    }
  }
  for (const [id, b] of before.brokers) {
    if (!after.brokers.has(id)) {
      events.push({ kind: 'broker-expired', broker: id, epoch: b.epoch, session: b.session, cause: `/brokers/ids/${id} was deleted: its ZooKeeper session ${b.session} ended`, message: `Broker ${id}'s registration is gone (session ${b.session} ended)` });
    }
  }
  for (const [key, next] of after.partitions) {
    const prev = before.partitions.get(key);
    const where = { topic: next.topic, partition: next.partition };
    if (prev === undefined) {
      if (next.leader >= 0) {
        events.push({ kind: 'leader-elected', ...where, election: 'new-partition', leader: next.leader, previousLeader: -1, leaderEpoch: next.leaderEpoch, isr: next.isr, zkVersion: next.zkVersion, cause: 'new partition', message: `${key}: first leader ${next.leader}, ISR ${next.isr.join(',')}` });
      }
      continue;
    }
    if (next.leaderEpoch !== prev.leaderEpoch && next.leaderEpoch >= 0) {
      if (next.leader < 0) {
        events.push({ kind: 'partition-offline', ...where, previousLeader: prev.leader, leaderEpoch: next.leaderEpoch, isr: next.isr, zkVersion: next.zkVersion, cause: 'no live in-sync replica to elect', message: `${key} is offline: leader -1, ISR ${next.isr.join(',')}` });
      } else {
        const election = electionKindOf(prev, next, before, after);
        events.push({
          kind: 'leader-elected',
          ...where,
          election,
          leader: next.leader,
          previousLeader: prev.leader,
          leaderEpoch: next.leaderEpoch,
          isr: next.isr,
          zkVersion: next.zkVersion,
          cause: `${election} election (inferred from the state znode)`,
          message: `${key}: leader ${prev.leader} -> ${next.leader} at leader epoch ${next.leaderEpoch}, ISR ${next.isr.join(',')} (zkVersion ${next.zkVersion})`,
        });
      }
    } else if (next.zkVersion !== prev.zkVersion && !sameSet(next.isr, prev.isr)) {
      const removed = prev.isr.filter((id) => !next.isr.includes(id));
      const added = next.isr.filter((id) => !prev.isr.includes(id));
      const shrink = removed.length > 0;
      events.push({
        kind: shrink ? 'isr-shrink' : 'isr-expand',
        ...where,
        broker: next.leader,
        replicas: shrink ? removed : added,
        isr: next.isr,
        previousIsr: prev.isr,
        leaderEpoch: next.leaderEpoch,
        zkVersion: next.zkVersion,
        cause: shrink ? 'the leader dropped lagging replicas (replica.lag.time.max.ms)' : 'the replicas caught up with the leader',
        message: `${key}: ISR ${prev.isr.join(',')} -> ${next.isr.join(',')} written by leader ${next.leader} (zkVersion ${next.zkVersion})`,
      });
    }
  }
  for (const name of after.isrChangeNotifications) {
    if (!before.isrChangeNotifications.has(name)) {
      events.push({ kind: 'isr-change-notification', path: `/isr_change_notification/${name}`, cause: 'a leader changed an ISR', message: `A leader wrote /isr_change_notification/${name}` });
    }
  }
  for (const name of before.isrChangeNotifications) {
    if (!after.isrChangeNotifications.has(name)) {
      events.push({ kind: 'isr-change-processed', path: `/isr_change_notification/${name}`, cause: 'the controller sent UpdateMetadata', message: `The controller processed and deleted /isr_change_notification/${name}` });
    }
  }
  const topicsBefore = new Set([...before.partitions.values()].map((p) => p.topic));
  const topicsAfter = new Set([...after.partitions.values()].map((p) => p.topic));
  for (const t of topicsAfter) if (!topicsBefore.has(t)) events.push({ kind: 'topic-created', topic: t, message: `Topic ${t} created` });
  for (const t of topicsBefore) if (!topicsAfter.has(t)) events.push({ kind: 'topic-deleted', topic: t, message: `Topic ${t} deleted` });
  if (after.reassignmentPending && !before.reassignmentPending) events.push({ kind: 'reassignment-started', message: '/admin/reassign_partitions was created' });
  if (!after.reassignmentPending && before.reassignmentPending) events.push({ kind: 'reassignment-completed', message: '/admin/reassign_partitions was deleted: the reassignment is complete' });
  return events;
}
