// Control records: the single record of a control batch (attribute bit 5) that the partition
// leader writes to end a transaction. Key: int16 version 0, int16 type (0 ABORT, 1 COMMIT).
// Value (end-transaction marker): int16 version 0, int32 coordinatorEpoch.

import { buildRecordBatch } from './record-batch-builder';

export enum ControlRecordType {
  Abort = 0,
  Commit = 1,
}

const CONTROL_KEY_VERSION = 0;
const MARKER_VALUE_VERSION = 0;

export class ControlRecordError extends Error {}

export function encodeControlKey(type: ControlRecordType): Buffer {
  const key = Buffer.allocUnsafe(4);
  key.writeInt16BE(CONTROL_KEY_VERSION, 0);
  key.writeInt16BE(type, 2);
  return key;
}

/** Reads the control type; like Kafka, tolerates newer key versions (only the type is read). */
export function decodeControlKey(key: Buffer | null): ControlRecordType | number {
  if (!key || key.length < 4) throw new ControlRecordError('control record key too short');
  const version = key.readInt16BE(0);
  if (version < 0) throw new ControlRecordError(`invalid control record key version ${version}`);
  return key.readInt16BE(2);
}

export function encodeEndTxnMarkerValue(coordinatorEpoch: number): Buffer {
  const value = Buffer.allocUnsafe(6);
  value.writeInt16BE(MARKER_VALUE_VERSION, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return value;
}

export function decodeEndTxnMarkerValue(value: Buffer | null): { version: number; coordinatorEpoch: number } {
  if (!value || value.length < 6) throw new ControlRecordError('end transaction marker value too short');
  const version = value.readInt16BE(0);
  if (version < 0) throw new ControlRecordError(`invalid end transaction marker version ${version}`);
  return { version, coordinatorEpoch: value.readInt32BE(2) };
}

export interface ControlBatchOptions {
  type: ControlRecordType;
  coordinatorEpoch: number;
  producerId: number;
  producerEpoch: number;
  timestamp: number;
  baseOffset?: number;
  partitionLeaderEpoch?: number;
}

/** A transactional control batch holding one end-transaction marker (baseSequence -1, uncompressed). */
export function buildControlBatch(o: ControlBatchOptions): Buffer {
  return buildRecordBatch(
    [{ key: encodeControlKey(o.type), value: encodeEndTxnMarkerValue(o.coordinatorEpoch), timestamp: o.timestamp }],
    {
      baseOffset: o.baseOffset ?? 0,
      partitionLeaderEpoch: o.partitionLeaderEpoch ?? -1,
      producerId: o.producerId,
      producerEpoch: o.producerEpoch,
      baseSequence: -1,
      transactional: true,
      control: true,
    },
  );
}
