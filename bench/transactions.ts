// Small transactions per second: one kafkajs transactional producer runs transactions of
// RECORDS_PER_TXN records (100 bytes) to a replicated topic, one after another, each committed
// (AddPartitionsToTxn, Produce, EndTxn, then the markers), and prints transactions/s and the
// commit latency. With KAFKA_ANCHOR naming a real Kafka 2.4.1, the same load runs against it too
// and the ratio is printed.
//
//   npm run bench:transactions [-- transactions]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { LocalCluster } from '../src/launcher/local-cluster';

const TRANSACTIONS = Number(process.argv[2] ?? 500);
const RECORDS_PER_TXN = 5;
const VALUE = Buffer.alloc(100, 'x');

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(kafkaHome: string | undefined): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-txn-'));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, kafkaHome, brokerProperties: { 'num.partitions': '1', 'default.replication.factor': '3', 'min.insync.replicas': '2' } });
  try {
    const kafka = new Kafka({ clientId: 'bench-txn', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 50, initialRetryTime: 10, maxRetryTime: 200 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'bench-txn', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ transactionalId: 'bench', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = Array.from({ length: RECORDS_PER_TXN }, () => ({ value: VALUE }));
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < TRANSACTIONS; i++) {
      const t0 = process.hrtime.bigint();
      const txn = await producer.transaction();
      await txn.send({ topic: 'bench-txn', messages });
      await txn.commit();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await producer.disconnect();
    latencies.sort((a, b) => a - b);
    return { perSecond: TRANSACTIONS / seconds, p50: latencies[Math.floor(latencies.length / 2)], p99: latencies[Math.floor(latencies.length * 0.99)] };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const describe = (f: Figures) => `${f.perSecond.toFixed(1)} transactions/s, latency p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(`kafkajs transactional producer, ${TRANSACTIONS} transactions of ${RECORDS_PER_TXN} x ${VALUE.length} bytes, 3 brokers, replication factor 3`);
  const ours = await measure(undefined);
  console.log(`  ours: ${describe(ours)}`);
  const anchor = process.env.KAFKA_ANCHOR;
  if (anchor) {
    const kafka = await measure(anchor);
    console.log(`  Kafka 2.4.1 (${anchor}): ${describe(kafka)}`);
    console.log(`  ratio ours/Kafka: ${(ours.perSecond / kafka.perSecond).toFixed(2)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
