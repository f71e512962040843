// What each fault button says Kafka will do next, from the cluster state.

import type { ClusterState } from '../../src/observatory/api-types';
import { expectedOutcome } from '../../src/observatory/faults';

const state = {
  controller: { brokerId: 1, epoch: 4, epochZkVersion: 3 },
  brokers: [],
  partitions: [
    { topic: 't', partition: 0, leader: 1, isr: [1, 2], replicas: [1, 2] },
    { topic: 't', partition: 1, leader: 2, isr: [2, 1], replicas: [2, 1] },
  ],
} as unknown as ClusterState;

it('kill -9 of the controller: session timeout, a new controller epoch, offline elections, ISR removals', () => {
  const text = expectedOutcome('kill', 1, state, 6000);
  expect(text).toMatch(/zookeeper.session.timeout.ms \(6000 ms\)/);
  expect(text).toMatch(/increments \/controller_epoch to 5/);
  expect(text).toMatch(/partitions it led \(t-0\)/);
  expect(text).toMatch(/leaves the ISR of t-1/);
});

it('a broker leading nothing: no leader changes; controlled shutdown names the partitions moved', () => {
  expect(expectedOutcome('kill', 3, state, 6000)).toMatch(/leads no partition/);
  expect(expectedOutcome('shutdown', 2, state, 6000)).toMatch(/moves leadership of t-1/);
  expect(expectedOutcome('expire-session', 2, state, 6000)).toMatch(/new broker epoch/);
});
