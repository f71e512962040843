// kafka-dump-log on a `.snapshot` file (Kafka 2.4.1's dumpProducerIdSnapshot): one line per
// producer, in file order,
//   producerId: 7 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: None firstSequence: 0 lastSequence: 4 lastOffset: 4 offsetDelta: 4 timestamp: 1000
// where currentTxnFirstOffset is `Some(<offset>)` while a transaction is open, and the part from
// firstSequence on is the entry's batch metadata, which Kafka's readSnapshot creates only when the
// last offset is >= 0 (without it the line ends after `None `, trailing space included).
//
// A corrupt snapshot prints CorruptSnapshotException's message on stderr and the tool goes on.
// Kafka parses the whole file against its schema before it checks the version and the CRC, so a
// file too short for what it declares fails with the schema reader's words, rebuilt here; the
// version and CRC messages are log/'s, which are Kafka's.

import * as fs from 'node:fs';
import { CorruptSnapshotError, decodeProducerSnapshot, type SnapshotEntry } from '../../log/producer-snapshot-file';
import { DumpLogError, type DumpOutput } from './dump-output';

export function dumpProducerSnapshot(file: string, io: DumpOutput): void {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    // Files.readAllBytes: NoSuchFileException (and its kin) carry just the path.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DumpLogError('java.nio.file.NoSuchFileException', file);
    throw error;
  }
  const schemaError = snapshotSchemaError(bytes);
  if (schemaError !== null) {
    io.err(`Snapshot failed schema validation: ${schemaError}`);
    return;
  }
  let entries: SnapshotEntry[];
  try {
    entries = decodeProducerSnapshot(bytes);
  } catch (error) {
    if (error instanceof CorruptSnapshotError) {
      io.err(error.message);
      return;
    }
    throw error;
  }
  for (const entry of entries) io.out(snapshotEntryLine(entry));
}

export function snapshotEntryLine(entry: SnapshotEntry): string {
  const txnFirstOffset = entry.currentTxnFirstOffset >= 0 ? `Some(${entry.currentTxnFirstOffset})` : 'None';
  let line =
    `producerId: ${entry.producerId} producerEpoch: ${entry.producerEpoch} ` +
    `coordinatorEpoch: ${entry.coordinatorEpoch} currentTxnFirstOffset: ${txnFirstOffset} `;
  if (entry.lastOffset >= 0) {
    line +=
      `firstSequence: ${decrementSequence(entry.lastSequence, entry.offsetDelta)} lastSequence: ${entry.lastSequence} ` +
      `lastOffset: ${entry.lastOffset} offsetDelta: ${entry.offsetDelta} timestamp: ${entry.timestamp}`;
  }
  return line;
}

/** DefaultRecordBatch.decrementSequence: sequences wrap from 0 back to Integer.MAX_VALUE. */
function decrementSequence(sequence: number, decrement: number): number {
  if (sequence < decrement) return (0x7fffffff - (decrement - sequence) + 1) | 0;
  return (sequence - decrement) | 0;
}

// ---- the schema reader's failures ----------------------------------------------------------------

/** ProducerStateManager's snapshot schema: the header, then an array of these entries. */
const HEADER_FIELDS: Array<[string, number]> = [
  ['version', 2],
  ['crc', 4],
];
const ENTRY_FIELDS: Array<[string, number]> = [
  ['producer_id', 8],
  ['epoch', 2],
  ['last_sequence', 4],
  ['last_offset', 8],
  ['offset_delta', 4],
  ['timestamp', 8],
  ['coordinator_epoch', 4],
  ['current_txn_first_offset', 8],
];
const UNDERFLOW = 'java.nio.BufferUnderflowException';

/**
 * The message of the SchemaException Kafka's Schema.read throws for these bytes, or null if they
 * parse. Each level prefixes `Error reading field '<name>': `; a short read is a
 * BufferUnderflowException, which has no message, so its class name stands in.
 */
function snapshotSchemaError(bytes: Buffer): string | null {
  let position = 0;
  for (const [name, size] of HEADER_FIELDS) {
    if (bytes.length - position < size) return `Error reading field '${name}': ${UNDERFLOW}`;
    position += size;
  }
  const inEntries = (message: string) => `Error reading field 'producer_entries': ${message}`;
  if (bytes.length - position < 4) return inEntries(UNDERFLOW);
  const count = bytes.readInt32BE(position);
  position += 4;
  if (count < 0) return inEntries(`Array size ${count} cannot be negative`);
  if (count > bytes.length - position) return inEntries(`Error reading array of size ${count}, only ${bytes.length - position} bytes available`);
  for (let i = 0; i < count; i++) {
    for (const [name, size] of ENTRY_FIELDS) {
      if (bytes.length - position < size) return inEntries(`Error reading field '${name}': ${UNDERFLOW}`);
      position += size;
    }
  }
  return null;
}
