// One exactly-once scenario on a fresh 3-broker cluster, ours or a real Kafka 2.4.1, to compare the
// two: a committed and an aborted transaction (with sendOffsets) and an idempotent write, then a
// kill -9 and restart of the leader. Prints /latest_producer_id_block, the __transaction_state
// config and every file of the data and __transaction_state partitions; dump them with either
// kafka-dump-log (--transaction-log-decoder, --offsets-decoder) to diff.
//
//   node scripts/run-ts.js scripts/compare-exactly-once.ts ours
//   node scripts/run-ts.js scripts/compare-exactly-once.ts /path/to/kafka-2.4.1
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { LocalCluster } from '../src/launcher/local-cluster';
import { KafkaZkClient } from '../src/zk';

const target = process.argv[2];
if (target === undefined) {
  console.error('usage: compare-exactly-once.ts ours | <kafka 2.4.1 home>');
  process.exit(2);
}
const home = target === 'ours' ? undefined : target;
(async () => {
  const dir = mkdtempSync(join(tmpdir(), `eos-${home ? 'kafka' : 'ours'}-`));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, kafkaHome: home, brokerProperties: { 'num.partitions': '1', 'default.replication.factor': '3', 'transaction.state.log.num.partitions': '3', 'offsets.topic.num.partitions': '3', 'group.initial.rebalance.delay.ms': '0' } });
  const zk = await KafkaZkClient.connect({ connectString: cluster.zooKeeper.connectString });
  const show = async (p: string) => console.log(`${p}: ${(await zk.zk.getData(p)).data?.toString()}`);
  await show('/latest_producer_id_block');
  const kafka = new Kafka({ clientId: 'eos', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin(); await admin.connect();
  await admin.createTopics({ topics: [{ topic: 't', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
  const p = kafka.producer({ transactionalId: 'eos-tx', idempotent: true, maxInFlightRequests: 1 }); await p.connect();
  let txn = await p.transaction();
  await txn.send({ topic: 't', messages: [{ key: 'k1', value: 'v1' }, { key: 'k2', value: 'v2' }] });
  await txn.sendOffsets({ consumerGroupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0, offset: '2' }] }] });
  await txn.commit();
  txn = await p.transaction();
  await txn.send({ topic: 't', messages: [{ key: 'k3', value: 'v3' }] });
  await txn.abort();
  const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 }); await idem.connect();
  await idem.send({ topic: 't', acks: -1, messages: [{ value: 'i1' }] });
  await idem.disconnect(); await p.disconnect();
  await show('/config/topics/__transaction_state');
  console.log('group offset', JSON.stringify((await admin.fetchOffsets({ groupId: 'g', topics: ['t'] }))[0].partitions));
  await admin.disconnect();
  const leader = (await zk.getPartitionState('t', 0))!.state.leader;
  await zk.close();
  await new Promise((r) => setTimeout(r, 1500));
  // Crash the leader and restart it: recovery writes a snapshot at its log end.
  await cluster.broker(leader).kill();
  await cluster.broker(leader).start();
  await new Promise((r) => setTimeout(r, 3000));
  await cluster.stop();
  for (const id of [1, 2, 3]) {
    const data = join(cluster.broker(id).dataDir);
    for (const d of readdirSync(data).filter((f) => f.startsWith('t-') || f.startsWith('__transaction_state-')).sort()) {
      const files = readdirSync(join(data, d)).sort().map((f) => `${f}(${statSync(join(data, d, f)).size})`);
      console.log(`broker ${id}${id === leader ? ' (crashed leader)' : ''} ${d}: ${files.join(' ')}`);
    }
  }
  console.log(`the cluster's files stay in ${dir} (partition leader was broker ${leader})`);
})().catch((e) => { console.error(e); process.exit(1); });
