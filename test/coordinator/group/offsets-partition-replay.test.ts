import { OffsetsPartitionReplay, OffsetsReplayError } from '../../../src/coordinator/group/offsets-partition-replay';
import type { OffsetAndMetadata, StoredGroup } from '../../../src/coordinator/group/offset-and-metadata';
import {
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from '../../../src/coordinator/group/offsets-topic-records';
import { compress } from '../../../src/protocol/compression';
import { CompressionType } from '../../../src/protocol/records/batch-header';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { buildRecordBatch, type BatchOptions, type RecordInput } from '../../../src/protocol/records/record-batch-builder';

const commit = (offset: number, extra: Partial<OffsetAndMetadata> = {}): OffsetAndMetadata => ({
  offset: BigInt(offset),
  leaderEpoch: -1,
  metadata: '',
  commitTimestamp: 1000 + offset,
  expireTimestamp: null,
  ...extra,
});

const group = (generation: number): StoredGroup => ({
  protocolType: 'consumer',
  generation,
  protocol: 'range',
  leader: 'm1',
  currentStateTimestamp: 5000,
  members: [
    {
      memberId: 'm1',
      groupInstanceId: null,
      clientId: 'c',
      clientHost: '/127.0.0.1',
      rebalanceTimeoutMs: 300000,
      sessionTimeoutMs: 10000,
      subscription: Buffer.from('sub'),
      assignment: Buffer.from('asg'),
    },
  ],
});

const offsetRecord = (g: string, t: string, p: number, v: OffsetAndMetadata | null): RecordInput => ({
  key: encodeOffsetCommitKey(g, t, p),
  value: v === null ? null : encodeOffsetCommitValue(v),
});

const groupRecord = (g: string, v: StoredGroup | null): RecordInput => ({
  key: encodeGroupMetadataKey(g),
  value: v === null ? null : encodeGroupMetadataValue(v),
});

/** Lays batches out back to back with consecutive offsets, as a log read returns them. */
function logOf(...batches: Array<{ records: RecordInput[]; options?: BatchOptions }>): Buffer {
  let next = 0;
  return Buffer.concat(
    batches.map(({ records, options }) => {
      const b = buildRecordBatch(records, { firstTimestamp: 1, ...options, baseOffset: next });
      next += records.length;
      return b;
    }),
  );
}

describe('OffsetsPartitionReplay', () => {
  it('keeps the latest offset per partition and the latest group', () => {
    const replay = new OffsetsPartitionReplay();
    replay.apply(
      logOf(
        { records: [offsetRecord('g', 't', 0, commit(1)), offsetRecord('g', 't', 1, commit(2)), groupRecord('g', group(1))] },
        { records: [offsetRecord('g', 't', 0, commit(5, { metadata: 'later', leaderEpoch: 3 })), groupRecord('g', group(2))] },
        { records: [offsetRecord('h', 'u', 7, commit(9, { expireTimestamp: 99999 }))] },
      ),
    );
    expect(replay.offset('g', 't', 0)).toEqual(commit(5, { metadata: 'later', leaderEpoch: 3 }));
    expect(replay.offset('g', 't', 1)).toEqual(commit(2));
    expect(replay.offset('h', 'u', 7)).toEqual(commit(9, { expireTimestamp: 99999 }));
    expect([...replay.offsets.keys()]).toEqual(['g', 'h']);
    expect(replay.groups.get('g')).toEqual(group(2));
    expect(replay.removedGroups.size).toBe(0);
    expect(replay.nextOffset).toBe(6);
  });

  it('offset tombstones delete the offset (and empty maps)', () => {
    const replay = new OffsetsPartitionReplay();
    replay.apply(
      logOf(
        { records: [offsetRecord('g', 't', 0, commit(1)), offsetRecord('g', 't', 1, commit(2)), offsetRecord('g2', 'x', 0, commit(3))] },
        { records: [offsetRecord('g', 't', 0, null), offsetRecord('g2', 'x', 0, null), offsetRecord('nobody', 'x', 0, null)] },
      ),
    );
    expect(replay.offset('g', 't', 0)).toBeUndefined();
    expect(replay.offset('g', 't', 1)).toEqual(commit(2));
    expect(replay.offsets.has('g2')).toBe(false);
    expect(replay.offsets.has('nobody')).toBe(false);
  });

  it('group tombstones remove the group and remember it; a later group record revives it', () => {
    const replay = new OffsetsPartitionReplay();
    replay.apply(logOf({ records: [groupRecord('a', group(1)), groupRecord('b', group(1)), groupRecord('a', null), groupRecord('c', null)] }));
    expect([...replay.groups.keys()]).toEqual(['b']);
    expect([...replay.removedGroups]).toEqual(['a', 'c']);

    replay.apply(buildRecordBatch([groupRecord('a', group(4))], { baseOffset: 4 }));
    expect(replay.groups.get('a')?.generation).toBe(4);
    expect(replay.removedGroups.has('a')).toBe(false);
    expect(replay.nextOffset).toBe(5);
  });

  it('reads compressed batches', () => {
    const replay = new OffsetsPartitionReplay();
    replay.apply(
      logOf(
        { records: [offsetRecord('g', 't', 0, commit(1))] },
        {
          records: [offsetRecord('g', 't', 0, commit(10)), offsetRecord('g', 't', 1, commit(11)), groupRecord('g', group(3))],
          options: { compression: CompressionType.Gzip, compress: (b) => compress(CompressionType.Gzip, b) },
        },
      ),
    );
    expect(replay.offset('g', 't', 0)).toEqual(commit(10));
    expect(replay.offset('g', 't', 1)).toEqual(commit(11));
    expect(replay.groups.get('g')?.generation).toBe(3);
  });

  describe('transactional offsets (KIP-98)', () => {
    const txn = (producerId: number, records: RecordInput[]) => ({ records, options: { transactional: true, producerId, producerEpoch: 0, baseSequence: 0 } });
    const marker = (type: ControlRecordType, producerId: number) => ({ records: [], marker: { type, producerId } });
    type Entry = { records: RecordInput[]; options?: BatchOptions; marker?: { type: ControlRecordType; producerId: number } };
    /** Like logOf, with control batches (one marker record each) among the data batches. */
    const txnLog = (...entries: Entry[]) => {
      let next = 0;
      return Buffer.concat(
        entries.map((e) => {
          const baseOffset = next;
          if (e.marker !== undefined) {
            next += 1;
            return buildControlBatch({ ...e.marker, coordinatorEpoch: 0, producerEpoch: 0, timestamp: 1, baseOffset });
          }
          next += e.records.length;
          return buildRecordBatch(e.records, { firstTimestamp: 1, ...e.options, baseOffset });
        }),
      );
    };

    it('a COMMIT marker makes the producer\'s offsets committed, with the position of their batch', () => {
      const replay = new OffsetsPartitionReplay();
      replay.apply(
        txnLog(
          { records: [offsetRecord('g', 't', 0, commit(1))] },
          txn(7, [offsetRecord('g', 't', 0, commit(50)), offsetRecord('g', 't', 1, commit(51))]),
          marker(ControlRecordType.Commit, 7),
        ),
      );
      expect(replay.offset('g', 't', 0)).toEqual(commit(50));
      expect(replay.offset('g', 't', 1)).toEqual(commit(51));
      expect(replay.offsets.get('g')?.get({ topic: 't', partition: 1 })?.appendedBatchOffset).toBe(1);
      expect(replay.pendingOffsets.size).toBe(0);
      expect(replay.nextOffset).toBe(4);
    });

    it('before its marker a transactional offset is only pending, and an ABORT drops it', () => {
      const replay = new OffsetsPartitionReplay();
      replay.apply(txnLog({ records: [offsetRecord('g', 't', 0, commit(1))] }, txn(7, [offsetRecord('g', 't', 0, commit(50)), offsetRecord('g', 't', 1, commit(51))])));
      expect(replay.offset('g', 't', 0)).toEqual(commit(1));
      expect(replay.pendingOffset(7, 'g', 't', 0)).toEqual(commit(50));
      replay.apply(buildControlBatch({ type: ControlRecordType.Abort, coordinatorEpoch: 0, producerId: 7, producerEpoch: 0, timestamp: 1, baseOffset: 3 }));
      expect(replay.offset('g', 't', 0)).toEqual(commit(1));
      expect(replay.offset('g', 't', 1)).toBeUndefined();
      expect(replay.pendingOffsets.has(7)).toBe(false);
      expect(replay.nextOffset).toBe(4);
    });

    it('a committed transactional offset does not replace a plain commit appended after it', () => {
      const replay = new OffsetsPartitionReplay();
      replay.apply(
        txnLog(
          txn(7, [offsetRecord('g', 't', 0, commit(50)), offsetRecord('g', 't', 1, commit(51))]),
          { records: [offsetRecord('g', 't', 0, commit(60))] },
          marker(ControlRecordType.Commit, 7),
        ),
      );
      expect(replay.offset('g', 't', 0)).toEqual(commit(60));
      expect(replay.offset('g', 't', 1)).toEqual(commit(51));
    });

    it('markers end only their producer\'s transaction; what is left open stays pending per producer', () => {
      const replay = new OffsetsPartitionReplay();
      replay.apply(
        txnLog(
          txn(7, [offsetRecord('g', 't', 0, commit(70))]),
          txn(8, [offsetRecord('g', 't', 0, commit(80)), offsetRecord('h', 'u', 3, commit(81))]),
          txn(9, [offsetRecord('g', 't', 5, commit(90))]),
          marker(ControlRecordType.Commit, 8),
          marker(ControlRecordType.Abort, 9),
          txn(7, [offsetRecord('g', 't', 1, commit(71)), groupRecord('g', group(4))]),
        ),
      );
      expect(replay.offset('g', 't', 0)).toEqual(commit(80));
      expect(replay.offset('h', 'u', 3)).toEqual(commit(81));
      expect(replay.offset('g', 't', 5)).toBeUndefined();
      expect([...replay.pendingOffsets.keys()]).toEqual([7]);
      expect(replay.pendingOffset(7, 'g', 't', 0)).toEqual(commit(70));
      expect(replay.pendingOffset(7, 'g', 't', 1)).toEqual(commit(71));
      // Group records apply at once, transactional batch or not, as in Kafka.
      expect(replay.groups.get('g')?.generation).toBe(4);
    });

    it('an offset tombstone in a transaction removes the pending offset, not the committed one', () => {
      const replay = new OffsetsPartitionReplay();
      replay.apply(
        txnLog(
          { records: [offsetRecord('g', 't', 0, commit(1))] },
          txn(7, [offsetRecord('g', 't', 0, commit(50)), offsetRecord('g', 't', 1, commit(51))]),
          txn(7, [offsetRecord('g', 't', 0, null)]),
          marker(ControlRecordType.Commit, 7),
        ),
      );
      expect(replay.offset('g', 't', 0)).toEqual(commit(1));
      expect(replay.offset('g', 't', 1)).toEqual(commit(51));
    });

    it('fails the load on a control record it cannot read', () => {
      const bad = buildRecordBatch([{ key: Buffer.from([0]), value: null }], { baseOffset: 6, control: true, transactional: true, producerId: 7, producerEpoch: 0 });
      const replay = () => new OffsetsPartitionReplay().apply(bad);
      expect(replay).toThrow(OffsetsReplayError);
      expect(replay).toThrow('control record at offset 6: control record key too short');
    });
  });

  it('applies reads split at any batch boundary and ignores a trailing partial batch', () => {
    const log = logOf(
      { records: [offsetRecord('g', 't', 0, commit(1))] },
      { records: [offsetRecord('g', 't', 0, commit(2))] },
    );
    const firstSize = log.readInt32BE(8) + 12;
    const replay = new OffsetsPartitionReplay();
    replay.apply(log.subarray(0, firstSize + 20));
    expect(replay.offset('g', 't', 0)).toEqual(commit(1));
    expect(replay.nextOffset).toBe(1);
    replay.apply(log.subarray(firstSize));
    expect(replay.offset('g', 't', 0)).toEqual(commit(2));
    replay.apply(Buffer.alloc(0));
    expect(replay.nextOffset).toBe(2);
  });

  it('fails the load on a record without a key, as Kafka does', () => {
    const replay = new OffsetsPartitionReplay();
    const log = buildRecordBatch([offsetRecord('g', 't', 0, commit(1)), { key: null, value: Buffer.from('x') }], { baseOffset: 10 });
    expect(() => replay.apply(log)).toThrow(new OffsetsReplayError('record at offset 11: Group metadata/offset entry key should not be null'));
  });

  it('fails the load on an undecodable key or value, naming the record', () => {
    const badKey = buildRecordBatch([{ key: Buffer.from([0, 9, 0, 0]), value: null }], { baseOffset: 3 });
    expect(() => new OffsetsPartitionReplay().apply(badKey)).toThrow('record at offset 3: Unknown message key schema version 9');
    const badValue = buildRecordBatch([{ key: encodeGroupMetadataKey('g'), value: Buffer.from([0, 7]) }], { baseOffset: 4 });
    expect(() => new OffsetsPartitionReplay().apply(badValue)).toThrow('record at offset 4: Unknown group metadata version 7');
  });

  it('rejects pre-v2 message sets', () => {
    const batch = buildRecordBatch([offsetRecord('g', 't', 0, commit(1))]);
    batch.writeInt8(1, 16);
    expect(() => new OffsetsPartitionReplay().apply(batch)).toThrow(/magic 1/);
  });
});
