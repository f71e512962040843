// DefaultMessageFormatter (Kafka 2.4.1's console consumer output): the --property settings and the
// bytes printed for one record, shared by the assigned (--partition) and the group consumer, and
// where those bytes go.

import type { ConsumedRecord } from './topic-fetcher';

/** DefaultMessageFormatter's settings from --property. */
export interface FormatterProps {
  printTimestamp: boolean;
  printKey: boolean;
  printValue: boolean;
  keySeparator: string;
  lineSeparator: string;
}

export function formatterProps(props: ReadonlyMap<string, string>): FormatterProps {
  const flag = (name: string, fallback: boolean) => (props.has(name) ? props.get(name)!.trim().toLowerCase() === 'true' : fallback);
  return {
    printTimestamp: flag('print.timestamp', false),
    printKey: flag('print.key', false),
    printValue: flag('print.value', true),
    keySeparator: props.get('key.separator') ?? '\t',
    lineSeparator: props.get('line.separator') ?? '\n',
  };
}

const bytes = (b: Buffer | null) => (b === null ? Buffer.from('null') : b);

/** DefaultMessageFormatter.writeTo: the bytes printed for one record. */
export function formatRecord(record: ConsumedRecord, props: FormatterProps): Buffer {
  const parts: Buffer[] = [];
  const separator = (column: boolean) => Buffer.from(column ? props.keySeparator : props.lineSeparator);
  if (props.printTimestamp) {
    parts.push(Buffer.from(`${record.timestampType}:${record.timestamp}`), separator(props.printKey || props.printValue));
  }
  if (props.printKey) parts.push(bytes(record.key), separator(props.printValue));
  if (props.printValue) parts.push(bytes(record.value), Buffer.from(props.lineSeparator));
  return Buffer.concat(parts);
}

export interface ConsumerIo {
  write: (chunk: Buffer) => void;
  err: (line: string) => void;
  /** Resolves when the user asks to stop (Ctrl-C); the consumer then exits cleanly. */
  stopped?: Promise<void>;
}
