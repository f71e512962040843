// The transaction coordinator's cache and its log (Kafka's TransactionStateManager): which
// __transaction_state partitions this broker leads, at which coordinator epoch (the partition's
// leader epoch), the TransactionMetadata of every transactional id in them, loading a partition
// when it becomes ours, and writing each state transition to the log with acks=-1 before it
// takes effect.

import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { ErrorCode, errorName } from '../../protocol/errors';
import { buildRecordBatch } from '../../protocol/records/record-batch-builder';
import type { OffsetsLog } from '../group/offsets-log';
import { TRANSACTION_STATE_TOPIC_NAME, TransactionState, encodeTransactionLogKey, encodeTransactionLogValue, transactionStatePartitionFor } from './transaction-log';
import { TransactionLogReplay } from './transaction-log-replay';
import { TransactionMetadata, describeTransit, transitToLogValue, type TxnTransitMetadata } from './transaction-metadata';

/** The coordinator's access to __transaction_state: the same leader reads and appends the group coordinator has to its topic. */
export type TransactionStateLog = OffsetsLog;

export interface TransactionStateConfig {
  transactionStateLogNumPartitions: number;
  transactionMaxTimeoutMs: number;
  transactionalIdExpirationMs: number;
  transactionStateLogLoadBufferSize: number;
}

export interface CoordinatorEpochAndMetadata {
  coordinatorEpoch: number;
  metadata: TransactionMetadata;
}

/** A transaction whose Prepare* state was loaded: its markers still have to be written. */
export interface PendingCompletion {
  transactionalId: string;
  coordinatorEpoch: number;
  result: 'commit' | 'abort';
  metadata: TransactionMetadata;
  transit: TxnTransitMetadata;
}

/** Either a Kafka error code or the id's metadata (undefined: not known here). */
export type StateLookup = { error: number } | { error?: undefined; entry: CoordinatorEpochAndMetadata | undefined };

interface PartitionCache {
  coordinatorEpoch: number;
  transactions: Map<string, TransactionMetadata>;
}

/** Append errors as the coordinator answers them (TransactionStateManager.appendTransactionToLog). */
function coordinatorErrorFor(appendError: number): number {
  switch (appendError) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_FOR_PARTITION:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    default:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
  }
}

export class TransactionStateManager {
  /** Partition -> the coordinator epoch it is being loaded at. */
  private readonly loadingPartitions = new Map<number, number>();
  private readonly cache = new Map<number, PartitionCache>();

  constructor(
    private readonly config: TransactionStateConfig,
    private readonly log: TransactionStateLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  partitionFor(transactionalId: string): number {
    return transactionStatePartitionFor(transactionalId, this.config.transactionStateLogNumPartitions);
  }

  validateTransactionTimeoutMs(txnTimeoutMs: number): boolean {
    return txnTimeoutMs > 0 && txnTimeoutMs <= this.config.transactionMaxTimeoutMs;
  }

  /** COORDINATOR_LOAD_IN_PROGRESS while loading, NOT_COORDINATOR when not ours, else the entry if any. */
  getTransactionState(transactionalId: string): StateLookup {
    return this.getOrMaybeAdd(transactionalId, undefined);
  }

  /** Adds a fresh id unless another request added it first; answers whichever is cached. */
  putTransactionStateIfNotExists(created: TransactionMetadata): StateLookup {
    return this.getOrMaybeAdd(created.transactionalId, created);
  }

  private getOrMaybeAdd(transactionalId: string, created: TransactionMetadata | undefined): StateLookup {
    const partition = this.partitionFor(transactionalId);
    if (this.loadingPartitions.has(partition)) return { error: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS };
    const cached = this.cache.get(partition);
    if (cached === undefined) return { error: ErrorCode.NOT_COORDINATOR };
    let metadata = cached.transactions.get(transactionalId);
    if (metadata === undefined && created !== undefined) {
      cached.transactions.set(transactionalId, created);
      metadata = created;
    }
    return { entry: metadata === undefined ? undefined : { coordinatorEpoch: cached.coordinatorEpoch, metadata } };
  }

  /** Ongoing transactions past their timeout with no transition in flight (Kafka's timedOutTransactions). */
  timedOutTransactions(): Array<{ transactionalId: string; producerId: number; producerEpoch: number }> {
    const now = this.clock.now();
    const out = [];
    for (const { transactions } of this.cache.values()) {
      for (const m of transactions.values()) {
        if (m.pendingTransitionInProgress || m.state !== TransactionState.Ongoing) continue;
        if (m.txnStartTimestamp + m.txnTimeoutMs < now) out.push({ transactionalId: m.transactionalId, producerId: m.producerId, producerEpoch: m.producerEpoch });
      }
    }
    return out;
  }

  /**
   * Writes a transition to the id's partition with acks=-1 and, once the ISR has it, applies it to
   * the cached metadata. Answers the coordinator's error code. With `retryOnError` true for an
   * error, the pending state is kept so the caller can try the same write again.
   */
  async appendTransactionToLog(transactionalId: string, coordinatorEpoch: number, transit: TxnTransitMetadata, retryOnError: (error: number) => boolean = () => false): Promise<number> {
    const before = this.getTransactionState(transactionalId);
    if (before.error !== undefined) return before.error;
    if (before.entry === undefined || before.entry.coordinatorEpoch !== coordinatorEpoch) return ErrorCode.NOT_COORDINATOR;

    const partition = this.partitionFor(transactionalId);
    const batch = buildRecordBatch([{ key: encodeTransactionLogKey(transactionalId), value: encodeTransactionLogValue(transitToLogValue(transit)), timestamp: this.clock.now() }]);
    let error: number;
    try {
      error = coordinatorErrorFor((await this.log.append(partition, batch, -1, transit.txnTimeoutMs)).errorCode);
    } catch (e) {
      this.logger.error(`Error appending ${describeTransit(transit)} for ${transactionalId}: ${(e as Error).stack ?? e}`);
      error = ErrorCode.UNKNOWN_SERVER_ERROR;
    }

    const after = this.getTransactionState(transactionalId);
    if (error === ErrorCode.NONE) {
      if (after.error !== undefined) {
        this.logger.info(`Accessing the cached transaction metadata for ${transactionalId} returns ${errorName(after.error)} error; aborting transition to the new metadata and setting the error in the callback`);
        return after.error;
      }
      if (after.entry === undefined || after.entry.coordinatorEpoch !== coordinatorEpoch) {
        this.logger.info(`The cached coordinator metadata for ${transactionalId} changed after appending ${describeTransit(transit)} with coordinator epoch ${coordinatorEpoch}; returning NOT_COORDINATOR`);
        return ErrorCode.NOT_COORDINATOR;
      }
      after.entry.metadata.completeTransitionTo(transit);
      return ErrorCode.NONE;
    }
    // The write failed: no transition; a retriable failure keeps the pending state for the retry.
    if (after.error === undefined && after.entry !== undefined && after.entry.coordinatorEpoch === coordinatorEpoch && !retryOnError(error)) {
      this.logger.info(`TransactionalId ${transactionalId} append transaction log for ${describeTransit(transit)} transition failed due to ${errorName(error)}, resetting pending state and returning ${errorName(error)}`);
      after.entry.metadata.pendingState = undefined;
    }
    return error;
  }

  // ---- leadership of __transaction_state partitions

  /**
   * This broker now leads the partition at `coordinatorEpoch`: replay it into the cache; requests
   * for its ids answer COORDINATOR_LOAD_IN_PROGRESS meanwhile. Answers the transactions left in
   * PrepareCommit/PrepareAbort, whose markers the caller must (re)send.
   */
  async loadTransactionsForPartition(partition: number, coordinatorEpoch: number): Promise<PendingCompletion[]> {
    const name = `${TRANSACTION_STATE_TOPIC_NAME}-${partition}`;
    this.loadingPartitions.set(partition, coordinatorEpoch);
    this.logger.info(`Loading transaction metadata from ${name} at epoch ${coordinatorEpoch}`);
    const started = this.clock.now();
    const stillLoading = () => this.loadingPartitions.get(partition) === coordinatorEpoch;
    const replay = new TransactionLogReplay();
    try {
      const log = this.log.leaderLog(partition);
      if (log === null) {
        // Served as an empty partition, as Kafka's loadTransactionMetadata does. (Returning here
        // left the partition in loadingPartitions for good: COORDINATOR_LOAD_IN_PROGRESS to every
        // request until a resignation.)
        this.logger.warn(`Attempted to load transaction metadata from ${name}, but found no log`);
      } else {
        const end = log.logEndOffset;
        let offset = log.logStartOffset;
        while (offset < end && stillLoading()) {
          const { records } = log.read(offset, this.config.transactionStateLogLoadBufferSize, { minOneBatch: true });
          if (records.length === 0) break;
          replay.apply(records);
          offset = replay.nextOffset;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (error) {
      this.logger.error(`Error loading transactions from ${name}: ${(error as Error).stack ?? error}`);
      if (stillLoading()) this.loadingPartitions.delete(partition);
      return [];
    }
    if (!stillLoading()) return [];

    const previous = this.cache.get(partition);
    if (previous !== undefined) this.logger.warn(`Unloaded transaction metadata from ${name} as part of loading metadata at epoch ${coordinatorEpoch}`);
    const transactions = new Map<string, TransactionMetadata>();
    for (const [id, value] of replay.transactions) transactions.set(id, TransactionMetadata.fromLogValue(id, value));
    this.cache.set(partition, { coordinatorEpoch, transactions });
    this.logger.info(`Finished loading ${transactions.size} transaction metadata from ${name} in ${this.clock.now() - started} milliseconds`);

    const pending: PendingCompletion[] = [];
    for (const [transactionalId, metadata] of transactions) {
      if (metadata.state !== TransactionState.PrepareCommit && metadata.state !== TransactionState.PrepareAbort) continue;
      const result = metadata.state === TransactionState.PrepareCommit ? 'commit' : 'abort';
      pending.push({ transactionalId, coordinatorEpoch, result, metadata, transit: metadata.prepareComplete(this.clock.now()) });
    }
    // Out of loading first, so that completing those transactions can write to the log.
    this.loadingPartitions.delete(partition);
    this.logger.info(`Completed loading transaction metadata from ${name} for coordinator epoch ${coordinatorEpoch}`);
    return pending;
  }

  /** Leadership moved away (or the partition went): forget its ids. An epoch limits it to that leadership. */
  removeTransactionsForPartition(partition: number, coordinatorEpoch?: number): void {
    const name = `${TRANSACTION_STATE_TOPIC_NAME}-${partition}`;
    if (coordinatorEpoch === undefined || this.loadingPartitions.get(partition) === coordinatorEpoch) this.loadingPartitions.delete(partition);
    if (this.cache.delete(partition)) this.logger.info(`Unloaded transaction metadata for ${name} on become-follower transition`);
  }

  /** Partitions led now (tests and logging). */
  ownedPartitions(): number[] {
    return [...this.cache.keys()];
  }

  // ---- transactional id expiration

  /**
   * Kafka's transactionalId-expiration task: ids idle (Empty or Complete*) for
   * transactional.id.expiration.ms get a tombstone and leave the cache once it is written.
   */
  async removeExpiredTransactionalIds(): Promise<number> {
    const now = this.clock.now();
    let removed = 0;
    const writes: Array<Promise<void>> = [];
    for (const [partition, cached] of this.cache) {
      const expiring: Array<{ metadata: TransactionMetadata; producerEpoch: number }> = [];
      for (const m of cached.transactions.values()) {
        const idle = m.state === TransactionState.Empty || m.state === TransactionState.CompleteCommit || m.state === TransactionState.CompleteAbort;
        if (!idle || m.pendingTransitionInProgress || m.txnLastUpdateTimestamp > now - this.config.transactionalIdExpirationMs) continue;
        m.prepareDead();
        expiring.push({ metadata: m, producerEpoch: m.producerEpoch });
      }
      if (expiring.length === 0) continue;
      const tombstones = buildRecordBatch(expiring.map(({ metadata }) => ({ key: encodeTransactionLogKey(metadata.transactionalId), value: null, timestamp: now })));
      const coordinatorEpoch = cached.coordinatorEpoch;
      writes.push(
        this.log.append(partition, tombstones, -1, 30_000).then(
          ({ errorCode }) => {
            const current = this.cache.get(partition);
            for (const { metadata, producerEpoch } of expiring) {
              const ok = errorCode === ErrorCode.NONE && current?.coordinatorEpoch === coordinatorEpoch && metadata.pendingState === TransactionState.Dead && metadata.producerEpoch === producerEpoch;
              if (ok) {
                current!.transactions.delete(metadata.transactionalId);
                removed++;
              } else {
                this.logger.warn(`Failed to remove expired transactionalId: ${metadata.transactionalId} from cache. Tombstone append error code: ${errorName(errorCode)}`);
                metadata.pendingState = undefined;
              }
            }
          },
          (error: Error) => {
            this.logger.error(`Failed to write tombstones for expired transactional ids: ${error.message}`);
            for (const { metadata } of expiring) metadata.pendingState = undefined;
          },
        ),
      );
    }
    await Promise.all(writes);
    return removed;
  }

  shutdown(): void {
    this.loadingPartitions.clear();
    this.cache.clear();
  }
}
