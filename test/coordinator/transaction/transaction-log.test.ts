import {
  TransactionLogRecordError,
  TransactionState,
  decodeTransactionLogKey,
  decodeTransactionLogValue,
  encodeTransactionLogKey,
  encodeTransactionLogValue,
  transactionStateName,
  transactionStatePartitionFor,
  type TransactionLogValue,
} from '../../../src/coordinator/transaction/transaction-log';

const ongoing: TransactionLogValue = {
  producerId: 4001,
  producerEpoch: 3,
  transactionTimeoutMs: 60000,
  state: TransactionState.Ongoing,
  partitions: [
    { topic: 'orders', partitions: [0, 2] },
    { topic: 'audit', partitions: [1] },
  ],
  lastUpdateTimestamp: 1700000000123,
  startTimestamp: 1700000000000,
};

describe('TransactionState', () => {
  it('has Kafka\'s byte ids and names', () => {
    const names = ['Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence'];
    names.forEach((name, byte) => expect(transactionStateName(byte as TransactionState)).toBe(name));
    expect(TransactionState.PrepareEpochFence).toBe(7);
  });
});

describe('transaction log keys', () => {
  it('is int16 version 0 then the transactional id as an int16-length string', () => {
    expect(encodeTransactionLogKey('tx')).toEqual(Buffer.from([0x00, 0x00, 0x00, 0x02, 0x74, 0x78]));
    expect(decodeTransactionLogKey(Buffer.from([0x00, 0x00, 0x00, 0x02, 0x74, 0x78]))).toBe('tx');
  });

  it('round-trips and refuses unknown versions with Kafka\'s message', () => {
    expect(decodeTransactionLogKey(encodeTransactionLogKey('my-transactional-id'))).toBe('my-transactional-id');
    expect(() => decodeTransactionLogKey(Buffer.from([0x00, 0x01, 0x00, 0x00]))).toThrow(
      new TransactionLogRecordError('unknown-version', 'Unknown transaction log message key schema version 1'),
    );
  });
});

describe('transaction log values', () => {
  it('lays out an Ongoing value field by field as TransactionLogValue.json v0', () => {
    const expected = Buffer.concat([
      Buffer.from([0x00, 0x00]), // version 0
      Buffer.from([0, 0, 0, 0, 0, 0, 0x0f, 0xa1]), // ProducerId 4001
      Buffer.from([0x00, 0x03]), // ProducerEpoch 3
      Buffer.from([0x00, 0x00, 0xea, 0x60]), // TransactionTimeoutMs 60000
      Buffer.from([0x01]), // TransactionStatus Ongoing
      Buffer.from([0x00, 0x00, 0x00, 0x02]), // TransactionPartitions: 2 topics
      Buffer.from([0x00, 0x06]), Buffer.from('orders'), // Topic
      Buffer.from([0x00, 0x00, 0x00, 0x02, 0, 0, 0, 0, 0, 0, 0, 2]), // PartitionIds [0, 2]
      Buffer.from([0x00, 0x05]), Buffer.from('audit'),
      Buffer.from([0x00, 0x00, 0x00, 0x01, 0, 0, 0, 1]), // PartitionIds [1]
      Buffer.from([0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b]), // TransactionLastUpdateTimestampMs 1700000000123
      Buffer.from([0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00]), // TransactionStartTimestampMs 1700000000000
    ]);
    expect(encodeTransactionLogValue(ongoing)).toEqual(expected);
    expect(decodeTransactionLogValue(expected)).toEqual(ongoing);
  });

  it('writes a null partition list for Empty and an empty one for the other states', () => {
    const empty = encodeTransactionLogValue({ ...ongoing, state: TransactionState.Empty, partitions: [] });
    // version 2 + producer id 8 + epoch 2 + timeout 4 + state 1 = 17 bytes before the list
    expect(empty.readInt8(16)).toBe(TransactionState.Empty);
    expect(empty.readInt32BE(17)).toBe(-1);
    expect(empty).toHaveLength(17 + 4 + 16);
    const complete = encodeTransactionLogValue({ ...ongoing, state: TransactionState.CompleteCommit, partitions: [] });
    expect(complete.readInt32BE(17)).toBe(0);
    expect(() => encodeTransactionLogValue({ ...ongoing, state: TransactionState.Empty })).toThrow(/Empty/);
  });

  it('round-trips every state', () => {
    for (let state = TransactionState.Empty; state <= TransactionState.PrepareEpochFence; state++) {
      const value = { ...ongoing, state, partitions: state === TransactionState.Empty ? [] : ongoing.partitions };
      expect(decodeTransactionLogValue(encodeTransactionLogValue(value))).toEqual(value);
    }
  });

  it('reads like Kafka: Empty drops its list, bytes after the last field are ignored', () => {
    const withList = encodeTransactionLogValue(ongoing);
    withList.writeInt8(TransactionState.Empty, 16);
    expect(decodeTransactionLogValue(withList).partitions).toEqual([]);
    expect(decodeTransactionLogValue(Buffer.concat([encodeTransactionLogValue(ongoing), Buffer.from([1, 2, 3])]))).toEqual(ongoing);
  });

  it('refuses what Kafka refuses', () => {
    const badVersion = encodeTransactionLogValue(ongoing);
    badVersion.writeInt16BE(1, 0);
    expect(() => decodeTransactionLogValue(badVersion)).toThrow('Unknown transaction log message value schema version 1');
    const badState = encodeTransactionLogValue(ongoing);
    badState.writeInt8(9, 16);
    expect(() => decodeTransactionLogValue(badState)).toThrow('Unknown transaction state byte 9 from the transaction status message');
    const nullList = encodeTransactionLogValue({ ...ongoing, state: TransactionState.Empty, partitions: [] });
    nullList.writeInt8(TransactionState.Ongoing, 16);
    expect(() => decodeTransactionLogValue(nullList)).toThrow(expect.objectContaining({ kind: 'null-partitions' }));
    expect(() => decodeTransactionLogValue(encodeTransactionLogValue(ongoing).subarray(0, 20))).toThrow();
  });
});

describe('transactionStatePartitionFor', () => {
  it('is Utils.abs(String.hashCode) % partitions', () => {
    expect(transactionStatePartitionFor('hello', 50)).toBe(22); // "hello".hashCode() = 99162322
    // hashCode -959806496: Math.abs gives 46 (masking with 0x7fffffff would give 2)
    expect(transactionStatePartitionFor('my-transactional-id', 50)).toBe(46);
    // hashCode Integer.MIN_VALUE: Utils.abs maps it to 0
    expect(transactionStatePartitionFor('polygenelubricants', 50)).toBe(0);
  });
});
