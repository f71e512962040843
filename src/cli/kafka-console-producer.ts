// bin/kafka-console-producer: Kafka 2.4.1's console producer. Reads lines from stdin and sends them
// to --topic (2.4's --broker-list, or --bootstrap-server as later Kafkas spell it). Logic:
// src/admin/console/console-producer.ts.

import { createInterface, type Interface } from 'node:readline';
import { Command } from 'commander';
import { UsageError, collect, missingRequired, parseKeyValueArgs } from '../admin/common/command-line';
import { ConsoleProducerError, lineReaderProps, parseAcks, parseCompressionCodec, runConsoleProducer } from '../admin/console/console-producer';
import { parseBrokerList } from '../admin/common/broker-list';
import { integerOption, printUsageAndDie } from './tool-usage';

interface Options {
  topic?: string;
  brokerList?: string;
  bootstrapServer?: string;
  compressionCodec?: string | boolean;
  requestRequiredAcks: string;
  requestTimeoutMs: number;
  batchSize: number;
  timeout: number;
  property?: string[];
  sync?: boolean;
}

/**
 * readline only queues lines for an iterator that exists, and the producer connects before it
 * reads; so the iterator is created now, or lines piped in meanwhile (and the EOF) would be lost.
 */
function linesOf(rl: Interface): AsyncIterable<string> {
  const iterator = rl[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => iterator };
}

async function main(): Promise<void> {
  const program = new Command('kafka-console-producer')
    .description('This tool helps to read data from standard input and publish it to Kafka.')
    .option('--topic <topic>', 'REQUIRED: The topic id to produce messages to.')
    .option('--broker-list <broker-list>', 'REQUIRED: The broker list string in the form HOST1:PORT1,HOST2:PORT2.')
    .option('--bootstrap-server <server to connect to>', 'Same as --broker-list (the name newer Kafka versions use).')
    .option('--compression-codec [compression-codec]', "The compression codec: either 'none' or 'gzip' here ('snappy', 'lz4' and 'zstd' need kafkajs plugins). If specified without value, then it defaults to 'gzip'")
    .option('--request-required-acks <request required acks>', 'The required acks of the producer requests', '1')
    .option('--request-timeout-ms <request timeout ms>', 'The ack timeout of the producer requests.', integerOption('request-timeout-ms'), 1500)
    .option('--batch-size <size>', 'Number of messages to send in a single batch.', integerOption('batch-size'), 200)
    .option('--timeout <timeout_ms>', 'The maximum time a message will queue awaiting sufficient batch size, in ms.', integerOption('timeout'), 1000)
    .option('--sync', 'Send each line as its own request and wait for it (one at a time as they arrive).')
    .option('--property <prop>', 'Properties for the line reader: parse.key=true|false, key.separator=<sep>, ignore.error=true|false (repeatable).', collect)
    .showHelpAfterError();
  if (process.argv.length <= 2) printUsageAndDie(program, 'This tool helps to read data from standard input and publish it to Kafka.');
  program.parse();
  const opts = program.opts<Options>();

  let settings;
  try {
    if (opts.topic === undefined) throw missingRequired('topic');
    const brokerList = opts.brokerList ?? opts.bootstrapServer;
    if (brokerList === undefined) throw missingRequired('broker-list');
    parseBrokerList(brokerList);
    settings = {
      brokerList,
      topic: opts.topic,
      acks: parseAcks(opts.requestRequiredAcks),
      compression: parseCompressionCodec(opts.compressionCodec),
      reader: lineReaderProps(parseKeyValueArgs(opts.property ?? [])),
      batchSize: opts.sync ? 1 : Math.max(1, opts.batchSize),
      lingerMs: opts.sync ? 0 : opts.timeout,
      requestTimeoutMs: opts.requestTimeoutMs,
    };
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message);
    throw error;
  }

  try {
    const failed = await runConsoleProducer(settings, {
      lines: linesOf(createInterface({ input: process.stdin, terminal: false })),
      prompt: () => process.stdout.write('>'),
      err: (line) => process.stderr.write(`${line}\n`),
    });
    process.exit(failed > 0 ? 1 : 0);
  } catch (error) {
    process.stderr.write(`${error instanceof ConsoleProducerError ? error.message : `Error: ${(error as Error).message}`}\n`);
    process.exit(1);
  }
}

void main();
