// One transactional id's state at its coordinator (Kafka's TransactionMetadata): the producer id
// and epoch, the state machine, the partitions of the ongoing transaction and its timestamps.
//
// Every change goes in two steps, as in Kafka: prepare* checks the transition against the table
// of legal previous states and records it as pending (so a concurrent request sees
// CONCURRENT_TRANSACTIONS), the transit is written to __transaction_state, and only once that
// write is replicated does completeTransitionTo apply it. A failed write drops the pending state.

import { TransactionState, transactionStateName, type TransactionLogValue, type TransactionTopicPartitions } from './transaction-log';

const { Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence } = TransactionState;

/** TransactionMetadata.validPreviousStates: the states each state may be entered from. */
const VALID_PREVIOUS_STATES: Record<TransactionState, readonly TransactionState[]> = {
  [Empty]: [Empty, CompleteCommit, CompleteAbort],
  [Ongoing]: [Ongoing, Empty, CompleteCommit, CompleteAbort],
  [PrepareCommit]: [Ongoing],
  [PrepareAbort]: [Ongoing, PrepareEpochFence],
  [CompleteCommit]: [PrepareCommit],
  [CompleteAbort]: [PrepareAbort],
  [Dead]: [Empty, CompleteAbort, CompleteCommit],
  [PrepareEpochFence]: [Ongoing],
};

/** What EndTxn asks for and the markers say. */
export type TransactionResult = 'commit' | 'abort';

export const NO_PRODUCER_EPOCH = -1;
const SHORT_MAX = 32767;

/** A partition of a transaction, as `topic-partition` (the form Kafka prints). */
export type TxnPartitionKey = string;

export const txnPartitionKey = (topic: string, partition: number): TxnPartitionKey => `${topic}-${partition}`;

export interface TxnPartition {
  topic: string;
  partition: number;
}

/** The target of a transition (Kafka's TxnTransitMetadata): what is written to the log. */
export interface TxnTransitMetadata {
  producerId: number;
  producerEpoch: number;
  txnTimeoutMs: number;
  txnState: TransactionState;
  topicPartitions: TxnPartition[];
  txnStartTimestamp: number;
  txnLastUpdateTimestamp: number;
}

/** A broken invariant of the state machine: Kafka logs it as fatal and throws IllegalStateException. */
export class IllegalTransactionStateError extends Error {
  override readonly name = 'IllegalTransactionStateError';
}

export class TransactionMetadata {
  pendingState: TransactionState | undefined = undefined;
  private readonly partitions = new Map<TxnPartitionKey, TxnPartition>();

  constructor(
    readonly transactionalId: string,
    public producerId: number,
    public producerEpoch: number,
    public txnTimeoutMs: number,
    public state: TransactionState,
    topicPartitions: readonly TxnPartition[],
    public txnStartTimestamp: number,
    public txnLastUpdateTimestamp: number,
  ) {
    for (const tp of topicPartitions) this.partitions.set(txnPartitionKey(tp.topic, tp.partition), tp);
  }

  /** A transactional id seen for the first time: Empty, no epoch yet (the first InitProducerId makes it 0). */
  static fresh(transactionalId: string, producerId: number, txnTimeoutMs: number, now: number): TransactionMetadata {
    return new TransactionMetadata(transactionalId, producerId, NO_PRODUCER_EPOCH, txnTimeoutMs, Empty, [], -1, now);
  }

  static fromLogValue(transactionalId: string, value: TransactionLogValue): TransactionMetadata {
    const partitions = value.partitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
    return new TransactionMetadata(transactionalId, value.producerId, value.producerEpoch, value.transactionTimeoutMs, value.state, partitions, value.startTimestamp, value.lastUpdateTimestamp);
  }

  get topicPartitions(): TxnPartition[] {
    return [...this.partitions.values()];
  }

  hasPartition(topic: string, partition: number): boolean {
    return this.partitions.has(txnPartitionKey(topic, partition));
  }

  get pendingTransitionInProgress(): boolean {
    return this.pendingState !== undefined;
  }

  /** Kafka refuses Short.MaxValue so that the coordinator can always fence once more. */
  get isProducerEpochExhausted(): boolean {
    return this.producerEpoch >= SHORT_MAX - 1;
  }

  /** A marker for this partition was written: it leaves the transaction. */
  removePartition(topic: string, partition: number): void {
    if (this.state !== PrepareCommit && this.state !== PrepareAbort) {
      throw new IllegalTransactionStateError(`Transaction metadata's current state is ${transactionStateName(this.state)}, and its pending state is ${this.pendingName()} while trying to remove partitions whose txn marker has been sent, this is not expected`);
    }
    this.partitions.delete(txnPartitionKey(topic, partition));
  }

  // ---- prepare: check a transition and mark it pending

  prepareNoTransit(): TxnTransitMetadata {
    return this.transit(this.state, this.producerId, this.producerEpoch, this.txnTimeoutMs, this.topicPartitions, this.txnStartTimestamp, this.txnLastUpdateTimestamp);
  }

  prepareFenceProducerEpoch(): TxnTransitMetadata {
    if (this.producerEpoch === SHORT_MAX) throw new IllegalTransactionStateError('Cannot fence producer with epoch equal to Short.MaxValue since this would overflow');
    return this.prepareTransitionTo(PrepareEpochFence, this.producerId, this.producerEpoch + 1, this.txnTimeoutMs, this.topicPartitions, this.txnStartTimestamp, this.txnLastUpdateTimestamp);
  }

  prepareIncrementProducerEpoch(newTxnTimeoutMs: number, now: number): TxnTransitMetadata {
    if (this.isProducerEpochExhausted) throw new IllegalTransactionStateError(`Cannot allocate any more producer epochs for producerId ${this.producerId}`);
    const nextEpoch = this.producerEpoch === NO_PRODUCER_EPOCH ? 0 : this.producerEpoch + 1;
    return this.prepareTransitionTo(Empty, this.producerId, nextEpoch, newTxnTimeoutMs, [], -1, now);
  }

  prepareProducerIdRotation(newProducerId: number, newTxnTimeoutMs: number, now: number): TxnTransitMetadata {
    if (this.state === Ongoing || this.state === PrepareAbort || this.state === PrepareCommit) {
      throw new IllegalTransactionStateError('Cannot rotate producer ids while a transaction is still pending');
    }
    return this.prepareTransitionTo(Empty, newProducerId, 0, newTxnTimeoutMs, [], -1, now);
  }

  prepareAddPartitions(added: readonly TxnPartition[], now: number): TxnTransitMetadata {
    const startsTransaction = this.state === Empty || this.state === CompleteAbort || this.state === CompleteCommit;
    const all = new Map(this.partitions);
    for (const tp of added) all.set(txnPartitionKey(tp.topic, tp.partition), tp);
    return this.prepareTransitionTo(Ongoing, this.producerId, this.producerEpoch, this.txnTimeoutMs, [...all.values()], startsTransaction ? now : this.txnStartTimestamp, now);
  }

  prepareAbortOrCommit(newState: TransactionState.PrepareCommit | TransactionState.PrepareAbort, now: number): TxnTransitMetadata {
    return this.prepareTransitionTo(newState, this.producerId, this.producerEpoch, this.txnTimeoutMs, this.topicPartitions, this.txnStartTimestamp, now);
  }

  prepareComplete(now: number): TxnTransitMetadata {
    const newState = this.state === PrepareCommit ? CompleteCommit : CompleteAbort;
    return this.prepareTransitionTo(newState, this.producerId, this.producerEpoch, this.txnTimeoutMs, [], this.txnStartTimestamp, now);
  }

  prepareDead(): TxnTransitMetadata {
    return this.prepareTransitionTo(Dead, this.producerId, this.producerEpoch, this.txnTimeoutMs, [], this.txnStartTimestamp, this.txnLastUpdateTimestamp);
  }

  private prepareTransitionTo(
    newState: TransactionState,
    newProducerId: number,
    newEpoch: number,
    newTxnTimeoutMs: number,
    newPartitions: TxnPartition[],
    newTxnStartTimestamp: number,
    now: number,
  ): TxnTransitMetadata {
    if (this.pendingState !== undefined) {
      throw new IllegalTransactionStateError(`Preparing transaction state transition to ${transactionStateName(newState)} while it already a pending state ${this.pendingName()}`);
    }
    if (newProducerId < 0) throw new IllegalTransactionStateError(`Illegal new producer id ${newProducerId}`);
    if (newEpoch < 0) throw new IllegalTransactionStateError(`Illegal new producer epoch ${newEpoch}`);
    if (!VALID_PREVIOUS_STATES[newState].includes(this.state)) {
      throw new IllegalTransactionStateError(`Preparing transaction state transition to ${transactionStateName(newState)} failed since the target state ${transactionStateName(newState)} is not a valid previous state of the current state ${transactionStateName(this.state)}`);
    }
    this.pendingState = newState;
    return this.transit(newState, newProducerId, newEpoch, newTxnTimeoutMs, newPartitions, newTxnStartTimestamp, now);
  }

  private transit(txnState: TransactionState, producerId: number, producerEpoch: number, txnTimeoutMs: number, topicPartitions: TxnPartition[], txnStartTimestamp: number, txnLastUpdateTimestamp: number): TxnTransitMetadata {
    return { producerId, producerEpoch, txnTimeoutMs, txnState, topicPartitions, txnStartTimestamp, txnLastUpdateTimestamp };
  }

  // ---- complete: apply a transition once it is in the log

  /** Applies a prepared transition after its write succeeded; the checks are Kafka's invariants. */
  completeTransitionTo(transit: TxnTransitMetadata): void {
    const toState = this.pendingState;
    if (toState === undefined) throw new IllegalTransactionStateError(`TransactionalId ${this.transactionalId} completing transaction state transition while it does not have a pending state`);
    if (toState !== transit.txnState) this.transitionFailure(transit);
    const sameProducer = transit.producerEpoch === this.producerEpoch && transit.producerId === this.producerId;
    switch (toState) {
      case Empty: {
        const epochBump = transit.producerEpoch === this.producerEpoch + 1 || (transit.producerEpoch === 0 && transit.producerId !== this.producerId);
        if ((transit.producerEpoch !== this.producerEpoch && !epochBump) || transit.topicPartitions.length > 0 || transit.txnStartTimestamp !== -1) this.transitionFailure(transit);
        this.txnTimeoutMs = transit.txnTimeoutMs;
        this.producerEpoch = transit.producerEpoch;
        this.producerId = transit.producerId;
        break;
      }
      case Ongoing:
        if (!sameProducer || !this.topicPartitions.every((tp) => transit.topicPartitions.some((t) => t.topic === tp.topic && t.partition === tp.partition)) || this.txnTimeoutMs !== transit.txnTimeoutMs || this.txnStartTimestamp > transit.txnStartTimestamp) {
          this.transitionFailure(transit);
        }
        this.txnStartTimestamp = transit.txnStartTimestamp;
        for (const tp of transit.topicPartitions) this.partitions.set(txnPartitionKey(tp.topic, tp.partition), tp);
        break;
      case PrepareAbort:
      case PrepareCommit:
        if (!sameProducer || transit.topicPartitions.length !== this.partitions.size || !transit.topicPartitions.every((t) => this.hasPartition(t.topic, t.partition)) || this.txnTimeoutMs !== transit.txnTimeoutMs || this.txnStartTimestamp !== transit.txnStartTimestamp) {
          this.transitionFailure(transit);
        }
        break;
      case CompleteAbort:
      case CompleteCommit:
        if (!sameProducer || this.txnTimeoutMs !== transit.txnTimeoutMs || transit.txnStartTimestamp === -1) this.transitionFailure(transit);
        this.txnStartTimestamp = transit.txnStartTimestamp;
        this.partitions.clear();
        break;
      case PrepareEpochFence:
        this.transitionFailure(transit);
        break;
      case Dead:
        throw new IllegalTransactionStateError(`TransactionalId ${this.transactionalId} is trying to complete a transition to Dead: an expiring id is removed from the cache, not written as Dead`);
    }
    this.txnLastUpdateTimestamp = transit.txnLastUpdateTimestamp;
    this.pendingState = undefined;
    this.state = toState;
  }

  private transitionFailure(transit: TxnTransitMetadata): never {
    throw new IllegalTransactionStateError(`TransactionalId ${this.transactionalId} failed transition to state ${describeTransit(transit)} due to unexpected metadata ${this.describe()}`);
  }

  private pendingName(): string {
    return this.pendingState === undefined ? 'None' : `Some(${transactionStateName(this.pendingState)})`;
  }

  describe(): string {
    return `TransactionMetadata(transactionalId=${this.transactionalId}, producerId=${this.producerId}, producerEpoch=${this.producerEpoch}, txnTimeoutMs=${this.txnTimeoutMs}, state=${transactionStateName(this.state)}, pendingState=${this.pendingName()}, topicPartitions=${describePartitions(this.topicPartitions)}, txnStartTimestamp=${this.txnStartTimestamp}, txnLastUpdateTimestamp=${this.txnLastUpdateTimestamp})`;
  }
}

export function describeTransit(t: TxnTransitMetadata): string {
  return `TxnTransitMetadata(producerId=${t.producerId}, producerEpoch=${t.producerEpoch}, txnTimeoutMs=${t.txnTimeoutMs}, txnState=${transactionStateName(t.txnState)}, topicPartitions=${describePartitions(t.topicPartitions)}, txnStartTimestamp=${t.txnStartTimestamp}, txnLastUpdateTimestamp=${t.txnLastUpdateTimestamp})`;
}

const describePartitions = (tps: readonly TxnPartition[]) => `Set(${tps.map((tp) => txnPartitionKey(tp.topic, tp.partition)).join(', ')})`;

/** Partition numbers per topic, topics in first-seen order. */
export function partitionsByTopic(tps: readonly TxnPartition[]): Map<string, number[]> {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) {
    const list = byTopic.get(tp.topic);
    if (list === undefined) byTopic.set(tp.topic, [tp.partition]);
    else list.push(tp.partition);
  }
  return byTopic;
}

/** The __transaction_state value of a transit, partitions grouped by topic as Kafka writes them. */
export function transitToLogValue(t: TxnTransitMetadata): TransactionLogValue {
  const partitions: TransactionTopicPartitions[] = [...partitionsByTopic(t.topicPartitions)].map(([topic, ps]) => ({ topic, partitions: ps }));
  return {
    producerId: t.producerId,
    producerEpoch: t.producerEpoch,
    transactionTimeoutMs: t.txnTimeoutMs,
    state: t.txnState,
    partitions,
    lastUpdateTimestamp: t.txnLastUpdateTimestamp,
    startTimestamp: t.txnStartTimestamp,
  };
}
