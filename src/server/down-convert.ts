// Fetch v0-v3 predates record batches v2: Kafka 2.4 down-converts what it returns to those
// clients (magic 0 for Fetch v0-1, magic 1 for v2-3). We do it per record, uncompressed, keeping
// offsets and (for magic 1) timestamps; control batches are dropped and record headers, which the
// old formats cannot carry, are lost — as in Kafka.

import { ATTR_TIMESTAMP_TYPE_LOG_APPEND, BATCH_HEADER_SIZE, batchAttributes, batchIsControl, batchSize } from '../protocol/records/batch-header';
import { LEGACY_ATTR_TIMESTAMP_TYPE_LOG_APPEND, encodeLegacyMessage } from '../protocol/records/legacy-message-set';
import { iterateRecords } from '../protocol/records/record';


export function downConvert(records: Buffer, magic: 0 | 1): Buffer {
  const out: Buffer[] = [];
  for (let p = 0; p + BATCH_HEADER_SIZE <= records.length && p + batchSize(records, p) <= records.length; p += batchSize(records, p)) {
    if (batchIsControl(records, p)) continue;
    const logAppendTime = (batchAttributes(records, p) & ATTR_TIMESTAMP_TYPE_LOG_APPEND) !== 0;
    const attributes = magic === 1 && logAppendTime ? LEGACY_ATTR_TIMESTAMP_TYPE_LOG_APPEND : 0;
    for (const r of iterateRecords(records, p)) {
      out.push(encodeLegacyMessage(magic, r.offset, attributes, magic === 1 ? r.timestamp : -1, r.key, r.value));
    }
  }
  return Buffer.concat(out);
}

/** The message format a Fetch version may receive. */
export function maxMagicForFetchVersion(version: number): 0 | 1 | 2 {
  if (version <= 1) return 0;
  if (version <= 3) return 1;
  return 2;
}
