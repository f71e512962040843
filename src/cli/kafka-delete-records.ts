// bin/kafka-delete-records: Kafka 2.4.1's DeleteRecordsCommand (DeleteRecords to the partitions'
// leaders, offsets from a JSON file). Logic: src/admin/delete-records/delete-records-command.ts.

import { Command } from 'commander';
import { runDeleteRecordsCommand } from '../admin/delete-records/delete-records-command';
import { dieWithJavaException } from './java-exit';
import { printUsageAndDie, println } from './tool-usage';

const DESCRIPTION = 'This tool helps to delete records of the given partitions down to the specified offset.';

function buildProgram(): Command {
  return new Command('kafka-delete-records')
    .description(DESCRIPTION)
    .option('--bootstrap-server <server(s) to use for bootstrapping>', 'REQUIRED: The server to connect to.')
    .option(
      '--offset-json-file <Offset json file path>',
      'REQUIRED: The JSON file with offset per partition. The format to use is:\n{"partitions":\n  [{"topic": "foo", "partition": 1, "offset": 1}],\n "version":1\n}',
    )
    .option('--command-config <command config property file path>', 'A property file containing configs to be passed to Admin Client (accepted, not used).')
    .showHelpAfterError();
}

async function main(): Promise<void> {
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, DESCRIPTION);
  program.parse();
  const opts = program.opts<{ bootstrapServer?: string; offsetJsonFile?: string }>();
  if (opts.bootstrapServer === undefined) printUsageAndDie(program, 'Missing required argument "[bootstrap-server]"');
  if (opts.offsetJsonFile === undefined) printUsageAndDie(program, 'Missing required argument "[offset-json-file]"');
  try {
    await runDeleteRecordsCommand(opts.bootstrapServer, opts.offsetJsonFile, println);
  } catch (error) {
    dieWithJavaException(error);
  }
  process.exit(0);
}

void main().catch(dieWithJavaException);
