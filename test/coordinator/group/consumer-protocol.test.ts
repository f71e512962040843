import {
  ConsumerProtocolError,
  decodeConsumerAssignment,
  decodeConsumerSubscription,
  encodeConsumerAssignment,
  encodeConsumerSubscription,
  formatTopicPartitionList,
  topicPartitionNames,
} from '../../../src/coordinator/group/consumer-protocol';
import { ProtocolDecodeError } from '../../../src/protocol/primitives';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('subscription', () => {
  it('reads a hand-written v0 subscription: topics, user data', () => {
    const bytes = hex('0000  00000002 0001 61 0002 6262  00000002 abcd');
    expect(decodeConsumerSubscription(bytes)).toEqual({ version: 0, topics: ['a', 'bb'], userData: hex('abcd'), ownedPartitions: [] });
  });

  it('reads a hand-written v1 subscription with owned partitions', () => {
    const bytes = hex('0001  00000001 0001 61  ffffffff  00000001 0001 61 00000002 00000000 00000003');
    expect(decodeConsumerSubscription(bytes)).toEqual({
      version: 1,
      topics: ['a'],
      userData: null,
      ownedPartitions: [{ topic: 'a', partitions: [0, 3] }],
    });
  });

  it('round-trips both versions', () => {
    const s = { topics: ['orders', 'payments'], userData: Buffer.from('ud'), ownedPartitions: [{ topic: 'orders', partitions: [1] }] };
    expect(decodeConsumerSubscription(encodeConsumerSubscription(s))).toEqual({ version: 1, ...s });
    expect(decodeConsumerSubscription(encodeConsumerSubscription(s, 0))).toEqual({ version: 0, ...s, ownedPartitions: [] });
  });

  it('reads versions above 1 as version 1 (trailing fields ignored)', () => {
    const v1 = encodeConsumerSubscription({ topics: ['t'] });
    const v3 = Buffer.concat([hex('0003'), v1.subarray(2), hex('0102')]);
    expect(decodeConsumerSubscription(v3)).toEqual({ version: 3, topics: ['t'], userData: null, ownedPartitions: [] });
  });

  it('rejects negative versions and truncated input', () => {
    expect(() => decodeConsumerSubscription(hex('ffff 00000000 ffffffff'))).toThrow(new ConsumerProtocolError('Unsupported subscription version: -1'));
    expect(() => decodeConsumerSubscription(hex('0000 00000001'))).toThrow(ProtocolDecodeError);
  });
});

describe('assignment', () => {
  it('reads a hand-written v0 assignment', () => {
    const bytes = hex('0000  00000002  0001 74 00000002 00000000 00000001  0001 75 00000001 00000005  ffffffff');
    const a = decodeConsumerAssignment(bytes);
    expect(a).toEqual({
      version: 0,
      partitions: [
        { topic: 't', partitions: [0, 1] },
        { topic: 'u', partitions: [5] },
      ],
      userData: null,
    });
    expect(topicPartitionNames(a.partitions)).toEqual(['t-0', 't-1', 'u-5']);
    expect(formatTopicPartitionList(a.partitions)).toBe('[t-0, t-1, u-5]');
  });

  it('writes v1 by default and round-trips', () => {
    const a = { partitions: [{ topic: 'x', partitions: [2, 0] }], userData: Buffer.from([0, 1]) };
    const bytes = encodeConsumerAssignment(a);
    expect(bytes).toEqual(hex('0001  00000001 0001 78 00000002 00000002 00000000  00000002 0001'));
    expect(decodeConsumerAssignment(bytes)).toEqual({ version: 1, ...a });
    expect(decodeConsumerAssignment(encodeConsumerAssignment({ partitions: [] }, 0))).toEqual({ version: 0, partitions: [], userData: null });
  });

  it('formats an empty assignment as []', () => {
    expect(formatTopicPartitionList([])).toBe('[]');
  });

  it('rejects negative versions and empty input', () => {
    expect(() => decodeConsumerAssignment(hex('fffe 00000000 ffffffff'))).toThrow('Unsupported assignment version: -2');
    expect(() => decodeConsumerAssignment(Buffer.alloc(0))).toThrow(ProtocolDecodeError);
  });
});
