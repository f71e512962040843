// bin/kafka-topics: Kafka 2.4.1's TopicCommand. `--bootstrap-server` uses the admin API (kafkajs),
// `--zookeeper` writes the znodes directly, as 2.4 did. Logic: src/admin/topics/topic-command.ts.

import { Command, Option } from 'commander';
import { AdminClientTopicService } from '../admin/topics/admin-client-topic-service';
import { UsageError, collect } from '../admin/common/command-line';
import { runTopicCommand, type TopicService } from '../admin/topics/topic-command';
import { ConnectionChoiceError, checkTopicCommandArgs, type TopicCommandOptions } from '../admin/topics/topic-command-options';
import { ZkTopicService } from '../admin/topics/zk-topic-service';
import { KafkaZkClient } from '../zk';
import { integerOption, printUsageAndDie, println } from './tool-usage';

function buildProgram(): Command {
  return new Command('kafka-topics')
    .description('This tool helps to create, delete, describe, or change a topic.')
    .option('--bootstrap-server <server to connect to>', 'REQUIRED: The Kafka server to connect to. In case of providing this, a direct Zookeeper connection won\'t be required.')
    .option('--zookeeper <hosts>', 'DEPRECATED, The connection string for the zookeeper connection in the form host:port. Multiple hosts can be given to allow fail-over.')
    .option('--list', 'List all available topics.')
    .option('--create', 'Create a new topic.')
    .option('--delete', 'Delete a topic')
    .option('--alter', 'Alter the number of partitions, replica assignment, and/or configuration for the topic.')
    .option('--describe', 'List details for the given topics.')
    .option('--topic <topic>', 'The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option.')
    .option('--config <name=value>', 'A topic configuration override for the topic being created or altered (repeatable).', collect)
    .option('--delete-config <name>', 'A topic configuration override to be removed for an existing topic. Not supported with the --bootstrap-server option.', collect)
    .option('--partitions <# of partitions>', 'The number of partitions for the topic being created or altered.', integerOption('partitions'))
    .option('--replication-factor <replication factor>', 'The replication factor for each partition in the topic being created.', integerOption('replication-factor'))
    .option('--replica-assignment <broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , ...>', 'A list of manual partition-to-broker assignments for the topic being created or altered.')
    .option('--under-replicated-partitions', 'if set when describing topics, only show under replicated partitions')
    .option('--unavailable-partitions', 'if set when describing topics, only show partitions whose leader is not available')
    .option('--under-min-isr-partitions', 'if set when describing topics, only show partitions whose isr count is less than the configured minimum. Not supported with the --zookeeper option.')
    .option('--at-min-isr-partitions', 'if set when describing topics, only show partitions whose isr count is equal to the configured minimum. Not supported with the --zookeeper option.')
    .option('--topics-with-overrides', 'if set when describing topics, only show topics that have overridden configs')
    .option('--if-exists', 'if set when altering or deleting or describing topics, the action will only execute if the topic exists. Not supported with the --bootstrap-server option.')
    .option('--if-not-exists', 'if set when creating topics, the action will only execute if the topic does not already exist. Not supported with the --bootstrap-server option.')
    .option('--exclude-internal', 'exclude internal topics when running list or describe command. The internal topics will be listed by default')
    .addOption(new Option('--disable-rack-aware', 'Disable rack aware replica assignment (brokers have no racks here, so it changes nothing)'))
    .addOption(new Option('--force', 'Suppress console prompts (kept for compatibility, unused)'))
    .showHelpAfterError();
}

async function main(): Promise<void> {
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, 'Create, delete, describe, or change a topic.');
  program.parse();
  const opts = program.opts<TopicCommandOptions>();
  try {
    checkTopicCommandArgs(opts);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message, !(error instanceof ConnectionChoiceError));
    throw error;
  }
  let service: TopicService;
  try {
    service = opts.zookeeper !== undefined
      ? new ZkTopicService(await KafkaZkClient.connect({ connectString: opts.zookeeper, sessionTimeoutMs: 30_000, connectionTimeoutMs: 30_000, createChroot: false }), println)
      : await AdminClientTopicService.connect(opts.bootstrapServer!, println);
  } catch (error) {
    println(`Error while executing topic command : ${(error as Error).message}`);
    process.exit(1);
  }
  process.exit(await runTopicCommand(opts, service, println));
}

void main();
