// Swapping cleaned segments into a log crash-safely (Kafka 2.4.1's Log.replaceSegments). Shared by
// the live log (after a cleaner pass) and the loader (finishing a swap a crash interrupted), so
// both walk the same steps in the same order:
//
//   1. the new segments, written as `.cleaned` and fsynced, are renamed `.swap` (highest base
//      offset first). A crash before this leaves `.cleaned` files, which the loader deletes: the
//      old segments are untouched, the pass is simply lost.
//   2. the new segments take their place in the segment list;
//   3. each old segment is renamed `.deleted` (removed later, after file.delete.delay.ms). A crash
//      here leaves a `.swap` file: the loader deletes the `.deleted` ones and completes the swap
//      against whatever old segments are still `.log`.
//   4. the `.swap` suffix is dropped. A crash after this leaves only `.deleted` files.
//
// Every record of an old segment is either in its `.log` or in a `.swap`/`.log` that the loader
// will keep, at each of these points, so a kill -9 anywhere loses nothing.

import { DELETED_SUFFIX, SWAP_SUFFIX } from './file-names';
import { fsyncDir } from './fs-util';
import type { LogSegment } from './log-segment';

export interface SwapResult {
  /** The new segment list, sorted by base offset. */
  segments: LogSegment[];
  /** Old segments now renamed `.deleted`: the caller schedules their removal. */
  deleted: LogSegment[];
}

const byBase = (a: LogSegment, b: LogSegment) => a.baseOffset - b.baseOffset;

/**
 * Puts `segment` in the sorted list, replacing the one with the same base offset (Kafka's
 * addSegment); returns the segment it displaced, if any.
 */
function addSegment(list: LogSegment[], segment: LogSegment): LogSegment | undefined {
  const i = list.findIndex((s) => s.baseOffset >= segment.baseOffset);
  if (i < 0) {
    list.push(segment);
  } else if (list[i].baseOffset === segment.baseOffset) {
    const displaced = list[i];
    list[i] = segment;
    return displaced;
  } else {
    list.splice(i, 0, segment);
  }
  return undefined;
}

/**
 * Replaces `oldSegments` of `current` with `newSegments`. Old segments no longer in the list (gone
 * since the caller looked) are left alone, as in Kafka. `isRecoveredSwapFile`: the new segments
 * are already `.swap` files found by the loader.
 */
export function swapSegments(current: readonly LogSegment[], newSegments: LogSegment[], oldSegments: LogSegment[], isRecoveredSwapFile: boolean): SwapResult {
  if (newSegments.length === 0) throw new Error('swapSegments needs at least one new segment');
  const sortedNew = [...newSegments].sort(byBase);
  const present = new Set(current);
  const sortedOld = oldSegments.filter((s) => present.has(s)).sort(byBase);
  const dir = sortedNew[0].dir;

  if (!isRecoveredSwapFile) {
    for (const s of [...sortedNew].reverse()) s.changeFileSuffixes(SWAP_SUFFIX);
    // The .swap names must be durable before any old segment is renamed away.
    fsyncDir(dir);
  }
  const list = [...current];
  const displaced: LogSegment[] = [];
  for (const s of [...sortedNew].reverse()) {
    const d = addSegment(list, s);
    // Kafka drops a same-base segment from its map even when the caller did not list it (an
    // empty swap at that base); its files are renamed away here too rather than overwritten.
    if (d !== undefined && !sortedOld.includes(d)) displaced.push(d);
  }

  const deleted: LogSegment[] = [];
  for (const old of [...sortedOld, ...displaced].sort(byBase)) {
    const i = list.indexOf(old);
    if (i >= 0) list.splice(i, 1);
    old.changeFileSuffixes(DELETED_SUFFIX);
    deleted.push(old);
  }
  for (const s of sortedNew) s.changeFileSuffixes('');
  fsyncDir(dir);
  return { segments: list, deleted };
}

/**
 * Kafka's logSegments(from, to): the segment holding `from` (the one with the largest base offset
 * <= from, if any) and every later one whose base offset is below `to`.
 */
export function segmentsInRange(list: readonly LogSegment[], from: number, to: number): LogSegment[] {
  let floor = -1;
  for (let i = 0; i < list.length && list[i].baseOffset <= from; i++) floor = i;
  if (floor >= 0 && to < list[floor].baseOffset) {
    throw new RangeError(`invalid log segment range: from offset ${from} maps to segment ${list[floor].baseOffset}, which is greater than limit offset ${to}`);
  }
  const out: LogSegment[] = [];
  for (let i = Math.max(floor, 0); i < list.length && list[i].baseOffset < to; i++) out.push(list[i]);
  return out;
}
