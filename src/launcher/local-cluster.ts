// A whole cluster on loopback: a real 3-node ZooKeeper ensemble and N broker processes. Used by
// bin/kafka-local-cluster (fixed ports 2181-2183 / 9092-9094) and by the integration tests (free
// ports, temporary directories).

import * as path from 'node:path';
import { sleep } from '../common/poll';
import { BrokerConnection } from '../network/broker-connection';
import { Apis } from '../protocol/generated';
import { BrokerProcess } from './broker-process';
import { findFreePorts } from './free-ports';
import { ZooKeeperEnsemble, ensembleSpecs, type ZooKeeperNodeSpec } from './zookeeper-ensemble';

export interface LocalClusterOptions {
  baseDir: string;
  brokers: number;
  /** Defaults to free ports. */
  zooKeeperNodes?: ZooKeeperNodeSpec[];
  /** Broker ports, broker i gets id i+1; defaults to free ports. */
  brokerPorts?: number[];
  /** Properties every broker gets (on top of id, listeners, log.dirs, zookeeper.connect). */
  brokerProperties?: Record<string, string>;
  /** Per-broker properties on top of those (e.g. listeners on several ports of its own). */
  brokerPropertiesFor?: (brokerId: number, port: number) => Record<string, string>;
  /** Metrics ports (`metrics.prometheus.port`), broker i gets the i-th; 'free' picks free ones; none by default. */
  metricsPorts?: number[] | 'free';
  /** Log dirs per broker (default 1). */
  logDirsPerBroker?: number;
  zkTickTimeMs?: number;
  inheritOutput?: boolean;
  /** Runs a real Apache Kafka from this directory instead of our brokers (see BrokerProcess). */
  kafkaHome?: string;
}

export class LocalCluster {
  readonly brokers: BrokerProcess[] = [];

  private constructor(readonly zooKeeper: ZooKeeperEnsemble) {}

  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    const zkNodes = options.zooKeeperNodes ?? (await freeEnsemble());
    const zooKeeper = new ZooKeeperEnsemble({ baseDir: path.join(options.baseDir, 'zookeeper'), nodes: zkNodes, tickTimeMs: options.zkTickTimeMs });
    const cluster = new LocalCluster(zooKeeper);
    try {
      await zooKeeper.start();
      const ports = options.brokerPorts ?? (await findFreePorts(options.brokers));
      const metricsPorts = options.metricsPorts === 'free' ? await findFreePorts(options.brokers) : options.metricsPorts;
      for (let i = 0; i < options.brokers; i++) {
        cluster.brokers.push(
          new BrokerProcess({
            brokerId: i + 1,
            port: ports[i],
            metricsPort: metricsPorts?.[i],
            zkConnect: zooKeeper.connectString,
            baseDir: path.join(options.baseDir, `broker-${i + 1}`),
            properties: { ...options.brokerProperties, ...options.brokerPropertiesFor?.(i + 1, ports[i]) },
            logDirCount: options.logDirsPerBroker,
            inheritOutput: options.inheritOutput,
            kafkaHome: options.kafkaHome,
          }),
        );
      }
      await Promise.all(cluster.brokers.map((b) => b.start()));
      await cluster.awaitMetadataConverged();
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  broker(id: number): BrokerProcess {
    const broker = this.brokers.find((b) => b.id === id);
    if (broker === undefined) throw new Error(`no broker ${id}`);
    return broker;
  }

  get bootstrapServers(): string[] {
    return this.brokers.map((b) => b.bootstrap);
  }

  /**
   * Waits until every running broker's metadata lists all running brokers and a controller — the
   * point from which clients (kafkajs admin needs the controller) can use any of them.
   */
  async awaitMetadataConverged(timeoutMs = 60_000): Promise<void> {
    const running = this.brokers.filter((b) => b.isRunning);
    const ids = running.map((b) => b.id).sort();
    const converged = async (b: BrokerProcess) => {
      const connection = new BrokerConnection({ host: '127.0.0.1', port: b.options.port, clientId: 'local-cluster' });
      try {
        await connection.connect();
        const md = await connection.send(Apis.Metadata, 1, { topics: [], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
        const seen = md.brokers.map((x) => x.nodeId).sort();
        return md.controllerId >= 0 && ids.every((id) => seen.includes(id));
      } catch {
        return false;
      } finally {
        connection.close();
      }
    };
    const deadline = Date.now() + timeoutMs;
    while (!(await Promise.all(running.map(converged))).every(Boolean)) {
      if (Date.now() > deadline) throw new Error(`brokers did not agree on the cluster metadata within ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  /** Every pid started, for checks that nothing is left behind. */
  pids(): number[] {
    return [...this.brokers.flatMap((b) => (b.pid === undefined ? [] : [b.pid])), ...this.zooKeeper.pids()];
  }

  /** Stops the brokers (SIGTERM, controlled shutdown) and then ZooKeeper. */
  async stop(): Promise<void> {
    for (const b of this.brokers) b.resume();
    await Promise.all(this.brokers.map((b) => b.stop('SIGTERM', 30_000)));
    await this.zooKeeper.stop();
  }
}

async function freeEnsemble(): Promise<ZooKeeperNodeSpec[]> {
  const ports = await findFreePorts(9);
  return ensembleSpecs(ports.slice(0, 3), ports.slice(3, 6), ports.slice(6, 9));
}
