// kafka-console-producer's logic (Kafka 2.4.1 ConsoleProducer + LineMessageReader): each stdin line
// is a record (with parse.key, "key<separator>value"), sent with kafkajs in batches of up to
// --batch-size records or whatever arrived within --timeout ms, one batch in flight at a time so
// lines keep their order. At EOF everything is flushed before returning.

import { CompressionTypes, Kafka, Partitioners, logLevel, type Message } from 'kafkajs';
import { UsageError } from '../common/command-line';
import { hostPortString, parseBrokerList } from '../common/broker-list';

export class ConsoleProducerError extends Error {}

/** LineMessageReader's settings from --property. */
export interface LineReaderProps {
  parseKey: boolean;
  keySeparator: string;
  ignoreError: boolean;
}

export function lineReaderProps(props: ReadonlyMap<string, string>): LineReaderProps {
  return {
    parseKey: (props.get('parse.key') ?? 'false').trim().toLowerCase() === 'true',
    keySeparator: props.get('key.separator') ?? '\t',
    ignoreError: (props.get('ignore.error') ?? 'false').trim().toLowerCase() === 'true',
  };
}

/** LineMessageReader.readMessage for one line (1-based lineNumber for the error text). */
export function parseLine(line: string, lineNumber: number, props: LineReaderProps): Message {
  if (!props.parseKey) return { value: line };
  const n = line.indexOf(props.keySeparator);
  if (n < 0) {
    if (props.ignoreError) return { value: line };
    throw new ConsoleProducerError(`org.apache.kafka.common.KafkaException: No key found on line ${lineNumber}: ${line}`);
  }
  return { key: line.slice(0, n), value: line.slice(n + props.keySeparator.length) };
}

/** --request-required-acks: the producer's acks setting. */
export function parseAcks(value: string): number {
  const acks = { all: -1, '-1': -1, '0': 0, '1': 1 }[value.trim()];
  if (acks === undefined) throw new UsageError(`Invalid value ${value} for configuration acks: String must be one of: all, -1, 0, 1`);
  return acks;
}

/**
 * --compression-codec. Given without a value Kafka uses gzip. kafkajs compresses only gzip without
 * plugins, so snappy/lz4/zstd (valid in Kafka) are refused with an explanation instead.
 */
export function parseCompressionCodec(value: string | boolean | undefined): CompressionTypes {
  if (value === undefined) return CompressionTypes.None;
  const codec = value === true || value === '' ? 'gzip' : String(value).trim().toLowerCase();
  if (codec === 'none') return CompressionTypes.None;
  if (codec === 'gzip') return CompressionTypes.GZIP;
  if (['snappy', 'lz4', 'zstd'].includes(codec)) {
    throw new UsageError(`Compression codec '${codec}' is not supported by this console producer (kafkajs needs a codec plugin for it); use 'none' or 'gzip'.`);
  }
  throw new UsageError(`Invalid value ${codec} for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd`);
}

export interface ConsoleProducerOptions {
  brokerList: string;
  topic: string;
  acks: number;
  compression: CompressionTypes;
  reader: LineReaderProps;
  /** Records per request at most (Kafka's --batch-size, default 200). */
  batchSize: number;
  /** How long a partial batch waits for more lines (Kafka's --timeout, default 1000 ms). */
  lingerMs: number;
  /** Per-request ack timeout (Kafka's --request-timeout-ms, default 1500). */
  requestTimeoutMs: number;
}

export interface ConsoleProducerIo {
  lines: AsyncIterable<string>;
  /** LineMessageReader prints ">" before every read, as Kafka does (stdout). */
  prompt: () => void;
  err: (line: string) => void;
}

/** Sends every line; returns how many records failed (0 when all were acknowledged). */
export async function runConsoleProducer(options: ConsoleProducerOptions, io: ConsoleProducerIo): Promise<number> {
  const kafka = new Kafka({
    clientId: 'console-producer',
    brokers: parseBrokerList(options.brokerList).map(hostPortString),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let pending: Message[] = [];
  let inFlight: Promise<void> = Promise.resolve();
  let failed = 0;
  let timer: NodeJS.Timeout | null = null;

  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return inFlight;
    const batch = pending;
    pending = [];
    inFlight = inFlight.then(() =>
      producer
        .send({ topic: options.topic, acks: options.acks, compression: options.compression, timeout: options.requestTimeoutMs, messages: batch })
        .then(() => undefined)
        .catch((error: Error) => {
          failed += batch.length;
          io.err(`ERROR Error when sending ${batch.length} message(s) to topic ${options.topic}: ${error.message}`);
        }),
    );
    return inFlight;
  };

  let readError: Error | null = null;
  try {
    let lineNumber = 0;
    io.prompt();
    for await (const line of io.lines) {
      pending.push(parseLine(line, ++lineNumber, options.reader));
      io.prompt();
      // A full batch waits for the one before it, so a fast stdin cannot queue unbounded memory.
      if (pending.length >= options.batchSize) await flush();
      else timer ??= setTimeout(() => void flush(), options.lingerMs);
    }
  } catch (error) {
    readError = error as Error;
  } finally {
    // Like the producer's close() in Kafka's shutdown hook: send what was read before stopping.
    await flush();
    await producer.disconnect();
  }
  if (readError !== null) throw readError;
  return failed;
}
