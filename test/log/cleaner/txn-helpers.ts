// Helpers for the cleaner's transaction tests: a transactional producer writing to a log as the
// broker would (data as a client append, markers as the coordinator's), a read_committed
// consumer filtering what it reads as Kafka 2.4's Fetcher does, and a look at the stored batches.

import type { Log } from '../../../src/log/log';
import type { LogSegment } from '../../../src/log/log-segment';
import { AppendOrigin } from '../../../src/log/producer-state';
import {
  batchBaseOffset,
  batchIsControl,
  batchIsTransactional,
  batchLastOffset,
  batchProducerId,
  batchRecordCount,
  batchSize,
} from '../../../src/protocol/records/batch-header';
import { ControlRecordType, buildControlBatch, decodeControlKey } from '../../../src/protocol/records/control-record';
import { decodeRecords } from '../../../src/protocol/records/record';
import { kv, type Pair } from './helpers';

/** A producer with a producer id and epoch, writing batches with consecutive sequence numbers. */
export class TestProducer {
  private nextSequence = 0;

  constructor(
    private readonly log: Log,
    readonly producerId: number,
    private readonly timestamp: () => number,
    readonly producerEpoch = 0,
  ) {}

  /** One batch, part of the producer's current transaction; returns its first offset. */
  sendTransactional(pairs: Pair[]): number {
    return this.send(pairs, true);
  }

  /** One idempotent (non-transactional) batch; returns its first offset. */
  sendIdempotent(pairs: Pair[]): number {
    return this.send(pairs, false);
  }

  private send(pairs: Pair[], transactional: boolean): number {
    const batch = kv(pairs, this.timestamp(), { producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence: this.nextSequence, transactional });
    this.nextSequence += pairs.length;
    return this.log.appendAsLeader(batch, 0).firstOffset;
  }

  /** Writes the COMMIT marker, as the transaction coordinator has the leader do; returns its offset. */
  commit(): number {
    return this.marker(ControlRecordType.Commit);
  }

  /** Writes the ABORT marker; returns its offset. */
  abort(): number {
    return this.marker(ControlRecordType.Abort);
  }

  private marker(type: ControlRecordType): number {
    const batch = buildControlBatch({ type, coordinatorEpoch: 0, producerId: this.producerId, producerEpoch: this.producerEpoch, timestamp: this.timestamp() });
    return this.log.appendAsLeader(batch, 0, { origin: AppendOrigin.Coordinator }).firstOffset;
  }
}

export type Visible = [key: string, offset: number, value: string | null];

/**
 * What a read_committed consumer gets from the log start up to the last stable offset: fetches
 * with the aborted transactions listed, batches of aborted transactions dropped (a producer's
 * batches from an aborted transaction's first offset until its ABORT marker), control batches
 * skipped. Kafka 2.4's Fetcher, one fetch response at a time.
 */
export function readCommitted(log: Log): Visible[] {
  const out: Visible[] = [];
  let offset = log.logStartOffset;
  const end = log.lastStableOffset;
  while (offset < end) {
    const fetched = log.read(offset, 1 << 20, { maxOffset: end, minOneBatch: true, includeAbortedTxns: true });
    if (fetched.records.length === 0) break;
    const pending = [...(fetched.abortedTransactions ?? [])].sort((a, b) => a.firstOffset - b.firstOffset);
    const abortedProducers = new Set<number>();
    const buf = fetched.records;
    for (let p = 0; p < buf.length; p += batchSize(buf, p)) {
      const producerId = batchProducerId(buf, p);
      offset = batchLastOffset(buf, p) + 1;
      if (producerId >= 0) {
        while (pending.length > 0 && pending[0].firstOffset <= batchLastOffset(buf, p)) abortedProducers.add(pending.shift()!.producerId);
        if (isAbortMarker(buf, p)) abortedProducers.delete(producerId);
        else if (batchIsTransactional(buf, p) && abortedProducers.has(producerId)) continue;
      }
      if (batchIsControl(buf, p)) continue;
      for (const r of decodeRecords(buf, p)) {
        if (r.offset < log.logStartOffset) continue;
        out.push([r.key!.toString(), r.offset, r.value === null ? null : r.value.toString()]);
      }
    }
  }
  return out;
}

function isAbortMarker(buf: Buffer, p: number): boolean {
  if (!batchIsControl(buf, p) || batchRecordCount(buf, p) === 0) return false;
  return decodeControlKey(decodeRecords(buf, p)[0].key) === ControlRecordType.Abort;
}

/** The latest record of each key in `records` (what compaction must keep), in offset order. */
export function latestOfEachKey(records: Visible[]): Visible[] {
  const latest = new Map<string, Visible>();
  for (const r of records) latest.set(r[0], r);
  return [...latest.values()].sort((a, b) => a[1] - b[1]);
}

export interface StoredBatch {
  base: number;
  last: number;
  producerId: number;
  count: number;
  /** 'commit' / 'abort' for a marker, 'data' otherwise. */
  kind: 'commit' | 'abort' | 'data';
  values: (string | null)[];
}

/** Every batch stored in the segments, as the cleaner left them. */
export function storedBatches(segments: readonly LogSegment[]): StoredBatch[] {
  const out: StoredBatch[] = [];
  for (const segment of segments) {
    const buf = Buffer.alloc(segment.size);
    segment.readInto(buf, 0);
    for (let p = 0; p < buf.length; p += batchSize(buf, p)) {
      const records = decodeRecords(buf, p);
      let kind: StoredBatch['kind'] = 'data';
      if (batchIsControl(buf, p) && records.length > 0) kind = decodeControlKey(records[0].key) === ControlRecordType.Abort ? 'abort' : 'commit';
      out.push({
        base: batchBaseOffset(buf, p),
        last: batchLastOffset(buf, p),
        producerId: batchProducerId(buf, p),
        count: batchRecordCount(buf, p),
        kind,
        values: kind === 'data' ? records.map((r) => (r.value === null ? null : r.value.toString())) : [],
      });
    }
  }
  return out;
}

/** The markers still stored, as `kind@offset`. */
export function markers(segments: readonly LogSegment[]): string[] {
  return storedBatches(segments)
    .filter((b) => b.kind !== 'data')
    .map((b) => `${b.kind}@${b.base}`);
}
