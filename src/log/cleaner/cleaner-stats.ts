// What one cleaning pass read and wrote (Kafka's CleanerStats), and the summary Kafka's cleaner
// thread logs after each pass (CleanerThread.recordStats), in the same words and layout.

import type { Time } from '../../common/clock';

export class CleanerStats {
  readonly startTime: number;
  mapCompleteTime = -1;
  endTime = -1;
  bytesRead = 0;
  bytesWritten = 0;
  mapBytesRead = 0;
  mapMessagesRead = 0;
  messagesRead = 0;
  invalidMessagesRead = 0;
  messagesWritten = 0;
  bufferUtilization = 0;

  constructor(private readonly time: Time) {
    this.startTime = time.now();
  }

  readMessages(messages: number, bytes: number): void {
    this.messagesRead += messages;
    this.bytesRead += bytes;
  }

  invalidMessage(): void {
    this.invalidMessagesRead++;
  }

  recopyMessages(messages: number, bytes: number): void {
    this.messagesWritten += messages;
    this.bytesWritten += bytes;
  }

  indexMessagesRead(n: number): void {
    this.mapMessagesRead += n;
  }

  indexBytesRead(n: number): void {
    this.mapBytesRead += n;
  }

  indexDone(): void {
    this.mapCompleteTime = this.time.now();
  }

  allDone(): void {
    this.endTime = this.time.now();
  }

  get elapsedSecs(): number {
    return (this.endTime - this.startTime) / 1000;
  }

  get elapsedIndexSecs(): number {
    return (this.mapCompleteTime - this.startTime) / 1000;
  }
}

/** Java's %,.Nf: grouped thousands, N decimals. */
function grouped(value: number, decimals = 1): string {
  if (!Number.isFinite(value)) return value > 0 ? '\u221e' : Number.isNaN(value) ? 'NaN' : '-\u221e';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

const fixed = (value: number, decimals = 1) => (Number.isFinite(value) ? value.toFixed(decimals) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity');

/** The multi-line summary Kafka logs at INFO after cleaning a log. */
export function cleaningSummary(id: number, name: string, from: number, to: number, stats: CleanerStats): string {
  const mb = (bytes: number) => bytes / (1024 * 1024);
  const cleanSecs = stats.elapsedSecs - stats.elapsedIndexSecs;
  return (
    `\n\tLog cleaner thread ${id} cleaned log ${name} (dirty section = [${from}, ${to}])\n` +
    `\t${grouped(mb(stats.bytesRead))} MB of log processed in ${grouped(stats.elapsedSecs)} seconds (${grouped(mb(stats.bytesRead) / stats.elapsedSecs)} MB/sec).\n` +
    `\tIndexed ${grouped(mb(stats.mapBytesRead))} MB in ${fixed(stats.elapsedIndexSecs)} seconds (${grouped(mb(stats.mapBytesRead) / stats.elapsedIndexSecs)} Mb/sec, ${fixed((100 * stats.elapsedIndexSecs) / stats.elapsedSecs)}% of total time)\n` +
    `\tBuffer utilization: ${fixed(100 * stats.bufferUtilization)}%\n` +
    `\tCleaned ${grouped(mb(stats.bytesRead))} MB in ${fixed(cleanSecs)} seconds (${grouped(mb(stats.bytesRead) / cleanSecs)} Mb/sec, ${fixed((100 * cleanSecs) / stats.elapsedSecs)}% of total time)\n` +
    `\tStart size: ${grouped(mb(stats.bytesRead))} MB (${stats.messagesRead.toLocaleString('en-US')} messages)\n` +
    `\tEnd size: ${grouped(mb(stats.bytesWritten))} MB (${stats.messagesWritten.toLocaleString('en-US')} messages)\n` +
    `\t${fixed(100 * (1 - stats.bytesWritten / stats.bytesRead))}% size reduction (${fixed(100 * (1 - stats.messagesWritten / stats.messagesRead))}% fewer messages)\n`
  );
}
