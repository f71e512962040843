import { Writer } from '../../../src/protocol/primitives';
import { ProtocolDecodeError } from '../../../src/protocol/primitives';
import type { OffsetAndMetadata, StoredGroup } from '../../../src/coordinator/group/offset-and-metadata';
import {
  UnknownOffsetsRecordVersionError,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from '../../../src/coordinator/group/offsets-topic-records';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('keys', () => {
  it('offset commit key is version 1: group, topic, partition', () => {
    const key = encodeOffsetCommitKey('g', 't', 1);
    expect(key).toEqual(hex('0001  0001 67  0001 74  00000001'));
    expect(decodeOffsetsTopicKey(key)).toEqual({ kind: 'offset', version: 1, group: 'g', topic: 't', partition: 1 });
  });

  it('reads version 0 offset keys (same layout)', () => {
    expect(decodeOffsetsTopicKey(hex('0000 0002 6767 0003 746f70 0000002a'))).toEqual({
      kind: 'offset',
      version: 0,
      group: 'gg',
      topic: 'top',
      partition: 42,
    });
  });

  it('group metadata key is version 2: group', () => {
    const key = encodeGroupMetadataKey('my-group');
    expect(key).toEqual(Buffer.concat([hex('0002 0008'), Buffer.from('my-group')]));
    expect(decodeOffsetsTopicKey(key)).toEqual({ kind: 'group', version: 2, group: 'my-group' });
  });

  it('round-trips UTF-8 names', () => {
    const key = encodeOffsetCommitKey('grüppe', 'tøpic', 0x7fffffff);
    expect(decodeOffsetsTopicKey(key)).toEqual({ kind: 'offset', version: 1, group: 'grüppe', topic: 'tøpic', partition: 0x7fffffff });
  });

  it('rejects unknown key versions with Kafka\'s message', () => {
    expect(() => decodeOffsetsTopicKey(hex('0003 0001 67'))).toThrow(new UnknownOffsetsRecordVersionError('Unknown message key schema version 3'));
    expect(() => decodeOffsetsTopicKey(hex('ffff 0001 67'))).toThrow('Unknown message key schema version -1');
  });

  it('rejects truncated keys', () => {
    expect(() => decodeOffsetsTopicKey(hex('0001 0001 67 0001'))).toThrow(ProtocolDecodeError);
    expect(() => decodeOffsetsTopicKey(hex('00'))).toThrow(ProtocolDecodeError);
  });
});

describe('offset commit values', () => {
  const base: OffsetAndMetadata = { offset: 5n, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1000, expireTimestamp: null };

  it('writes version 3 when there is no expire timestamp: offset, leaderEpoch, metadata, commitTimestamp', () => {
    const value = encodeOffsetCommitValue({ ...base, metadata: '' });
    expect(value).toEqual(hex('0003  0000000000000005  00000007  0000  00000000000003e8'));
    expect(decodeOffsetCommitValue(value)).toEqual({ ...base, metadata: '' });
  });

  it('writes version 1 when an expire timestamp is set: offset, metadata, commitTimestamp, expireTimestamp', () => {
    const value = encodeOffsetCommitValue({ ...base, expireTimestamp: 2000 });
    expect(value).toEqual(hex('0001  0000000000000005  0001 6d  00000000000003e8  00000000000007d0'));
    // v1 has no leader epoch: it reads back as none.
    expect(decodeOffsetCommitValue(value)).toEqual({ ...base, leaderEpoch: -1, expireTimestamp: 2000 });
  });

  it('round-trips large offsets and timestamps', () => {
    const v: OffsetAndMetadata = { offset: 2n ** 62n, leaderEpoch: -1, metadata: 'x'.repeat(300), commitTimestamp: 1_700_000_000_123, expireTimestamp: null };
    expect(decodeOffsetCommitValue(encodeOffsetCommitValue(v))).toEqual(v);
    const w = { ...v, expireTimestamp: 1_700_000_999_999 };
    expect(decodeOffsetCommitValue(encodeOffsetCommitValue(w))).toEqual({ ...w, leaderEpoch: -1 });
  });

  it('reads version 0: offset, metadata, timestamp', () => {
    expect(decodeOffsetCommitValue(hex('0000  000000000000000a  0002 6869  0000000000000064'))).toEqual({
      offset: 10n,
      leaderEpoch: -1,
      metadata: 'hi',
      commitTimestamp: 100,
      expireTimestamp: null,
    });
  });

  it('reads version 1 with expireTimestamp -1 as no expire timestamp, as Kafka does', () => {
    expect(decodeOffsetCommitValue(hex('0001  000000000000000a  0000  0000000000000064  ffffffffffffffff')).expireTimestamp).toBeNull();
  });

  it('reads version 2: offset, metadata, commitTimestamp', () => {
    expect(decodeOffsetCommitValue(hex('0002  000000000000000b  0000  0000000000000065'))).toEqual({
      offset: 11n,
      leaderEpoch: -1,
      metadata: '',
      commitTimestamp: 101,
      expireTimestamp: null,
    });
  });

  it('reads a negative v3 leader epoch as none (-1)', () => {
    expect(decodeOffsetCommitValue(hex('0003  0000000000000001  fffffffe  0000  0000000000000001')).leaderEpoch).toBe(-1);
  });

  it('ignores bytes after the last field of the version', () => {
    expect(decodeOffsetCommitValue(hex('0002  000000000000000b  0000  0000000000000065  deadbeef')).offset).toBe(11n);
  });

  it('rejects unknown versions and truncated values', () => {
    expect(() => decodeOffsetCommitValue(hex('0004 0000000000000001'))).toThrow(new UnknownOffsetsRecordVersionError('Unknown offset schema version 4'));
    expect(() => decodeOffsetCommitValue(hex('ffff'))).toThrow('Unknown offset schema version -1');
    expect(() => decodeOffsetCommitValue(hex('0003 0000000000000001 00000000'))).toThrow(ProtocolDecodeError);
    expect(() => decodeOffsetCommitValue(hex('0003 0000000000000001 00000000 ffff 0000000000000001'))).toThrow(/non-nullable string was null/);
  });
});

describe('group metadata values', () => {
  const group: StoredGroup = {
    protocolType: 'consumer',
    generation: 1,
    protocol: 'range',
    leader: 'm1',
    currentStateTimestamp: 1234,
    members: [
      {
        memberId: 'm1',
        groupInstanceId: null,
        clientId: 'c',
        clientHost: '/h',
        rebalanceTimeoutMs: 300000,
        sessionTimeoutMs: 10000,
        subscription: Buffer.from([1, 2]),
        assignment: Buffer.alloc(0),
      },
    ],
  };

  it('writes version 3 with the exact layout', () => {
    const value = encodeGroupMetadataValue(group);
    const expected = hex(
      '0003' + // version
        '0008 636f6e73756d6572' + // protocolType "consumer"
        '00000001' + // generation
        '0005 72616e6765' + // protocol "range"
        '0002 6d31' + // leader "m1"
        '00000000000004d2' + // currentStateTimestamp 1234
        '00000001' + // one member
        '0002 6d31' + // memberId
        'ffff' + // groupInstanceId null
        '0001 63' + // clientId "c"
        '0002 2f68' + // clientHost "/h"
        '000493e0' + // rebalanceTimeout 300000
        '00002710' + // sessionTimeout 10000
        '00000002 0102' + // subscription
        '00000000', // assignment (empty)
    );
    expect(value).toEqual(expected);
    expect(decodeGroupMetadataValue(value)).toEqual(group);
  });

  it('round-trips an empty group with null protocol and leader, and static members', () => {
    const empty: StoredGroup = { protocolType: '', generation: 0, protocol: null, leader: null, currentStateTimestamp: -1, members: [] };
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(empty))).toEqual(empty);
    const statics: StoredGroup = {
      ...group,
      members: [
        { ...group.members[0], groupInstanceId: 'instance-1', assignment: Buffer.alloc(2000, 7) },
        { ...group.members[0], memberId: 'm2', groupInstanceId: null, subscription: Buffer.alloc(0) },
      ],
    };
    expect(decodeGroupMetadataValue(encodeGroupMetadataValue(statics))).toEqual(statics);
  });

  /** Older versions, written field by field as their schemas say (the encoder only writes v3). */
  function oldGroupValue(version: 0 | 1 | 2, g: StoredGroup): Buffer {
    const w = new Writer();
    w.writeInt16(version);
    w.writeString(g.protocolType);
    w.writeInt32(g.generation);
    w.writeNullableString(g.protocol);
    w.writeNullableString(g.leader);
    if (version >= 2) w.writeInt64(BigInt(g.currentStateTimestamp));
    w.writeArrayLength(g.members.length);
    for (const m of g.members) {
      w.writeString(m.memberId);
      w.writeString(m.clientId);
      w.writeString(m.clientHost);
      if (version >= 1) w.writeInt32(m.rebalanceTimeoutMs);
      w.writeInt32(m.sessionTimeoutMs);
      w.writeBytes(m.subscription);
      w.writeBytes(m.assignment);
    }
    return w.toBuffer();
  }

  it('reads version 2: no groupInstanceId', () => {
    const decoded = decodeGroupMetadataValue(oldGroupValue(2, group));
    expect(decoded).toEqual(group);
  });

  it('reads version 1: no currentStateTimestamp (-1)', () => {
    expect(decodeGroupMetadataValue(oldGroupValue(1, group))).toEqual({ ...group, currentStateTimestamp: -1 });
  });

  it('reads version 0: rebalanceTimeout is the session timeout', () => {
    expect(decodeGroupMetadataValue(oldGroupValue(0, group))).toEqual({
      ...group,
      currentStateTimestamp: -1,
      members: [{ ...group.members[0], rebalanceTimeoutMs: 10000 }],
    });
  });

  it('a hand-written version 0 value', () => {
    const v0 = hex('0000 0000 00000000 ffff ffff 00000001 0001 61 0001 62 0001 63 00000064 00000000 00000001 ff');
    expect(decodeGroupMetadataValue(v0)).toEqual({
      protocolType: '',
      generation: 0,
      protocol: null,
      leader: null,
      currentStateTimestamp: -1,
      members: [
        { memberId: 'a', groupInstanceId: null, clientId: 'b', clientHost: 'c', rebalanceTimeoutMs: 100, sessionTimeoutMs: 100, subscription: Buffer.alloc(0), assignment: hex('ff') },
      ],
    });
  });

  it('member byte fields are copies, not views of the record', () => {
    const bytes = encodeGroupMetadataValue(group);
    const decoded = decodeGroupMetadataValue(bytes);
    bytes.fill(0);
    expect(decoded.members[0].subscription).toEqual(Buffer.from([1, 2]));
  });

  it('rejects unknown versions and truncated values', () => {
    expect(() => decodeGroupMetadataValue(hex('0004 0000'))).toThrow(new UnknownOffsetsRecordVersionError('Unknown group metadata version 4'));
    const bytes = encodeGroupMetadataValue(group);
    expect(() => decodeGroupMetadataValue(bytes.subarray(0, bytes.length - 1))).toThrow(ProtocolDecodeError);
  });
});
