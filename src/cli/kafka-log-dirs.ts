// bin/kafka-log-dirs: Kafka 2.4.1's LogDirsCommand (--describe: DescribeLogDirs to each broker,
// one line of JSON). Logic: src/admin/log-dirs/log-dirs-command.ts. Parsing is joptsimple's as
// far as users see it: unknown options and options missing their argument die with its
// exceptions, usage errors print the message and joptsimple's help table on stderr, exit 1.

import { Command } from 'commander';
import { UsageError } from '../admin/common/command-line';
import { JavaException } from '../admin/log-dirs/java-exception';
import { NetworkLogDirsClient } from '../admin/log-dirs/log-dirs-client';
import { checkLogDirsArgs, runLogDirsCommand, type LogDirsOptions } from '../admin/log-dirs/log-dirs-command';
import { parseLikeJoptsimple } from './joptsimple-parse';
import { println } from './tool-usage';

const DESCRIPTION = 'This tool helps to query log directory usage on the specified brokers.';

/** joptsimple's help table for LogDirsCommandOptions, as 2.4.1 prints it (column padding included). */
const HELP = [
  'Option                                  Description                           ',
  '------                                  -----------                           ',
  '--bootstrap-server <String: The server  REQUIRED: the server(s) to use for    ',
  '  (s) to use for bootstrapping>           bootstrapping                       ',
  '--broker-list <String: Broker list>     The list of brokers to be queried in  ',
  '                                          the form "0,1,2". All brokers in the',
  '                                          cluster will be queried if no broker',
  '                                          list is specified                   ',
  '--command-config <String: Admin client  Property file containing configs to be',
  '  property file>                          passed to Admin Client.             ',
  '--describe                              Describe the specified log directories',
  '                                          on the specified brokers.           ',
  '--help                                  Print usage information.              ',
  '--topic-list <String: Topic list>       The list of topics to be queried in   ',
  '                                          the form "topic1,topic2,topic3". All',
  '                                          topics will be queried if no topic  ',
  '                                          list is specified (default: )       ',
  '--version                               Display Kafka version.                ',
].join('\n');

function buildProgram(): Command {
  return new Command('kafka-log-dirs')
    .helpOption(false)
    .option('--bootstrap-server <server(s)>')
    .option('--command-config <file>')
    .option('--describe')
    .option('--topic-list <topics>')
    .option('--broker-list <brokers>')
    .option('--help')
    .option('--version')
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
}

function die(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

const printUsageAndDie = (message: string): never => die([message, HELP]);

async function main(): Promise<void> {
  const program = buildProgram();
  const opts = parseLikeJoptsimple<LogDirsOptions & { help?: boolean; version?: boolean }>(program);
  // CommandLineUtils.printHelpAndExitIfNeeded: no arguments or --help.
  if (process.argv.length <= 2 || opts.help === true) printUsageAndDie(DESCRIPTION);
  if (opts.version === true) {
    println('2.4.1 (Commit:c57222ae8cd7866b)');
    process.exit(0);
  }
  try {
    checkLogDirsArgs(opts);
    await runLogDirsCommand(opts, (s) => new NetworkLogDirsClient(s.bootstrap, s.clientId, s.requestTimeoutMs), println);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(error.message);
    if (error instanceof JavaException) die(error.lines());
    die([`Exception in thread "main" ${(error as Error)?.stack ?? String(error)}`]);
  }
  process.exit(0);
}

void main();
