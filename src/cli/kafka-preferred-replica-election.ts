// bin/kafka-preferred-replica-election: Kafka 2.4.1's deprecated PreferredReplicaLeaderElectionCommand.
// `--zookeeper` writes /admin/preferred_replica_election; `--bootstrap-server` uses ElectLeaders.
// Logic: src/admin/leader-election/preferred-replica-election-command.ts.

import { Command } from 'commander';
import { DEPRECATION_LINE, runPreferredReplicaElectionCommand, type PreferredReplicaElectionOptions } from '../admin/leader-election/preferred-replica-election-command';
import { dieWithJavaException } from './java-exit';
import { printUsageAndDie, println } from './tool-usage';

const DESCRIPTION = "This tool helps to causes leadership for each partition to be transferred back to the 'preferred replica', it can be used to balance leadership among the servers.";

function buildProgram(): Command {
  return new Command('kafka-preferred-replica-election')
    .description(DESCRIPTION)
    .option('--path-to-json-file <list of partitions for which preferred replica leader election needs to be triggered>', 'The JSON file with the list of partitions for which preferred replica leader election should be done. Defaults to all existing partitions')
    .option('--zookeeper <urls>', 'DEPRECATED. The connection string for the zookeeper connection in the form host:port. Multiple URLS can be given to allow fail-over. Replaced by --bootstrap-server, REQUIRED unless --bootstrap-server is given.')
    .option('--bootstrap-server <host:port>', 'A hostname and port for the broker to connect to, in the form host:port. Multiple comma-separated URLs can be given. REQUIRED unless --zookeeper is given.')
    .option('--admin.config <config file>', 'Admin client config properties file to pass to the admin client when --bootstrap-server is given (accepted, not used).')
    .showHelpAfterError();
}

async function main(): Promise<void> {
  println(DEPRECATION_LINE);
  const program = buildProgram();
  if (process.argv.length <= 2) printUsageAndDie(program, DESCRIPTION);
  program.parse();
  const opts = program.opts<PreferredReplicaElectionOptions>();
  if ((opts.bootstrapServer !== undefined) === (opts.zookeeper !== undefined)) {
    printUsageAndDie(program, "Exactly one of '[bootstrap-server]' or '[zookeeper]' must be provided");
  }
  try {
    await runPreferredReplicaElectionCommand(opts, println);
  } catch (error) {
    dieWithJavaException(error);
  }
  process.exit(0);
}

void main().catch(dieWithJavaException);
