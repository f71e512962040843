// bin/kafka-broker-api-versions: Kafka 2.4.1's BrokerApiVersionsCommand (what every broker of the
// cluster advertises through ApiVersions, and which version a 2.4.1 client would use).
// Logic: src/admin/broker-api-versions/broker-api-versions-command.ts.

import { Command } from 'commander';
import { runBrokerApiVersionsCommand } from '../admin/broker-api-versions/broker-api-versions-command';
import { JavaThrowable } from '../admin/broker-api-versions/java-throwable';
import { parseLikeJoptsimple } from './joptsimple-parse';
import { printUsageAndDie, println } from './tool-usage';

const DESCRIPTION = 'This tool helps to retrieve broker version information.';

interface ParsedOptions {
  bootstrapServer?: string;
  commandConfig?: string;
  help?: boolean;
  version?: boolean;
}

function buildProgram(): Command {
  return new Command('kafka-broker-api-versions')
    .description(DESCRIPTION)
    .helpOption(false)
    .option('--bootstrap-server <server(s) to use for bootstrapping>', 'REQUIRED: The server to connect to.')
    .option('--command-config <command config property file>', 'A property file containing configs to be passed to Admin Client (accepted, not used: no security settings are supported).')
    .option('--help', 'Print usage information.')
    .option('--version', 'Display Kafka version.')
    .allowUnknownOption()
    .allowExcessArguments()
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
}

/** What the JVM prints when main throws (stack trace left out), and its exit status. */
function dieWithUncaught(throwable: JavaThrowable): never {
  process.stderr.write(`Exception in thread "main" ${throwable.toString()}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const program = buildProgram();
  // CommandLineUtils.printHelpAndExitIfNeeded: no arguments or --help print the usage and exit 1.
  if (process.argv.length <= 2) printUsageAndDie(program, DESCRIPTION);
  const opts = parseLikeJoptsimple<ParsedOptions>(program);
  if (opts.help) printUsageAndDie(program, DESCRIPTION);
  if (opts.version) {
    println('2.4.1 (Commit:c57222ae8cd7866b)');
    process.exit(0);
  }
  if (opts.bootstrapServer === undefined) printUsageAndDie(program, 'Missing required argument "[bootstrap-server]"');
  try {
    await runBrokerApiVersionsCommand({ bootstrapServer: opts.bootstrapServer, commandConfig: opts.commandConfig }, println);
  } catch (error) {
    dieWithUncaught(error instanceof JavaThrowable ? error : new JavaThrowable('java.lang.Exception', (error as Error)?.stack ?? String(error)));
  }
  process.exit(0);
}

void main();
