// The transaction coordinator (Kafka 2.4's TransactionCoordinator): InitProducerId, AddPartitionsToTxn
// (and AddOffsetsToTxn, which adds the group's __consumer_offsets partition), EndTxn, and the
// periodic abort of transactions past their timeout. Each request checks the id's metadata,
// prepares a transition, writes it to __transaction_state and only then answers; EndTxn answers
// once PrepareCommit/PrepareAbort is written and the markers go out in the background
// (TransactionMarkerChannel), after which CompleteCommit/CompleteAbort is written.
//
// Requests for one id never interleave between a check and its prepare: both happen in one
// synchronous step, which is what Kafka's per-metadata lock gives it.

import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { ErrorCode, errorName } from '../../protocol/errors';
import { TRANSACTION_STATE_TOPIC_NAME, TransactionState, transactionStateName } from './transaction-log';
import type { TransactionMarkerChannel } from './transaction-marker-channel';
import { IllegalTransactionStateError, TransactionMetadata, type TransactionResult, type TxnPartition, type TxnTransitMetadata } from './transaction-metadata';
import type { TransactionStateManager } from './transaction-state-manager';

export interface InitProducerIdResult {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

/** Where producer ids come from (this broker's block of /latest_producer_id_block). */
export interface ProducerIdGenerator {
  generateProducerId(): Promise<number>;
}

export interface TransactionCoordinatorConfig {
  /** transaction.abort.timed.out.transaction.cleanup.interval.ms */
  abortTimedOutTransactionsIntervalMs: number;
  /** transaction.remove.expired.transaction.cleanup.interval.ms */
  removeExpiredTransactionalIdsIntervalMs: number;
}

type Prepared = { error: number } | { error?: undefined; coordinatorEpoch: number; transit: TxnTransitMetadata };

const initError = (errorCode: number): InitProducerIdResult => ({ errorCode, producerId: -1, producerEpoch: -1 });

export class TransactionCoordinator {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly config: TransactionCoordinatorConfig,
    private readonly producerIds: ProducerIdGenerator,
    readonly stateManager: TransactionStateManager,
    private readonly markers: TransactionMarkerChannel,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  partitionFor(transactionalId: string): number {
    return this.stateManager.partitionFor(transactionalId);
  }

  // ---- InitProducerId

  async handleInitProducerId(transactionalId: string | null, transactionTimeoutMs: number): Promise<InitProducerIdResult> {
    // An idempotent producer: any broker hands out a fresh id, epoch 0.
    if (transactionalId === null) return { errorCode: ErrorCode.NONE, producerId: await this.producerIds.generateProducerId(), producerEpoch: 0 };
    if (transactionalId === '') return initError(ErrorCode.INVALID_REQUEST);
    if (!this.stateManager.validateTransactionTimeoutMs(transactionTimeoutMs)) return initError(ErrorCode.INVALID_TRANSACTION_TIMEOUT);

    let lookup = this.stateManager.getTransactionState(transactionalId);
    if (lookup.error === undefined && lookup.entry === undefined) {
      const producerId = await this.producerIds.generateProducerId();
      lookup = this.stateManager.putTransactionStateIfNotExists(TransactionMetadata.fresh(transactionalId, producerId, transactionTimeoutMs, this.clock.now()));
    }
    if (lookup.error !== undefined) return initError(lookup.error);
    const { coordinatorEpoch, metadata } = lookup.entry!;

    // An exhausted epoch needs a new producer id, which takes an await: fetch it before preparing.
    const rotatedId = metadata.isProducerEpochExhausted ? await this.producerIds.generateProducerId() : undefined;
    const prepared = this.prepareInitProducerIdTransit(transactionalId, transactionTimeoutMs, coordinatorEpoch, metadata, rotatedId);
    if (prepared.error !== undefined) return initError(prepared.error);
    const { transit } = prepared;

    if (transit.txnState === TransactionState.PrepareEpochFence) {
      // An open transaction: abort it with the fenced epoch, then let the client retry, which bumps the epoch again.
      const error = await this.handleEndTransaction(transactionalId, transit.producerId, transit.producerEpoch, 'abort');
      return initError(error === ErrorCode.NONE ? ErrorCode.CONCURRENT_TRANSACTIONS : error);
    }
    const error = await this.stateManager.appendTransactionToLog(transactionalId, coordinatorEpoch, transit);
    if (error !== ErrorCode.NONE) {
      this.logger.info(`Returning ${errorName(error)} error code to client for ${transactionalId}'s InitProducerId request`);
      return initError(error);
    }
    this.logger.info(`Initialized transactionalId ${transactionalId} with producerId ${transit.producerId} and producer epoch ${transit.producerEpoch} on partition ${TRANSACTION_STATE_TOPIC_NAME}-${this.partitionFor(transactionalId)}`);
    return { errorCode: ErrorCode.NONE, producerId: transit.producerId, producerEpoch: transit.producerEpoch };
  }

  private prepareInitProducerIdTransit(transactionalId: string, transactionTimeoutMs: number, coordinatorEpoch: number, metadata: TransactionMetadata, rotatedId: number | undefined): Prepared {
    if (metadata.pendingTransitionInProgress) return { error: ErrorCode.CONCURRENT_TRANSACTIONS };
    const now = this.clock.now();
    switch (metadata.state) {
      case TransactionState.PrepareAbort:
      case TransactionState.PrepareCommit:
        return { error: ErrorCode.CONCURRENT_TRANSACTIONS };
      case TransactionState.CompleteAbort:
      case TransactionState.CompleteCommit:
      case TransactionState.Empty: {
        const transit = metadata.isProducerEpochExhausted && rotatedId !== undefined
          ? metadata.prepareProducerIdRotation(rotatedId, transactionTimeoutMs, now)
          : metadata.prepareIncrementProducerEpoch(transactionTimeoutMs, now);
        return { coordinatorEpoch, transit };
      }
      case TransactionState.Ongoing:
        // The epoch this produces is never given to a client: the abort runs with it, the client retries.
        return { coordinatorEpoch, transit: metadata.prepareFenceProducerEpoch() };
      default:
        return this.illegalState(transactionalId, metadata.state);
    }
  }

  // ---- AddPartitionsToTxn / AddOffsetsToTxn

  async handleAddPartitionsToTransaction(transactionalId: string, producerId: number, producerEpoch: number, partitions: readonly TxnPartition[]): Promise<number> {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const lookup = this.stateManager.getTransactionState(transactionalId);
    if (lookup.error !== undefined) return lookup.error;
    if (lookup.entry === undefined) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    const { coordinatorEpoch, metadata } = lookup.entry;
    if (metadata.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (metadata.producerEpoch !== producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (metadata.pendingTransitionInProgress) return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (metadata.state === TransactionState.PrepareCommit || metadata.state === TransactionState.PrepareAbort) return ErrorCode.CONCURRENT_TRANSACTIONS;
    if (metadata.state === TransactionState.Ongoing && partitions.every((tp) => metadata.hasPartition(tp.topic, tp.partition))) return ErrorCode.NONE;
    const transit = metadata.prepareAddPartitions(partitions, this.clock.now());
    return this.stateManager.appendTransactionToLog(transactionalId, coordinatorEpoch, transit);
  }

  // ---- EndTxn

  async handleEndTransaction(transactionalId: string, producerId: number, producerEpoch: number, result: TransactionResult): Promise<number> {
    if (transactionalId === '') return ErrorCode.INVALID_REQUEST;
    const prepared = this.prepareEndTransaction(transactionalId, producerId, producerEpoch, result);
    if (prepared.error !== undefined) return prepared.error;
    const { coordinatorEpoch, transit } = prepared;

    const appended = await this.stateManager.appendTransactionToLog(transactionalId, coordinatorEpoch, transit);
    if (appended !== ErrorCode.NONE) {
      this.logger.info(`Aborting sending of transaction markers and returning ${errorName(appended)} error to client for ${transactionalId}'s EndTransaction request of ${result.toUpperCase()}, since appending ${transactionStateName(transit.txnState)} to transaction log with coordinator epoch ${coordinatorEpoch} failed`);
      return appended;
    }

    // PrepareCommit/PrepareAbort is durable: the transaction will complete whatever happens next.
    const lookup = this.stateManager.getTransactionState(transactionalId);
    if (lookup.error !== undefined) return lookup.error;
    if (lookup.entry === undefined) throw new IllegalTransactionStateError(`The coordinator still owns the transaction partition for ${transactionalId}, but there is no metadata in the cache; this is not expected`);
    if (lookup.entry.coordinatorEpoch !== coordinatorEpoch) return ErrorCode.NOT_COORDINATOR;
    const { metadata } = lookup.entry;
    if (metadata.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (metadata.producerEpoch !== producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    if (metadata.pendingTransitionInProgress) return ErrorCode.CONCURRENT_TRANSACTIONS;
    const expected = result === 'commit' ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
    if (metadata.state !== expected) return ErrorCode.INVALID_TXN_STATE;
    this.markers.addTxnMarkersToSend(transactionalId, coordinatorEpoch, result, metadata, metadata.prepareComplete(this.clock.now()));
    return ErrorCode.NONE;
  }

  private prepareEndTransaction(transactionalId: string, producerId: number, producerEpoch: number, result: TransactionResult): Prepared {
    const lookup = this.stateManager.getTransactionState(transactionalId);
    if (lookup.error !== undefined) return { error: lookup.error };
    if (lookup.entry === undefined) return { error: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    const { coordinatorEpoch, metadata } = lookup.entry;
    if (metadata.producerId !== producerId) return { error: ErrorCode.INVALID_PRODUCER_ID_MAPPING };
    if (producerEpoch < metadata.producerEpoch) return { error: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (metadata.pendingTransitionInProgress && metadata.pendingState !== TransactionState.PrepareEpochFence) return { error: ErrorCode.CONCURRENT_TRANSACTIONS };
    const isCommit = result === 'commit';
    switch (metadata.state) {
      case TransactionState.Ongoing: {
        const nextState = isCommit ? TransactionState.PrepareCommit : TransactionState.PrepareAbort;
        if (nextState === TransactionState.PrepareAbort && metadata.pendingState === TransactionState.PrepareEpochFence) {
          // Fencing: the abort goes out with the bumped epoch, so the fenced producer's writes are refused.
          metadata.pendingState = undefined;
          metadata.producerEpoch = producerEpoch;
        }
        return { coordinatorEpoch, transit: metadata.prepareAbortOrCommit(nextState, this.clock.now()) };
      }
      case TransactionState.CompleteCommit:
        return isCommit ? { error: ErrorCode.NONE } : this.invalidStateForResult(transactionalId, metadata.state, result);
      case TransactionState.CompleteAbort:
        return !isCommit ? { error: ErrorCode.NONE } : this.invalidStateForResult(transactionalId, metadata.state, result);
      case TransactionState.PrepareCommit:
        return isCommit ? { error: ErrorCode.CONCURRENT_TRANSACTIONS } : this.invalidStateForResult(transactionalId, metadata.state, result);
      case TransactionState.PrepareAbort:
        return !isCommit ? { error: ErrorCode.CONCURRENT_TRANSACTIONS } : this.invalidStateForResult(transactionalId, metadata.state, result);
      case TransactionState.Empty:
        return this.invalidStateForResult(transactionalId, metadata.state, result);
      default:
        return this.illegalState(transactionalId, metadata.state);
    }
  }

  /** The request's result does not fit the transaction's state (Kafka logs this at debug level only). */
  private invalidStateForResult(_transactionalId: string, _state: TransactionState, _result: TransactionResult): { error: number } {
    return { error: ErrorCode.INVALID_TXN_STATE };
  }

  private illegalState(transactionalId: string, state: TransactionState): never {
    const message = `Found transactionalId ${transactionalId} with state ${transactionStateName(state)}. This is illegal as we should never have transitioned to this state.`;
    this.logger.error(message);
    throw new IllegalTransactionStateError(message);
  }

  // ---- timeouts

  /** Aborts every Ongoing transaction past its timeout, fencing its producer (the marker carries epoch + 1). */
  async abortTimedOutTransactions(): Promise<void> {
    const aborts = this.stateManager.timedOutTransactions().map(async ({ transactionalId, producerId }) => {
      const lookup = this.stateManager.getTransactionState(transactionalId);
      if (lookup.error !== undefined || lookup.entry === undefined) return;
      const { metadata } = lookup.entry;
      if (metadata.producerId !== producerId) {
        this.logger.error(`Found incorrect producerId when expiring transactionalId: ${transactionalId}. Expected producerId: ${producerId}. Found producerId: ${metadata.producerId}`);
        return;
      }
      if (metadata.pendingTransitionInProgress) return;
      const fence = metadata.prepareFenceProducerEpoch();
      const error = await this.handleEndTransaction(transactionalId, fence.producerId, fence.producerEpoch, 'abort');
      if (error === ErrorCode.NONE) this.logger.info(`Completed rollback of ongoing transaction for transactionalId ${transactionalId} due to timeout`);
      // A producer that ended or fenced the transaction meanwhile cancels the rollback quietly.
      else if (error !== ErrorCode.INVALID_PRODUCER_ID_MAPPING && error !== ErrorCode.INVALID_PRODUCER_EPOCH && error !== ErrorCode.CONCURRENT_TRANSACTIONS) this.logger.warn(`Rollback of ongoing transaction for transactionalId ${transactionalId} failed due to error ${errorName(error)}`);
    });
    await Promise.all(aborts);
  }

  // ---- leadership of __transaction_state partitions

  /** This broker leads the partition at `coordinatorEpoch` (its leader epoch): load it, finish what was being completed. */
  onElection(partition: number, coordinatorEpoch: number): void {
    this.markers.removeMarkersForTxnTopicPartition(partition);
    void this.stateManager.loadTransactionsForPartition(partition, coordinatorEpoch).then((pending) => {
      for (const p of pending) this.markers.addTxnMarkersToSend(p.transactionalId, p.coordinatorEpoch, p.result, p.metadata, p.transit);
    });
  }

  onResignation(partition: number, coordinatorEpoch?: number): void {
    this.stateManager.removeTransactionsForPartition(partition, coordinatorEpoch);
    this.markers.removeMarkersForTxnTopicPartition(partition);
  }

  startup(): void {
    const every = (ms: number, task: () => Promise<unknown>, name: string) => {
      const timer = setInterval(() => {
        task().catch((error: Error) => this.logger.error(`Error in ${name}: ${error.stack ?? error}`));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.config.abortTimedOutTransactionsIntervalMs, () => this.abortTimedOutTransactions(), 'transaction-abort');
    every(this.config.removeExpiredTransactionalIdsIntervalMs, () => this.stateManager.removeExpiredTransactionalIds(), 'transactionalId-expiration');
    this.logger.info('[Transaction Coordinator] Startup complete.');
  }

  shutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.markers.shutdown();
    this.stateManager.shutdown();
  }
}
