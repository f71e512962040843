// Public surface of the log layer.

export * from './errors';
export * from './file-names';
export * from './log-config';
export * from './checkpoint-file';
export * from './leader-epoch-cache';
export { OffsetIndex, OFFSET_INDEX_ENTRY_SIZE, offsetIndexEntryAt, type OffsetPosition } from './offset-index';
export { TimeIndex, NO_TIMESTAMP, TIME_INDEX_ENTRY_SIZE, timeIndexEntryAt, type TimestampOffset } from './time-index';
export { CorruptIndexError } from './index-file';
export * from './log-segment';
export * from './log';
export * from './log-manager';
export * from './broker-metadata';
export { AppendOrigin } from './producer-state';
export { LogCleaner } from './cleaner/log-cleaner';
export { cleanerConfigFromBroker, defaultCleanerConfig, type CleanerConfig } from './cleaner/cleaner-config';
export { CLEANER_OFFSET_CHECKPOINT_FILE } from './cleaner/cleaner-manager';
