// /controller — E, owned by the active controller's session.
// `{"version":1,"brokerid":2,"timestamp":"1673382716473"}` (Map3: insertion order; timestamp string).

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';

export const CONTROLLER_PATH = '/controller';

export interface ControllerRegistration {
  brokerId: number;
  /** Epoch ms when it was elected; absent in hand-written znodes. */
  timestamp?: bigint;
}

export function encodeController(brokerId: number, timestampMs: number): Buffer {
  return jsonBytes(
    jsonObject([
      ['version', 1],
      ['brokerid', brokerId],
      ['timestamp', String(timestampMs)],
    ]),
  );
}

/** Kafka readers only use `brokerid`. */
export function decodeController(data: Buffer | null): ControllerRegistration {
  const { reader, json } = JsonReader.object(CONTROLLER_PATH, data);
  const brokerId = reader.int(json, 'brokerid');
  return json.timestamp === undefined ? { brokerId } : { brokerId, timestamp: reader.intString(json, 'timestamp') };
}
