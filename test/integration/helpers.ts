// Shared by the integration tests: waiting for the cluster to reach a state, checking that
// processes are gone, and reading a partition back with our own client.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../src/common/poll';
import { LocalCluster, type LocalClusterOptions } from '../../src/launcher/local-cluster';
import { KafkaZkClient } from '../../src/zk';
import { BrokerConnection } from '../../src/network/broker-connection';
import { readPartitionRecords } from '../../src/admin/common/read-partition';
import { Apis } from '../../src/protocol/generated';
import { decodeRecordSet, type KafkaRecord } from '../../src/protocol/records/record';
import { javaStringHash } from '../../src/common/jvm-order/java-hash';

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
  try {
    return (await readPartitionRecords(connection, topic, partition)).map((r) => r.value!.toString());
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
export async function startTestCluster(prefix: string, brokerProperties: Record<string, string>, options: Pick<LocalClusterOptions, 'logDirsPerBroker' | 'metricsPorts' | 'brokerPropertiesFor'> = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cluster = await LocalCluster.start({ baseDir: dir, brokers: 3, brokerProperties, ...options });
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

// ---- Consumer groups: coordinators, raw connections, segments on disk, child processes. ----

/** Kafka's partitionFor(groupId): Utils.abs(groupId.hashCode) % offsets.topic.num.partitions (Utils.abs maps MIN_VALUE to 0). */
export function offsetsPartitionFor(groupId: string, offsetsTopicPartitions: number): number {
  const h = javaStringHash(groupId);
  return (h === -2147483648 ? 0 : Math.abs(h)) % offsetsTopicPartitions;
}

/** Opens a connection of our own client to the broker on `port`, runs `use` and closes it. */
export async function withBrokerConnection<T>(port: number, use: (connection: BrokerConnection) => Promise<T>, clientId = 'test-client'): Promise<T> {
  const connection = new BrokerConnection({ host: '127.0.0.1', port, clientId, requestTimeoutMs: 15_000 });
  await connection.connect();
  try {
    return await use(connection);
  } finally {
    connection.close();
  }
}

export interface GroupCoordinator {
  nodeId: number;
  host: string;
  port: number;
}

/**
 * FindCoordinator v1 (key type 0 = group) to the brokers on `ports` in turn until one answers
 * without error; COORDINATOR_NOT_AVAILABLE / COORDINATOR_LOAD_IN_PROGRESS (the offsets topic being
 * created or loaded) and unreachable brokers count as "not yet".
 */
export async function findGroupCoordinator(ports: number[], groupId: string, timeoutMs = 60_000): Promise<GroupCoordinator> {
  let i = 0;
  return eventually(
    `a coordinator for group ${groupId}`,
    async () => {
      const port = ports[i++ % ports.length];
      const response = await withBrokerConnection(port, (c) => c.send(Apis.FindCoordinator, 1, { key: groupId, keyType: 0 }));
      if (response.errorCode !== 0) throw new Error(`FindCoordinator to port ${port} answered error ${response.errorCode}`);
      return { nodeId: response.nodeId, host: response.host, port: response.port };
    },
    timeoutMs,
  );
}

/** Every record of a partition directory's `.log` segments, read from disk in segment order. */
export function readSegmentRecords(partitionDir: string): KafkaRecord[] {
  const segments = readdirSync(partitionDir)
    .filter((f) => f.endsWith('.log'))
    .sort();
  return segments.flatMap((f) => decodeRecordSet(readFileSync(join(partitionDir, f))));
}

export interface ChildOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A child process whose output is collected as it arrives, for tools that run until stopped. */
export class RunningChild {
  stdout = '';
  stderr = '';
  readonly exited: Promise<ChildOutput>;
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], options: { stdin?: string } = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.child.stdin!.end(options.stdin ?? '');
    this.exited = new Promise((resolve, reject) => {
      this.child.once('error', reject);
      this.child.once('close', (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Complete output lines so far. */
  lines(): string[] {
    const complete = this.stdout.slice(0, this.stdout.lastIndexOf('\n') + 1);
    return complete.split('\n').filter((l) => l.length > 0);
  }

  /** Sends `signal` (if still running) and waits for the exit; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<ChildOutput> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const forced = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(forced);
    }
  }

  /** Waits for the exit on its own, killing the child (and failing) after `timeoutMs`. */
  async wait(timeoutMs: number): Promise<ChildOutput> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.child.kill('SIGKILL');
    }, timeoutMs);
    try {
      const out = await this.exited;
      if (timedOut) throw new Error(`process did not finish within ${timeoutMs} ms; stdout: ${out.stdout.slice(-2000)} stderr: ${out.stderr.slice(-2000)}`);
      return out;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of bin/'s tools as a process to its end (killed after `timeoutMs`). */
export function runTool(tool: string, args: string[], timeoutMs = 60_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(__dirname, '../../bin', tool), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
