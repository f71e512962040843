// bin/kafka-local-cluster: the README's main command. Starts a real 3-node ZooKeeper ensemble
// (client ports 2181-2183) and 3 brokers (ids 1-3 on 9092-9094, advertised as localhost) from
// config/server-N.properties, prints where data and logs live, and stops everything it started on
// Ctrl-C (brokers first, with controlled shutdown). Brokers serve Prometheus metrics (and their
// control-plane events) on 7071-7073, and the observatory watches the cluster on
// http://localhost:8080 with its fault buttons on (--no-observatory to skip it).

import * as path from 'node:path';
import { Command } from 'commander';
import { parsePortOption } from './port-option';
import { readPropertiesFile } from '../common/config';
import { LocalCluster } from '../launcher/local-cluster';
import { ensembleSpecs } from '../launcher/zookeeper-ensemble';
import { startObservatory, type RunningObservatory } from '../observatory/observatory-server';
import { localClusterFaults } from '../observatory/local-cluster-faults';
import { labLauncher } from '../observatory/lab-launcher';

const REPO_ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const program = new Command('kafka-local-cluster')
    .description('Start 3 ZooKeeper nodes and 3 brokers on loopback; Ctrl-C stops them all')
    .option('--dir <path>', 'where ZooKeeper data, broker data and logs go', '/tmp/kafka-zk-ts')
    .option('--no-observatory', 'do not start the observatory on port 8080')
    .option('--observatory-port <port>', 'port of the observatory', parsePortOption, 8080)
    .showHelpAfterError();
  program.parse();
  const options = program.opts<{ dir: string; observatory: boolean; observatoryPort: number }>();
  const baseDir = path.resolve(options.dir);

  // The shipped config files are the source of broker settings; the launcher only points log.dirs
  // and zookeeper.connect at its own directories and ensemble.
  const brokerProperties = readPropertiesFile(path.join(REPO_ROOT, 'config/server-1.properties'));
  for (const name of ['broker.id', 'listeners', 'advertised.listeners', 'log.dirs', 'zookeeper.connect']) delete brokerProperties[name];

  console.log(`Starting ZooKeeper on 2181-2183 and brokers 1-3 on 9092-9094 (data and logs under ${baseDir})...`);
  const cluster = await LocalCluster.start({
    baseDir,
    brokers: 3,
    zooKeeperNodes: ensembleSpecs([2181, 2182, 2183], [2888, 2889, 2890], [3888, 3889, 3890]),
    brokerPorts: [9092, 9093, 9094],
    metricsPorts: [7071, 7072, 7073],
    brokerProperties,
  });
  let observatory: RunningObservatory | null = null;
  if (options.observatory) {
    observatory = await startObservatory({
      zookeeper: cluster.zooKeeper.connectString,
      bootstrapServers: cluster.bootstrapServers,
      metricsUrls: new Map(cluster.brokers.map((b) => [String(b.id), b.metricsUrl!])),
      faults: localClusterFaults(cluster, Number(brokerProperties['zookeeper.session.timeout.ms'] ?? 6000)),
      port: options.observatoryPort,
      labs: labLauncher(),
    });
  }
  console.log('Cluster is up:');
  console.log(`  zookeeper.connect = ${cluster.zooKeeper.connectString}   (data and zk-N.log in ${path.join(baseDir, 'zookeeper')})`);
  for (const b of cluster.brokers) {
    console.log(`  broker ${b.id}: ${b.bootstrap}  pid ${b.pid}  metrics ${b.metricsUrl}/metrics  data ${b.dataDir}  logs ${b.logDir}`);
  }
  console.log(`  bootstrap servers = ${cluster.bootstrapServers.join(',')}`);
  if (observatory !== null) console.log(`  observatory = ${observatory.url}   (live page, JSON API under /api, fault buttons)`);
  console.log('Press Ctrl-C to stop everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping brokers (controlled shutdown) and ZooKeeper...');
    await observatory?.close();
    await cluster.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(`kafka-local-cluster: ${(error as Error).message}`);
  process.exit(1);
});
