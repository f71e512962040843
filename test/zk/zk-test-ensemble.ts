// A real 3-node ZooKeeper ensemble on free loopback ports for one zk test file: start it in
// beforeAll, stop it in afterAll. tickTime 200 ms keeps session timeouts (2..20 ticks) short.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts } from '../../src/launcher/free-ports';
import { ZooKeeperEnsemble, ensembleSpecs } from '../../src/launcher/zookeeper-ensemble';
import { ZkClient, type ZkClientConfig } from '../../src/zk/zk-client';

export class TestEnsemble {
  private constructor(
    readonly ensemble: ZooKeeperEnsemble,
    private readonly baseDir: string,
    private readonly clients: ZkClient[] = [],
  ) {}

  static async start(): Promise<TestEnsemble> {
    const baseDir = mkdtempSync(join(tmpdir(), 'zk-test-'));
    const ports = await findFreePorts(9);
    const ensemble = new ZooKeeperEnsemble({
      baseDir,
      tickTimeMs: 200,
      nodes: ensembleSpecs(ports.slice(0, 3), ports.slice(3, 6), ports.slice(6, 9)),
    });
    await ensemble.start();
    return new TestEnsemble(ensemble, baseDir);
  }

  get connectString(): string {
    return this.ensemble.connectString;
  }

  /** A client closed automatically by stop(). */
  async client(overrides: Partial<ZkClientConfig> = {}): Promise<ZkClient> {
    const client = await ZkClient.connect({
      connectString: this.connectString,
      sessionTimeoutMs: 4000,
      spinDelayMs: 100,
      ...overrides,
    });
    this.clients.push(client);
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.ensemble.stop();
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}

/** Polls `condition` until true or the deadline passes. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
