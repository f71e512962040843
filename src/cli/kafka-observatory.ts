// bin/kafka-observatory: serves the control-plane observatory (page + JSON API + live WebSocket)
// for a cluster given by its ZooKeeper connect string. Works against a real Kafka 2.x too: events
// are then inferred from znode changes; our brokers' metrics ports (--metrics) add their own
// events and the charts. Fault buttons need a cluster it started (kafka-local-cluster), so they
// are off here.

import { Command, InvalidArgumentError } from 'commander';
import { parsePortOption } from './port-option';
import { startObservatory } from '../observatory/observatory-server';
import { consoleLogger } from '../common/logger';
import { labLauncher } from '../observatory/lab-launcher';

/** `1=http://localhost:7071,http://localhost:7072`: a URL without `id=` is labelled by its host:port. */
export function parseMetricsUrls(value: string): Map<string, string> {
  const urls = new Map<string, string>();
  for (const item of value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const m = /^(\d+)=(.+)$/.exec(item);
    const url = m === null ? item : m[2];
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidArgumentError(`"${url}" is not a URL (expected e.g. 1=http://localhost:7071)`);
    }
    urls.set(m === null ? parsed.host : m[1], url);
  }
  return urls;
}

async function main(): Promise<void> {
  const program = new Command('kafka-observatory')
    .description('Watch a ZooKeeper-mode Kafka cluster: controller, brokers, partitions, ISR history, groups, znodes, live')
    .requiredOption('--zookeeper <connect>', 'zookeeper.connect of the cluster, e.g. localhost:2181[/chroot]')
    .option('--bootstrap-server <servers>', 'brokers, shown in the page (offsets and groups use the registered endpoints)', '')
    .option('--metrics <urls>', "brokers' metrics endpoints, e.g. 1=http://localhost:7071,2=http://localhost:7072", parseMetricsUrls, new Map<string, string>())
    .option('--port <port>', 'HTTP port', parsePortOption, 8080)
    .showHelpAfterError();
  program.parse();
  const options = program.opts<{ zookeeper: string; bootstrapServer: string; metrics: Map<string, string>; port: number }>();
  const running = await startObservatory({
    zookeeper: options.zookeeper,
    bootstrapServers: options.bootstrapServer.split(',').filter((s) => s.length > 0),
    metricsUrls: options.metrics,
    port: options.port,
    labs: labLauncher(consoleLogger),
    logger: consoleLogger,
  });
  console.log(`Observatory on ${running.url} (watching ${options.zookeeper}); Ctrl-C to stop.`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`kafka-observatory: ${(error as Error).message}`);
  process.exit(1);
});
