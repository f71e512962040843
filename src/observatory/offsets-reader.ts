// Each replica's log end offset and each partition's high watermark, from the brokers over the
// Kafka protocol (works on Kafka 2.x too): ListOffsets for the latest offset as a debugging client
// (replica id -2) gets a replica's log end from any replica, and as a consumer (-1) the leader's
// high watermark.

import { Apis } from '../protocol/generated';
import type { BrokerView, PartitionView } from './api-types';
import type { BrokerConnections } from './broker-connections';

const LATEST = -1n;
const CONSUMER = -1;
const DEBUGGING_CLIENT = -2;

export interface PartitionOffsets {
  highWatermark: number | null;
  logEndOffsets: Record<string, number>;
}

type Asked = Array<{ topic: string; partition: number }>;

async function latestOffsets(connections: BrokerConnections, broker: BrokerView, replicaId: number, asked: Asked): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (asked.length === 0) return found;
  const byTopic = new Map<string, number[]>();
  for (const p of asked) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const response = await connections.use(broker.host, broker.port, (c) =>
    c.send(Apis.ListOffset, 1, {
      replicaId,
      isolationLevel: 0,
      topics: [...byTopic].map(([name, partitions]) => ({
        name,
        partitions: partitions.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: 0, timestamp: LATEST, maxNumOffsets: 0 })),
      })),
    }),
  );
  for (const t of response.topics) for (const p of t.partitions) if (p.errorCode === 0) found.set(`${t.name}-${p.partitionIndex}`, Number(p.offset));
  return found;
}

/** Asks every live broker about the replicas it holds; brokers that do not answer are left out. */
export async function readOffsets(connections: BrokerConnections, brokers: BrokerView[], partitions: PartitionView[]): Promise<Map<string, PartitionOffsets>> {
  const result = new Map<string, PartitionOffsets>();
  for (const p of partitions) result.set(`${p.topic}-${p.partition}`, { highWatermark: null, logEndOffsets: {} });
  await Promise.all(
    brokers
      .filter((b) => b.alive)
      .map(async (b) => {
        const held = partitions.filter((p) => p.replicas.includes(b.id));
        const led = held.filter((p) => p.leader === b.id);
        try {
          const [ends, watermarks] = await Promise.all([latestOffsets(connections, b, DEBUGGING_CLIENT, held), latestOffsets(connections, b, CONSUMER, led)]);
          for (const [key, offset] of ends) result.get(key)!.logEndOffsets[String(b.id)] = offset;
          for (const [key, offset] of watermarks) result.get(key)!.highWatermark = offset;
        } catch {
          // A broker paused, dying or restarting: its replicas show no offsets this round.
        }
      }),
  );
  return result;
}
