// bin/kafka-console-consumer: Kafka 2.4.1's console consumer. With --partition it reads through our
// own Fetch client without joining a group; otherwise it joins --group (committing what it printed)
// or a generated console-consumer-<n> group. Logic: src/admin/console/console-consumer.ts.

import { Command } from 'commander';
import { UsageError, collect, parseKeyValueArgs } from '../admin/common/command-line';
import { consumerSettings, runConsoleConsumer, type ConsoleConsumerOptions } from '../admin/console/console-consumer';
import { formatterProps } from '../admin/console/record-formatter';
import { integerOption, printUsageAndDie } from './tool-usage';

async function main(): Promise<void> {
  const program = new Command('kafka-console-consumer')
    .description('This tool helps to read data from Kafka topics and outputs it to standard output.')
    .option('--bootstrap-server <server to connect to>', 'REQUIRED: The server(s) to connect to.')
    .option('--topic <topic>', 'The topic id to consume on.')
    .option('--whitelist <whitelist>', 'Regular expression specifying whitelist of topics to include for consumption.')
    .option('--partition <partition>', "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified.", integerOption('partition'))
    .option('--offset <consume offset>', "The offset id to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end (default: latest)")
    .option('--from-beginning', 'Start with the earliest message present in the log rather than the latest message.')
    .option('--max-messages <num_messages>', 'The maximum number of messages to consume before exiting. If not set, consumption is continual.', integerOption('max-messages'))
    .option('--timeout-ms <timeout_ms>', 'If specified, exit if no message is available for consumption for the specified interval.', integerOption('timeout-ms'))
    .option(
      '--property <prop>',
      'The properties to initialize the message formatter: print.timestamp=true|false, print.key=true|false, print.value=true|false, key.separator=<sep>, line.separator=<sep> (repeatable).',
      collect,
    )
    .option('--group <consumer group id>', 'The consumer group id of the consumer.')
    .showHelpAfterError();
  if (process.argv.length <= 2) printUsageAndDie(program, 'This tool helps to read data from Kafka topics and outputs it to standard output.');
  program.parse();
  const opts = program.opts<ConsoleConsumerOptions>();

  let settings;
  try {
    settings = consumerSettings(opts);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message);
    throw error;
  }

  let processed = 0;
  let requestStop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (requestStop = resolve));
  process.on('SIGINT', () => requestStop());
  process.on('SIGTERM', () => requestStop());
  let exitCode = 0;
  try {
    await runConsoleConsumer(settings, formatterProps(parseKeyValueArgs(opts.property ?? [])), {
      write: (chunk) => {
        process.stdout.write(chunk);
        processed++;
      },
      err: (line) => process.stderr.write(`${line}\n`),
      stopped,
    });
  } catch (error) {
    process.stderr.write(`ERROR Unknown error when running consumer: ${(error as Error).message}\n`);
    exitCode = 1;
  }
  process.stderr.write(`Processed a total of ${processed} messages\n`);
  process.exit(exitCode);
}

void main();
