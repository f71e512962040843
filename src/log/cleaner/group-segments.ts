// Which segments the cleaner rewrites together into one (Kafka's groupSegmentsBySize). Cleaning
// shrinks segments, so consecutive ones are merged as long as the result stays within
// segment.bytes and each index within segment.index.bytes, and every offset of the group still
// fits the 32-bit relative offsets of the first segment's index.

import type { LogSegment } from '../log-segment';

const INT_MAX = 0x7fffffff;

export function groupSegmentsBySize(segments: readonly LogSegment[], maxSize: number, maxIndexSize: number, firstUncleanableOffset: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const group = [segments[i]];
    let logSize = segments[i].size;
    let indexSize = segments[i].offsetIndex.sizeInBytes;
    let timeIndexSize = segments[i].timeIndex.sizeInBytes;
    i++;
    while (i < segments.length) {
      const next = segments[i];
      // The last offset the candidate could hold: just below the segment after it, or below the
      // first uncleanable offset for the last one (reading the segment would cost a scan).
      const lastOffsetOfNext = i + 1 < segments.length ? segments[i + 1].baseOffset - 1 : firstUncleanableOffset - 1;
      if (
        logSize + next.size > maxSize ||
        indexSize + next.offsetIndex.sizeInBytes > maxIndexSize ||
        timeIndexSize + next.timeIndex.sizeInBytes > maxIndexSize ||
        lastOffsetOfNext - group[0].baseOffset > INT_MAX
      ) {
        break;
      }
      group.push(next);
      logSize += next.size;
      indexSize += next.offsetIndex.sizeInBytes;
      timeIndexSize += next.timeIndex.sizeInBytes;
      i++;
    }
    groups.push(group);
  }
  return groups;
}
