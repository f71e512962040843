// Time to reassign one partition of N MB (default 1024) from brokers [1,2] to [2,3] on a local
// 3-broker cluster: the data is written first with kcat (10 KB records, acks=all), then
// /admin/reassign_partitions is created and the clock runs until the topic znode holds [2,3] with
// no replicas being added or removed (broker 3 has copied everything and joined the ISR, broker 1
// has been removed). Prints MB, seconds and MB/s; `--throttle B` sets the replication throttle
// (bytes/s) on the moving replicas as kafka-reassign-partitions --throttle does.
//
//   npm run bench:reassignment [-- <MB>] [--throttle <bytes/s>]

import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../src/launcher/local-cluster';
import { KafkaZkClient } from '../src/zk';

const MB = Number(process.argv[2] !== undefined && !process.argv[2].startsWith('--') ? process.argv[2] : 1024);
const throttleAt = process.argv.indexOf('--throttle');
const THROTTLE = throttleAt >= 0 ? Number(process.argv[throttleAt + 1]) : null;
const RECORD_BYTES = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writeInput(file: string, records: number): Promise<void> {
  const out = createWriteStream(file);
  const line = Buffer.alloc(RECORD_BYTES + 1, 'r'.charCodeAt(0));
  line[RECORD_BYTES] = 0x0a;
  for (let i = 0; i < records; i++) if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function kcat(args: string[], stdinFile?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'inherit'] });
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-reassignment-'));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, brokerProperties: { 'auto.leader.rebalance.enable': 'false' } });
  const zk = await KafkaZkClient.connect({ connectString: cluster.zooKeeper.connectString });
  try {
    await cluster.awaitMetadataConverged();
    const records = Math.ceil((MB * 1e6) / RECORD_BYTES);
    await zk.createTopicAssignment('moving', new Map([[0, [1, 2]]]), new Map());
    while ((await zk.getPartitionState('moving', 0))?.state.isr.length !== 2) await sleep(100);
    const input = join(dir, 'input.txt');
    await writeInput(input, records);
    await kcat(['-P', '-b', cluster.bootstrapServers.join(','), '-t', 'moving', '-p', '0', '-X', 'acks=-1', '-X', 'linger.ms=5', '-X', 'message.max.bytes=1000000'], input);
    if (THROTTLE !== null) {
      for (const id of [1, 2, 3]) await zk.changeEntityConfig('brokers', String(id), new Map([['leader.replication.throttled.rate', String(THROTTLE)], ['follower.replication.throttled.rate', String(THROTTLE)]]));
      await zk.changeEntityConfig('topics', 'moving', new Map([['leader.replication.throttled.replicas', '0:1,0:2'], ['follower.replication.throttled.replicas', '0:3']]));
      await sleep(1000);
    }
    const started = process.hrtime.bigint();
    await zk.createPartitionReassignment([{ topic: 'moving', partition: 0, replicas: [2, 3] }]);
    for (;;) {
      const a = (await zk.getTopicAssignment('moving'))!.get(0)!;
      if (a.replicas.join(',') === '2,3' && a.addingReplicas.length === 0 && a.removingReplicas.length === 0) break;
      await sleep(50);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const mb = (records * RECORD_BYTES) / 1e6;
    console.log(`reassignment of one partition, ${mb.toFixed(0)} MB, [1,2] -> [2,3]${THROTTLE === null ? '' : `, throttle ${THROTTLE} B/s`}`);
    console.log(`  completed in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(1)} MB/s copied to the new replica)`);
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
