// What the cluster looks like, read off the ZooKeeper mirror alone (Kafka's znode formats, the same
// for Kafka 2.x and ours): the controller and its epoch, the registered brokers with their epochs
// (czxid) and sessions, and each partition's assignment and leader/ISR state.

import type { BrokerView, ControllerView, PartitionView, ZnodeStat, ZnodeView } from './api-types';
import { childPath, type MirroredZnode, type ZkMirror } from './zk-mirror';

function json(node: MirroredZnode | undefined): Record<string, unknown> | null {
  if (node?.data == null) return null;
  try {
    const value: unknown = JSON.parse(node.data.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function sessionHex(session: bigint): string {
  return `0x${session.toString(16)}`;
}

export function controllerView(mirror: ZkMirror): ControllerView {
  const controller = json(mirror.get('/controller'));
  const epochNode = mirror.get('/controller_epoch');
  const epoch = Number(epochNode?.data?.toString('utf8') ?? 0);
  return {
    brokerId: typeof controller?.brokerid === 'number' ? controller.brokerid : -1,
    epoch: Number.isFinite(epoch) ? epoch : 0,
    epochZkVersion: epochNode?.stat.version ?? -1,
  };
}

const LISTENER = /^([A-Za-z0-9_]+):\/\/\[?([^\]]*?)\]?:(\d+)$/;

/** Registered brokers, from /brokers/ids/<id> (registration JSON v4, and older ones). */
export function registeredBrokers(mirror: ZkMirror): BrokerView[] {
  return mirror.childrenOf('/brokers/ids').flatMap((node) => {
    const id = Number(node.path.slice('/brokers/ids/'.length));
    const reg = json(node);
    if (!Number.isInteger(id) || reg === null) return [];
    const protocolMap = (reg.listener_security_protocol_map ?? {}) as Record<string, string>;
    const endpoints = ((reg.endpoints ?? []) as string[]).flatMap((e) => {
      const m = LISTENER.exec(e);
      return m === null ? [] : [{ listener: m[1], securityProtocol: protocolMap[m[1]] ?? m[1], host: m[2], port: Number(m[3]) }];
    });
    return [
      {
        id,
        host: typeof reg.host === 'string' ? reg.host : (endpoints[0]?.host ?? ''),
        port: typeof reg.port === 'number' && reg.port > 0 ? reg.port : (endpoints[0]?.port ?? -1),
        endpoints,
        rack: typeof reg.rack === 'string' ? reg.rack : null,
        epoch: Number(node.stat.czxid),
        alive: true,
        session: sessionHex(node.stat.ephemeralOwner),
        metricsUrl: null,
      },
    ];
  });
}

/** Partitions with assignment and state; offsets are filled in later from the brokers. */
export function partitionViews(mirror: ZkMirror, aliveIds: ReadonlySet<number>): PartitionView[] {
  const views: PartitionView[] = [];
  for (const topicNode of mirror.childrenOf('/brokers/topics')) {
    const topic = topicNode.path.slice('/brokers/topics/'.length);
    const assignment = json(topicNode);
    const partitions = (assignment?.partitions ?? {}) as Record<string, number[]>;
    const adding = (assignment?.adding_replicas ?? {}) as Record<string, number[]>;
    const removing = (assignment?.removing_replicas ?? {}) as Record<string, number[]>;
    for (const p of Object.keys(partitions).map(Number).sort((a, b) => a - b)) {
      const stateNode = mirror.get(`${childPath(topicNode.path, 'partitions')}/${p}/state`);
      const state = json(stateNode);
      const replicas = partitions[String(p)] ?? [];
      const leader = typeof state?.leader === 'number' ? state.leader : -1;
      const isr = Array.isArray(state?.isr) ? (state.isr as number[]) : [];
      views.push({
        topic,
        partition: p,
        replicas,
        leader,
        isr,
        leaderEpoch: typeof state?.leader_epoch === 'number' ? state.leader_epoch : -1,
        controllerEpoch: typeof state?.controller_epoch === 'number' ? state.controller_epoch : -1,
        zkVersion: stateNode?.stat.version ?? -1,
        highWatermark: null,
        logEndOffsets: {},
        underReplicated: isr.length < replicas.length,
        offline: leader < 0 || !aliveIds.has(leader),
        addingReplicas: adding[String(p)] ?? [],
        removingReplicas: removing[String(p)] ?? [],
      });
    }
  }
  return views;
}

export function znodeStat(stat: MirroredZnode['stat']): ZnodeStat {
  return {
    czxid: sessionHex(stat.czxid),
    mzxid: sessionHex(stat.mzxid),
    ctime: stat.ctime,
    mtime: stat.mtime,
    version: stat.version,
    cversion: stat.cversion,
    ephemeralOwner: sessionHex(stat.ephemeralOwner),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}

/** A znode for the API: its data as text and JSON, and for an ephemeral one the broker owning its session. */
export function znodeView(node: MirroredZnode, brokersBySession: ReadonlyMap<string, number>): ZnodeView {
  const text = node.data === null ? null : node.data.toString('utf8');
  let parsed: unknown = null;
  if (text !== null) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  const owner = sessionHex(node.stat.ephemeralOwner);
  return {
    path: node.path,
    data: text,
    json: parsed,
    stat: znodeStat(node.stat),
    children: [...node.children].sort(),
    ownerBroker: node.stat.ephemeralOwner === 0n ? null : (brokersBySession.get(owner) ?? null),
  };
}
