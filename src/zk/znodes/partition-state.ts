// /brokers/topics/<t>/partitions/<p>/state — P, leader and ISR.
// `{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0]}` (a 5-key Scala
// immutable Map, so hash order). The znode's dataVersion is the partition's "zkVersion".

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { topicPartitionPath } from './topic-assignment';

/** LeaderAndIsr.NoLeader */
export const NO_LEADER = -1;

export function partitionStatePath(topic: string, partition: number): string {
  return `${topicPartitionPath(topic, partition)}/state`;
}

/** Kafka's LeaderIsrAndControllerEpoch (without the zkVersion, which is the znode's Stat). */
export interface PartitionState {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** Epoch of the controller that made the decision this state reflects. */
  controllerEpoch: number;
}

export function encodePartitionState(state: PartitionState): Buffer {
  return jsonBytes(
    jsonObject([
      ['controller_epoch', state.controllerEpoch],
      ['leader', state.leader],
      ['version', 1],
      ['leader_epoch', state.leaderEpoch],
      ['isr', state.isr],
    ]),
  );
}

export function decodePartitionState(topic: string, partition: number, data: Buffer | null): PartitionState {
  const { reader, json } = JsonReader.object(partitionStatePath(topic, partition), data);
  reader.version(json, [1]);
  return {
    leader: reader.int(json, 'leader'),
    leaderEpoch: reader.int(json, 'leader_epoch'),
    isr: reader.intArray(json.isr, 'isr'),
    controllerEpoch: reader.int(json, 'controller_epoch'),
  };
}
