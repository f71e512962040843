import { batchIsControl, batchIsTransactional, batchBaseSequence, checkBatch } from '../../../src/protocol/records/batch-header';
import {
  buildControlBatch,
  ControlRecordType,
  decodeControlKey,
  decodeEndTxnMarkerValue,
  encodeControlKey,
  encodeEndTxnMarkerValue,
} from '../../../src/protocol/records/control-record';
import { decodeRecords } from '../../../src/protocol/records/record';

test('key and value layout', () => {
  expect(encodeControlKey(ControlRecordType.Commit).toString('hex')).toBe('00000001');
  expect(encodeControlKey(ControlRecordType.Abort).toString('hex')).toBe('00000000');
  expect(encodeEndTxnMarkerValue(7).toString('hex')).toBe('000000000007');
  expect(decodeControlKey(Buffer.from('00000001', 'hex'))).toBe(ControlRecordType.Commit);
  expect(decodeEndTxnMarkerValue(Buffer.from('000000000007', 'hex'))).toEqual({ version: 0, coordinatorEpoch: 7 });
  expect(() => decodeControlKey(Buffer.from('00', 'hex'))).toThrow();
  expect(() => decodeEndTxnMarkerValue(null)).toThrow();
});

test('control batch: transactional, control bit, one marker record', () => {
  const batch = buildControlBatch({ type: ControlRecordType.Abort, coordinatorEpoch: 3, producerId: 42, producerEpoch: 1, timestamp: 1234, baseOffset: 10 });
  expect(checkBatch(batch, 0)).toBeNull();
  expect(batchIsControl(batch)).toBe(true);
  expect(batchIsTransactional(batch)).toBe(true);
  expect(batchBaseSequence(batch)).toBe(-1);
  const [record] = decodeRecords(batch);
  expect(record.offset).toBe(10);
  expect(decodeControlKey(record.key)).toBe(ControlRecordType.Abort);
  expect(decodeEndTxnMarkerValue(record.value).coordinatorEpoch).toBe(3);
});
