// Reads one partition from offset 0 up to the high watermark, as a consumer does (Fetch with
// replica id -1), over a connection the caller opened: the integration tests and the labs check
// what a partition holds this way.

import type { BrokerConnection } from '../../network/broker-connection';
import { Apis } from '../../protocol/generated';
import { decodeRecordSet, type KafkaRecord } from '../../protocol/records/record';

const MAX_BYTES = 4 << 20;

export async function readPartitionRecords(connection: BrokerConnection, topic: string, partition: number): Promise<KafkaRecord[]> {
  const records: KafkaRecord[] = [];
  for (let offset = 0n; ; ) {
    const response = await connection.send(Apis.Fetch, 4, {
      replicaId: -1,
      maxWait: 0,
      minBytes: 0,
      maxBytes: MAX_BYTES,
      isolationLevel: 0,
      sessionId: 0,
      epoch: -1,
      topics: [{ name: topic, fetchPartitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1n, maxBytes: MAX_BYTES }] }],
      forgotten: [],
      rackId: '',
    });
    const p = response.topics[0]?.partitions[0];
    if (p === undefined) throw new Error(`the broker answered no partition for ${topic}-${partition}`);
    if (p.errorCode !== 0) throw new Error(`fetch error ${p.errorCode} for ${topic}-${partition}`);
    // A batch may start before the offset asked for: skip what was already read.
    const batch = decodeRecordSet(p.records ?? Buffer.alloc(0)).filter((r) => BigInt(r.offset) >= offset);
    if (batch.length === 0) return records;
    records.push(...batch);
    offset = BigInt(batch[batch.length - 1].offset + 1);
  }
}
