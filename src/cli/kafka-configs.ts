// bin/kafka-configs: Kafka 2.4.1's ConfigCommand. --zookeeper for every entity type (topics,
// brokers, clients, users); --bootstrap-server for brokers. Options and checks:
// src/admin/configs/config-command-options.ts; actions: src/admin/configs/config-command.ts.

import { Command } from 'commander';
import { KafkaZkClient } from '../zk';
import { UsageError, collect } from '../admin/common/command-line';
import { parseBrokerList } from '../admin/common/broker-list';
import { BrokerConfigsClient } from '../admin/configs/broker-configs-client';
import { configCommandFailure } from '../admin/configs/config-command-failure';
import { alterBrokerConfig, alterConfigWithZk, describeBrokerConfig, describeConfigWithZk } from '../admin/configs/config-command';
import { ConfigCommandError, checkConfigCommandArgs, type ConfigCommandOptions } from '../admin/configs/config-command-options';
import { printUsageAndDie, println } from './tool-usage';

const DESCRIPTION = 'This tool helps to manipulate and describe entity config for a topic, client, user or broker';

function buildProgram(): Command {
  return new Command('kafka-configs')
    .description(DESCRIPTION)
    .option('--zookeeper <urls>', 'REQUIRED: The connection string for the zookeeper connection in the form host:port. Multiple URLS can be given to allow fail-over.')
    .option('--bootstrap-server <server to connect to>', 'The Kafka server to connect to. This is required for describing and altering broker configs.')
    .option('--command-config <command config property file>', 'Property file containing configs to be passed to Admin Client (accepted, not used).')
    .option('--alter', 'Alter the configuration for the entity.')
    .option('--describe', 'List configs for the given entity.')
    .option('--entity-type <type>', 'Type of entity (topics/clients/users/brokers/broker-loggers)', collect)
    .option('--entity-name <name>', 'Name of entity (topic name/client id/user principal name/broker id)', collect)
    .option('--entity-default', 'Default entity name for clients/users/brokers (applies to corresponding entity type in command line)')
    .option('--add-config <k1=v1,k2=[v1,v2,v2],k3=v3>', "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'.")
    .option('--delete-config <k1,k2>', "config keys to remove 'k1,k2'", collect)
    .option('--force', 'Suppress console prompts')
    .showHelpAfterError();
}

/** The order --entity-name and --entity-default were given in (joptsimple keeps it, parseQuotaEntity relies on it). */
function entityNameOrder(args: readonly string[]): Array<'name' | 'default'> {
  return args.flatMap((a) => (a === '--entity-name' || a.startsWith('--entity-name=') ? ['name' as const] : a === '--entity-default' ? ['default' as const] : []));
}

async function run(opts: ConfigCommandOptions): Promise<void> {
  if (opts.zookeeper !== undefined) {
    const zk = await KafkaZkClient.connect({ connectString: opts.zookeeper, sessionTimeoutMs: 30_000, connectionTimeoutMs: 30_000, createChroot: false });
    try {
      if (opts.alter) await alterConfigWithZk(zk, opts, println);
      else await describeConfigWithZk(zk, opts, println);
    } finally {
      await zk.close();
    }
    return;
  }
  if (opts.entityType!.length !== 1) throw new ConfigCommandError('Exactly one --entity-type (out of brokers,broker-loggers) must be specified with --bootstrap-server');
  if (opts.entityType![0] === 'broker-loggers') throw new ConfigCommandError('broker-loggers are not supported by this implementation (its brokers have no log4j loggers)');
  const client = new BrokerConfigsClient(parseBrokerList(opts.bootstrapServer!));
  const entityName = opts.entityName?.[0] ?? '';
  if (opts.alter) await alterBrokerConfig(client, opts, entityName, println);
  else await describeBrokerConfig(client, entityName, println);
}

async function main(): Promise<void> {
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, DESCRIPTION);
  program.parse();
  const opts: ConfigCommandOptions = { ...program.opts<ConfigCommandOptions>(), entityNameOrder: entityNameOrder(process.argv.slice(2)) };
  try {
    checkConfigCommandArgs(opts);
    await run(opts);
  } catch (error) {
    if (error instanceof UsageError) printUsageAndDie(program, error.message);
    for (const line of configCommandFailure(error, process.argv.slice(2))) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
  process.exit(0);
}

void main();
