// TransactionMetadata's state machine on its own: which transitions each prepare* method accepts
// from which state (the table is written out here from Kafka 2.4.1's validPreviousStates, so a
// change to the code's table shows up), the pending state that blocks a second transition, and
// the invariants completeTransitionTo holds a written transition to.

import { TransactionState } from '../../../src/coordinator/transaction/transaction-log';
import {
  IllegalTransactionStateError,
  TransactionMetadata,
  transitToLogValue,
  type TxnPartition,
  type TxnTransitMetadata,
} from '../../../src/coordinator/transaction/transaction-metadata';

const { Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence } = TransactionState;
const ALL_STATES = [Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, Dead, PrepareEpochFence];

const PRODUCER_ID = 7000;
const TIMEOUT = 60_000;
const START = 1_000;
const NOW = 5_000;
const A0 = { topic: 'a', partition: 0 };
const A2 = { topic: 'a', partition: 2 };
const B1 = { topic: 'b', partition: 1 };

/** Metadata as the cache would hold it in `state`: partitions and a start time only where the state has them. */
function metadataIn(state: TransactionState, opts: { epoch?: number; partitions?: TxnPartition[] } = {}): TransactionMetadata {
  const inTransaction = state !== Empty && state !== Dead;
  const partitions = opts.partitions ?? (state === Ongoing || state === PrepareCommit || state === PrepareAbort || state === PrepareEpochFence ? [A0, B1] : []);
  return new TransactionMetadata('txn', PRODUCER_ID, opts.epoch ?? 5, TIMEOUT, state, partitions, inTransaction ? START : -1, START);
}

const name = (s: TransactionState) => TransactionState[s];

describe('TransactionMetadata: the transition table', () => {
  // Each prepare method, the state it moves to, and the states Kafka allows it from.
  const table: Array<{ method: string; target: string; from: TransactionState[]; prepare: (m: TransactionMetadata) => TxnTransitMetadata }> = [
    { method: 'prepareIncrementProducerEpoch', target: 'Empty', from: [Empty, CompleteCommit, CompleteAbort], prepare: (m) => m.prepareIncrementProducerEpoch(TIMEOUT, NOW) },
    { method: 'prepareProducerIdRotation', target: 'Empty', from: [Empty, CompleteCommit, CompleteAbort], prepare: (m) => m.prepareProducerIdRotation(PRODUCER_ID + 1, TIMEOUT, NOW) },
    { method: 'prepareAddPartitions', target: 'Ongoing', from: [Ongoing, Empty, CompleteCommit, CompleteAbort], prepare: (m) => m.prepareAddPartitions([A2], NOW) },
    { method: 'prepareAbortOrCommit(PrepareCommit)', target: 'PrepareCommit', from: [Ongoing], prepare: (m) => m.prepareAbortOrCommit(PrepareCommit, NOW) },
    { method: 'prepareAbortOrCommit(PrepareAbort)', target: 'PrepareAbort', from: [Ongoing, PrepareEpochFence], prepare: (m) => m.prepareAbortOrCommit(PrepareAbort, NOW) },
    // CompleteCommit from PrepareCommit, CompleteAbort from PrepareAbort; anything else aims at CompleteAbort and is refused.
    { method: 'prepareComplete', target: 'CompleteCommit/CompleteAbort', from: [PrepareCommit, PrepareAbort], prepare: (m) => m.prepareComplete(NOW) },
    { method: 'prepareDead', target: 'Dead', from: [Empty, CompleteAbort, CompleteCommit], prepare: (m) => m.prepareDead() },
    { method: 'prepareFenceProducerEpoch', target: 'PrepareEpochFence', from: [Ongoing], prepare: (m) => m.prepareFenceProducerEpoch() },
  ];

  for (const { method, target, from, prepare } of table) {
    describe(`${method} (to ${target})`, () => {
      for (const state of ALL_STATES) {
        if (from.includes(state)) {
          it(`is legal from ${name(state)} and leaves the target pending`, () => {
            const m = metadataIn(state);
            const transit = prepare(m);
            expect(m.pendingState).toBe(transit.txnState);
            expect(m.state).toBe(state); // nothing applies before the write
          });
        } else {
          it(`is refused from ${name(state)}, with nothing left pending`, () => {
            const m = metadataIn(state);
            expect(() => prepare(m)).toThrow(IllegalTransactionStateError);
            expect(m.pendingState).toBeUndefined();
            expect(m.state).toBe(state);
          });
        }
      }
    });
  }

  it('prepareComplete picks CompleteCommit after PrepareCommit and CompleteAbort after PrepareAbort', () => {
    expect(metadataIn(PrepareCommit).prepareComplete(NOW).txnState).toBe(CompleteCommit);
    expect(metadataIn(PrepareAbort).prepareComplete(NOW).txnState).toBe(CompleteAbort);
  });

  it('names both states in the refusal, as Kafka does', () => {
    expect(() => metadataIn(Empty).prepareAbortOrCommit(PrepareCommit, NOW)).toThrow(
      'Preparing transaction state transition to PrepareCommit failed since the target state PrepareCommit is not a valid previous state of the current state Empty',
    );
  });
});

describe('TransactionMetadata: the pending state', () => {
  it('blocks a second prepare, even a legal one, until the first completes', () => {
    const m = metadataIn(Ongoing);
    const add = m.prepareAddPartitions([A2], NOW);
    expect(() => m.prepareAddPartitions([A2], NOW)).toThrow(IllegalTransactionStateError);
    expect(() => m.prepareAbortOrCommit(PrepareCommit, NOW)).toThrow(/while it already a pending state Some\(Ongoing\)/);
    expect(m.pendingTransitionInProgress).toBe(true);

    m.completeTransitionTo(add);
    expect(m.pendingTransitionInProgress).toBe(false);
    expect(m.prepareAbortOrCommit(PrepareCommit, NOW).txnState).toBe(PrepareCommit);
  });

  it('is not set by prepareNoTransit, which describes the metadata as it is', () => {
    const m = metadataIn(Ongoing);
    expect(m.prepareNoTransit()).toEqual({ producerId: PRODUCER_ID, producerEpoch: 5, txnTimeoutMs: TIMEOUT, txnState: Ongoing, topicPartitions: [A0, B1], txnStartTimestamp: START, txnLastUpdateTimestamp: START });
    expect(m.pendingState).toBeUndefined();
  });

  it('refuses a negative producer id', () => {
    expect(() => metadataIn(Empty).prepareProducerIdRotation(-1, TIMEOUT, NOW)).toThrow('Illegal new producer id -1');
  });
});

describe('TransactionMetadata.completeTransitionTo', () => {
  /** Prepares with `prepare`, then completes a copy of the transit changed by `tamper`. */
  function completeTampered(m: TransactionMetadata, prepare: (m: TransactionMetadata) => TxnTransitMetadata, tamper: Partial<TxnTransitMetadata>): () => void {
    const transit = prepare(m);
    return () => m.completeTransitionTo({ ...transit, ...tamper });
  }

  it('needs a pending state, and one equal to the transit\'s', () => {
    const m = metadataIn(Ongoing);
    expect(() => m.completeTransitionTo(m.prepareNoTransit())).toThrow('completing transaction state transition while it does not have a pending state');
    expect(completeTampered(m, (x) => x.prepareAbortOrCommit(PrepareCommit, NOW), { txnState: PrepareAbort })).toThrow(IllegalTransactionStateError);
    expect(m.state).toBe(Ongoing);
  });

  describe('to Empty (InitProducerId)', () => {
    it('takes the epoch + 1, the new timeout and the update time', () => {
      const m = metadataIn(CompleteCommit);
      m.completeTransitionTo(m.prepareIncrementProducerEpoch(30_000, NOW));
      expect([m.state, m.producerEpoch, m.txnTimeoutMs, m.txnLastUpdateTimestamp, m.pendingState]).toEqual([Empty, 6, 30_000, NOW, undefined]);
    });

    it('accepts the same epoch, epoch 0 with a new producer id, and refuses other jumps', () => {
      const same = metadataIn(Empty);
      same.completeTransitionTo({ ...same.prepareIncrementProducerEpoch(TIMEOUT, NOW), producerEpoch: 5 });
      expect(same.producerEpoch).toBe(5);

      const rotated = metadataIn(Empty);
      rotated.completeTransitionTo(rotated.prepareProducerIdRotation(PRODUCER_ID + 1, TIMEOUT, NOW));
      expect([rotated.producerId, rotated.producerEpoch]).toEqual([PRODUCER_ID + 1, 0]);

      expect(completeTampered(metadataIn(Empty), (x) => x.prepareIncrementProducerEpoch(TIMEOUT, NOW), { producerEpoch: 7 })).toThrow(IllegalTransactionStateError);
      // Epoch 0 is a bump only with a new producer id.
      expect(completeTampered(metadataIn(Empty), (x) => x.prepareIncrementProducerEpoch(TIMEOUT, NOW), { producerEpoch: 0 })).toThrow(IllegalTransactionStateError);
    });

    it('refuses partitions or a start time', () => {
      expect(completeTampered(metadataIn(Empty), (x) => x.prepareIncrementProducerEpoch(TIMEOUT, NOW), { topicPartitions: [A0] })).toThrow(IllegalTransactionStateError);
      expect(completeTampered(metadataIn(Empty), (x) => x.prepareIncrementProducerEpoch(TIMEOUT, NOW), { txnStartTimestamp: NOW })).toThrow(IllegalTransactionStateError);
    });
  });

  describe('to Ongoing (AddPartitions)', () => {
    it('adds the partitions; a transaction starts at the first add and keeps its start time after', () => {
      const m = metadataIn(Empty);
      m.completeTransitionTo(m.prepareAddPartitions([A0], NOW));
      expect([m.state, m.txnStartTimestamp, m.topicPartitions]).toEqual([Ongoing, NOW, [A0]]);
      m.completeTransitionTo(m.prepareAddPartitions([B1, A0], NOW + 10));
      expect([m.txnStartTimestamp, m.txnLastUpdateTimestamp, m.topicPartitions]).toEqual([NOW, NOW + 10, [A0, B1]]);
    });

    it('refuses a transit that drops a partition already in the transaction', () => {
      const m = metadataIn(Ongoing);
      expect(completeTampered(m, (x) => x.prepareAddPartitions([A2], NOW), { topicPartitions: [A0, A2] })).toThrow(IllegalTransactionStateError);
      expect(m.topicPartitions).toEqual([A0, B1]);
    });

    it('refuses another producer epoch, another timeout, an earlier start', () => {
      for (const tamper of [{ producerEpoch: 6 }, { producerId: PRODUCER_ID + 1 }, { txnTimeoutMs: TIMEOUT + 1 }, { txnStartTimestamp: START - 1 }]) {
        expect(completeTampered(metadataIn(Ongoing), (x) => x.prepareAddPartitions([A2], NOW), tamper)).toThrow(IllegalTransactionStateError);
      }
    });
  });

  describe('to PrepareCommit / PrepareAbort (EndTxn)', () => {
    it('applies with exactly the transaction\'s partitions, which stay', () => {
      const m = metadataIn(Ongoing);
      m.completeTransitionTo(m.prepareAbortOrCommit(PrepareAbort, NOW));
      expect([m.state, m.topicPartitions, m.txnLastUpdateTimestamp]).toEqual([PrepareAbort, [A0, B1], NOW]);
    });

    it('refuses a subset, a superset, another start time or epoch', () => {
      for (const tamper of [{ topicPartitions: [A0] }, { topicPartitions: [A0, B1, A2] }, { topicPartitions: [A0, A2] }, { txnStartTimestamp: START + 1 }, { producerEpoch: 6 }]) {
        expect(completeTampered(metadataIn(Ongoing), (x) => x.prepareAbortOrCommit(PrepareCommit, NOW), tamper)).toThrow(IllegalTransactionStateError);
      }
    });
  });

  describe('to CompleteCommit / CompleteAbort (markers written)', () => {
    it('clears the partitions and keeps the start time', () => {
      const m = metadataIn(PrepareCommit);
      m.completeTransitionTo(m.prepareComplete(NOW));
      expect([m.state, m.topicPartitions, m.txnStartTimestamp, m.txnLastUpdateTimestamp]).toEqual([CompleteCommit, [], START, NOW]);
    });

    it('refuses a transit without a start time or with another epoch', () => {
      expect(completeTampered(metadataIn(PrepareAbort), (x) => x.prepareComplete(NOW), { txnStartTimestamp: -1 })).toThrow(IllegalTransactionStateError);
      expect(completeTampered(metadataIn(PrepareAbort), (x) => x.prepareComplete(NOW), { producerEpoch: 6 })).toThrow(IllegalTransactionStateError);
    });
  });

  it('refuses to complete Dead (an expired id leaves the cache instead) and PrepareEpochFence', () => {
    const dead = metadataIn(CompleteCommit);
    const transit = dead.prepareDead();
    expect(() => dead.completeTransitionTo(transit)).toThrow(/trying to complete a transition to Dead/);
    expect(dead.state).toBe(CompleteCommit);

    const fenced = metadataIn(Ongoing);
    expect(completeTampered(fenced, (x) => x.prepareFenceProducerEpoch(), {})).toThrow(IllegalTransactionStateError);
    expect(fenced.producerEpoch).toBe(5);
  });
});

describe('TransactionMetadata: producer epochs and ids', () => {
  it('gives a fresh id epoch 0 at its first InitProducerId', () => {
    const m = TransactionMetadata.fresh('txn', PRODUCER_ID, TIMEOUT, NOW);
    expect([m.producerEpoch, m.state, m.txnStartTimestamp]).toEqual([-1, Empty, -1]);
    const transit = m.prepareIncrementProducerEpoch(TIMEOUT, NOW + 1);
    expect(transit.producerEpoch).toBe(0);
    m.completeTransitionTo(transit);
    expect(m.producerEpoch).toBe(0);
  });

  it('fences with epoch + 1, keeping the partitions, up to Short.MaxValue and not past it', () => {
    const m = metadataIn(Ongoing, { epoch: 32766 });
    expect(m.prepareFenceProducerEpoch()).toMatchObject({ producerEpoch: 32767, txnState: PrepareEpochFence, topicPartitions: [A0, B1] });
    expect(() => metadataIn(Ongoing, { epoch: 32767 }).prepareFenceProducerEpoch()).toThrow('Cannot fence producer with epoch equal to Short.MaxValue since this would overflow');
  });

  it('counts epochs from 32766 as exhausted: no more increments, only a new producer id', () => {
    const last = metadataIn(Empty, { epoch: 32765 });
    expect(last.isProducerEpochExhausted).toBe(false);
    expect(last.prepareIncrementProducerEpoch(TIMEOUT, NOW).producerEpoch).toBe(32766);

    for (const epoch of [32766, 32767]) {
      const m = metadataIn(CompleteAbort, { epoch });
      expect(m.isProducerEpochExhausted).toBe(true);
      expect(() => m.prepareIncrementProducerEpoch(TIMEOUT, NOW)).toThrow(`Cannot allocate any more producer epochs for producerId ${PRODUCER_ID}`);
      expect(m.prepareProducerIdRotation(PRODUCER_ID + 1, TIMEOUT, NOW)).toMatchObject({ producerId: PRODUCER_ID + 1, producerEpoch: 0, txnState: Empty });
    }
  });

  it('rotates the producer id to epoch 0 with the new timeout, and not while a transaction is open', () => {
    const m = metadataIn(CompleteCommit, { epoch: 32766 });
    m.completeTransitionTo(m.prepareProducerIdRotation(PRODUCER_ID + 50, 10_000, NOW));
    expect([m.producerId, m.producerEpoch, m.txnTimeoutMs, m.state, m.txnStartTimestamp]).toEqual([PRODUCER_ID + 50, 0, 10_000, Empty, START]);
    for (const state of [Ongoing, PrepareCommit, PrepareAbort]) {
      expect(() => metadataIn(state).prepareProducerIdRotation(PRODUCER_ID + 1, TIMEOUT, NOW)).toThrow('Cannot rotate producer ids while a transaction is still pending');
    }
  });
});

describe('TransactionMetadata.removePartition', () => {
  it('removes a partition whose marker was written, in PrepareCommit and PrepareAbort only', () => {
    for (const state of [PrepareCommit, PrepareAbort]) {
      const m = metadataIn(state);
      m.removePartition('b', 1);
      expect(m.topicPartitions).toEqual([A0]);
      expect(m.hasPartition('b', 1)).toBe(false);
    }
    for (const state of [Ongoing, Empty, CompleteCommit, CompleteAbort, PrepareEpochFence]) {
      const m = metadataIn(state);
      expect(() => m.removePartition('a', 0)).toThrow(IllegalTransactionStateError);
      expect(m.topicPartitions).toEqual(metadataIn(state).topicPartitions);
    }
  });
});

describe('transitToLogValue', () => {
  it('groups partitions by topic, topics in first-seen order', () => {
    const m = metadataIn(Ongoing, { partitions: [A0, B1, A2] });
    expect(transitToLogValue(m.prepareAbortOrCommit(PrepareCommit, NOW))).toEqual({
      producerId: PRODUCER_ID,
      producerEpoch: 5,
      transactionTimeoutMs: TIMEOUT,
      state: PrepareCommit,
      partitions: [
        { topic: 'a', partitions: [0, 2] },
        { topic: 'b', partitions: [1] },
      ],
      lastUpdateTimestamp: NOW,
      startTimestamp: START,
    });
  });

  it('comes back through fromLogValue with the same fields (the partitions as a set: grouping reorders them)', () => {
    const m = metadataIn(Ongoing, { partitions: [A0, B1, A2] });
    const back = TransactionMetadata.fromLogValue('txn', transitToLogValue(m.prepareNoTransit()));
    const fields = (x: TransactionMetadata) => [x.producerId, x.producerEpoch, x.txnTimeoutMs, x.state, x.txnStartTimestamp, x.txnLastUpdateTimestamp];
    expect(fields(back)).toEqual(fields(m));
    expect(new Set(back.topicPartitions.map((tp) => `${tp.topic}-${tp.partition}`))).toEqual(new Set(['a-0', 'b-1', 'a-2']));
  });
});
