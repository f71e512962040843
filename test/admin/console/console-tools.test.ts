import { CompressionTypes } from 'kafkajs';
import { UsageError, parseKeyValueArgs } from '../../../src/admin/common/command-line';
import { consumerSettings } from '../../../src/admin/console/console-consumer';
import { formatRecord, formatterProps } from '../../../src/admin/console/record-formatter';
import { ConsoleProducerError, lineReaderProps, parseAcks, parseCompressionCodec, parseLine } from '../../../src/admin/console/console-producer';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, recordsOf, type ConsumedRecord } from '../../../src/admin/console/topic-fetcher';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';

describe('console producer line reader (LineMessageReader)', () => {
  const keyed = lineReaderProps(parseKeyValueArgs(['parse.key=true', 'key.separator=:']));

  it('sends the whole line as the value unless parse.key is set', () => {
    expect(parseLine('a:b', 1, lineReaderProps(new Map()))).toEqual({ value: 'a:b' });
  });

  it('splits at the first separator, default tab', () => {
    expect(parseLine('k:v:w', 1, keyed)).toEqual({ key: 'k', value: 'v:w' });
    expect(parseLine('k:', 1, keyed)).toEqual({ key: 'k', value: '' });
    expect(parseLine('k\tv', 1, lineReaderProps(parseKeyValueArgs(['parse.key=true'])))).toEqual({ key: 'k', value: 'v' });
  });

  it("fails on a line without a key like Kafka, unless ignore.error", () => {
    expect(() => parseLine('nokey', 3, keyed)).toThrow(new ConsoleProducerError('org.apache.kafka.common.KafkaException: No key found on line 3: nokey'));
    expect(parseLine('nokey', 3, { ...keyed, ignoreError: true })).toEqual({ value: 'nokey' });
  });

  it('maps acks and codecs, refusing codecs kafkajs cannot write without plugins', () => {
    expect([parseAcks('all'), parseAcks('-1'), parseAcks('0'), parseAcks('1')]).toEqual([-1, -1, 0, 1]);
    expect(() => parseAcks('2')).toThrow(UsageError);
    expect(parseCompressionCodec(undefined)).toBe(CompressionTypes.None);
    expect(parseCompressionCodec(true)).toBe(CompressionTypes.GZIP); // given without a value
    expect(parseCompressionCodec('gzip')).toBe(CompressionTypes.GZIP);
    expect(parseCompressionCodec('none')).toBe(CompressionTypes.None);
    expect(() => parseCompressionCodec('zstd')).toThrow(/not supported by this console producer/);
    expect(() => parseCompressionCodec('brotli')).toThrow(/String must be one of: none, gzip, snappy, lz4, zstd/);
  });
});

describe('console consumer options (2.4.1 ConsumerConfig checks)', () => {
  const base = { bootstrapServer: 'localhost:9092', topic: 't' };

  it('starts at latest by default, earliest with --from-beginning, or at --offset', () => {
    expect(consumerSettings(base)).toMatchObject({ start: LATEST_TIMESTAMP, resetTo: LATEST_TIMESTAMP, maxMessages: -1, timeoutMs: -1 });
    expect(consumerSettings({ ...base, fromBeginning: true })).toMatchObject({ start: EARLIEST_TIMESTAMP, resetTo: EARLIEST_TIMESTAMP });
    expect(consumerSettings({ ...base, partition: 1, offset: '42' })).toMatchObject({ start: 42n, partition: 1 });
    expect(consumerSettings({ ...base, partition: 1, offset: 'Earliest' })).toMatchObject({ start: EARLIEST_TIMESTAMP });
  });

  it("reports Kafka's messages for bad combinations", () => {
    const fail = (o: object) => () => consumerSettings({ ...base, ...o });
    expect(fail({ topic: undefined })).toThrow('Exactly one of whitelist/topic is required.');
    expect(fail({ offset: '1' })).toThrow('The partition is required when offset is specified.');
    expect(fail({ partition: 0, offset: '1', fromBeginning: true })).toThrow('Options from-beginning and offset cannot be specified together.');
    expect(fail({ partition: 0, offset: '-3' })).toThrow("The provided offset value '-3' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.");
    expect(fail({ bootstrapServer: undefined })).toThrow('Missing required argument "[bootstrap-server]"');
    expect(fail({ group: 'g', partition: 0 })).toThrow('Options group and partition cannot be specified together.');
    expect(fail({ topic: undefined, whitelist: 'a.*', partition: 0 })).toThrow('The topic is required when partition is specified.');
    expect(fail({ whitelist: 'a.*' })).toThrow('Exactly one of whitelist/topic is required.');
    expect(consumerSettings({ ...base, group: 'g', fromBeginning: true })).toMatchObject({ group: 'g', resetTo: EARLIEST_TIMESTAMP });
  });
});

describe('console consumer output (DefaultMessageFormatter)', () => {
  const record: ConsumedRecord = { partition: 0, offset: 5, timestampType: 'CreateTime', timestamp: 1000, key: Buffer.from('k'), value: Buffer.from('v') };
  const format = (props: string[], r = record) => formatRecord(r, formatterProps(parseKeyValueArgs(props))).toString();

  it('prints the value, then key with a tab, then the timestamp when asked', () => {
    expect(format([])).toBe('v\n');
    expect(format(['print.key=true'])).toBe('k\tv\n');
    expect(format(['print.key=true', 'key.separator=:'])).toBe('k:v\n');
    expect(format(['print.timestamp=true', 'print.key=true'])).toBe('CreateTime:1000\tk\tv\n');
    expect(format(['print.key=true', 'print.value=false'])).toBe('k\n');
  });

  it('prints null for a missing key or value', () => {
    expect(format(['print.key=true'], { ...record, key: null, value: null })).toBe('null\tnull\n');
  });
});

describe('records of a fetched record set', () => {
  it('yields the records of whole batches, skips control batches and a torn tail', () => {
    const data = buildRecordBatch([{ key: Buffer.from('a'), value: Buffer.from('1') }, { value: Buffer.from('2') }], { baseOffset: 10, firstTimestamp: 5 });
    const control = buildControlBatch({ type: ControlRecordType.Commit, coordinatorEpoch: 0, producerId: 1, producerEpoch: 0, timestamp: 6, baseOffset: 12 });
    const next = buildRecordBatch([{ value: Buffer.from('3') }], { baseOffset: 13, firstTimestamp: 7, logAppendTime: true });
    const set = Buffer.concat([data, control, next, next.subarray(0, 20)]);
    const records = [...recordsOf(4, set)];
    expect(records.map((r) => [r.partition, r.offset, r.key?.toString() ?? null, r.value?.toString(), r.timestampType])).toEqual([
      [4, 10, 'a', '1', 'CreateTime'],
      [4, 11, null, '2', 'CreateTime'],
      [4, 13, null, '3', 'LogAppendTime'],
    ]);
  });
});
