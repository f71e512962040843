// bin/kafka-reassign-partitions: Kafka 2.4.1's ReassignPartitionsCommand, ZooKeeper flow
// (--generate, --execute, --verify). Logic: src/admin/reassign-partitions/. Parsing is
// joptsimple's as far as users see it: usage errors print the message and joptsimple's help
// table on stderr and exit 1; unknown options and options missing their argument die with its
// exceptions. Once connected, the command reports any failure on stdout and exits 0, as 2.4.1 does.

import { Command } from 'commander';
import { UsageError } from '../admin/common/command-line';
import { REASSIGN_PARTITIONS_HELP_TABLE, REASSIGN_PARTITIONS_HELP_TEXT } from '../admin/reassign-partitions/reassign-partitions-help';
import { runReassignPartitionsCommand } from '../admin/reassign-partitions/reassign-partitions-command';
import { checkReassignPartitionsArgs, type ReassignPartitionsOptions } from '../admin/reassign-partitions/reassign-partitions-options';
import { KafkaZkClient, isZkError } from '../zk';
import { parseLikeJoptsimple } from './joptsimple-parse';
import { println } from './tool-usage';

function buildProgram(): Command {
  return new Command('kafka-reassign-partitions')
    .helpOption(false)
    .option('--bootstrap-server <servers>')
    .option('--command-config <file>')
    .option('--zookeeper <urls>')
    .option('--generate')
    .option('--execute')
    .option('--verify')
    .option('--reassignment-json-file <file>')
    .option('--topics-to-move-json-file <file>')
    .option('--broker-list <brokers>')
    .option('--disable-rack-aware')
    .option('--throttle <bytes/sec>')
    .option('--replica-alter-log-dirs-throttle <bytes/sec>')
    .option('--timeout <ms>')
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

function printUsageAndDie(message: string): never {
  return die([message, REASSIGN_PARTITIONS_HELP_TABLE]);
}

/** The JVM's report of an exception escaping main (its stack frames left out). */
function uncaught(javaClass: string, message: string): never {
  return die([`Exception in thread "main" ${javaClass}: ${message}`]);
}

async function main(): Promise<void> {
  const program = buildProgram();
  const opts = parseLikeJoptsimple<ReassignPartitionsOptions & { help?: boolean; version?: boolean }>(program);
  // CommandLineUtils.printHelpAndExitIfNeeded: no arguments or --help, then --version.
  if (process.argv.length <= 2 || opts.help === true) printUsageAndDie(REASSIGN_PARTITIONS_HELP_TEXT);
  if (opts.version === true) {
    println('2.4.1 (Commit:c57222ae8cd7866b)');
    process.exit(0);
  }
  let action;
  try {
    action = checkReassignPartitionsArgs(opts);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(error.message);
    throw error;
  }
  let zk: KafkaZkClient;
  try {
    zk = await KafkaZkClient.connect({ connectString: opts.zookeeper!, sessionTimeoutMs: 30_000, connectionTimeoutMs: 30_000, createChroot: false });
  } catch (error) {
    // 2.4.1 connects before its try block, so this one escapes main (exit 1).
    if (isZkError(error, 'CONNECTION_TIMEOUT')) uncaught('kafka.zookeeper.ZooKeeperClientTimeoutException', 'Timed out waiting for connection while in state: CONNECTING');
    uncaught('java.lang.IllegalArgumentException', (error as Error).message);
  }
  try {
    await runReassignPartitionsCommand({ zk, println }, action, opts);
  } finally {
    await zk.close();
  }
  process.exit(0);
}

void main().catch((error: unknown) => die([`Exception in thread "main" ${(error as Error)?.stack ?? String(error)}`]));
