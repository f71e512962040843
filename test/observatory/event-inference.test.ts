// Events read off two snapshots of the znodes, as the observatory infers them for a real Kafka 2.x:
// the kind of each election follows from who was alive and in the ISR.

import type { BrokerView, PartitionView } from '../../src/observatory/api-types';
import { inferEvents, type Snapshot } from '../../src/observatory/event-inference';

function broker(id: number, epoch = 100 + id): BrokerView {
  return { id, host: 'localhost', port: 9090 + id, endpoints: [{ listener: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: 'localhost', port: 9090 + id }], rack: null, epoch, alive: true, session: `0x${id}`, metricsUrl: null };
}

function partition(fields: Partial<PartitionView>): PartitionView {
  return { topic: 't', partition: 0, replicas: [1, 2, 3], leader: 1, isr: [1, 2, 3], leaderEpoch: 0, controllerEpoch: 1, zkVersion: 0, highWatermark: null, logEndOffsets: {}, underReplicated: false, offline: false, addingReplicas: [], removingReplicas: [], ...fields };
}

function snapshot(brokers: BrokerView[], partitions: PartitionView[], controller = { brokerId: 1, epoch: 1, epochZkVersion: 0 }): Snapshot {
  return { controller, brokers: new Map(brokers.map((b) => [b.id, b])), partitions: new Map(partitions.map((p) => [`${p.topic}-${p.partition}`, p])), isrChangeNotifications: new Set(), reassignmentPending: false };
}

const all = [broker(1), broker(2), broker(3)];

it('sees nothing when nothing changed', () => {
  const s = snapshot(all, [partition({})]);
  expect(inferEvents(s, s)).toEqual([]);
});

it('a dead leader: broker-expired, then an offline election from the ISR', () => {
  const before = snapshot(all, [partition({})]);
  const after = snapshot([broker(2), broker(3)], [partition({ leader: 2, isr: [2, 3], leaderEpoch: 1, zkVersion: 1 })]);
  const events = inferEvents(before, after);
  expect(events.map((e) => e.kind)).toEqual(['broker-expired', 'leader-elected']);
  expect(events[1]).toMatchObject({ election: 'offline', leader: 2, previousLeader: 1, leaderEpoch: 1 });
});

it('a leader outside the previous ISR is an unclean election; leader -1 is offline', () => {
  const before = snapshot(all, [partition({ isr: [1] }), partition({ partition: 1, isr: [1] })]);
  const after = snapshot([broker(2), broker(3)], [partition({ leader: 3, isr: [3], leaderEpoch: 1 }), partition({ partition: 1, leader: -1, isr: [1], leaderEpoch: 1 })]);
  const kinds = inferEvents(before, after).map((e) => [e.kind, e.election ?? null]);
  expect(kinds).toEqual([['broker-expired', null], ['leader-elected', 'unclean'], ['partition-offline', null]]);
});

it('the old leader alive: preferred when the first replica leads again, else controlled shutdown', () => {
  const before = snapshot(all, [partition({ leader: 2, leaderEpoch: 3 }), partition({ partition: 1, leaderEpoch: 3 })]);
  const after = snapshot(all, [partition({ leader: 1, leaderEpoch: 4 }), partition({ partition: 1, leader: 2, leaderEpoch: 4 })]);
  expect(inferEvents(before, after).map((e) => e.election)).toEqual(['preferred', 'controlled-shutdown']);
});

it('an ISR change at the same leader epoch is a shrink or an expand by the leader', () => {
  const full = snapshot(all, [partition({})]);
  const shrunk = snapshot(all, [partition({ isr: [1, 2], zkVersion: 1 })]);
  expect(inferEvents(full, shrunk)).toEqual([expect.objectContaining({ kind: 'isr-shrink', broker: 1, replicas: [3], isr: [1, 2] })]);
  expect(inferEvents(shrunk, full)).toEqual([expect.objectContaining({ kind: 'isr-expand', broker: 1, replicas: [3] })]);
});

it('controller changes, bounced brokers and isr_change_notification round trips', () => {
  const before = { ...snapshot(all, []), isrChangeNotifications: new Set(['isr_change_0000000001']) };
  const after = { ...snapshot([broker(1), broker(2, 999), broker(3)], [], { brokerId: 2, epoch: 2, epochZkVersion: 1 }), isrChangeNotifications: new Set(['isr_change_0000000002']) };
  const events = inferEvents(before, after);
  expect(events.map((e) => e.kind)).toEqual(['controller-elected', 'broker-registered', 'isr-change-notification', 'isr-change-processed']);
  expect(events[0]).toMatchObject({ broker: 2, epoch: 2, previousController: 1 });
  expect(events[1]).toMatchObject({ broker: 2, epoch: 999 });
  expect(events[1].cause).toMatch(/new broker epoch/);
});
