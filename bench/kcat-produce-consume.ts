// Produce/consume throughput with kcat (librdkafka): 1,000,000 records of 100 bytes into a
// 6-partition topic (linger.ms=5, batch.num.messages=10000, as the reference Kafka 2.4.1 run
// used), then read back with kcat. Prints records/s and MB/s for both directions.
//
//   npm run bench:kcat              one broker, replication factor 1, acks=1
//   npm run bench:kcat-replicated   three brokers, replication factor 3, acks=all (min.insync.replicas=2)
//   npm run bench:kcat-idempotent   the replicated run, then the same load with 5 requests in flight,
//                                   then with enable.idempotence=true (which implies that window):
//                                   the last two differ by the broker's sequence checks
//   npm run bench:kcat-ssl          one broker with a PLAINTEXT and an SSL listener (PKCS12 stores made
//                                   by openssl and keytool): the same load over each, and the ratio
//
// Options: [records] [--brokers N] [--replication-factor R] [--acks 1|all] [--idempotent] [--ssl]
// With KAFKA_ANCHOR naming a real Kafka 2.4.1, the same load runs against it too and the ratios are printed.

import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findFreePorts } from '../src/launcher/free-ports';
import { LocalCluster } from '../src/launcher/local-cluster';
// The stores the TLS tests make with openssl and keytool; the benchmark uses the same ones.
import { createTestStores, STORE_PASSWORD, TRUST_PASSWORD } from '../test/security/ssl/test-stores';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const RECORDS = Number(process.argv[2] !== undefined && !process.argv[2].startsWith('--') ? process.argv[2] : 1_000_000);
const BROKERS = Number(option('--brokers', '1'));
const REPLICATION_FACTOR = Number(option('--replication-factor', '1'));
const ACKS = option('--acks', '1');
const COMPARE_IDEMPOTENT = process.argv.includes('--idempotent');
const COMPARE_SSL = process.argv.includes('--ssl');
const RECORD_BYTES = 100;
const PARTITIONS = 6;
const run = promisify(execFile);

async function writeInput(file: string): Promise<void> {
  const out = createWriteStream(file);
  const line = Buffer.alloc(RECORD_BYTES + 1, 'x'.charCodeAt(0));
  line[RECORD_BYTES] = 0x0a;
  for (let i = 0; i < RECORDS; i++) {
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function timed(command: string, args: string[], stdinFile?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: [stdinFile ? 'pipe' : 'ignore', 'ignore', 'inherit'] });
    if (stdinFile) createReadStream(stdinFile).pipe(child.stdin!);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e9) : reject(new Error(`${command} exited with ${code}`))));
  });
}

/** Creates the topic up front (auto-creation through a metadata request) and waits for its leaders. */
async function createTopic(broker: string, topic: string): Promise<void> {
  await run('kcat', ['-L', '-b', broker, '-t', topic]);
  for (let i = 0; i < 50; i++) {
    const { stdout } = await run('kcat', ['-L', '-b', broker, '-t', topic]);
    if ((stdout.match(/leader \d+,/g) ?? []).length === PARTITIONS) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** CPU seconds (user + system) the brokers have used so far, from /proc. */
function brokerCpuSeconds(pids: number[]): number {
  const ticksPerSecond = 100;
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  }, 0);
}

/** The figures only count if every record made it: checks the log end offsets. */
async function checkStored(broker: string, topic: string): Promise<void> {
  const { stdout: offsets } = await run('kcat', ['-Q', '-b', broker, ...Array.from({ length: PARTITIONS }, (_, p) => ['-t', `${topic}:${p}:-1`]).flat()]);
  const stored = [...offsets.matchAll(/offset (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  if (stored !== RECORDS) throw new Error(`${topic} holds ${stored} records, expected ${RECORDS}`);
}

interface Timings {
  produce: number;
  consume: number;
  idempotent?: number;
  ssl?: number;
}

/** An SSL listener beside PLAINTEXT on each broker, and the kcat settings to reach it. */
async function sslSetup(): Promise<{ properties: Record<string, string>; ports: number[]; kcat: string[]; cleanup: () => void }> {
  const stores = createTestStores();
  const ports = await findFreePorts(BROKERS);
  return {
    properties: {
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,SSL:SSL',
      'ssl.keystore.type': 'PKCS12',
      'ssl.keystore.location': stores.serverKeytoolP12,
      'ssl.keystore.password': STORE_PASSWORD,
      'ssl.key.password': STORE_PASSWORD,
      'ssl.truststore.type': 'PKCS12',
      'ssl.truststore.location': stores.truststoreP12,
      'ssl.truststore.password': TRUST_PASSWORD,
    },
    ports,
    kcat: ['-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${join(stores.dir, 'ca.pem')}`],
    cleanup: stores.cleanup,
  };
}

/** The whole load against a fresh cluster: ours, or a real Kafka 2.4.1 from `kafkaHome`. */
async function runAgainst(kafkaHome: string | undefined): Promise<Timings> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-kcat-'));
  const ssl = COMPARE_SSL ? await sslSetup() : undefined;
  const cluster = await LocalCluster.start({
    baseDir: dir,
    brokers: BROKERS,
    kafkaHome,
    brokerProperties: {
      'num.partitions': String(PARTITIONS),
      'default.replication.factor': String(REPLICATION_FACTOR),
      'min.insync.replicas': String(Math.min(2, REPLICATION_FACTOR)),
      ...ssl?.properties,
    },
    brokerPropertiesFor: (id, port): Record<string, string> => {
      if (ssl === undefined) return {};
      const listeners = `PLAINTEXT://localhost:${port},SSL://localhost:${ssl.ports[id - 1]}`;
      return { listeners, 'advertised.listeners': listeners };
    },
  });
  try {
    const broker = cluster.bootstrapServers.join(',');
    const input = join(dir, 'input.txt');
    await writeInput(input);
    await createTopic(broker, 'bench');
    let brokerCpu = 0;
    const produce = async (topic: string, extra: string[]) => {
      const cpuBefore = brokerCpuSeconds(cluster.pids());
      const seconds = await timed('kcat', ['-P', '-b', broker, '-t', topic, '-X', `acks=${ACKS === 'all' ? -1 : ACKS}`, '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000', ...extra], input);
      brokerCpu = brokerCpuSeconds(cluster.pids()) - cpuBefore;
      return seconds;
    };
    const produceSeconds = await produce('bench', []);
    const plainBrokerCpu = brokerCpu;
    const consumeSeconds = await timed('kcat', ['-C', '-b', broker, '-t', 'bench', '-o', 'beginning', '-e', '-q', '-c', String(RECORDS)]);
    await checkStored(broker, 'bench');
    const mb = (RECORDS * RECORD_BYTES) / 1e6;
    console.log(
      `kcat against ${BROKERS} ${kafkaHome === undefined ? '' : `Kafka 2.4.1 (${kafkaHome}) `}broker(s), ${RECORDS} records x ${RECORD_BYTES} bytes, ${PARTITIONS} partitions, replication factor ${REPLICATION_FACTOR}, acks=${ACKS}`,
    );
    console.log(`  produce: ${(RECORDS / produceSeconds).toFixed(0)} records/s, ${(mb / produceSeconds).toFixed(1)} MB/s (${produceSeconds.toFixed(2)} s)`);
    console.log(`  consume: ${(RECORDS / consumeSeconds).toFixed(0)} records/s, ${(mb / consumeSeconds).toFixed(1)} MB/s (${consumeSeconds.toFixed(2)} s)`);
    if (COMPARE_IDEMPOTENT) {
      // librdkafka's idempotent producer keeps at most 5 requests in flight per broker; the plain
      // one above had no such limit. The same limit without idempotence separates what the
      // client's window costs from what the broker's sequence checks cost.
      const rate = (seconds: number) => `${(RECORDS / seconds).toFixed(0)} records/s, ${(mb / seconds).toFixed(1)} MB/s (${seconds.toFixed(2)} s)`;
      await createTopic(broker, 'bench-window');
      const windowSeconds = await produce('bench-window', ['-X', 'max.in.flight.requests.per.connection=5']);
      await checkStored(broker, 'bench-window');
      const windowBrokerCpu = brokerCpu;
      console.log(`  produce, max.in.flight.requests.per.connection=5: ${rate(windowSeconds)}`);
      await createTopic(broker, 'bench-idempotent');
      const idempotentSeconds = await produce('bench-idempotent', ['-X', 'enable.idempotence=true']);
      await checkStored(broker, 'bench-idempotent');
      console.log(`  produce, enable.idempotence=true: ${rate(idempotentSeconds)}: ${((windowSeconds / idempotentSeconds) * 100).toFixed(0)}% of the same window without idempotence, ${((produceSeconds / idempotentSeconds) * 100).toFixed(0)}% of the unlimited plain producer`);
      // Where the time goes: the brokers' own CPU for the same records, whatever the client does.
      console.log(`  broker CPU for the 1st/2nd/3rd produce: ${plainBrokerCpu.toFixed(2)} s / ${windowBrokerCpu.toFixed(2)} s / ${brokerCpu.toFixed(2)} s`);
      return { produce: produceSeconds, consume: consumeSeconds, idempotent: idempotentSeconds };
    }
    if (ssl !== undefined) {
      const sslBroker = ssl.ports.map((p) => `localhost:${p}`).join(',');
      await createTopic(broker, 'bench-ssl');
      const sslSeconds = await timed('kcat', ['-P', '-b', sslBroker, '-t', 'bench-ssl', '-X', `acks=${ACKS === 'all' ? -1 : ACKS}`, '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000', ...ssl.kcat], input);
      await checkStored(broker, 'bench-ssl');
      console.log(`  produce over SSL: ${(RECORDS / sslSeconds).toFixed(0)} records/s, ${(mb / sslSeconds).toFixed(1)} MB/s (${sslSeconds.toFixed(2)} s): ${((produceSeconds / sslSeconds) * 100).toFixed(0)}% of PLAINTEXT`);
      return { produce: produceSeconds, consume: consumeSeconds, ssl: sslSeconds };
    }
    return { produce: produceSeconds, consume: consumeSeconds };
  } finally {
    await cluster.stop();
    ssl?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ours, and with KAFKA_ANCHOR naming a real Kafka 2.4.1 the same load against it, with the ratios. */
async function main(): Promise<void> {
  const ours = await runAgainst(undefined);
  const anchor = process.env.KAFKA_ANCHOR;
  if (!anchor) return;
  const kafka = await runAgainst(anchor);
  const ratio = (phase: keyof Timings) => (kafka[phase]! / ours[phase]!).toFixed(2);
  console.log(`ours / Kafka 2.4.1 throughput: produce ${ratio('produce')}, consume ${ratio('consume')}${ours.idempotent === undefined ? '' : `, idempotent produce ${ratio('idempotent')}`}${ours.ssl === undefined ? '' : `, produce over SSL ${ratio('ssl')}`}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
