// Starts a real 3-node ZooKeeper ensemble on free loopback ports and checks the launcher's
// contract: a quorum forms, losing the leader elects another, and stop() leaves no process behind.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePorts } from '../../src/launcher/free-ports';
import { ZooKeeperEnsemble, ensembleSpecs, zooKeeperMode } from '../../src/launcher/zookeeper-ensemble';
import { isAlive } from './helpers';


async function modes(ensemble: ZooKeeperEnsemble) {
  return Promise.all(ensemble.nodes.map((n) => zooKeeperMode(n.spec.clientPort)));
}

describe('ZooKeeperEnsemble', () => {
  let baseDir: string;
  let ensemble: ZooKeeperEnsemble;

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'zk-ensemble-'));
    const ports = await findFreePorts(9);
    ensemble = new ZooKeeperEnsemble({
      baseDir,
      nodes: ensembleSpecs(ports.slice(0, 3), ports.slice(3, 6), ports.slice(6, 9)),
    });
    await ensemble.start();
  }, 90_000);

  afterAll(async () => {
    await ensemble?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('forms a quorum with one leader and two followers', async () => {
    const current = await modes(ensemble);
    expect(current.filter((m) => m === 'leader')).toHaveLength(1);
    expect(current.filter((m) => m === 'follower')).toHaveLength(2);
    expect(ensemble.connectString.split(',')).toHaveLength(3);
  });

  it('elects a new leader when the leader is killed, and stop() ends every process', async () => {
    const before = await modes(ensemble);
    const leader = ensemble.nodes[before.indexOf('leader')];
    const pids = ensemble.pids();
    await ensemble.stopNode(leader.spec.id, 'SIGKILL');

    const survivors = ensemble.nodes.filter((n) => n !== leader);
    const deadline = Date.now() + 30_000;
    let after: (string | null)[] = [];
    while (Date.now() < deadline) {
      after = await Promise.all(survivors.map((n) => zooKeeperMode(n.spec.clientPort)));
      if (after.includes('leader')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(after.sort()).toEqual(['follower', 'leader']);

    await ensemble.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  }, 60_000);
});
