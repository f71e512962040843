// The pure helpers the labs share: counting lost and duplicated writes, naming kafkajs errors,
// reading roles and replication off the observatory's state.

import type { ClusterState } from '../../../src/observatory/api-types';
import { brokerRoles, describePartition, duplicateCount, errorName, fullyReplicated, listSome, missingWrites, sameMembers, type ReadRecord } from '../../../src/observatory/labs/lab-support';

const records = (values: string[]): ReadRecord[] => values.map((value, offset) => ({ offset, key: value, value, keyBytes: null, valueBytes: null }));

it('finds the acknowledged numbers missing from what was read back, and duplicates', () => {
  expect(missingWrites([0, 1, 2, 3], records(['0', '1', '3']))).toEqual([2]);
  expect(missingWrites([], records(['0']))).toEqual([]);
  expect(duplicateCount(records(['0', '1', '1', '2', '1']))).toBe(2);
});

it('names the Kafka error inside kafkajs errors', () => {
  const protocol = Object.assign(new Error('not enough'), { name: 'KafkaJSProtocolError', type: 'NOT_ENOUGH_REPLICAS' });
  const retries = Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: protocol });
  expect(errorName(retries)).toBe('NOT_ENOUGH_REPLICAS');
  const connection = Object.assign(new Error('refused'), { name: 'KafkaJSConnectionError' });
  expect(errorName(Object.assign(new Error('retries'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: connection }))).toBe('KafkaJSConnectionError');
  expect(errorName('boom')).toBe('boom');
});

it('lists a few items and says how many more', () => {
  expect(listSome([])).toBe('none');
  expect(listSome([1, 2, 3], 2)).toBe('1,2 and 1 more');
  expect(sameMembers([1, 2, 3], [3, 1, 2])).toBe(true);
  expect(sameMembers([1, 2], [1, 2, 3])).toBe(false);
});

it('reads roles and replication from the state', () => {
  const state = {
    controller: { brokerId: 2, epoch: 1, epochZkVersion: 1 },
    brokers: [3, 1, 2].map((id) => ({ id, alive: true })).concat([{ id: 4, alive: false }]),
    partitions: [
      { topic: 't', partition: 0, replicas: [1, 2], leader: 1, isr: [2, 1], leaderEpoch: 0, zkVersion: 0 },
      { topic: 't', partition: 1, replicas: [2, 3], leader: 2, isr: [2], leaderEpoch: 1, zkVersion: 2 },
    ],
  } as unknown as ClusterState;
  expect(brokerRoles(state)).toEqual({ controller: 2, others: [1, 3] });
  expect(fullyReplicated(state, 't', 2)).toBe(false);
  expect(fullyReplicated({ ...state, partitions: state.partitions.slice(0, 1) }, 't', 1)).toBe(true);
  expect(describePartition(state.partitions[1])).toBe('t-1: replicas [2,3], leader 2, ISR [2], leader epoch 1, zkVersion 2');
});
