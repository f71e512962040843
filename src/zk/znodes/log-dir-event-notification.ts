// /log_dir_event_notification/log_dir_event_<seq> — PS, written by a broker whose log directory
// failed. `{"version":1,"broker":3,"event":1}` (event 1 = LogDirFailure).

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { LOG_DIR_EVENT_NOTIFICATION_PATH } from './paths';

export const LOG_DIR_EVENT_SEQUENCE_PREFIX = 'log_dir_event_';
export const LOG_DIR_FAILURE_EVENT = 1;
export const LOG_DIR_EVENT_CREATE_PATH = `${LOG_DIR_EVENT_NOTIFICATION_PATH}/${LOG_DIR_EVENT_SEQUENCE_PREFIX}`;

export function logDirEventNotificationPath(sequenceNumber: string): string {
  return `${LOG_DIR_EVENT_CREATE_PATH}${sequenceNumber}`;
}

export function logDirEventSequenceNumber(childName: string): string {
  return childName.startsWith(LOG_DIR_EVENT_SEQUENCE_PREFIX) ? childName.slice(LOG_DIR_EVENT_SEQUENCE_PREFIX.length) : childName;
}

export function encodeLogDirEventNotification(brokerId: number): Buffer {
  return jsonBytes(jsonObject([['version', 1], ['broker', brokerId], ['event', LOG_DIR_FAILURE_EVENT]]));
}

/** The broker id whose log dir failed. */
export function decodeLogDirEventNotification(sequenceNumber: string, data: Buffer | null): { brokerId: number; event: number } {
  const { reader, json } = JsonReader.object(logDirEventNotificationPath(sequenceNumber), data);
  return { brokerId: reader.int(json, 'broker'), event: reader.int(json, 'event') };
}
