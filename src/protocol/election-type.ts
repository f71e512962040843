// Kafka's org.apache.kafka.common.ElectionType: the ElectLeaders request's election_type field
// (v1+), which the controller, the broker's handler and the kafka-leader-election tool share.

export enum ElectionType {
  PREFERRED = 0,
  UNCLEAN = 1,
}

export type ElectionTypeName = keyof typeof ElectionType;
