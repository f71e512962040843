// Writing a transaction's COMMIT/ABORT markers to the leaders of its partitions (Kafka's
// TransactionMarkerChannelManager and TransactionMarkerRequestCompletionHandler). Markers queue
// per destination broker and go out as one WriteTxnMarkers per broker at a time; a partition
// leaves the transaction when its leader wrote the marker; once none is left the coordinator
// writes CompleteCommit/CompleteAbort. Leaderless partitions and unreachable brokers are retried;
// partitions whose topic is gone, or whose message format cannot hold markers, are skipped, as
// Kafka does.

import type { Logger } from '../../common/logger';
import { ErrorCode, errorName } from '../../protocol/errors';
import type { WritableTxnMarker, WriteTxnMarkersResponse } from '../../protocol/generated';
import { describeTransit, partitionsByTopic, type TransactionMetadata, type TransactionResult, type TxnPartition, type TxnTransitMetadata } from './transaction-metadata';
import type { TransactionStateManager } from './transaction-state-manager';

/** How the coordinator reaches partition leaders; the broker implements it with its metadata cache and connections. */
export interface TxnMarkerTransport {
  /** The partition's leader id; -1 when it has no live leader now; undefined when the partition no longer exists. */
  partitionLeader(topic: string, partition: number): number | undefined;
  /** Sends one WriteTxnMarkers v0; rejects when the broker cannot be reached or does not answer in time. */
  writeTxnMarkers(brokerId: number, markers: WritableTxnMarker[]): Promise<WriteTxnMarkersResponse>;
}

interface QueuedMarker {
  transactionalId: string;
  txnTopicPartition: number;
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
  result: TransactionResult;
  partitions: TxnPartition[];
}

/** A transaction whose markers are being written (Kafka's DelayedTxnMarker + TxnLogAppend). */
interface PendingCompletion {
  coordinatorEpoch: number;
  metadata: TransactionMetadata;
  transit: TxnTransitMetadata;
  /** The completion is being written: it is written once. */
  appending?: boolean;
}

/** Partition errors after which the marker is sent again (to the partition's leader of the moment). */
const RETRIABLE = new Set<number>([
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.NOT_LEADER_FOR_PARTITION,
  ErrorCode.NOT_ENOUGH_REPLICAS,
  ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
  ErrorCode.REQUEST_TIMED_OUT,
  ErrorCode.KAFKA_STORAGE_ERROR,
]);

/** A newer coordinator (or producer epoch) owns the transaction: stop sending. */
const FENCED = new Set<number>([ErrorCode.INVALID_PRODUCER_EPOCH, ErrorCode.TRANSACTION_COORDINATOR_FENCED]);

/**
 * The partition cannot hold markers (message format below v2): the producer could not have
 * written to it either, so it leaves the transaction as if its marker were written (Kafka 2.4.1).
 * Before, these were only logged, and the transaction stayed in Prepare* for good.
 */
const CANNOT_HOLD_MARKERS = new Set<number>([ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, ErrorCode.UNSUPPORTED_VERSION]);

const RETRY_BACKOFF_MS = 100;

export class TransactionMarkerChannel {
  private readonly pending = new Map<string, PendingCompletion>();
  private readonly queues = new Map<number, QueuedMarker[]>();
  private unknownLeader: QueuedMarker[] = [];
  private logAppendRetries: string[] = [];
  private readonly inFlight = new Set<number>();
  private drainTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly stateManager: TransactionStateManager,
    private readonly transport: TxnMarkerTransport,
    private readonly logger: Logger,
  ) {}

  /** Starts writing the markers of a transaction now in PrepareCommit/PrepareAbort; `transit` completes it. */
  addTxnMarkersToSend(transactionalId: string, coordinatorEpoch: number, result: TransactionResult, metadata: TransactionMetadata, transit: TxnTransitMetadata): void {
    this.pending.set(transactionalId, { coordinatorEpoch, metadata, transit });
    const marker = { transactionalId, txnTopicPartition: this.stateManager.partitionFor(transactionalId), producerId: metadata.producerId, producerEpoch: metadata.producerEpoch, coordinatorEpoch, result };
    this.enqueue(marker, metadata.topicPartitions);
    // A transaction with no partitions left (all deleted) completes at once.
    this.maybeComplete(transactionalId);
  }

  /** Leadership of a __transaction_state partition changed: its queued markers and completions are dropped (a load redoes them). */
  removeMarkersForTxnTopicPartition(txnTopicPartition: number): void {
    const keep = (m: QueuedMarker) => m.txnTopicPartition !== txnTopicPartition;
    for (const [broker, queue] of this.queues) this.queues.set(broker, queue.filter(keep));
    this.unknownLeader = this.unknownLeader.filter(keep);
    for (const id of [...this.pending.keys()]) if (this.stateManager.partitionFor(id) === txnTopicPartition) this.pending.delete(id);
    this.logAppendRetries = this.logAppendRetries.filter((id) => this.stateManager.partitionFor(id) !== txnTopicPartition);
  }

  /** Transactions whose markers are still being written (tests). */
  get pendingTransactionalIds(): string[] {
    return [...this.pending.keys()];
  }

  shutdown(): void {
    this.stopped = true;
    if (this.drainTimer !== null) clearTimeout(this.drainTimer);
    this.pending.clear();
    this.queues.clear();
    this.unknownLeader = [];
  }

  // ---- queueing

  private enqueue(base: Omit<QueuedMarker, 'partitions'>, partitions: readonly TxnPartition[]): void {
    const byLeader = new Map<number, TxnPartition[]>();
    const gone: TxnPartition[] = [];
    for (const tp of partitions) {
      const leader = this.transport.partitionLeader(tp.topic, tp.partition);
      if (leader === undefined) gone.push(tp);
      else {
        const list = byLeader.get(leader);
        if (list === undefined) byLeader.set(leader, [tp]);
        else list.push(tp);
      }
    }
    for (const [leader, tps] of byLeader) {
      const marker = { ...base, partitions: tps };
      if (leader < 0) this.unknownLeader.push(marker);
      else {
        const queue = this.queues.get(leader);
        if (queue === undefined) this.queues.set(leader, [marker]);
        else queue.push(marker);
      }
    }
    if (gone.length > 0) this.skipDeletedPartitions(base, gone);
    this.scheduleDrain(0);
  }

  private skipDeletedPartitions(marker: Omit<QueuedMarker, 'partitions'>, gone: TxnPartition[]): void {
    const current = this.currentMetadata(marker);
    if (current === undefined) return;
    this.logger.info(`Couldn't find leader endpoint for partitions ${gone.map((tp) => `${tp.topic}-${tp.partition}`).join(', ')} while trying to send transaction markers for ${marker.transactionalId}, these partitions are likely deleted already and hence can be skipped`);
    for (const tp of gone) current.removePartition(tp.topic, tp.partition);
    this.maybeComplete(marker.transactionalId);
  }

  private scheduleDrain(delayMs: number): void {
    if (this.stopped || this.drainTimer !== null) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      this.drain();
    }, delayMs);
    this.drainTimer.unref();
  }

  private drain(): void {
    const retries = this.logAppendRetries;
    this.logAppendRetries = [];
    for (const id of retries) this.tryAppendToLog(id);
    const waiting = this.unknownLeader;
    this.unknownLeader = [];
    for (const m of waiting) this.enqueueAgain(m, m.partitions);
    for (const [broker, queue] of this.queues) {
      if (queue.length === 0 || this.inFlight.has(broker)) continue;
      this.queues.set(broker, []);
      this.send(broker, queue);
    }
    if (this.unknownLeader.length > 0 || this.logAppendRetries.length > 0) this.scheduleDrain(RETRY_BACKOFF_MS);
  }

  /** Re-queues a marker for some partitions unless its transaction moved on meanwhile. */
  private enqueueAgain(marker: QueuedMarker, partitions: readonly TxnPartition[]): void {
    if (this.currentMetadata(marker) === undefined) {
      this.pending.delete(marker.transactionalId);
      return;
    }
    const { partitions: _, ...base } = marker;
    this.enqueue(base, partitions);
  }

  // ---- sending and answers

  private send(broker: number, markers: QueuedMarker[]): void {
    this.inFlight.add(broker);
    const request: WritableTxnMarker[] = markers.map((m) => ({
      producerId: BigInt(m.producerId),
      producerEpoch: m.producerEpoch,
      transactionResult: m.result === 'commit',
      coordinatorEpoch: m.coordinatorEpoch,
      topics: [...partitionsByTopic(m.partitions)].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
    }));
    this.transport.writeTxnMarkers(broker, request).then(
      (response) => {
        this.inFlight.delete(broker);
        markers.forEach((m, i) => this.onMarkerAnswered(broker, m, response.markers[i]));
        this.scheduleDrain(0);
      },
      (error: Error) => {
        this.inFlight.delete(broker);
        this.logger.info(`Sending transaction markers to broker ${broker} failed (${error.message}); retrying`);
        for (const m of markers) this.unknownLeader.push(m);
        this.scheduleDrain(RETRY_BACKOFF_MS);
      },
    );
  }

  private onMarkerAnswered(broker: number, marker: QueuedMarker, answer: WriteTxnMarkersResponse['markers'][number] | undefined): void {
    const metadata = this.currentMetadata(marker);
    if (metadata === undefined) {
      this.pending.delete(marker.transactionalId);
      return;
    }
    const errors = new Map<string, number>();
    for (const t of answer?.topics ?? []) for (const p of t.partitions) errors.set(`${t.name}-${p.partitionIndex}`, p.errorCode);
    const retry: TxnPartition[] = [];
    for (const tp of marker.partitions) {
      const error = errors.get(`${tp.topic}-${tp.partition}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (error === ErrorCode.NONE) metadata.removePartition(tp.topic, tp.partition);
      else if (CANNOT_HOLD_MARKERS.has(error)) {
        this.logger.info(`Sending ${marker.transactionalId}'s transaction marker from partition ${tp.topic}-${tp.partition} has failed with ${errorName(error)}. This partition will be removed from the set of partitions waiting for completion`);
        metadata.removePartition(tp.topic, tp.partition);
      } else if (FENCED.has(error)) {
        this.logger.info(`Sending ${marker.transactionalId}'s transaction marker for partition ${tp.topic}-${tp.partition} has permanently failed with error ${errorName(error)} with the current coordinator epoch ${marker.coordinatorEpoch}; cancel sending any more transaction markers`);
        this.pending.delete(marker.transactionalId);
        return;
      } else if (RETRIABLE.has(error)) retry.push(tp);
      else this.logger.error(`Received error ${errorName(error)} from broker ${broker} writing a transaction marker for ${marker.transactionalId} to ${tp.topic}-${tp.partition}; this is not expected`);
    }
    if (retry.length > 0) this.enqueueAgain(marker, retry);
    else this.maybeComplete(marker.transactionalId);
  }

  /** The id's live metadata if it is still this coordinator's at the marker's epoch. */
  private currentMetadata(marker: Pick<QueuedMarker, 'transactionalId' | 'coordinatorEpoch'>): TransactionMetadata | undefined {
    const lookup = this.stateManager.getTransactionState(marker.transactionalId);
    if (lookup.error !== undefined) {
      this.logger.info(`Encountered ${errorName(lookup.error)} trying to fetch transaction metadata for ${marker.transactionalId} with coordinator epoch ${marker.coordinatorEpoch}; cancel sending markers to its partition leaders`);
      return undefined;
    }
    if (lookup.entry === undefined || lookup.entry.coordinatorEpoch !== marker.coordinatorEpoch) return undefined;
    return lookup.entry.metadata;
  }

  // ---- completion

  private maybeComplete(transactionalId: string): void {
    const pending = this.pending.get(transactionalId);
    if (pending === undefined || pending.metadata.topicPartitions.length > 0) return;
    this.tryAppendToLog(transactionalId);
  }

  /** All markers written: CompleteCommit/CompleteAbort goes to the log (retried while the log is unavailable). */
  private tryAppendToLog(transactionalId: string): void {
    const pending = this.pending.get(transactionalId);
    if (pending === undefined || pending.appending) return;
    const current = this.currentMetadata({ transactionalId, coordinatorEpoch: pending.coordinatorEpoch });
    if (current !== pending.metadata) {
      this.pending.delete(transactionalId);
      return;
    }
    pending.appending = true;
    void this.stateManager
      .appendTransactionToLog(transactionalId, pending.coordinatorEpoch, pending.transit, (error) => error === ErrorCode.COORDINATOR_NOT_AVAILABLE)
      .then((error) => {
        pending.appending = false;
        if (error === ErrorCode.COORDINATOR_NOT_AVAILABLE && this.pending.get(transactionalId) === pending) {
          this.logger.info(`Not available to append ${describeTransit(pending.transit)} for ${transactionalId}: retry appending`);
          this.logAppendRetries.push(transactionalId);
          this.scheduleDrain(RETRY_BACKOFF_MS);
          return;
        }
        if (this.pending.get(transactionalId) === pending) this.pending.delete(transactionalId);
        if (error === ErrorCode.NONE) return;
        if (error === ErrorCode.NOT_COORDINATOR || error === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) this.logger.info(`No longer the coordinator for transactionalId: ${transactionalId} while trying to append to transaction log, skip writing to transaction log`);
        else this.logger.error(`Unexpected error ${errorName(error)} while appending to transaction log for ${transactionalId}`);
      });
  }
}
