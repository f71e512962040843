// Runs a broker as its own process (bin/kafka-server-start with a generated properties file), as
// the local cluster launcher and the integration tests need: real processes that can be stopped
// with SIGTERM, killed with SIGKILL, paused with SIGSTOP, and restarted on the same data.

import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import * as path from 'node:path';
import { storeProperties } from '../common/config';
import { sleep } from '../common/poll';

const REPO_ROOT = path.resolve(__dirname, '../..');

export interface BrokerProcessOptions {
  brokerId: number;
  port: number;
  zkConnect: string;
  /** Holds `data/` (log.dirs), `logs/` (server.log...) and `server.properties`. */
  baseDir: string;
  /** More than one log dir: `data/`, `data-2/`, `data-3/`... in log.dirs. */
  logDirCount?: number;
  /** Extra or overriding broker properties. */
  properties?: Record<string, string>;
  /** Serves Prometheus metrics and the control-plane event stream on this port (`metrics.prometheus.port`). */
  metricsPort?: number;
  /** Also copy the broker's stdout/stderr to ours. */
  inheritOutput?: boolean;
  /**
   * Runs a real Apache Kafka's `bin/kafka-server-start(.sh)` from this directory instead of ours,
   * with the same properties: for running one scenario against both.
   */
  kafkaHome?: string;
}


function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export class BrokerProcess {
  private child: ChildProcess | null = null;
  /** The first log dir. */
  readonly dataDir: string;
  /** Every log dir, in log.dirs order. */
  readonly dataDirs: string[];
  readonly logDir: string;
  readonly configFile: string;

  constructor(readonly options: BrokerProcessOptions) {
    this.dataDir = path.join(options.baseDir, 'data');
    this.dataDirs = [this.dataDir];
    for (let i = 2; i <= (options.logDirCount ?? 1); i++) this.dataDirs.push(path.join(options.baseDir, `data-${i}`));
    this.logDir = path.join(options.baseDir, 'logs');
    this.configFile = path.join(options.baseDir, 'server.properties');
  }

  get id(): number {
    return this.options.brokerId;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== null;
  }

  get bootstrap(): string {
    return `localhost:${this.options.port}`;
  }

  /** Where its metrics and control-plane events are served, when it has a metrics port. */
  get metricsUrl(): string | undefined {
    return this.options.metricsPort === undefined ? undefined : `http://localhost:${this.options.metricsPort}`;
  }

  properties(): Record<string, string> {
    return {
      'broker.id': String(this.options.brokerId),
      listeners: `PLAINTEXT://localhost:${this.options.port}`,
      'advertised.listeners': `PLAINTEXT://localhost:${this.options.port}`,
      'log.dirs': this.dataDirs.join(','),
      'zookeeper.connect': this.options.zkConnect,
      ...(this.options.metricsPort === undefined ? {} : { 'metrics.prometheus.port': String(this.options.metricsPort) }),
      ...this.options.properties,
    };
  }

  private command(): string[] {
    if (this.options.kafkaHome !== undefined) {
      // Kafka's distribution names its scripts `*.sh`; a build from source may not.
      const script = ['kafka-server-start.sh', 'kafka-server-start'].map((name) => path.join(this.options.kafkaHome!, 'bin', name)).find((file) => existsSync(file));
      if (script === undefined) throw new Error(`no bin/kafka-server-start.sh in ${this.options.kafkaHome}`);
      return [script, this.configFile];
    }
    return [process.execPath, path.join(REPO_ROOT, 'scripts/run-ts.js'), path.join(REPO_ROOT, 'src/cli/kafka-server-start.ts'), this.configFile];
  }

  /** Starts the process and waits until its port accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child !== null) throw new Error(`broker ${this.id} is already running`);
    mkdirSync(this.logDir, { recursive: true });
    writeFileSync(this.configFile, storeProperties(this.properties(), { comments: `broker ${this.id}, written by the launcher` }));
    const out = openSync(path.join(this.logDir, 'stdout.log'), 'a');
    const [command, ...args] = this.command();
    const child = spawn(command, args, {
      env: { ...process.env, LOG_DIR: this.logDir },
      stdio: ['ignore', this.options.inheritOutput ? 'inherit' : out, this.options.inheritOutput ? 'inherit' : out],
    });
    closeSync(out);
    this.child = child;
    child.on('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + timeoutMs;
    while (!(await portOpen(this.options.port))) {
      if (this.child !== child) throw new Error(`broker ${this.id} exited during startup; see ${this.logDir}`);
      if (Date.now() > deadline) throw new Error(`broker ${this.id} did not open port ${this.options.port} within ${timeoutMs} ms; see ${this.logDir}`);
      await sleep(100);
    }
  }

  /** Sends `signal` and, unless it is a pause, waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 60_000): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const forced = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(forced);
  }

  kill(): Promise<void> {
    return this.stop('SIGKILL');
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Any other signal, e.g. SIGUSR2 (our broker expires its own ZooKeeper session). */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }
}
