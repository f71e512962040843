// kafka-console-consumer's logic (Kafka 2.4.1 ConsoleConsumer + DefaultMessageFormatter): the option
// checks and messages of 2.4, the record format (key/value/timestamp with the separators), the stop
// conditions (--max-messages, or --timeout-ms without a record) and "Processed a total of N
// messages" on stderr at exit. With --partition the consumer is assigned that partition and reads it
// with our own Fetch client (no group membership, as Kafka's assign()); otherwise it subscribes as a
// member of --group, or of a generated console-consumer-<n> group that commits nothing
// (console-group-consumer.ts).

import { UsageError, missingRequired } from '../common/command-line';
import { parseBrokerList } from '../common/broker-list';
import { randomConsoleGroupId, runGroupConsoleConsumer } from './console-group-consumer';
import { formatRecord, type ConsumerIo, type FormatterProps } from './record-formatter';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, TopicFetcher } from './topic-fetcher';

export interface ConsoleConsumerOptions {
  bootstrapServer?: string;
  topic?: string;
  whitelist?: string;
  partition?: number;
  offset?: string;
  fromBeginning?: boolean;
  maxMessages?: number;
  timeoutMs?: number;
  property?: string[];
  group?: string;
}

export interface ConsumerSettings {
  bootstrapServer: string;
  /** Exactly one of topic and whitelist. */
  topic?: string;
  /** A Kafka whitelist regex (commas as "or"), for a group subscription to every matching topic. */
  whitelist?: string;
  partition?: number;
  start: bigint;
  resetTo: bigint;
  /** -1: no limit. */
  maxMessages: number;
  /** -1: wait for ever. */
  timeoutMs: number;
  /** The group to join (subscribe) when no partition is given; undefined: a generated one. */
  group?: string;
}

/** ConsoleConsumer.ConsumerConfig's checks, in 2.4.1's order; throws UsageError. */
export function consumerSettings(opts: ConsoleConsumerOptions): ConsumerSettings {
  if ((opts.topic === undefined) === (opts.whitelist === undefined)) throw new UsageError('Exactly one of whitelist/topic is required.');
  const hasOffset = opts.offset !== undefined;
  if (opts.partition !== undefined) {
    if (opts.topic === undefined) throw new UsageError('The topic is required when partition is specified.');
    if (opts.fromBeginning && hasOffset) throw new UsageError('Options from-beginning and offset cannot be specified together.');
  } else if (hasOffset) throw new UsageError('The partition is required when offset is specified.');

  let start = opts.fromBeginning ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP;
  if (hasOffset) {
    const text = opts.offset!.toLowerCase();
    const invalid = () => new UsageError(`The provided offset value '${opts.offset}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.`);
    if (text === 'earliest') start = EARLIEST_TIMESTAMP;
    else if (text === 'latest') start = LATEST_TIMESTAMP;
    else if (/^[+-]?\d+$/.test(text)) {
      start = BigInt(text);
      if (start < 0n) throw invalid();
    } else throw invalid();
  }
  if (opts.bootstrapServer === undefined) throw missingRequired('bootstrap-server');
  parseBrokerList(opts.bootstrapServer);
  if (opts.group !== undefined && opts.partition !== undefined) throw new UsageError('Options group and partition cannot be specified together.');
  return {
    bootstrapServer: opts.bootstrapServer,
    topic: opts.topic,
    whitelist: opts.whitelist,
    partition: opts.partition,
    start,
    resetTo: opts.fromBeginning ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
    maxMessages: opts.maxMessages ?? -1,
    timeoutMs: opts.timeoutMs ?? -1,
    group: opts.group,
  };
}

/** Reads and prints until a stop condition; returns the number of messages printed. */
export async function runConsoleConsumer(settings: ConsumerSettings, format: FormatterProps, io: ConsumerIo): Promise<number> {
  if (settings.partition === undefined) {
    return runGroupConsoleConsumer(
      {
        bootstrapServer: settings.bootstrapServer,
        subscription: settings.topic !== undefined ? { topic: settings.topic } : { whitelist: settings.whitelist! },
        groupId: settings.group ?? randomConsoleGroupId(),
        fromBeginning: settings.resetTo === EARLIEST_TIMESTAMP,
        commit: settings.group !== undefined,
        maxMessages: settings.maxMessages,
        timeoutMs: settings.timeoutMs,
      },
      format,
      io,
    );
  }
  const fetcher = new TopicFetcher({
    bootstrap: parseBrokerList(settings.bootstrapServer),
    topic: settings.topic!,
    partition: settings.partition,
    start: settings.start,
    resetTo: settings.resetTo,
  });
  let stop = false;
  void io.stopped?.then(() => (stop = true));
  let count = 0;
  try {
    await fetcher.start();
    let lastData = Date.now();
    while (!stop && (settings.maxMessages < 0 || count < settings.maxMessages)) {
      const records = await fetcher.poll(settings.timeoutMs >= 0 ? Math.min(500, settings.timeoutMs) : 500);
      if (records.length > 0) lastData = Date.now();
      for (const record of records) {
        if (settings.maxMessages >= 0 && count >= settings.maxMessages) break;
        io.write(formatRecord(record, format));
        count++;
      }
      if (records.length === 0 && settings.timeoutMs >= 0 && Date.now() - lastData >= settings.timeoutMs) {
        // What 2.4 logs when poll(timeout) comes back empty.
        io.err('ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)');
        io.err('org.apache.kafka.common.errors.TimeoutException');
        break;
      }
    }
  } finally {
    fetcher.close();
  }
  return count;
}
