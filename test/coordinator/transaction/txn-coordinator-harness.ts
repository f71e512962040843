// A transaction coordinator over real logs, for the transaction coordinator tests: the
// __transaction_state partitions are Logs on disk (appended to as the broker's coordinator log
// does, with the group coordinator harness's offsetsLogOn), and the partition leaders the markers
// go to are Logs on disk too. The marker transport does what a leader's WriteTxnMarkers does:
// it appends a COMMIT/ABORT control batch to the partition's log and answers with the error that
// append gave, so the data logs' producer state checks the markers' epochs for real. Time is a
// ManualClock; the marker channel's retry backoff is real time (100 ms).

import * as path from 'node:path';
import { silentLogger } from '../../../src/common/logger';
import { TransactionCoordinator, type ProducerIdGenerator } from '../../../src/coordinator/transaction/transaction-coordinator';
import { TransactionState, decodeTransactionLogKey, decodeTransactionLogValue, encodeTransactionLogKey, encodeTransactionLogValue, transactionStatePartitionFor, type TransactionLogValue } from '../../../src/coordinator/transaction/transaction-log';
import { TransactionLogReplay } from '../../../src/coordinator/transaction/transaction-log-replay';
import { TransactionMarkerChannel, type TxnMarkerTransport } from '../../../src/coordinator/transaction/transaction-marker-channel';
import type { TransactionMetadata } from '../../../src/coordinator/transaction/transaction-metadata';
import { TransactionStateManager, type TransactionStateConfig, type TransactionStateLog } from '../../../src/coordinator/transaction/transaction-state-manager';
import { AppendOrigin } from '../../../src/log';
import { Log } from '../../../src/log/log';
import { ErrorCode } from '../../../src/protocol/errors';
import type { WritableTxnMarker, WriteTxnMarkersResponse } from '../../../src/protocol/generated';
import { batchIsControl, batchProducerEpoch, batchProducerId } from '../../../src/protocol/records/batch-header';
import { ControlRecordType, buildControlBatch, decodeControlKey, decodeEndTxnMarkerValue } from '../../../src/protocol/records/control-record';
import { decodeRecords } from '../../../src/protocol/records/record';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { errorCodeOf } from '../../../src/server/replica-manager';
import { ManualClock } from '../../common/manual-clock';
import { config, splitBatches, tempDir } from '../../log/helpers';
import { offsetsLogOn, openOffsetsLog, yieldToIo, type TestOffsetsLog } from '../group/coordinator-harness';

/** Two partitions, so that a test can own one and not the other. */
export const TXN_STATE_PARTITIONS = 2;
export const MAX_TIMEOUT_MS = 900_000;
export const EXPIRATION_MS = 7 * 24 * 3600 * 1000;
/** The broker every data partition is led by (unless a test says otherwise). */
export const LEADER = 1;

/** The first transactional id `${prefix}-N` that lives in the given __transaction_state partition. */
export function transactionalIdOn(partition: number, prefix = 'txn'): string {
  for (let i = 0; ; i++) {
    const id = `${prefix}-${i}`;
    if (transactionStatePartitionFor(id, TXN_STATE_PARTITIONS) === partition) return id;
  }
}

/** Polls (real time) until the condition holds; fails the test after timeoutMs. */
export async function eventually(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// ---- __transaction_state

/** The __transaction_state partitions on disk, as the coordinator's TransactionStateLog. */
export class TxnStatePartitions {
  readonly dirs: string[];
  logs: Log[];
  /** Per partition: `leading` and `failNextWith` steer its appends (see TestOffsetsLog). */
  partitions: TestOffsetsLog[];

  constructor() {
    const root = tempDir('txn-state-');
    this.dirs = Array.from({ length: TXN_STATE_PARTITIONS }, (_, p) => path.join(root, `__transaction_state-${p}`));
    this.logs = this.dirs.map((dir) => openOffsetsLog(dir));
    this.partitions = this.logs.map(offsetsLogOn);
  }

  /** Runs once an append is in the log, before the coordinator hears back (a leadership change meanwhile). */
  afterAppend: ((partition: number) => void) | null = null;

  /** What the coordinator is given: each call goes to the partition's wrapper of the moment. */
  readonly stateLog: TransactionStateLog = {
    leaderLog: (p) => this.partitions[p].leaderLog(p),
    append: async (p, batch, acks, timeoutMs) => {
      const result = await this.partitions[p].append(p, batch, acks, timeoutMs);
      this.afterAppend?.(p);
      return result;
    },
  };

  /** Closes a partition's log and opens it again from its files, as a new leader would. */
  reopen(partition: number): void {
    this.logs[partition].close();
    this.logs[partition] = openOffsetsLog(this.dirs[partition]);
    this.partitions[partition] = offsetsLogOn(this.logs[partition]);
  }

  /** Every record of a partition in offset order: the id and its value (null for a tombstone). */
  records(partition: number): Array<{ transactionalId: string; value: TransactionLogValue | null }> {
    const log = this.logs[partition];
    return splitBatches(log.read(log.logStartOffset, 1 << 24).records)
      .filter((b) => !batchIsControl(b.bytes))
      .flatMap((b) => decodeRecords(b.bytes))
      .map((r) => ({ transactionalId: decodeTransactionLogKey(r.key!), value: r.value === null ? null : decodeTransactionLogValue(r.value) }));
  }

  close(): void {
    for (const log of this.logs) log.close();
  }
}

// ---- data partitions and their leader

export interface MarkerInLog {
  type: ControlRecordType;
  producerId: number;
  producerEpoch: number;
  coordinatorEpoch: number;
}

/** Data partitions on disk, and the transport that writes markers to them. */
export class DataPartitions implements TxnMarkerTransport {
  private readonly root = tempDir('txn-data-');
  readonly logs = new Map<string, Log>();
  /** A leader other than LEADER for a partition: -1 means no live leader, undefined that the topic is gone. */
  readonly leaders = new Map<string, number | undefined>();
  /** Answers given for a partition, one per marker, before its log is appended to. */
  readonly scriptedAnswers = new Map<string, number[]>();
  /** The next this many WriteTxnMarkers requests fail as an unreachable broker does. */
  rejectNextSends = 0;
  /** While set, requests get no answer (a broker that hangs). */
  hold = false;
  readonly sends: Array<{ brokerId: number; markers: WritableTxnMarker[] }> = [];

  create(topic: string, partition: number): Log {
    const log = Log.open({ dir: path.join(this.root, `${topic}-${partition}`), config: config() });
    this.logs.set(`${topic}-${partition}`, log);
    return log;
  }

  log(topic: string, partition: number): Log {
    const log = this.logs.get(`${topic}-${partition}`);
    if (log === undefined) throw new Error(`no data log ${topic}-${partition}`);
    return log;
  }

  partitionLeader(topic: string, partition: number): number | undefined {
    const key = `${topic}-${partition}`;
    if (this.leaders.has(key)) return this.leaders.get(key);
    return this.logs.has(key) ? LEADER : undefined;
  }

  async writeTxnMarkers(brokerId: number, markers: WritableTxnMarker[]): Promise<WriteTxnMarkersResponse> {
    this.sends.push({ brokerId, markers });
    if (this.hold) return new Promise<never>(() => undefined);
    if (this.rejectNextSends > 0) {
      this.rejectNextSends--;
      throw new Error(`connection to broker ${brokerId} refused`);
    }
    return {
      markers: markers.map((m) => ({
        producerId: m.producerId,
        topics: m.topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, errorCode: this.writeMarker(m, t.name, p) })) })),
      })),
    };
  }

  /** The leader's half of WriteTxnMarkers for one partition: append the control batch, answer its error. */
  private writeMarker(marker: WritableTxnMarker, topic: string, partition: number): number {
    const scripted = this.scriptedAnswers.get(`${topic}-${partition}`)?.shift();
    if (scripted !== undefined) return scripted;
    const log = this.logs.get(`${topic}-${partition}`);
    if (log === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const batch = buildControlBatch({
      type: marker.transactionResult ? ControlRecordType.Commit : ControlRecordType.Abort,
      coordinatorEpoch: marker.coordinatorEpoch,
      producerId: Number(marker.producerId),
      producerEpoch: marker.producerEpoch,
      timestamp: Date.now(),
    });
    try {
      log.appendAsLeader(batch, 0, { origin: AppendOrigin.Coordinator });
      log.updateHighWatermark(log.logEndOffset);
      return ErrorCode.NONE;
    } catch (error) {
      return errorCodeOf(error);
    }
  }

  /** A transactional producer's write to a data partition, as Produce appends it; answers the error code. */
  produce(topic: string, partition: number, producerId: number, producerEpoch: number, baseSequence: number): number {
    const batch = buildRecordBatch([{ value: Buffer.from(`v${baseSequence}`), timestamp: Date.now() }], { producerId, producerEpoch, baseSequence, transactional: true });
    try {
      const log = this.log(topic, partition);
      log.appendAsLeader(batch, 0);
      log.updateHighWatermark(log.logEndOffset);
      return ErrorCode.NONE;
    } catch (error) {
      return errorCodeOf(error);
    }
  }

  /** The transaction markers in a partition's log, in order. */
  markers(topic: string, partition: number): MarkerInLog[] {
    const log = this.log(topic, partition);
    return splitBatches(log.read(0, 1 << 24).records)
      .filter((b) => batchIsControl(b.bytes))
      .map((b) => {
        const [record] = decodeRecords(b.bytes);
        return { type: decodeControlKey(record.key), producerId: batchProducerId(b.bytes), producerEpoch: batchProducerEpoch(b.bytes), coordinatorEpoch: decodeEndTxnMarkerValue(record.value).coordinatorEpoch };
      });
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
  }
}

// ---- the coordinator

/** Producer ids handed out in order from 1000 (this broker's block of /latest_producer_id_block). */
export class CountingProducerIds implements ProducerIdGenerator {
  next = 1000;
  async generateProducerId(): Promise<number> {
    return this.next++;
  }
}

export interface TxnCoordinatorUnderTest {
  coordinator: TransactionCoordinator;
  stateManager: TransactionStateManager;
  channel: TransactionMarkerChannel;
  clock: ManualClock;
  producerIds: CountingProducerIds;
}

export function stateConfig(overrides: Partial<TransactionStateConfig> = {}): TransactionStateConfig {
  return {
    transactionStateLogNumPartitions: TXN_STATE_PARTITIONS,
    transactionMaxTimeoutMs: MAX_TIMEOUT_MS,
    transactionalIdExpirationMs: EXPIRATION_MS,
    // Small, so that loading a partition of a few records takes several reads (and turns of the event loop).
    transactionStateLogLoadBufferSize: 100,
    ...overrides,
  };
}

/** A coordinator as KafkaServer wires it (its periodic tasks are called by the tests, not by timers). */
export function newTxnCoordinator(state: TxnStatePartitions, data: DataPartitions, clock = new ManualClock(), producerIds = new CountingProducerIds()): TxnCoordinatorUnderTest {
  const stateManager = new TransactionStateManager(stateConfig(), state.stateLog, clock, silentLogger);
  const channel = new TransactionMarkerChannel(stateManager, data, silentLogger);
  const coordinator = new TransactionCoordinator(
    { abortTimedOutTransactionsIntervalMs: 10_000, removeExpiredTransactionalIdsIntervalMs: 3_600_000 },
    producerIds,
    stateManager,
    channel,
    clock,
    silentLogger,
  );
  return { coordinator, stateManager, channel, clock, producerIds };
}

/** This broker becomes leader of a __transaction_state partition at `coordinatorEpoch` and finishes loading it. */
export async function elected(t: TxnCoordinatorUnderTest, partition: number, coordinatorEpoch: number): Promise<void> {
  t.coordinator.onElection(partition, coordinatorEpoch);
  await eventually(() => t.stateManager.ownedPartitions().includes(partition));
  // The load hands its unfinished transactions to the channel in a continuation.
  await yieldToIo();
}

// ---- what each test sets up

/** The usual start: a coordinator leading __transaction_state-0 at COORDINATOR_EPOCH, data partitions t-0 and t-1. */
export const COORDINATOR_EPOCH = 3;
export const TXN_TIMEOUT_MS = 60_000;
export const T0 = { topic: 't', partition: 0 };
export const T1 = { topic: 't', partition: 1 };

export class TxnTestBed {
  readonly state = new TxnStatePartitions();
  readonly data = new DataPartitions();
  t: TxnCoordinatorUnderTest;

  constructor() {
    this.data.create('t', 0);
    this.data.create('t', 1);
    this.t = newTxnCoordinator(this.state, this.data);
  }

  get coordinator(): TransactionCoordinator {
    return this.t.coordinator;
  }

  get clock(): ManualClock {
    return this.t.clock;
  }

  /** Leads __transaction_state-`partition` and has loaded it. */
  elected(partition = 0, coordinatorEpoch = COORDINATOR_EPOCH): Promise<void> {
    return elected(this.t, partition, coordinatorEpoch);
  }

  /** InitProducerId then AddPartitions: an Ongoing transaction; answers the producer id and epoch. */
  async begin(transactionalId: string, partitions = [T0], timeoutMs = TXN_TIMEOUT_MS): Promise<{ producerId: number; producerEpoch: number }> {
    const init = await this.coordinator.handleInitProducerId(transactionalId, timeoutMs);
    if (init.errorCode !== ErrorCode.NONE) throw new Error(`InitProducerId answered ${init.errorCode}`);
    const added = await this.coordinator.handleAddPartitionsToTransaction(transactionalId, init.producerId, init.producerEpoch, partitions);
    if (added !== ErrorCode.NONE) throw new Error(`AddPartitionsToTxn answered ${added}`);
    return init;
  }

  /** The cached metadata of an id (throws when the coordinator has none or answers an error). */
  cached(transactionalId: string): TransactionMetadata {
    const lookup = this.t.stateManager.getTransactionState(transactionalId);
    if (lookup.error !== undefined || lookup.entry === undefined) throw new Error(`no cached metadata for ${transactionalId}: ${JSON.stringify(lookup)}`);
    return lookup.entry.metadata;
  }

  /** The id's state names in the order they were written to its __transaction_state partition ('tombstone' for null). */
  statesWritten(transactionalId: string, partition = 0): string[] {
    return this.state.records(partition).filter((r) => r.transactionalId === transactionalId).map((r) => (r.value === null ? 'tombstone' : TransactionState[r.value.state]));
  }

  /** What a new leader would load from the partition: the latest value of each id. */
  replayed(partition = 0): Map<string, TransactionLogValue> {
    const replay = new TransactionLogReplay();
    const log = this.state.logs[partition];
    replay.apply(log.read(log.logStartOffset, 1 << 24).records);
    return replay.transactions;
  }

  /** Waits until the id reached `state` with no transition pending (its markers are written and completed). */
  settled(transactionalId: string, state: TransactionState): Promise<void> {
    return eventually(() => {
      const m = this.cached(transactionalId);
      return m.state === state && !m.pendingTransitionInProgress;
    });
  }

  /** Appends __transaction_state records as an earlier coordinator did, one batch each. */
  async writeStateRecords(partition: number, entries: Array<[string, TransactionLogValue | null]>): Promise<void> {
    for (const [transactionalId, value] of entries) {
      const batch = buildRecordBatch([{ key: encodeTransactionLogKey(transactionalId), value: value === null ? null : encodeTransactionLogValue(value), timestamp: this.clock.now() }]);
      const { errorCode } = await this.state.partitions[partition].append(partition, batch, -1, 5000);
      if (errorCode !== ErrorCode.NONE) throw new Error(`append answered ${errorCode}`);
    }
  }

  close(): void {
    this.t.coordinator.shutdown();
    this.state.close();
    this.data.close();
  }
}
