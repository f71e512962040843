// bin/kafka-local-cluster: the README's main command. Starts a real 3-node ZooKeeper ensemble
// (client ports 2181-2183) and 3 brokers (ids 1-3 on 9092-9094, advertised as localhost) from
// config/server-N.properties, prints where data and logs live, and stops everything it started on
// Ctrl-C (brokers first, with controlled shutdown).

import * as path from 'node:path';
import { Command } from 'commander';
import { readPropertiesFile } from '../common/config';
import { LocalCluster } from '../launcher/local-cluster';
import { ensembleSpecs } from '../launcher/zookeeper-ensemble';

const REPO_ROOT = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const program = new Command('kafka-local-cluster')
    .description('Start 3 ZooKeeper nodes and 3 brokers on loopback; Ctrl-C stops them all')
    .option('--dir <path>', 'where ZooKeeper data, broker data and logs go', '/tmp/kafka-zk-ts')
    .showHelpAfterError();
  program.parse();
  const baseDir = path.resolve(program.opts<{ dir: string }>().dir);

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
    brokerProperties,
  });
  console.log('Cluster is up:');
  console.log(`  zookeeper.connect = ${cluster.zooKeeper.connectString}   (data and zk-N.log in ${path.join(baseDir, 'zookeeper')})`);
  for (const b of cluster.brokers) {
    console.log(`  broker ${b.id}: ${b.bootstrap}  pid ${b.pid}  data ${b.dataDir}  logs ${b.logDir}`);
  }
  console.log(`  bootstrap servers = ${cluster.bootstrapServers.join(',')}`);
  console.log('Press Ctrl-C to stop everything.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping brokers (controlled shutdown) and ZooKeeper...');
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
