// bin/kafka-consumer-groups: Kafka 2.4.1's ConsumerGroupCommand. 2.4 has no --zookeeper form any
// more (joptsimple rejects it as an unknown option, as for any other). Options and their checks:
// src/admin/consumer-groups/consumer-group-command-options.ts; actions: src/admin/consumer-groups/consumer-group-command.ts.

import { Command, CommanderError } from 'commander';
import { UsageError, collect } from '../admin/common/command-line';
import { KafkaConsumerGroupClient } from '../admin/consumer-groups/consumer-group-client';
import { runConsumerGroupCommand } from '../admin/consumer-groups/consumer-group-command';
import {
  JoptException,
  TOOL_DESCRIPTION,
  checkAvailableOptions,
  checkConsumerGroupArgs,
  singleValue,
  timeoutMs,
  uncaughtExceptionLine,
  type ConsumerGroupCommandOptions,
} from '../admin/consumer-groups/consumer-group-command-options';
import { printError } from '../admin/consumer-groups/consumer-group-describe';
import { printUsageAndDie, println } from './tool-usage';

const nl = '\n';

function buildProgram(): Command {
  return new Command('kafka-consumer-groups')
    .description(TOOL_DESCRIPTION)
    .helpOption(false)
    .option('--bootstrap-server <server to connect to>', 'REQUIRED: The server(s) to connect to.', collect)
    .option('--group <consumer group>', 'The consumer group we wish to act on.', collect)
    .option(
      '--topic <topic>',
      'The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. ' +
        'In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. ' +
        'Reset-offsets also supports multiple topic inputs.',
      collect,
    )
    .option('--all-topics', 'Consider all topics assigned to a group in the `reset-offsets` process.')
    .option('--list', 'List all consumer groups.')
    .option('--describe', 'Describe consumer group and list offset lag (number of messages not yet processed) related to given group.')
    .option('--all-groups', 'Apply to all consumer groups.')
    .option('--delete', 'Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2')
    .option(
      '--timeout <timeout (ms)>',
      'The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes). (default: 5000)',
      collect,
    )
    .option('--command-config <command config property file>', 'Property file containing configs to be passed to Admin Client and Consumer (not supported here: it is ignored).', collect)
    .option(
      '--reset-offsets',
      `Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive${nl}` +
        `Has 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format.${nl}` +
        `You must choose one of the following reset specifications: --to-datetime, --by-period, --to-earliest, --to-latest, --shift-by, --from-file, --to-current.${nl}` +
        "To define the scope use --all-topics or --topic. One scope must be specified unless you use '--from-file'.",
    )
    .option('--delete-offsets', 'Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics.')
    .option('--dry-run', 'Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets.')
    .option('--execute', 'Execute operation. Supported operations: reset-offsets.')
    .option('--export', 'Export operation execution to a CSV file. Supported operations: reset-offsets.')
    .option('--to-offset <offset>', 'Reset offsets to a specific offset.', collect)
    .option('--from-file <path to CSV file>', 'Reset offsets to values defined in CSV file.', collect)
    .option('--to-datetime <datetime>', "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'", collect)
    .option('--by-duration <duration>', "Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'", collect)
    .option('--to-earliest', 'Reset offsets to earliest offset.')
    .option('--to-latest', 'Reset offsets to latest offset.')
    .option('--to-current', 'Reset offsets to current offset.')
    .option('--shift-by <number-of-offsets>', "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.", collect)
    .option(
      '--members',
      `Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only.${nl}Example: --bootstrap-server localhost:9092 --describe --group group1 --members`,
    )
    .option(
      '--verbose',
      `Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only.${nl}Example: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose`,
    )
    .option(
      '--offsets',
      `Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only.${nl}Example: --bootstrap-server localhost:9092 --describe --group group1 --offsets`,
    )
    .option(
      '--state',
      `Describe the group state. This option may be used with '--describe' and '--bootstrap-server' options only.${nl}Example: --bootstrap-server localhost:9092 --describe --group group1 --state`,
    )
    .option('--help', 'Print usage information.')
    .option('--version', 'Display Kafka version.')
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
}

function dieUncaught(error: JoptException): never {
  process.stderr.write(`${uncaughtExceptionLine(error)}\n`);
  process.exit(1);
}

/** joptsimple's parse: unknown options and options missing their argument fail it. */
function parse(program: Command): ConsumerGroupCommandOptions {
  try {
    program.parse();
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.optionMissingArgument') {
      const name = /option '--([\w-]+)/.exec(error.message)?.[1] ?? '?';
      dieUncaught(new JoptException('OptionMissingRequiredArgumentException', `Option ${name} requires an argument`));
    }
    throw error;
  }
  const unknown = program.args.find((a) => a.startsWith('-') && a.length > 1 && a !== '--');
  if (unknown !== undefined) {
    const name = unknown.replace(/^--?/, '').split('=')[0];
    dieUncaught(new JoptException('UnrecognizedOptionException', `${unknown.startsWith('--') ? name : name[0]} is not a recognized option`));
  }
  const opts = program.opts<ConsumerGroupCommandOptions>();
  try {
    checkAvailableOptions(opts);
  } catch (error) {
    if (error instanceof JoptException) dieUncaught(error);
    throw error;
  }
  return opts;
}

async function main(): Promise<void> {
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, TOOL_DESCRIPTION);
  const opts = parse(program);
  if (opts.help) printUsageAndDie(program, TOOL_DESCRIPTION);
  if (opts.version) {
    println('2.4.1 (Commit:c57222ae8cd7866b)');
    process.exit(0);
  }

  try {
    for (const warning of checkConsumerGroupArgs(opts)) process.stderr.write(`${warning}\n`);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message);
    throw error;
  }

  const printer = { out: println, err: (line: string) => process.stderr.write(`${line}\n`) };
  let bootstrapServer: string;
  try {
    bootstrapServer = singleValue(opts, 'bootstrapServer')!;
  } catch (error) {
    // Read when the admin client is created, outside the command's try: the JVM reports it.
    if (error instanceof JoptException) dieUncaught(error);
    throw error;
  }
  let client: KafkaConsumerGroupClient;
  try {
    client = await KafkaConsumerGroupClient.connect(bootstrapServer, timeoutMs(opts));
  } catch (error) {
    printError(printer, `Executing consumer group command failed due to ${(error as Error).message}`);
    process.exit(0);
  }
  try {
    await runConsumerGroupCommand(opts, client, printer);
  } catch (error) {
    if (error instanceof UsageError) {
      await client.close();
      printUsageAndDie(program, error.message);
    }
    throw error;
  }
  await client.close();
  process.exit(0);
}

void main();
