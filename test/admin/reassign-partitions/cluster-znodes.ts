// Cluster states for the reassignment tool's tests, written into a real ZooKeeper ensemble: each
// state goes under a fresh chroot with the topic znodes as a real Kafka 2.4.1 cluster wrote them
// (their key order matters to the tool's output), the brokers registered, and optionally a
// pending /admin/reassign_partitions.

import type { LegacyPartitionReassignment } from '../../../src/zk';
import { KafkaZkClient } from '../../../src/zk';
import { TestEnsemble } from '../../zk/zk-test-ensemble';

export interface ClusterState {
  /** Topic → the topic znode's JSON text. */
  topics: Record<string, string>;
  brokers: number[];
  pending?: LegacyPartitionReassignment[];
  /** Entity path (`topics/t`, `brokers/1`) → its config overrides. */
  configs?: Record<string, Record<string, string>>;
}

export class ClusterZnodes {
  private readonly clients: KafkaZkClient[] = [];
  private chroots = 0;

  private constructor(private readonly ensemble: TestEnsemble) {}

  static async start(): Promise<ClusterZnodes> {
    return new ClusterZnodes(await TestEnsemble.start());
  }

  /** A client under a new chroot holding `state`. */
  async load(state: ClusterState): Promise<KafkaZkClient> {
    const zk = await KafkaZkClient.connect({ connectString: `${this.ensemble.connectString}/cluster${++this.chroots}`, sessionTimeoutMs: 4000 });
    this.clients.push(zk);
    await zk.createTopLevelPaths();
    for (const [topic, json] of Object.entries(state.topics)) await zk.zk.createRecursive(`/brokers/topics/${topic}`, Buffer.from(json));
    for (const id of state.brokers) {
      await zk.registerBroker({ id, endpoints: [{ listenerName: 'PLAINTEXT', securityProtocol: 'PLAINTEXT', host: 'localhost', port: 9091 + id }] });
    }
    for (const [entityPath, config] of Object.entries(state.configs ?? {})) {
      await zk.zk.createRecursive(`/config/${entityPath}`, Buffer.from(JSON.stringify({ version: 1, config })));
    }
    if (state.pending) await zk.createPartitionReassignment(state.pending);
    return zk;
  }

  /** The entity paths of the config change notifications written so far, in order. */
  static async configChanges(zk: KafkaZkClient): Promise<string[]> {
    const children = (await zk.zk.getChildren('/config/changes')).sort();
    const paths: string[] = [];
    for (const child of children) paths.push(JSON.parse((await zk.zk.getData(`/config/changes/${child}`)).data!.toString()).entity_path);
    return paths;
  }

  /** An entity's config overrides as stored. */
  static async config(zk: KafkaZkClient, entityPath: string): Promise<Record<string, string>> {
    const node = await zk.zk.getDataIfExists(`/config/${entityPath}`);
    return node === null ? {} : JSON.parse(node.data!.toString()).config;
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
    await this.ensemble.stop();
  }
}

/** A version-2 topic znode with the partitions in the given order. */
export function topicZnode(partitions: Array<[number, number[]]>): string {
  return `{"version":2,"partitions":{${partitions.map(([p, r]) => `"${p}":[${r.join(',')}]`).join(',')}},"adding_replicas":{},"removing_replicas":{}}`;
}
