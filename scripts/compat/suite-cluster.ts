// A fresh 3-broker cluster for one peer suite: ours, or a real Apache Kafka from `kafkaHome`
// with the same properties, so that the same suite can be run against both and compared.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { LocalCluster } from '../../src/launcher/local-cluster';

/** What the suites' own test clusters (librdkafka's trivup, node-rdkafka's compose file) set. */
const SUITE_BROKER_PROPERTIES: Record<string, string> = {
  'num.partitions': '4',
  'default.replication.factor': '3',
  'offsets.topic.replication.factor': '3',
  'group.initial.rebalance.delay.ms': '0',
  'auto.create.topics.enable': 'true',
  'delete.topic.enable': 'true',
};

export interface SuiteCluster {
  bootstrap: string;
  pids(): number[];
  createTopics(names: string[], partitions: number, replicationFactor: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSuiteCluster(name: string, kafkaHome: string | undefined): Promise<SuiteCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), `compat-${name}-`));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, brokerProperties: SUITE_BROKER_PROPERTIES, kafkaHome });
  const bootstrap = cluster.bootstrapServers.join(',');
  return {
    bootstrap,
    pids: () => cluster.pids(),
    async createTopics(names, partitions, replicationFactor) {
      const admin = new Kafka({ clientId: 'compat-setup', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        await admin.createTopics({ waitForLeaders: true, topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })) });
      } finally {
        await admin.disconnect();
      }
    },
    async stop() {
      await cluster.stop();
      if (process.env.COMPAT_KEEP_CLUSTER_DIR === undefined) rmSync(dir, { recursive: true, force: true });
      else console.log(`cluster files kept in ${dir}`);
    },
  };
}
