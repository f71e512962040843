// Shared by the integration tests: waiting for the cluster to reach a state, checking that
// processes are gone, and reading a partition back with our own client.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../src/common/poll';
import { LocalCluster } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';
import { BrokerConnection } from '../../src/network/broker-connection';
import { Apis } from '../../src/protocol/generated';
import { decodeRecordSet } from '../../src/protocol/records/record';

/** Polls `probe` until it returns something truthy (errors count as "not yet"). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await sleep(200);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Reads every record of a partition straight from one broker. */
export async function readPartition(port: number, topic: string, partition: number): Promise<string[]> {
  const connection = new BrokerConnection({ host: '127.0.0.1', port, clientId: 'reader' });
  await connection.connect();
  const values: string[] = [];
  try {
    for (let offset = 0n; ; ) {
      const response = await connection.send(Apis.Fetch, 4, {
        replicaId: -1,
        maxWait: 0,
        minBytes: 0,
        maxBytes: 4 << 20,
        isolationLevel: 0,
        sessionId: 0,
        epoch: -1,
        topics: [{ name: topic, fetchPartitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, maxBytes: 4 << 20 }] }],
        forgotten: [],
        rackId: '',
      });
      const p = response.topics[0].partitions[0];
      if (p.errorCode !== 0) throw new Error(`fetch error ${p.errorCode}`);
      const records = decodeRecordSet(p.records ?? Buffer.alloc(0)).filter((r) => BigInt(r.offset) >= offset);
      if (records.length === 0) return values;
      for (const r of records) values.push(r.value!.toString());
      offset = BigInt(records[records.length - 1].offset + 1);
    }
  } finally {
    connection.close();
  }
}

export interface TestCluster {
  dir: string;
  cluster: LocalCluster;
  /** A ZooKeeper client of the test's own, to look at what the brokers wrote. */
  zk: KafkaZkClient;
}

/** A 3-broker LocalCluster in a fresh temporary directory, plus a ZooKeeper client on its ensemble. */
export async function startTestCluster(prefix: string, brokerProperties: Record<string, string>): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, brokerProperties });
  const zk = await KafkaZkClient.connect({ connectString: cluster.zooKeeper.connectString });
  return { dir, cluster, zk };
}

/** Stops everything; KEEP_TEST_DIRS=1 keeps ZooKeeper data and broker logs for a post-mortem. */
export async function stopTestCluster(t: TestCluster | undefined): Promise<void> {
  if (t === undefined) return;
  await t.zk.close();
  await t.cluster.stop();
  if (!process.env.KEEP_TEST_DIRS) rmSync(t.dir, { recursive: true, force: true });
}
