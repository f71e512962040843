// Kafka's BrokerTopicMetrics (kafka.server:type=BrokerTopicMetrics): meters kept once for all
// topics and once per topic (the MBean with a topic=<name> tag), counted where Kafka counts them:
// per partition of a produce (once per append, with the batch's record count and size — never
// per record), per partition of a fetch, and per partition of a fetch response for the bytes out.
// The counts are plain numbers; prom-client reads them at scrape time.

import type { Registry } from 'prom-client';
import { ErrorCode } from '../protocol/errors';
import { kafkaMeter } from './kafka-metric-types';

/** One topic's counts, or all topics'. */
class TopicCounts {
  messagesIn = 0;
  bytesIn = 0;
  bytesOut = 0;
  bytesRejected = 0;
  failedProduceRequests = 0;
  failedFetchRequests = 0;
  totalProduceRequests = 0;
  totalFetchRequests = 0;
}

type PerTopicCount = keyof TopicCounts;

/**
 * Produce errors Kafka 2.4's ReplicaManager.appendToLocalLog answers without marking
 * FailedProduceRequestsPerSec, which is for unexpected failures of the broker (the exceptions it
 * lists, plus the refusal of internal topics, which happens before the append).
 */
const EXPECTED_PRODUCE_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_FOR_PARTITION,
  ErrorCode.MESSAGE_TOO_LARGE,
  ErrorCode.RECORD_LIST_TOO_LARGE,
  ErrorCode.CORRUPT_MESSAGE,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.INVALID_TIMESTAMP,
  ErrorCode.INVALID_TOPIC_EXCEPTION,
]);

/** Likewise for FailedFetchRequestsPerSec (ReplicaManager.readFromLocalLog). */
const EXPECTED_FETCH_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_FOR_PARTITION,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.REPLICA_NOT_AVAILABLE,
  ErrorCode.KAFKA_STORAGE_ERROR,
  ErrorCode.OFFSET_OUT_OF_RANGE,
]);

/** The per-topic meters: MBean name → the count it reports. */
const PER_TOPIC_METERS: ReadonlyArray<readonly [string, PerTopicCount]> = [
  ['MessagesInPerSec', 'messagesIn'],
  ['BytesInPerSec', 'bytesIn'],
  ['BytesOutPerSec', 'bytesOut'],
  ['BytesRejectedPerSec', 'bytesRejected'],
  ['FailedProduceRequestsPerSec', 'failedProduceRequests'],
  ['FailedFetchRequestsPerSec', 'failedFetchRequests'],
  ['TotalProduceRequestsPerSec', 'totalProduceRequests'],
  ['TotalFetchRequestsPerSec', 'totalFetchRequests'],
];

export class BrokerTopicMetrics {
  private readonly allTopics = new TopicCounts();
  private readonly topics = new Map<string, TopicCounts>();
  /** All-topics only in Kafka: what followers fetched from here, and what this broker fetched as a follower. */
  private replicationBytesOut = 0;
  private replicationBytesIn = 0;

  constructor(registry: Registry) {
    for (const [name, count] of PER_TOPIC_METERS) {
      kafkaMeter(registry, `kafka.server:type=BrokerTopicMetrics,name=${name}`, ['topic'], (emit) => {
        emit(null, this.allTopics[count]);
        for (const [topic, counts] of this.topics) emit({ topic }, counts[count]);
      });
    }
    kafkaMeter(registry, 'kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesInPerSec', [], (emit) => emit(null, this.replicationBytesIn));
    kafkaMeter(registry, 'kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesOutPerSec', [], (emit) => emit(null, this.replicationBytesOut));
  }

  private topic(name: string): TopicCounts {
    let counts = this.topics.get(name);
    if (counts === undefined) this.topics.set(name, (counts = new TopicCounts()));
    return counts;
  }

  /** One partition of a produce, appended (`messages` > 0) or refused with `errorCode`. */
  produced(topic: string, errorCode: number, messages: number, bytes: number): void {
    const t = this.topic(topic);
    const all = this.allTopics;
    t.totalProduceRequests++;
    all.totalProduceRequests++;
    if (errorCode === ErrorCode.NONE) {
      t.messagesIn += messages;
      all.messagesIn += messages;
      t.bytesIn += bytes;
      all.bytesIn += bytes;
      return;
    }
    // Kafka's Log marks BytesRejectedPerSec for a batch over max.message.bytes.
    if (errorCode === ErrorCode.MESSAGE_TOO_LARGE) {
      t.bytesRejected += bytes;
      all.bytesRejected += bytes;
    }
    if (!EXPECTED_PRODUCE_ERRORS.has(errorCode)) {
      t.failedProduceRequests++;
      all.failedProduceRequests++;
    }
  }

  /** One partition of a fetch request (consumer or follower). */
  fetchRequested(topic: string): void {
    this.topic(topic).totalFetchRequests++;
    this.allTopics.totalFetchRequests++;
  }

  /** A partition read that failed with `errorCode`. */
  fetchFailed(topic: string, errorCode: number): void {
    if (EXPECTED_FETCH_ERRORS.has(errorCode)) return;
    this.topic(topic).failedFetchRequests++;
    this.allTopics.failedFetchRequests++;
  }

  /** The records of one fetch response partition, as sent: consumers' count per topic, followers' as replication. */
  bytesSent(topic: string, fromFollower: boolean, bytes: number): void {
    if (fromFollower) {
      this.replicationBytesOut += bytes;
      return;
    }
    this.topic(topic).bytesOut += bytes;
    this.allTopics.bytesOut += bytes;
  }

  /** Records this broker appended as a follower. */
  replicatedIn(bytes: number): void {
    this.replicationBytesIn += bytes;
  }

  /** The topic's partitions are gone from this broker: drop its series (Kafka's removeMetrics). */
  removeTopic(topic: string): void {
    this.topics.delete(topic);
  }
}
