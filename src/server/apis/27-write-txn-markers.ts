// WriteTxnMarkers (key 27), version 0: a transaction coordinator asks this broker, as leader of
// the transaction's partitions, to append a COMMIT or ABORT control batch (with the coordinator
// epoch, the producer id and epoch) to each, with acks=-1. The producer state of each partition
// checks the marker's epochs (a stale producer epoch: INVALID_PRODUCER_EPOCH, a stale coordinator:
// TRANSACTION_COORDINATOR_FENCED). Markers written to __consumer_offsets partitions complete the
// transaction's offset commits in the group coordinator. Partitions this broker has no log for
// are UNKNOWN_TOPIC_OR_PARTITION; a message format below 0.11 is UNSUPPORTED_FOR_MESSAGE_FORMAT,
// as in 2.4.1. The sender (a transaction coordinator) needs ClusterAction on the cluster, else
// CLUSTER_AUTHORIZATION_FAILED on every partition of every marker.

import { parseApiVersion } from '../../common/config/api-version';
import { GROUP_METADATA_TOPIC_NAME } from '../../coordinator/group/offsets-topic';
import { AppendOrigin } from '../../log';
import { ErrorCode } from '../../protocol/errors';
import type { WritableTxnMarker, WritableTxnMarkerResult, WriteTxnMarkersResponse } from '../../protocol/generated';
import { ControlRecordType, buildControlBatch } from '../../protocol/records/control-record';
import type { ReplicaManager } from '../replica-manager';
import type { HandlerFor } from './api-handler';
import { AclOperation } from '../../security/acl/acl-types';
import { authorizeClusterOperation } from './authorization';

/** Batches the broker builds are magic v2, which every Produce version from 3 accepts. */
const PRODUCE_VERSION = 8;

export interface WriteTxnMarkersDeps {
  replicaManager: ReplicaManager;
  requestTimeoutMs: number;
  /** The group coordinator learns that a producer's transactional offsets are committed or aborted. */
  onOffsetsTransactionCompleted?(producerId: number, offsetsPartitions: number[], result: 'commit' | 'abort'): void;
}

const markerResult = (marker: WritableTxnMarker, errorFor: (topic: string, partition: number) => number): WritableTxnMarkerResult => ({
  producerId: marker.producerId,
  topics: marker.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, errorCode: errorFor(t.name, p) })) })),
});

export function createWriteTxnMarkersHandler(deps: WriteTxnMarkersDeps): HandlerFor<'WriteTxnMarkers'> {
  const { replicaManager } = deps;

  /** Why a marker cannot go to this partition here, or undefined when it can. */
  const refusal = (topic: string, partition: number): number | undefined => {
    const log = replicaManager.getPartition(topic, partition)?.log;
    if (log === undefined || log === null) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const format = parseApiVersion(log.config['message.format.version']);
    return format !== undefined && format.recordVersion < 2 ? ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT : undefined;
  };

  const writeMarker = (marker: WritableTxnMarker): Promise<WritableTxnMarkerResult> => {
    const producerId = Number(marker.producerId);
    const result = marker.transactionResult ? 'commit' : 'abort';
    const errors = new Map<string, number>();
    const entries: Array<{ topic: string; partition: number; records: Buffer }> = [];
    for (const t of marker.topics) {
      for (const partition of t.partitionIndexes) {
        const refused = refusal(t.name, partition);
        if (refused !== undefined) {
          errors.set(`${t.name}-${partition}`, refused);
          continue;
        }
        const records = buildControlBatch({
          type: marker.transactionResult ? ControlRecordType.Commit : ControlRecordType.Abort,
          coordinatorEpoch: marker.coordinatorEpoch,
          producerId,
          producerEpoch: marker.producerEpoch,
          timestamp: Date.now(),
        });
        entries.push({ topic: t.name, partition, records });
      }
    }
    const done = (): WritableTxnMarkerResult => markerResult(marker, (topic, partition) => errors.get(`${topic}-${partition}`) ?? ErrorCode.UNKNOWN_SERVER_ERROR);
    if (entries.length === 0) return Promise.resolve(done());
    return new Promise((resolve) => {
      const options = { requiredAcks: -1, timeoutMs: deps.requestTimeoutMs, produceVersion: PRODUCE_VERSION, internalTopicsAllowed: true, origin: AppendOrigin.Coordinator };
      replicaManager.appendRecords(entries, options, (results) => {
        const committedOffsetsPartitions: number[] = [];
        entries.forEach((e, i) => {
          errors.set(`${e.topic}-${e.partition}`, results[i].errorCode);
          if (e.topic === GROUP_METADATA_TOPIC_NAME && results[i].errorCode === ErrorCode.NONE) committedOffsetsPartitions.push(e.partition);
        });
        if (committedOffsetsPartitions.length > 0) deps.onOffsetsTransactionCompleted?.(producerId, committedOffsetsPartitions, result);
        resolve(done());
      });
    });
  };

  return {
    apiKey: 27,
    minVersion: 0,
    maxVersion: 0,

    async handle(request, ctx): Promise<WriteTxnMarkersResponse> {
      authorizeClusterOperation(ctx, AclOperation.CLUSTER_ACTION);
      return { markers: await Promise.all(request.markers.map(writeMarker)) };
    },

    errorResponse: (request, errorCode) => ({ markers: request.markers.map((m) => markerResult(m, () => errorCode)) }),
  };
}
