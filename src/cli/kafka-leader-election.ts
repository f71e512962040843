// bin/kafka-leader-election: Kafka 2.4.1's LeaderElectionCommand (preferred or unclean elections
// through the ElectLeaders API). Logic: src/admin/leader-election/leader-election-command.ts.

import { Command, InvalidArgumentError } from 'commander';
import { parseElectionType, runLeaderElectionCommand, validateLeaderElectionOptions, type LeaderElectionOptions } from '../admin/leader-election/leader-election-command';
import { dieWithJavaException } from './java-exit';
import { integerOption, printUsageAndDie, println } from './tool-usage';

function buildProgram(): Command {
  return new Command('kafka-leader-election')
    .description('This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.')
    .option('--bootstrap-server <host:port>', 'A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given. REQUIRED.')
    .option('--admin.config <config file>', 'Configuration properties files to pass to the admin client (accepted, not used)')
    .option('--path-to-json-file <Path to JSON file>', 'The JSON file with the list  of partition for which leader elections should be performed. Not allowed if --all-topic-partitions or --topic flags are specified.')
    .option('--topic <topic name>', 'Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified.')
    .option('--partition <partition id>', 'Partition id for which to perform an election. REQUIRED if --topic is specified.', integerOption('partition'))
    .option('--all-topic-partitions', 'Perform election on all of the eligible topic partitions based on the type of election (see the --election-type flag). Not allowed if --topic or --path-to-json-file is specified.')
    .option('--election-type <election type>', 'Type of election to attempt. Possible values are "preferred" for preferred leader election or "unclean" for unclean leader election. REQUIRED.', (value: string) => {
      if (parseElectionType(value) === null) throw new InvalidArgumentError(`Value [${value}] is not one of [PREFERRED, UNCLEAN]`);
      return value;
    })
    .showHelpAfterError();
}

async function main(): Promise<void> {
  const program = buildProgram();
  if (process.argv.length <= 2) {
    printUsageAndDie(program, 'This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.');
  }
  program.parse();
  const opts = program.opts<LeaderElectionOptions>();
  try {
    validateLeaderElectionOptions(opts);
    await runLeaderElectionCommand(opts, println);
  } catch (error) {
    dieWithJavaException(error);
  }
  process.exit(0);
}

void main().catch(dieWithJavaException);
