// bin/kafka-dump-log: Kafka 2.4.1's DumpLogSegments (kafka-dump-log.sh). Reads segment and index
// files directly, no broker needed. Logic: src/admin/dump-log/dump-log.ts.

import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { UsageError } from '../admin/common/command-line';
import { DEFAULT_MAX_MESSAGE_SIZE, DumpLogError, dumpLogSegments, resolveDumpLogOptions, type DumpLogFlags } from '../admin/dump-log/dump-log';
import { dieWithJavaException } from './java-exit';
import { integerOption, printUsageAndDie } from './tool-usage';

const DESCRIPTION = 'This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment.';

function buildProgram(): Command {
  return new Command('kafka-dump-log')
    .description(DESCRIPTION)
    .option('--files <file1, file2, ...>', 'REQUIRED: The comma separated list of data and index log files to be dumped.')
    .option('--print-data-log', 'if set, printing the messages content when dumping data logs. Automatically set if any decoder option is specified.')
    .option('--deep-iteration', 'if set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled.')
    .option('--offsets-decoder', 'if set, log data will be parsed as offset data from the __consumer_offsets topic.')
    .option('--transaction-log-decoder', 'if set, log data will be parsed as transaction metadata from the __transaction_state topic.')
    .option('--key-decoder-class [class]', 'if set, used to deserialize the keys. Only kafka.serializer.StringDecoder (the default) is available.')
    .option('--value-decoder-class [class]', 'if set, used to deserialize the messages. Only kafka.serializer.StringDecoder (the default) is available.')
    .option('--verify-index-only', 'if set, just verify the index log without printing its content.')
    .option(
      '--index-sanity-check',
      'if set, just checks the index sanity without printing its content. This is the same check that is executed on broker startup to determine if an index needs rebuilding or not.',
    )
    .addOption(new Option('--max-message-size <size>', 'Size of largest message.').argParser(integerOption('max-message-size')).default(DEFAULT_MAX_MESSAGE_SIZE))
    .showHelpAfterError();
}

/** stdout in 64 KiB writes: a segment can hold millions of records, one line each. */
function bufferedStdout(): { out: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    fs.writeSync(1, pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    out: (line) => {
      pending.push(`${line}\n`);
      size += line.length + 1;
      if (size >= 65536) flush();
    },
    flush,
  };
}

function main(): void {
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, DESCRIPTION);
  program.parse();
  let opts;
  try {
    opts = resolveDumpLogOptions(program.opts<DumpLogFlags>());
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message);
    throw error;
  }
  const stdout = bufferedStdout();
  const err = (line: string) => {
    stdout.flush();
    fs.writeSync(2, `${line}\n`);
  };
  let status: number;
  try {
    status = dumpLogSegments(opts, { out: stdout.out, err });
  } catch (error) {
    stdout.flush();
    if (error instanceof DumpLogError) {
      // An exception without a message (a NullPointerException) prints as its class name alone.
      const text = error.message === '' ? error.javaClass : `${error.javaClass}: ${error.message}`;
      process.stderr.write(`Exception in thread "main" ${text}\n`);
      process.exit(1);
    }
    dieWithJavaException(error);
  }
  stdout.flush();
  process.exit(status);
}

main();
