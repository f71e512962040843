// bin/kafka-server-start: runs one broker from a server.properties file, like Kafka's script.
// `--override name=value` (repeatable) overrides a property. Logs go to $LOG_DIR (default: logs/
// under the repository) as server.log, controller.log and state-change.log; server.log lines are
// echoed to stdout. SIGTERM or SIGINT shuts the broker down cleanly (controlled shutdown first);
// SIGUSR2 expires its ZooKeeper session (a fault for teaching and tests).

import * as path from 'node:path';
import { Command } from 'commander';
import { ConfigError, parseBrokerConfig, readPropertiesFile } from '../common/config';
import { createBrokerLoggers } from '../common/logging';
import { KafkaServer } from '../server/kafka-server';

function parseOverride(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new Error(`--override expects name=value, got "${value}"`);
  return { ...previous, [value.slice(0, eq).trim()]: value.slice(eq + 1) };
}

async function main(): Promise<void> {
  const program = new Command('kafka-server-start')
    .description('Start a Kafka 2.4-compatible broker coordinated through ZooKeeper')
    .argument('<server.properties>', 'broker configuration file')
    .option('--override <name=value>', 'override a property of the file (repeatable)', parseOverride, {})
    .showHelpAfterError();
  program.parse();
  const [file] = program.args;
  const overrides = program.opts<{ override: Record<string, string> }>().override;

  let config;
  try {
    config = parseBrokerConfig({ ...readPropertiesFile(file), ...overrides });
  } catch (error) {
    if (error instanceof ConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`kafka-server-start: ${(error as Error).message}`);
      process.exit(1);
    }
    throw error;
  }

  const logDir = process.env.LOG_DIR ?? path.resolve(__dirname, '../../logs');
  const loggers = createBrokerLoggers({ dir: logDir, console: true, eventSource: `broker-${config.brokerId}` });
  const server = new KafkaServer(config, loggers);
  let stopping: Promise<void> | null = null;
  const stop = (signal: string) => {
    loggers.server.info(`Received ${signal}: shutting down`);
    stopping ??= server
      .shutdown()
      .catch((error) => loggers.server.error(`Error during shutdown: ${(error as Error).stack ?? error}`))
      .then(() => loggers.close())
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Not in Kafka: lets the launcher (kafka-local-cluster, the observatory's fault buttons) end this
  // broker's ZooKeeper session for real, as Kafka's own tests do, to show what an expiry does.
  process.on('SIGUSR2', () => {
    loggers.server.info('Received SIGUSR2: expiring our ZooKeeper session');
    server.expireZooKeeperSession().catch((error) => loggers.server.error(`Could not expire the ZooKeeper session: ${(error as Error).message}`));
  });
  try {
    await server.startup();
  } catch (error) {
    loggers.server.error(`Fatal error during KafkaServer startup. Prepare to shutdown: ${(error as Error).stack ?? error}`);
    console.error(`kafka-server-start: ${(error as Error).message}`);
    await server.shutdown().catch(() => undefined);
    await loggers.close();
    process.exit(1);
  }
}

void main();
