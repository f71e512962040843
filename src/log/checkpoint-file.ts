// Kafka's checkpoint text format, shared by the root offset checkpoints and the per-partition
// leader-epoch-checkpoint:
//   <version>\n<count>\n<entry>\n...
// written atomically (tmp file, fsync, rename) like Kafka's CheckpointFile.

import * as fs from 'node:fs';
import { existsSync, writeFileAtomically } from './fs-util';

export const CHECKPOINT_VERSION = 0;

export class CheckpointFormatError extends Error {}

export class CheckpointFile<T> {
  constructor(
    readonly file: string,
    private readonly format: (entry: T) => string,
    private readonly parse: (line: string) => T | null,
  ) {}

  /** Creates an empty file when missing, as Kafka's CheckpointFile constructor does. */
  ensureExists(): void {
    if (!existsSync(this.file)) fs.closeSync(fs.openSync(this.file, 'a'));
  }

  static render(lines: string[]): string {
    return `${CHECKPOINT_VERSION}\n${lines.length}\n${lines.map((l) => l + '\n').join('')}`;
  }

  write(entries: Iterable<T>): void {
    const lines: string[] = [];
    for (const e of entries) lines.push(this.format(e));
    writeFileAtomically(this.file, CheckpointFile.render(lines));
  }

  /** Entries in file order; a missing or empty file has none. Throws CheckpointFormatError when malformed. */
  read(): T[] {
    if (!existsSync(this.file)) return [];
    const text = fs.readFileSync(this.file, 'utf8');
    if (text.length === 0) return [];
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const bad = (why: string) => new CheckpointFormatError(`malformed checkpoint ${this.file}: ${why}`);
    if (lines.length < 2) throw bad('missing version or count line');
    if (lines[0].trim() !== String(CHECKPOINT_VERSION)) throw bad(`unrecognized version ${lines[0]}`);
    const count = Number(lines[1].trim());
    if (!Number.isInteger(count) || count < 0) throw bad(`bad entry count ${lines[1]}`);
    if (lines.length - 2 !== count) throw bad(`expected ${count} entries, found ${lines.length - 2}`);
    return lines.slice(2).map((line, i) => {
      const entry = this.parse(line);
      if (entry === null) throw bad(`line ${i + 3} "${line}"`);
      return entry;
    });
  }
}

const isOffset = (n: number) => Number.isSafeInteger(n);

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export function leaderEpochCheckpointFile(file: string): CheckpointFile<EpochEntry> {
  return new CheckpointFile<EpochEntry>(
    file,
    (e) => `${e.epoch} ${e.startOffset}`,
    (line) => {
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 2) return null;
      const epoch = Number(parts[0]);
      const startOffset = Number(parts[1]);
      return Number.isInteger(epoch) && isOffset(startOffset) ? { epoch, startOffset } : null;
    },
  );
}

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** recovery-point-offset-checkpoint, replication-offset-checkpoint, log-start-offset-checkpoint. */
export function offsetCheckpointFile(file: string): CheckpointFile<PartitionOffset> {
  return new CheckpointFile<PartitionOffset>(
    file,
    (e) => `${e.topic} ${e.partition} ${e.offset}`,
    (line) => {
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 3) return null;
      const partition = Number(parts[1]);
      const offset = Number(parts[2]);
      return Number.isInteger(partition) && isOffset(offset) ? { topic: parts[0], partition, offset } : null;
    },
  );
}
