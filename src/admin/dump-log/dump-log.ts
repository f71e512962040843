// bin/kafka-dump-log: Kafka 2.4.1's DumpLogSegments, which prints what a partition directory's
// files hold: record batches of `.log` segments (and, with --deep-iteration / --print-data-log,
// every record), the entries of `.index` / `.timeindex` files checked against their segment, the
// producers of `.snapshot` files and the aborted transactions of `.txnindex` files.
// The lines are Kafka's, field for field, so output can be compared with a real broker's.
//
// Supported: .log (magic 2 batches, and the magic 0/1 message sets of old segments), .index,
// .timeindex, .snapshot (producer-snapshot-dump.ts), .txnindex (txn-index-dump.ts), the default
// string decoder, --offsets-decoder for __consumer_offsets and --transaction-log-decoder for
// __transaction_state (transaction-log-format.ts). Not supported: custom decoder classes, which
// are refused as a usage error.
//
// Output goes through `out` (Kafka's System.out) and `err` (System.err) one line at a time.
// Failures that end Kafka's tool with an exception throw DumpLogError, carrying the Java class
// name the JVM would have printed.
//
// Batches and records are read with protocol/'s readers (magic 0/1 through the legacy reader's
// tolerant mode, which reports a bad CRC as `isvalid: false` as Kafka does instead of refusing
// it), index entries with log/'s entry readers. Only the walk over the index files is the tool's
// own: it reads them without opening them for writing and stops as Kafka's DumpLogSegments does
// (at the first entry back at the base offset), where log/'s IndexFile opens for writing and
// trims preallocated space, as recovery needs. Over 500 lines because every kind of segment and
// index file it dumps and every check it reports follow Kafka's one DumpLogSegments.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { javaStringHash } from '../../common/jvm-order/java-hash';
import {
  ATTR_TIMESTAMP_TYPE_LOG_APPEND,
  BATCH_HEADER_SIZE,
  CompressionType,
  LOG_OVERHEAD,
  batchAttributes,
  batchBaseOffset,
  batchBaseSequence,
  batchCompression,
  batchCrc,
  batchIsControl,
  batchIsTransactional,
  batchLastOffset,
  batchLastOffsetDelta,
  batchMaxTimestamp,
  batchPartitionLeaderEpoch,
  batchProducerEpoch,
  batchProducerId,
  batchRecordCount,
  computeBatchCrc,
} from '../../protocol/records/batch-header';
import { ControlRecordType, decodeControlKey, decodeEndTxnMarkerValue } from '../../protocol/records/control-record';
import { iterateRecords } from '../../protocol/records/record';
import { NO_TIMESTAMP, OFFSET_INDEX_ENTRY_SIZE, TIME_INDEX_ENTRY_SIZE, offsetIndexEntryAt, timeIndexEntryAt, type OffsetPosition } from '../../log';
import { expandWrapperEntries, LegacyMessageError, legacyCompression, readLegacyEntry, type LegacyEntry } from '../../protocol/records/legacy-message-set';
import { UsageError, missingRequired } from '../common/command-line';
import { scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { CONSUMER_PROTOCOL_TYPE, decodeConsumerAssignment, formatTopicPartitionList } from '../../coordinator/group/consumer-protocol';
import {
  UnknownOffsetsRecordVersionError,
  decodeGroupMetadataValue,
  decodeOffsetCommitValue,
  decodeOffsetsTopicKey,
} from '../../coordinator/group/offsets-topic-records';
import { DumpLogError, startOffsetOf, type DumpOutput } from './dump-output';
import { dumpProducerSnapshot } from './producer-snapshot-dump';
import { formatTransactionLogRecord } from './transaction-log-format';
import { dumpTxnIndex } from './txn-index-dump';

export { DumpLogError, type DumpOutput } from './dump-output';
export { formatTransactionLogRecord } from './transaction-log-format';

export interface DumpLogOptions {
  files: string[];
  /** Print keys and values (implied by any decoder option). */
  printDataLog: boolean;
  /** Print every record, not only batch headers (implied by printDataLog). */
  deepIteration: boolean;
  /** Decode keys and values as __consumer_offsets records. */
  offsetsDecoder: boolean;
  /** Decode keys and values as __transaction_state records (--offsets-decoder wins if both are given). */
  transactionLogDecoder: boolean;
  /** Index files: check only, print no entries. */
  verifyIndexOnly: boolean;
  /** Index files: run the broker's startup sanity check only. */
  indexSanityCheck: boolean;
  /** Index files: the most bytes read for the batch an entry points at. */
  maxMessageSize: number;
}

export const DEFAULT_MAX_MESSAGE_SIZE = 5 * 1024 * 1024;

/** The command line as parsed (commander's camel-cased option names). */
export interface DumpLogFlags {
  files?: string;
  printDataLog?: boolean;
  deepIteration?: boolean;
  offsetsDecoder?: boolean;
  transactionLogDecoder?: boolean;
  /** joptsimple optional-argument options: true when given without a class. */
  keyDecoderClass?: string | true;
  valueDecoderClass?: string | true;
  verifyIndexOnly?: boolean;
  indexSanityCheck?: boolean;
  maxMessageSize?: number;
}

const STRING_DECODER = 'kafka.serializer.StringDecoder';

/**
 * DumpLogSegmentsOptions: --files is required; any decoder option implies --print-data-log, which
 * implies --deep-iteration. Throws UsageError for what the tool cannot do.
 */
export function resolveDumpLogOptions(flags: DumpLogFlags): DumpLogOptions {
  if (flags.files === undefined) throw missingRequired('files');
  for (const [option, value] of [['key-decoder-class', flags.keyDecoderClass], ['value-decoder-class', flags.valueDecoderClass]] as const) {
    if (typeof value === 'string' && value !== STRING_DECODER) {
      throw new UsageError(`--${option} ${value} is not supported: only ${STRING_DECODER} is available here.`);
    }
  }
  const printDataLog =
    !!flags.printDataLog ||
    !!flags.offsetsDecoder ||
    !!flags.transactionLogDecoder ||
    flags.keyDecoderClass !== undefined ||
    flags.valueDecoderClass !== undefined;
  // Java's split drops trailing empty strings: `--files a.log,` is just a.log.
  const files = flags.files.split(',');
  while (files.length > 1 && files[files.length - 1] === '') files.pop();
  return {
    files,
    printDataLog,
    deepIteration: !!flags.deepIteration || printDataLog,
    offsetsDecoder: !!flags.offsetsDecoder,
    transactionLogDecoder: !!flags.transactionLogDecoder,
    verifyIndexOnly: !!flags.verifyIndexOnly,
    indexSanityCheck: !!flags.indexSanityCheck,
    maxMessageSize: flags.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
  };
}
const RECORD_INDENT = '|';
/** offset, size, crc, magic: the bytes Kafka reads before deciding how to parse a batch. */
const HEADER_SIZE_UP_TO_MAGIC = 17;
/** LegacyRecord.RECORD_OVERHEAD_V0: the smallest size a batch can declare. */
const MIN_RECORD_OVERHEAD = 14;
const COMPRESSION_NAMES = ['NONE', 'GZIP', 'SNAPPY', 'LZ4', 'ZSTD'];

// ---- the tool ----------------------------------------------------------------------------------

/**
 * Dumps every file in turn, then prints the problems found. Returns the exit status, 0 as Kafka's
 * tool exits unless it dies with an exception (thrown here as DumpLogError).
 */
export function dumpLogSegments(opts: DumpLogOptions, io: DumpOutput): number {
  const problems = new DumpProblems();
  for (const file of opts.files) {
    io.out(`Dumping ${file}`);
    const name = path.basename(file);
    const dot = name.lastIndexOf('.');
    const suffix = dot < 0 ? '' : name.slice(dot);
    switch (suffix) {
      case '.log':
        dumpLog(file, opts, io, problems);
        break;
      case '.index':
        dumpOffsetIndex(file, opts, io, problems);
        break;
      case '.timeindex':
        dumpTimeIndex(file, opts, io, problems);
        break;
      case '.snapshot':
        dumpProducerSnapshot(file, io);
        break;
      case '.txnindex':
        dumpTxnIndex(file, io);
        break;
      default:
        io.err(`Ignoring unknown file ${file}`);
    }
  }
  problems.print(io);
  return 0;
}

/** What Kafka collects while dumping and prints on stderr at the end, in its order. */
class DumpProblems {
  /** Offset index entries whose batch ends elsewhere: [index offset, log offset]. */
  indexMismatches = new Map<string, Array<[number, number]>>();
  timeMismatches = new Map<string, Array<[number, number]>>();
  outOfOrderTimestamps = new Map<string, Array<[number, number]>>();
  shallowOffsetsNotFound = new Map<string, Array<[number, number]>>();
  nonConsecutive = new Map<string, Array<[number, number]>>();

  static add(map: Map<string, Array<[number, number]>>, file: string, pair: [number, number]): void {
    const list = map.get(file);
    if (list) list.push(pair);
    else map.set(file, [pair]);
  }

  print(io: DumpOutput): void {
    // Kafka keeps these in Scala mutable.HashMaps keyed by absolute path; the index mismatch and
    // non-consecutive lists are prepended to, so they come out newest first.
    const files = (map: Map<string, unknown>) => scalaMutableHashMapOrder([...map.keys()], javaStringHash);
    for (const file of files(this.indexMismatches)) {
      io.err(`Mismatches in :${file}`);
      for (const [indexOffset, logOffset] of [...this.indexMismatches.get(file)!].reverse()) {
        io.err(`  Index offset: ${indexOffset}, log offset: ${logOffset}`);
      }
    }
    for (const file of files(this.timeMismatches)) {
      io.err(`Found timestamp mismatch in :${file}`);
      for (const [indexTs, logTs] of this.timeMismatches.get(file)!) io.err(`  Index timestamp: ${indexTs}, log timestamp: ${logTs}`);
    }
    for (const file of files(this.outOfOrderTimestamps)) {
      io.err(`Found out of order timestamp in :${file}`);
      for (const [indexTs, prevTs] of this.outOfOrderTimestamps.get(file)!) {
        io.err(`  Index timestamp: ${indexTs}, Previously indexed timestamp: ${prevTs}`);
      }
    }
    for (const file of files(this.shallowOffsetsNotFound)) {
      io.err('The following indexed offsets are not found in the log.');
      for (const [indexed, found] of this.shallowOffsetsNotFound.get(file)!) io.err(`Indexed offset: ${indexed}, found log offset: ${found}`);
    }
    for (const file of files(this.nonConsecutive)) {
      io.err(`Non-consecutive offsets in ${file}`);
      for (const [first, second] of [...this.nonConsecutive.get(file)!].reverse()) io.err(`  ${first} is followed by ${second}`);
    }
  }
}

// ---- reading segment files ---------------------------------------------------------------------

class SegmentFile {
  private constructor(
    private readonly fd: number,
    readonly size: number,
    /** How Kafka names the file in messages. */
    readonly displayName: string,
  ) {}

  static open(file: string, displayName = file): SegmentFile {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (error as Error).message;
      throw new DumpLogError('java.io.FileNotFoundException', `${displayName} (${reason})`);
    }
    return new SegmentFile(fd, fs.fstatSync(fd).size, displayName);
  }

  read(position: number, length: number): Buffer {
    const buf = Buffer.alloc(Math.max(0, Math.min(length, this.size - position)));
    let done = 0;
    while (done < buf.length) {
      const n = fs.readSync(this.fd, buf, done, buf.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

interface FileBatch {
  /** Where the batch starts in the file. */
  position: number;
  /** The whole batch, log overhead included. */
  buf: Buffer;
}

/** Whole batches from `start` up to `end`, as Kafka's FileLogInputStream finds them. */
function* fileBatches(file: SegmentFile, start = 0, end = file.size): Generator<FileBatch> {
  let position = start;
  while (position < end - HEADER_SIZE_UP_TO_MAGIC) {
    const size = file.read(position, LOG_OVERHEAD).readInt32BE(8);
    if (size < MIN_RECORD_OVERHEAD) {
      throw new DumpLogError(
        'org.apache.kafka.common.errors.CorruptRecordException',
        `Found record size ${size} smaller than minimum record overhead (${MIN_RECORD_OVERHEAD}) in file ${file.displayName}.`,
      );
    }
    if (position > end - LOG_OVERHEAD - size) return;
    yield { position, buf: file.read(position, LOG_OVERHEAD + size) };
    position += LOG_OVERHEAD + size;
  }
}

// ---- batches and records of both formats ---------------------------------------------------------

interface RecordView {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Magic 2 only. */
  sequence: number;
  headerKeys: string[];
  /** Magic 0/1 only: the message's stored CRC and whether it matches. */
  crc: number;
  valid: boolean;
}

interface BatchView {
  magic: number;
  baseOffset: number;
  lastOffset: number;
  timestampType: string;
  maxTimestamp: number;
  size: number;
  compression: string;
  crc: number;
  valid: boolean;
  isControl: boolean;
  /** The batch-header fields of the magic-2 line (before `position:`); empty for magic 0/1. */
  headerText: string;
  records(): Iterable<RecordView>;
}

function compressionName(id: number): string {
  const name = COMPRESSION_NAMES[id];
  if (name === undefined) throw new DumpLogError('java.lang.IllegalArgumentException', `Unknown compression type id: ${id}`);
  return name;
}

/** DefaultRecordBatch.incrementSequence: sequences wrap from Integer.MAX_VALUE to 0. */
function incrementSequence(sequence: number, increment: number): number {
  if (sequence > 0x7fffffff - increment) return increment - (0x7fffffff - sequence) - 1;
  return sequence + increment;
}

function batchView(buf: Buffer): BatchView {
  const magic = buf.readInt8(16);
  return magic >= 2 ? v2BatchView(buf, magic) : legacyBatchView(buf);
}

function v2BatchView(buf: Buffer, magic: number): BatchView {
  if (buf.length < BATCH_HEADER_SIZE) {
    throw new DumpLogError('org.apache.kafka.common.errors.CorruptRecordException', `Record batch of ${buf.length} bytes is smaller than its ${BATCH_HEADER_SIZE}-byte header`);
  }
  const baseOffset = batchBaseOffset(buf);
  const baseSequence = batchBaseSequence(buf);
  const lastSequence = baseSequence === -1 ? -1 : incrementSequence(baseSequence, batchLastOffsetDelta(buf));
  const isControl = batchIsControl(buf);
  const timestampType = (batchAttributes(buf) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0 ? 'LogAppendTime' : 'CreateTime';
  return {
    magic,
    baseOffset,
    lastOffset: batchLastOffset(buf),
    timestampType,
    maxTimestamp: batchMaxTimestamp(buf),
    size: buf.length,
    compression: compressionName(batchCompression(buf)),
    crc: batchCrc(buf),
    valid: computeBatchCrc(buf) === batchCrc(buf),
    isControl,
    headerText:
      `baseOffset: ${baseOffset} lastOffset: ${batchLastOffset(buf)} count: ${batchRecordCount(buf)}` +
      ` baseSequence: ${baseSequence} lastSequence: ${lastSequence}` +
      ` producerId: ${batchProducerId(buf)} producerEpoch: ${batchProducerEpoch(buf)}` +
      ` partitionLeaderEpoch: ${batchPartitionLeaderEpoch(buf)} isTransactional: ${batchIsTransactional(buf)}` +
      ` isControl: ${isControl}`,
    *records() {
      for (const r of iterateRecords(buf)) {
        yield {
          offset: r.offset,
          timestamp: r.timestamp,
          key: r.key,
          value: r.value,
          sequence: baseSequence >= 0 ? incrementSequence(baseSequence, r.offset - baseOffset) : -1,
          headerKeys: r.headers.map((h) => h.key),
          crc: 0,
          valid: true,
        };
      }
    },
  };
}

/** The tolerant legacy reader's damage, as Kafka's tool reports it. */
function readingLegacy<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof LegacyMessageError) throw new DumpLogError('org.apache.kafka.common.errors.CorruptRecordException', error.message);
    throw error;
  }
}

function legacyBatchView(buf: Buffer): BatchView {
  const wrapper = readingLegacy(() => readLegacyEntry(buf, 0, 'tolerant'));
  if (!wrapper) throw new DumpLogError('org.apache.kafka.common.errors.CorruptRecordException', 'Message is truncated');
  const { message } = wrapper;
  const codec = legacyCompression(message);
  const timestampType = message.magic === 0 ? 'NoTimestampType' : message.logAppendTime ? 'LogAppendTime' : 'CreateTime';
  const asRecord = ({ message: m, crc, crcValid }: LegacyEntry): RecordView => ({
    offset: m.offset,
    timestamp: m.timestamp,
    key: m.key,
    value: m.value,
    sequence: -1,
    headerKeys: [],
    crc,
    valid: crcValid,
  });
  return {
    magic: message.magic,
    baseOffset: message.offset,
    lastOffset: message.offset,
    timestampType,
    maxTimestamp: message.timestamp,
    size: buf.length,
    compression: compressionName(codec),
    crc: wrapper.crc,
    valid: wrapper.crcValid,
    isControl: false,
    headerText: '',
    *records() {
      if (codec === CompressionType.None) yield asRecord(wrapper);
      else yield* readingLegacy(() => expandWrapperEntries(message, 'tolerant')).map(asRecord);
    },
  };
}

// ---- .log segments -------------------------------------------------------------------------------

/** Kafka's DecoderMessageParser with StringDecoder: keys and values as UTF-8 text. */
function stringParser(key: Buffer | null, value: Buffer | null): { key?: string; payload?: string } {
  return {
    key: key === null ? undefined : key.toString('utf8'),
    payload: value === null ? undefined : value.toString('utf8'),
  };
}

function dumpLog(file: string, opts: DumpLogOptions, io: DumpOutput, problems: DumpProblems): void {
  const startOffset = startOffsetOf(file);
  io.out(`Starting offset: ${startOffset}`);
  const segment = SegmentFile.open(file);
  // DumpLogSegmentsOptions.messageParser: the offsets decoder is checked first.
  const parse = opts.offsetsDecoder ? formatOffsetsTopicRecord : opts.transactionLogDecoder ? formatTransactionLogRecord : stringParser;
  try {
    let validBytes = 0;
    let lastOffset = -1;
    for (const { buf } of fileBatches(segment)) {
      const batch = batchView(buf);
      const head = batch.headerText !== '' ? batch.headerText : `offset: ${batch.lastOffset}`;
      io.out(
        `${head} position: ${validBytes} ${batch.timestampType}: ${batch.maxTimestamp} size: ${batch.size}` +
          ` magic: ${batch.magic} compresscodec: ${batch.compression} crc: ${batch.crc} isvalid: ${batch.valid}`,
      );
      if (opts.deepIteration) {
        for (const record of batch.records()) {
          if (lastOffset !== -1 && record.offset !== lastOffset + 1) {
            DumpProblems.add(problems.nonConsecutive, path.resolve(file), [lastOffset, record.offset]);
          }
          lastOffset = record.offset;
          let line =
            `${RECORD_INDENT} offset: ${record.offset} ${batch.timestampType}: ${record.timestamp}` +
            ` keysize: ${record.key ? record.key.length : -1} valuesize: ${record.value ? record.value.length : -1}`;
          line += batch.magic >= 2
            ? ` sequence: ${record.sequence} headerKeys: [${record.headerKeys.join(',')}]`
            : ` crc: ${record.crc} isvalid: ${record.valid}`;
          if (batch.isControl) {
            line += controlRecordText(record.key, record.value);
          } else if (opts.printDataLog) {
            const { key, payload } = parse(record.key, record.value);
            if (key !== undefined) line += ` key: ${key}`;
            if (payload !== undefined) line += ` payload: ${payload}`;
          }
          io.out(line);
        }
      }
      validBytes += batch.size;
    }
    const trailing = segment.size - validBytes;
    if (trailing > 0) io.out(`Found ${trailing} invalid bytes at the end of ${path.basename(file)}`);
  } finally {
    segment.close();
  }
}

function controlRecordText(key: Buffer | null, value: Buffer | null): string {
  if (key === null) throw new DumpLogError('java.lang.NullPointerException', 'control record without a key');
  const type = decodeControlKey(key);
  if (type === ControlRecordType.Abort || type === ControlRecordType.Commit) {
    const { coordinatorEpoch } = decodeEndTxnMarkerValue(value);
    return ` endTxnMarker: ${type === ControlRecordType.Abort ? 'ABORT' : 'COMMIT'} coordinatorEpoch: ${coordinatorEpoch}`;
  }
  return ` controlType: UNKNOWN(${type})`;
}

// ---- __consumer_offsets records (GroupMetadataManager.formatRecordKeyAndValue) --------------------

/** "%X".format(BigInt(1, bytes)): upper-case hex without leading zeros, "" for no bytes. */
function javaHex(bytes: Buffer): string {
  if (bytes.length === 0) return '';
  return BigInt(`0x${bytes.toString('hex')}`).toString(16).toUpperCase();
}

/**
 * A __consumer_offsets record as Kafka 2.4.1's --offsets-decoder prints it:
 * `offset_commit::group=g,partition=t-0` / `offset=5,metadata=m`, and
 * `group_metadata::group=g` / `{"protocolType":...,"protocol":...,"generationId":...,"assignment":"{m=[t-0, t-1]}"}`.
 * Tombstones print as `<DELETE>`. Members appear in the order of the Scala HashMap Kafka keeps them in.
 */
export function formatOffsetsTopicRecord(keyBytes: Buffer | null, value: Buffer | null): { key: string; payload: string } {
  try {
    return formatOffsetsRecord(keyBytes, value);
  } catch (error) {
    // Kafka's schemaFor* lookups fail with a KafkaException carrying the same message.
    if (error instanceof UnknownOffsetsRecordVersionError) throw new DumpLogError('org.apache.kafka.common.KafkaException', error.message);
    throw error;
  }
}

function formatOffsetsRecord(keyBytes: Buffer | null, value: Buffer | null): { key: string; payload: string } {
  if (keyBytes === null) {
    throw new DumpLogError('org.apache.kafka.common.KafkaException', 'Failed to decode message using offset topic decoder (message had a missing key)');
  }
  const key = decodeOffsetsTopicKey(keyBytes);
  if (key.kind === 'offset') {
    const keyText = `offset_commit::group=${key.group},partition=${key.topic}-${key.partition}`;
    if (value === null) return { key: keyText, payload: '<DELETE>' };
    const offset = decodeOffsetCommitValue(value);
    const payload = offset.metadata === '' ? `offset=${offset.offset}` : `offset=${offset.offset},metadata=${offset.metadata}`;
    return { key: keyText, payload };
  }
  const keyText = `group_metadata::group=${key.group}`;
  if (value === null) return { key: keyText, payload: '<DELETE>' };
  const group = decodeGroupMetadataValue(value);
  const members = scalaMutableHashMapOrder(group.members, (m) => javaStringHash(m.memberId));
  const assignment = members.map((member) => {
    if (group.protocolType !== CONSUMER_PROTOCOL_TYPE) return `${member.memberId}=${javaHex(member.assignment)}`;
    const decoded = decodeConsumerAssignment(member.assignment);
    const userData = decoded.userData ? javaHex(decoded.userData) : '';
    const partitions = formatTopicPartitionList(decoded.partitions);
    return userData === '' ? `${member.memberId}=${partitions}` : `${member.memberId}=${partitions}:${userData}`;
  });
  const payload = JSON.stringify({
    protocolType: group.protocolType,
    protocol: group.protocol,
    generationId: group.generation,
    assignment: `{${assignment.join(',')}}`,
  });
  return { key: keyText, payload };
}

// ---- .index and .timeindex -------------------------------------------------------------------------

interface IndexFiles {
  baseOffset: number;
  /** The segment's .log, named as Kafka names it (absolute path). */
  logFile: string;
  indexFile: string;
}

function indexSiblings(file: string): IndexFiles {
  const baseOffset = startOffsetOf(file);
  const dir = path.dirname(path.resolve(file));
  const stem = path.basename(file).split('.')[0];
  return { baseOffset, logFile: path.join(dir, `${stem}.log`), indexFile: path.join(dir, `${stem}.index`) };
}

function readWholeFile(file: string, displayName = file): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DumpLogError('java.io.FileNotFoundException', `${displayName} (${code === 'ENOENT' ? 'No such file or directory' : (error as Error).message})`);
  }
}

/** The entries of an offset index up to the first all-zero one after the start (preallocated space). */
function offsetIndexEntries(data: Buffer, baseOffset: number): OffsetPosition[] {
  const entries: OffsetPosition[] = [];
  const count = Math.floor(data.length / OFFSET_INDEX_ENTRY_SIZE);
  for (let i = 0; i < count; i++) {
    const entry = offsetIndexEntryAt(data, i, baseOffset);
    if (entry.offset === baseOffset && i > 0) break;
    entries.push(entry);
  }
  return entries;
}

function corruptIndex(message: string): DumpLogError {
  return new DumpLogError('org.apache.kafka.common.errors.CorruptIndexException', message);
}

function dumpOffsetIndex(file: string, opts: DumpLogOptions, io: DumpOutput, problems: DumpProblems): void {
  const { baseOffset, logFile } = indexSiblings(file);
  const segment = SegmentFile.open(logFile);
  try {
    const data = readWholeFile(file);
    const absolute = path.resolve(file);
    if (opts.indexSanityCheck) {
      // OffsetIndex.sanityCheck, over every slot as Kafka maps the whole (maybe preallocated) file.
      const slots = Math.floor(data.length / OFFSET_INDEX_ENTRY_SIZE);
      const lastOffset = slots === 0 ? baseOffset : offsetIndexEntryAt(data, slots - 1, baseOffset).offset;
      if (slots !== 0 && lastOffset < baseOffset) {
        throw corruptIndex(`Corrupt index found, index file (${absolute}) has non-zero size but the last offset is ${lastOffset} which is less than the base offset ${baseOffset}.`);
      }
      if (data.length % OFFSET_INDEX_ENTRY_SIZE !== 0) {
        throw corruptIndex(`Index file ${absolute} is corrupt, found ${data.length} bytes which is neither positive nor a multiple of ${OFFSET_INDEX_ENTRY_SIZE}.`);
      }
      io.out(`${file} passed sanity check.`);
      return;
    }
    for (const entry of offsetIndexEntries(data, baseOffset)) {
      const first = fileBatches(segment, entry.position, Math.min(segment.size, entry.position + opts.maxMessageSize)).next();
      if (first.done) throw new DumpLogError('java.util.NoSuchElementException', `no batch at position ${entry.position} of ${logFile}`);
      const batchLastOffset = batchView(first.value.buf).lastOffset;
      if (batchLastOffset !== entry.offset) DumpProblems.add(problems.indexMismatches, absolute, [entry.offset, batchLastOffset]);
      if (!opts.verifyIndexOnly) io.out(`offset: ${entry.offset} position: ${entry.position}`);
    }
  } finally {
    segment.close();
  }
}

function dumpTimeIndex(file: string, opts: DumpLogOptions, io: DumpOutput, problems: DumpProblems): void {
  const { baseOffset, logFile, indexFile } = indexSiblings(file);
  const segment = SegmentFile.open(logFile);
  try {
    const data = readWholeFile(file);
    const absolute = path.resolve(file);
    const slots = Math.floor(data.length / TIME_INDEX_ENTRY_SIZE);
    const timestampAt = (i: number) => timeIndexEntryAt(data, i, baseOffset).timestamp;
    const offsetAt = (i: number) => timeIndexEntryAt(data, i, baseOffset).offset;
    if (opts.indexSanityCheck) {
      // TimeIndex.sanityCheck, over every slot as Kafka maps the whole (maybe preallocated) file.
      const lastTimestamp = slots === 0 ? NO_TIMESTAMP : timestampAt(slots - 1);
      const lastOffset = slots === 0 ? baseOffset : offsetAt(slots - 1);
      if (slots !== 0 && lastTimestamp < timestampAt(0)) {
        throw corruptIndex(`Corrupt time index found, time index file (${absolute}) has non-zero size but the last timestamp is ${lastTimestamp} which is less than the first timestamp ${timestampAt(0)}`);
      }
      if (slots !== 0 && lastOffset < baseOffset) {
        throw corruptIndex(`Corrupt time index found, time index file (${absolute}) has non-zero size but the last offset is ${lastOffset} which is less than the first offset ${baseOffset}`);
      }
      if (data.length % TIME_INDEX_ENTRY_SIZE !== 0) {
        throw corruptIndex(`Time index file ${absolute} is corrupt, found ${data.length} bytes which is neither positive nor a multiple of ${TIME_INDEX_ENTRY_SIZE}.`);
      }
      io.out(`${file} passed sanity check.`);
      return;
    }
    const offsetEntries = offsetIndexEntries(readWholeFile(indexFile), baseOffset);
    /** OffsetIndex.lookup: the last entry at or below `offset`, else the segment start. */
    const positionOf = (offset: number): number => {
      let position = 0;
      for (const e of offsetEntries) {
        if (e.offset > offset) break;
        position = e.position;
      }
      return position;
    };
    let prevTimestamp = NO_TIMESTAMP;
    for (let i = 0; i < slots; i++) {
      const timestamp = timestampAt(i);
      const offset = offsetAt(i);
      if (offset === baseOffset && i > 0) return;
      let found: BatchView | null = null;
      for (const { buf } of fileBatches(segment, positionOf(offset))) {
        const batch = batchView(buf);
        if (batch.lastOffset >= offset) {
          found = batch;
          break;
        }
      }
      if (found === null) {
        DumpProblems.add(problems.shallowOffsetsNotFound, absolute, [offset, -1]);
      } else if (found.lastOffset !== offset) {
        DumpProblems.add(problems.shallowOffsetsNotFound, absolute, [offset, found.lastOffset]);
      } else {
        let maxTimestamp = NO_TIMESTAMP;
        for (const record of found.records()) maxTimestamp = Math.max(maxTimestamp, record.timestamp);
        if (maxTimestamp !== timestamp) DumpProblems.add(problems.timeMismatches, absolute, [timestamp, maxTimestamp]);
        if (prevTimestamp >= timestamp) DumpProblems.add(problems.outOfOrderTimestamps, absolute, [timestamp, prevTimestamp]);
      }
      if (!opts.verifyIndexOnly) io.out(`timestamp: ${timestamp} offset: ${offset}`);
      prevTimestamp = timestamp;
    }
  } finally {
    segment.close();
  }
}
