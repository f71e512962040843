// Small synchronous file helpers. Node's readSync/writeSync may transfer fewer bytes than asked,
// so every positional transfer loops until done.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes all of buf[offset, offset+length) at file position `position`. */
export function writeFully(fd: number, buf: Buffer, position: number, offset = 0, length = buf.length - offset): void {
  let done = 0;
  while (done < length) {
    done += fs.writeSync(fd, buf, offset + done, length - done, position + done);
  }
}

/** Reads up to `length` bytes at `position` into buf; returns how many (fewer only at end of file). */
export function readFully(fd: number, buf: Buffer, position: number, offset = 0, length = buf.length - offset): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** fsyncs a directory so a rename or create inside it survives a crash. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync directories; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Replaces `file` atomically, like Kafka's CheckpointFile: write `file.tmp`, fsync it, rename over
 * the target, fsync the directory. A crash leaves either the old or the new content, never a mix.
 */
export function writeFileAtomically(file: string, content: string | Buffer): void {
  const tmp = file + '.tmp';
  const fd = fs.openSync(tmp, 'w');
  try {
    const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    writeFully(fd, buf, 0);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export function existsSync(file: string): boolean {
  try {
    fs.accessSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Unlinks a file, ignoring "already gone". */
export function unlinkIfExists(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
