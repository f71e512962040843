// Runs a real ZooKeeper ensemble (QuorumPeerMain under `java`) on loopback: used by the local
// cluster launcher and by the integration tests. Every process is tracked by pid and stopped by it.

import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { zooKeeperClasspath } from './zookeeper-classpath';
import { sleep } from '../common/poll';

export interface ZooKeeperNodeSpec {
  /** myid, 1-based. */
  id: number;
  clientPort: number;
  /** Follower-to-leader port. */
  peerPort: number;
  /** Leader-election port. */
  electionPort: number;
}

export interface ZooKeeperEnsembleOptions {
  /** Each node gets `<baseDir>/zk-<id>/` for its data and `zk-<id>.log`. */
  baseDir: string;
  nodes: ZooKeeperNodeSpec[];
  /** ZooKeeper's tick; session timeouts are bounded to [2, 20] ticks. */
  tickTimeMs?: number;
  javaHeapMb?: number;
}

export type ZooKeeperMode = 'leader' | 'follower' | 'standalone' | 'observer';

export interface RunningZooKeeperNode {
  spec: ZooKeeperNodeSpec;
  dataDir: string;
  logFile: string;
  process: ChildProcess | null;
}

/** Sends a four-letter-word command (e.g. `srvr`) and returns the reply, or null if unreachable. */
export function fourLetterWord(port: number, command: string, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(command));
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply.length > 0 ? reply : null);
    });
  });
}

export async function zooKeeperMode(port: number): Promise<ZooKeeperMode | null> {
  const reply = await fourLetterWord(port, 'srvr');
  const match = reply?.match(/^Mode: (\w+)/m);
  return match ? (match[1] as ZooKeeperMode) : null;
}


export class ZooKeeperEnsemble {
  readonly nodes: RunningZooKeeperNode[];
  private readonly classpath: string;

  constructor(private readonly options: ZooKeeperEnsembleOptions) {
    this.classpath = zooKeeperClasspath();
    this.nodes = options.nodes.map((spec) => ({
      spec,
      dataDir: join(options.baseDir, `zk-${spec.id}`),
      logFile: join(options.baseDir, `zk-${spec.id}.log`),
      process: null,
    }));
  }

  /** `127.0.0.1:p1,127.0.0.1:p2,...` for `zookeeper.connect`. */
  get connectString(): string {
    return this.nodes.map((n) => `127.0.0.1:${n.spec.clientPort}`).join(',');
  }

  pids(): number[] {
    return this.nodes.flatMap((n) => (n.process?.pid !== undefined ? [n.process.pid] : []));
  }

  private configText(node: RunningZooKeeperNode): string {
    const servers = this.nodes.map(
      (n) => `server.${n.spec.id}=127.0.0.1:${n.spec.peerPort}:${n.spec.electionPort}`,
    );
    return [
      `tickTime=${this.options.tickTimeMs ?? 500}`,
      'initLimit=20',
      'syncLimit=10',
      `dataDir=${node.dataDir}`,
      `clientPort=${node.spec.clientPort}`,
      'clientPortAddress=127.0.0.1',
      'maxClientCnxns=0',
      'admin.enableServer=false',
      '4lw.commands.whitelist=srvr,stat,ruok,mntr',
      // Quorum traffic stays on loopback too.
      'quorumListenOnAllIPs=false',
      ...(this.nodes.length > 1 ? servers : []),
      '',
    ].join('\n');
  }

  /** Starts node `id` (all nodes when omitted); resolves once every started node serves clients. */
  async start(ids: number[] = this.nodes.map((n) => n.spec.id), timeoutMs = 60_000): Promise<void> {
    const started = this.nodes.filter((n) => ids.includes(n.spec.id));
    for (const node of started) this.spawnNode(node);
    await this.waitUntilServing(started, timeoutMs);
  }

  private spawnNode(node: RunningZooKeeperNode): void {
    if (node.process) throw new Error(`ZooKeeper node ${node.spec.id} is already running`);
    mkdirSync(node.dataDir, { recursive: true });
    writeFileSync(join(node.dataDir, 'myid'), `${node.spec.id}\n`);
    const configFile = join(this.options.baseDir, `zk-${node.spec.id}.cfg`);
    writeFileSync(configFile, this.configText(node));
    const logFd = openSync(node.logFile, 'a');
    const child = spawn(
      'java',
      [
        `-Xmx${this.options.javaHeapMb ?? 256}m`,
        '-XX:+UseSerialGC',
        '-cp',
        this.classpath,
        'org.apache.zookeeper.server.quorum.QuorumPeerMain',
        configFile,
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    child.on('exit', () => {
      if (node.process === child) node.process = null;
    });
    node.process = child;
  }

  private async waitUntilServing(nodes: RunningZooKeeperNode[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const modes = await Promise.all(nodes.map((n) => zooKeeperMode(n.spec.clientPort)));
      if (modes.every((m) => m !== null)) return;
      const dead = nodes.find((n) => n.process === null);
      if (dead) throw new Error(`ZooKeeper node ${dead.spec.id} exited during startup; see ${dead.logFile}`);
      if (Date.now() > deadline) {
        throw new Error(`ZooKeeper ensemble not serving after ${timeoutMs} ms; logs in ${this.options.baseDir}`);
      }
      await sleep(200);
    }
  }

  /** Stops node `id` with `signal`; resolves once the process has exited. */
  async stopNode(id: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const node = this.nodes.find((n) => n.spec.id === id);
    const child = node?.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => this.stopNode(n.spec.id)));
  }
}

/** Node specs with consecutive ids from the given client, peer and election ports. */
export function ensembleSpecs(clientPorts: number[], peerPorts: number[], electionPorts: number[]): ZooKeeperNodeSpec[] {
  return clientPorts.map((clientPort, i) => ({
    id: i + 1,
    clientPort,
    peerPort: peerPorts[i],
    electionPort: electionPorts[i],
  }));
}
