// Controller failover time: 3 brokers, 3,000 partitions (replication factor 3). The controller is
// killed with kill -9; measured is the time until every partition is led by a live broker in the
// metadata of every surviving broker. It includes ZooKeeper noticing the dead session
// (zookeeper.session.timeout.ms, 6000 in Kafka 2.4), which the run prints separately.
//
// Run: npm run bench:failover [-- partitions]

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../src/common/poll';
import { LocalCluster } from '../src/launcher/local-cluster';
import { BrokerConnection } from '../src/network/broker-connection';
import { Apis } from '../src/protocol/generated';
import { KafkaZkClient } from '../src/zk';

const PARTITIONS = Number(process.argv[2] ?? 3000);
const TOPICS = 10;
const SESSION_TIMEOUT_MS = 6000;

/** Partitions (of our topics) whose leader, as `port`'s broker reports it, is one of `live`. */
async function ledByLive(port: number, live: number[]): Promise<number> {
  const connection = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'failover-bench', requestTimeoutMs: 30_000 });
  await connection.connect();
  try {
    const md = await connection.send(Apis.Metadata, 1, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    return md.topics.filter((t) => t.name.startsWith('failover-')).reduce((n, t) => n + t.partitions.filter((p) => live.includes(p.leaderId)).length, 0);
  } finally {
    connection.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-failover-'));
  const cluster = await LocalCluster.start({
    baseDir: dir,
    brokers: 3,
    brokerProperties: { 'zookeeper.session.timeout.ms': String(SESSION_TIMEOUT_MS), 'auto.leader.rebalance.enable': 'false' },
  });
  const zk = await KafkaZkClient.connect({ connectString: cluster.zooKeeper.connectString });
  try {
    const perTopic = Math.ceil(PARTITIONS / TOPICS);
    let started = Date.now();
    for (let t = 0; t < TOPICS; t++) {
      await new Promise<void>((resolve, reject) => {
        // --zookeeper writes the assignment directly, as Kafka 2.4's tool does.
        const child = execFile(
          join(__dirname, '../bin/kafka-topics'),
          ['--zookeeper', cluster.zooKeeper.connectString, '--create', '--topic', `failover-${t}`, '--partitions', String(perTopic), '--replication-factor', '3'],
          (error: Error | null) => (error ? reject(error) : resolve()),
        );
        child.stdout?.resume();
      });
    }
    const total = perTopic * TOPICS;
    const all = [1, 2, 3];
    for (const b of cluster.brokers) {
      while ((await ledByLive(b.options.port, all)) < total) await sleep(500);
    }
    console.log(`controller failover, 3 brokers, ${total} partitions x 3 replicas (set up in ${((Date.now() - started) / 1000).toFixed(1)} s)`);

    const controllerId = (await zk.getControllerId())!;
    const survivors = cluster.brokers.filter((b) => b.id !== controllerId);
    const live = survivors.map((b) => b.id);
    started = Date.now();
    await cluster.broker(controllerId).kill();
    let elected = 0;
    for (;;) {
      if (elected === 0) {
        const id = await zk.getControllerId();
        if (id !== null && id !== controllerId) elected = Date.now() - started;
      }
      const counts = await Promise.all(survivors.map((b) => ledByLive(b.options.port, live)));
      if (counts.every((n) => n === total)) break;
      await sleep(50);
    }
    const failover = Date.now() - started;
    console.log(`  kill -9 of controller ${controllerId} -> new controller elected after ${elected} ms (ZooKeeper session timeout ${SESSION_TIMEOUT_MS} ms)`);
    console.log(`  every partition led by a live broker in all brokers' metadata after ${failover} ms (${failover - elected} ms after the election)`);
  } finally {
    await zk.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
