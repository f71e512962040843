import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { UsageError } from '../../../src/admin/common/command-line';
import {
  DumpLogError,
  dumpLogSegments,
  formatOffsetsTopicRecord,
  resolveDumpLogOptions,
  type DumpLogFlags,
} from '../../../src/admin/dump-log/dump-log';
import { encodeConsumerAssignment, encodeConsumerSubscription } from '../../../src/coordinator/group/consumer-protocol';
import type { StoredGroup, StoredMember } from '../../../src/coordinator/group/offset-and-metadata';
import {
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from '../../../src/coordinator/group/offsets-topic-records';
import { Log } from '../../../src/log/log';
import { compress } from '../../../src/protocol/compression';
import { CompressionType } from '../../../src/protocol/records/batch-header';
import { ControlRecordType, buildControlBatch } from '../../../src/protocol/records/control-record';
import { encodeLegacyMessageSet } from '../../../src/protocol/records/legacy-message-set';
import { buildRecordBatch } from '../../../src/protocol/records/record-batch-builder';
import { cleanupTempDirs, config, tempDir } from '../../log/helpers';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');

afterEach(cleanupTempDirs);

function run(flags: DumpLogFlags): { out: string[]; err: string[]; status: number } {
  const out: string[] = [];
  const err: string[] = [];
  const status = dumpLogSegments(resolveDumpLogOptions(flags), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { out, err, status };
}

const member = (memberId: string, partitions: number[], userData: Buffer | null = null): StoredMember => ({
  memberId,
  groupInstanceId: null,
  clientId: 'consumer-1',
  clientHost: '/127.0.0.1',
  rebalanceTimeoutMs: 300000,
  sessionTimeoutMs: 10000,
  subscription: encodeConsumerSubscription({ topics: ['t'] }),
  assignment: encodeConsumerAssignment({ partitions: [{ topic: 't', partitions }], userData }),
});

const consumerGroup: StoredGroup = {
  protocolType: 'consumer',
  generation: 1,
  protocol: 'range',
  leader: 'consumer-1-aaa',
  currentStateTimestamp: 2000,
  members: [member('consumer-1-aaa', [0, 2]), member('consumer-2-bbb', [1], Buffer.from([0x00, 0x0a, 0xbc]))],
};

/**
 * A __consumer_offsets-0 directory written by our Log: two offset commits, a gzip-compressed group
 * record, tombstones from an idempotent producer, a transaction marker and, if asked, a plain
 * record with headers (which --offsets-decoder cannot read, as in Kafka).
 */
function writeOffsetsSegment(withPlainRecord = false): { dir: string; log: Log; logFile: string } {
  const dir = path.join(tempDir('dump-log-'), '__consumer_offsets-0');
  const log = Log.open({ dir, config: config() });
  log.appendAsLeader(
    buildRecordBatch(
      [
        { key: encodeOffsetCommitKey('g', 't', 0), value: encodeOffsetCommitValue({ offset: 5n, leaderEpoch: -1, metadata: '', commitTimestamp: 1000, expireTimestamp: null }) },
        { key: encodeOffsetCommitKey('g', 't', 1), value: encodeOffsetCommitValue({ offset: 6n, leaderEpoch: 2, metadata: 'meta', commitTimestamp: 1000, expireTimestamp: null }) },
      ],
      { firstTimestamp: 1000 },
    ),
    0,
  );
  log.appendAsLeader(
    buildRecordBatch([{ key: encodeGroupMetadataKey('g'), value: encodeGroupMetadataValue(consumerGroup) }], {
      firstTimestamp: 2000,
      compression: CompressionType.Gzip,
      compress: (b) => compress(CompressionType.Gzip, b),
    }),
    0,
  );
  log.appendAsLeader(
    buildRecordBatch(
      [
        { key: encodeOffsetCommitKey('g', 't', 0), value: null },
        { key: encodeGroupMetadataKey('g'), value: null },
      ],
      // A new producer's first batch starts at sequence 0 (Log refuses anything else, as Kafka does).
      { firstTimestamp: 3000, producerId: 5, producerEpoch: 1, baseSequence: 0 },
    ),
    0,
  );
  log.appendAsFollower(
    buildControlBatch({ type: ControlRecordType.Commit, coordinatorEpoch: 3, producerId: 5, producerEpoch: 1, timestamp: 4000, baseOffset: log.logEndOffset }),
  );
  if (withPlainRecord) {
    log.appendAsLeader(
      buildRecordBatch([{ key: Buffer.from('k'), value: Buffer.from('v'), headers: [{ key: 'h1', value: null }, { key: 'h2', value: Buffer.from('x') }] }], {
        firstTimestamp: 5000,
      }),
      0,
    );
  }
  log.flush();
  return { dir, log, logFile: path.join(dir, '00000000000000000000.log') };
}

/** The crc field of the batch at `position` in the file. */
function crcAt(file: string, position: number): number {
  return fs.readFileSync(file).readUInt32BE(position + 17);
}

describe('dumping a .log segment', () => {
  it('prints one line per batch by default, in Kafka 2.4.1\'s format', () => {
    const { log, logFile } = writeOffsetsSegment(true);
    const { out, err, status } = run({ files: logFile });
    log.close();
    expect(status).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toBe(`Dumping ${logFile}`);
    expect(out[1]).toBe('Starting offset: 0');
    expect(out[2]).toBe(
      'baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 ' +
        'partitionLeaderEpoch: 0 isTransactional: false isControl: false position: 0 CreateTime: 1000 size: 151 magic: 2 ' +
        `compresscodec: NONE crc: ${crcAt(logFile, 0)} isvalid: true`,
    );
    expect(out[3]).toMatch(/^baseOffset: 2 lastOffset: 2 count: 1 .* position: 151 CreateTime: 2000 size: \d+ magic: 2 compresscodec: GZIP crc: \d+ isvalid: true$/);
    expect(out[4]).toMatch(
      /^baseOffset: 3 lastOffset: 4 count: 2 baseSequence: 0 lastSequence: 1 producerId: 5 producerEpoch: 1 partitionLeaderEpoch: 0 isTransactional: false isControl: false position: \d+ CreateTime: 3000 /,
    );
    expect(out[5]).toMatch(/^baseOffset: 5 lastOffset: 5 count: 1 baseSequence: -1 lastSequence: -1 producerId: 5 producerEpoch: 1 partitionLeaderEpoch: -1 isTransactional: true isControl: true /);
    expect(out[6]).toMatch(/^baseOffset: 6 lastOffset: 6 count: 1 /);
    expect(out).toHaveLength(7);
  });

  it('--offsets-decoder prints __consumer_offsets keys and values as Kafka does', () => {
    const { log, logFile } = writeOffsetsSegment();
    const { out } = run({ files: logFile, offsetsDecoder: true });
    log.close();
    const records = out.filter((l) => l.startsWith('|'));
    expect(records).toEqual([
      '| offset: 0 CreateTime: 1000 keysize: 12 valuesize: 24 sequence: -1 headerKeys: [] key: offset_commit::group=g,partition=t-0 payload: offset=5',
      '| offset: 1 CreateTime: 1000 keysize: 12 valuesize: 28 sequence: -1 headerKeys: [] key: offset_commit::group=g,partition=t-1 payload: offset=6,metadata=meta',
      expect.stringMatching(/^\| offset: 2 CreateTime: 2000 keysize: 5 valuesize: \d+ sequence: -1 headerKeys: \[\] key: group_metadata::group=g payload: /),
      '| offset: 3 CreateTime: 3000 keysize: 12 valuesize: -1 sequence: 0 headerKeys: [] key: offset_commit::group=g,partition=t-0 payload: <DELETE>',
      '| offset: 4 CreateTime: 3000 keysize: 5 valuesize: -1 sequence: 1 headerKeys: [] key: group_metadata::group=g payload: <DELETE>',
      '| offset: 5 CreateTime: 4000 keysize: 4 valuesize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 3',
    ]);
    const payload = JSON.parse(records[2].slice(records[2].indexOf('payload: ') + 'payload: '.length)) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(['protocolType', 'protocol', 'generationId', 'assignment']);
    expect(payload.protocolType).toBe('consumer');
    expect(payload.protocol).toBe('range');
    expect(payload.generationId).toBe(1);
    // Members in Kafka's Scala HashMap order; user data as hex without leading zeros.
    expect(payload.assignment).toBe('{consumer-1-aaa=[t-0, t-2],consumer-2-bbb=[t-1]:ABC}');
  });

  it('--print-data-log prints keys and values as text; --deep-iteration alone prints records without them', () => {
    const { log, logFile } = writeOffsetsSegment(true);
    const printed = run({ files: logFile, printDataLog: true }).out;
    const deep = run({ files: logFile, deepIteration: true }).out;
    log.close();
    expect(printed).toContain('| offset: 6 CreateTime: 5000 keysize: 1 valuesize: 1 sequence: -1 headerKeys: [h1,h2] key: k payload: v');
    // Tombstones have a key but no payload.
    const tombstone = printed.find((l) => l.startsWith('| offset: 3 '))!;
    expect(tombstone).toContain(' key: ');
    expect(tombstone).not.toContain(' payload: ');
    expect(deep).toContain('| offset: 6 CreateTime: 5000 keysize: 1 valuesize: 1 sequence: -1 headerKeys: [h1,h2]');
    expect(deep).toContain('| offset: 5 CreateTime: 4000 keysize: 4 valuesize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 3');
    expect(deep.filter((l) => l.startsWith('|'))).toHaveLength(7);
  });

  it('reports trailing bytes that are not a whole batch', () => {
    const { log, logFile } = writeOffsetsSegment();
    log.close();
    const copy = path.join(path.dirname(logFile), '00000000000000000042.log');
    fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(logFile), Buffer.alloc(30, 1)]));
    const { out } = run({ files: copy });
    expect(out[1]).toBe('Starting offset: 42');
    expect(out[out.length - 1]).toBe('Found 30 invalid bytes at the end of 00000000000000000042.log');
  });

  it('reports non-consecutive offsets on stderr at the end', () => {
    const dir = path.join(tempDir('dump-log-'), 't-0');
    const log = Log.open({ dir, config: config() });
    log.appendAsLeader(buildRecordBatch([{ value: Buffer.from('a') }, { value: Buffer.from('b') }], { firstTimestamp: 1 }), 0);
    log.appendAsFollower(buildRecordBatch([{ value: Buffer.from('c') }], { firstTimestamp: 2, baseOffset: 10 }));
    log.appendAsFollower(buildRecordBatch([{ value: Buffer.from('d') }], { firstTimestamp: 3, baseOffset: 20 }));
    log.close();
    const file = path.join(dir, '00000000000000000000.log');
    const { err } = run({ files: file, deepIteration: true });
    expect(err).toEqual([`Non-consecutive offsets in ${path.resolve(file)}`, '  10 is followed by 20', '  1 is followed by 10']);
  });

  it('dumps magic 0/1 message sets of old segments', () => {
    const dir = tempDir('dump-log-');
    const file = path.join(dir, '00000000000000000000.log');
    fs.writeFileSync(
      file,
      Buffer.concat([
        encodeLegacyMessageSet([{ key: Buffer.from('k0'), value: Buffer.from('v0'), timestamp: 100 }], { magic: 1 }),
        encodeLegacyMessageSet(
          [
            { value: Buffer.from('v1'), timestamp: 200 },
            { value: Buffer.from('v2'), timestamp: 300 },
          ],
          { magic: 1, baseOffset: 1, compression: CompressionType.Gzip },
        ),
        encodeLegacyMessageSet([{ value: Buffer.from('v3') }], { magic: 0, baseOffset: 3 }),
      ]),
    );
    const { out } = run({ files: file, printDataLog: true });
    expect(out[2]).toMatch(/^offset: 0 position: 0 CreateTime: 100 size: \d+ magic: 1 compresscodec: NONE crc: \d+ isvalid: true$/);
    expect(out[3]).toMatch(/^\| offset: 0 CreateTime: 100 keysize: 2 valuesize: 2 crc: \d+ isvalid: true key: k0 payload: v0$/);
    expect(out[4]).toMatch(/^offset: 2 position: \d+ CreateTime: 300 size: \d+ magic: 1 compresscodec: GZIP crc: \d+ isvalid: true$/);
    expect(out[5]).toMatch(/^\| offset: 1 CreateTime: 200 keysize: -1 valuesize: 2 crc: \d+ isvalid: true payload: v1$/);
    expect(out[6]).toMatch(/^\| offset: 2 CreateTime: 300 keysize: -1 valuesize: 2 crc: \d+ isvalid: true payload: v2$/);
    expect(out[7]).toMatch(/^offset: 3 position: \d+ NoTimestampType: -1 size: \d+ magic: 0 compresscodec: NONE crc: \d+ isvalid: true$/);
    expect(out[8]).toMatch(/^\| offset: 3 NoTimestampType: -1 keysize: -1 valuesize: 2 crc: \d+ isvalid: true payload: v3$/);
  });

  it('shows a damaged magic 0/1 message as isvalid: false and goes on, as Kafka does', () => {
    const dir = tempDir('dump-log-');
    const file = path.join(dir, '00000000000000000000.log');
    const damaged = encodeLegacyMessageSet([{ value: Buffer.from('v0'), timestamp: 100 }], { magic: 1 });
    damaged[damaged.length - 1] ^= 0xff; // the payload's last byte: the stored CRC no longer matches
    fs.writeFileSync(file, Buffer.concat([damaged, encodeLegacyMessageSet([{ value: Buffer.from('v1'), timestamp: 200 }], { magic: 1, baseOffset: 1 })]));
    const { out } = run({ files: file, deepIteration: true });
    expect(out[2]).toMatch(/^offset: 0 position: 0 CreateTime: 100 size: \d+ magic: 1 compresscodec: NONE crc: \d+ isvalid: false$/);
    expect(out[3]).toMatch(/^\| offset: 0 CreateTime: 100 keysize: -1 valuesize: 2 crc: \d+ isvalid: false$/);
    expect(out[4]).toMatch(/^offset: 1 position: \d+ CreateTime: 200 .* isvalid: true$/);
  });

  it('a missing file or a name that is not an offset fails like Kafka', () => {
    const dir = tempDir('dump-log-');
    expect(() => run({ files: path.join(dir, '00000000000000000000.log') })).toThrow(DumpLogError);
    fs.writeFileSync(path.join(dir, 'abc.log'), '');
    expect(() => run({ files: path.join(dir, 'abc.log') })).toThrow('For input string: "abc"');
  });

  it('ignores unknown files', () => {
    const dir = tempDir('dump-log-');
    const { out, err, status } = run({ files: `${dir}/x.txt,${dir}/00000000000000000000.txnindex` });
    expect(out).toEqual([`Dumping ${dir}/x.txt`, `Dumping ${dir}/00000000000000000000.txnindex`]);
    expect(err).toEqual([`Ignoring unknown file ${dir}/x.txt`]);
    expect(status).toBe(0);
  });
});

describe('dumping index files', () => {
  function indexedLog() {
    const dir = path.join(tempDir('dump-log-'), 't-0');
    const log = Log.open({ dir, config: config({ 'index.interval.bytes': 1 }) });
    for (let i = 0; i < 4; i++) {
      log.appendAsLeader(buildRecordBatch([{ value: Buffer.from(`a${i}`) }, { value: Buffer.from(`b${i}`) }], { firstTimestamp: 1000 + i * 10 }), 0);
    }
    log.flush(); // not closed: the active segment's indexes keep their preallocated zero tail
    return { dir, log };
  }

  it('prints offset index entries and finds no mismatch', () => {
    const { dir, log } = indexedLog();
    const { out, err } = run({ files: path.join(dir, '00000000000000000000.index') });
    log.close();
    expect(out).toEqual([
      `Dumping ${path.join(dir, '00000000000000000000.index')}`,
      // Like Kafka, the first batch of a segment gets no entry (index.interval.bytes counts bytes since the last one).
      'offset: 3 position: 79',
      'offset: 5 position: 158',
      'offset: 7 position: 237',
    ]);
    expect(err).toEqual([]);
  });

  it('prints time index entries and finds no error; --verify-index-only prints none', () => {
    const { dir, log } = indexedLog();
    const file = path.join(dir, '00000000000000000000.timeindex');
    const { out, err } = run({ files: file });
    const verified = run({ files: file, verifyIndexOnly: true });
    log.close();
    expect(out.slice(1)).toEqual(['timestamp: 1010 offset: 3', 'timestamp: 1020 offset: 5', 'timestamp: 1030 offset: 7']);
    expect(err).toEqual([]);
    expect(verified.out).toEqual([`Dumping ${file}`]);
    expect(verified.err).toEqual([]);
  });

  it('reports an offset index entry pointing at the wrong batch', () => {
    const { dir, log } = indexedLog();
    log.close();
    const index = path.join(dir, '00000000000000000000.index');
    const bytes = fs.readFileSync(index);
    bytes.writeInt32BE(4, 8); // second entry claims offset 4, but the batch at its position ends at 5
    fs.writeFileSync(index, bytes);
    const { out, err } = run({ files: index });
    expect(out[2]).toBe('offset: 4 position: 158');
    expect(err).toEqual([`Mismatches in :${path.resolve(index)}`, '  Index offset: 4, log offset: 5']);
  });

  it('--index-sanity-check', () => {
    const { dir, log } = indexedLog();
    log.close();
    const index = path.join(dir, '00000000000000000000.index');
    expect(run({ files: index, indexSanityCheck: true }).out).toEqual([`Dumping ${index}`, `${index} passed sanity check.`]);
    fs.appendFileSync(index, Buffer.alloc(3));
    expect(() => run({ files: index, indexSanityCheck: true })).toThrow(`Index file ${path.resolve(index)} is corrupt, found 27 bytes which is neither positive nor a multiple of 8.`);
  });
});

describe('formatOffsetsTopicRecord', () => {
  it('prints non-consumer assignments as hex and a null protocol as null', () => {
    const group: StoredGroup = {
      protocolType: 'connect',
      generation: 7,
      protocol: null,
      leader: null,
      currentStateTimestamp: -1,
      members: [{ ...member('w1', []), assignment: Buffer.from([0x00, 0x01, 0xff]) }],
    };
    expect(formatOffsetsTopicRecord(encodeGroupMetadataKey('cg'), encodeGroupMetadataValue(group))).toEqual({
      key: 'group_metadata::group=cg',
      payload: '{"protocolType":"connect","protocol":null,"generationId":7,"assignment":"{w1=1FF}"}',
    });
    expect(formatOffsetsTopicRecord(encodeGroupMetadataKey('e'), encodeGroupMetadataValue({ ...group, members: [] })).payload).toBe(
      '{"protocolType":"connect","protocol":null,"generationId":7,"assignment":"{}"}',
    );
  });

  it('fails on a missing key or unknown version as Kafka\'s decoder does', () => {
    expect(() => formatOffsetsTopicRecord(null, null)).toThrow('Failed to decode message using offset topic decoder (message had a missing key)');
    let error: unknown;
    try {
      formatOffsetsTopicRecord(Buffer.from([0, 5]), null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DumpLogError);
    expect(error).toMatchObject({ javaClass: 'org.apache.kafka.common.KafkaException', message: 'Unknown message key schema version 5' });
  });
});

describe('options', () => {
  it('requires --files', () => {
    expect(() => resolveDumpLogOptions({})).toThrow(new UsageError('Missing required argument "[files]"'));
  });

  it('decoders imply --print-data-log, which implies --deep-iteration', () => {
    expect(resolveDumpLogOptions({ files: 'a.log' })).toMatchObject({ printDataLog: false, deepIteration: false });
    expect(resolveDumpLogOptions({ files: 'a.log', offsetsDecoder: true })).toMatchObject({ printDataLog: true, deepIteration: true, offsetsDecoder: true });
    expect(resolveDumpLogOptions({ files: 'a.log', keyDecoderClass: true })).toMatchObject({ printDataLog: true, deepIteration: true });
    expect(resolveDumpLogOptions({ files: 'a.log,b.log,' }).files).toEqual(['a.log', 'b.log']);
    expect(() => resolveDumpLogOptions({ files: 'a.log', valueDecoderClass: 'com.example.Mine' })).toThrow(UsageError);
    expect(resolveDumpLogOptions({ files: 'a.log', transactionLogDecoder: true })).toMatchObject({ printDataLog: true, deepIteration: true });
  });
});

describe('bin/kafka-dump-log', () => {
  const cli = (...args: string[]) => execFileAsync('node', [path.join(ROOT, 'scripts/run-ts.js'), path.join(ROOT, 'src/cli/kafka-dump-log.ts'), ...args], { cwd: ROOT });

  it('without --files prints the message and usage and exits 1', async () => {
    await expect(cli('--print-data-log')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Missing required argument "[files]"') });
  }, 30_000);

  it('without arguments prints the description and exits 1', async () => {
    await expect(cli()).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('This tool helps to parse a log file') });
  }, 30_000);

  it('dumps a segment with --offsets-decoder', async () => {
    const { log, logFile } = writeOffsetsSegment();
    log.close();
    const { stdout } = await cli('--files', logFile, '--offsets-decoder');
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([`Dumping ${logFile}`, 'Starting offset: 0']);
    expect(lines).toContain('| offset: 0 CreateTime: 1000 keysize: 12 valuesize: 24 sequence: -1 headerKeys: [] key: offset_commit::group=g,partition=t-0 payload: offset=5');
  }, 30_000);

  it('a missing segment ends with a Java-style exception', async () => {
    const missing = path.join(tempDir('dump-log-'), '00000000000000000000.log');
    await expect(cli('--files', missing)).rejects.toMatchObject({
      code: 1,
      stdout: `Dumping ${missing}\nStarting offset: 0\n`,
      stderr: `Exception in thread "main" java.io.FileNotFoundException: ${missing} (No such file or directory)\n`,
    });
  }, 30_000);
});
