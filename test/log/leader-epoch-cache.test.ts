import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointFile, CheckpointFormatError, leaderEpochCheckpointFile, offsetCheckpointFile } from '../../src/log/checkpoint-file';
import { LeaderEpochFileCache, UNDEFINED_EPOCH } from '../../src/log/leader-epoch-cache';
import { cleanupTempDirs, tempDir } from './helpers';

afterEach(cleanupTempDirs);

function cache(leo = { value: 0 }) {
  const file = path.join(tempDir(), 'leader-epoch-checkpoint');
  return { c: new LeaderEpochFileCache(leaderEpochCheckpointFile(file), () => leo.value), file, leo };
}

const text = (file: string) => fs.readFileSync(file, 'utf8');

describe('LeaderEpochFileCache', () => {
  it('creates an empty checkpoint file and writes Kafka format on assign', () => {
    const { c, file } = cache();
    expect(text(file)).toBe('');
    expect(c.latestEpoch).toBe(UNDEFINED_EPOCH);
    c.assign(0, 0);
    expect(text(file)).toBe('0\n1\n0 0\n');
    c.assign(0, 5); // same epoch, later offset: no change
    c.assign(3, 10);
    c.assign(1, 20); // older epoch: ignored
    expect(text(file)).toBe('0\n2\n0 0\n3 10\n');
    expect(c.latestEpoch).toBe(3);
  });

  it('answers endOffsetFor per KIP-101', () => {
    const leo = { value: 100 };
    const { c } = cache(leo);
    c.assign(2, 10);
    c.assign(4, 30);
    c.assign(7, 60);
    expect(c.endOffsetFor(7)).toEqual({ epoch: 7, endOffset: 100 }); // latest: the log end
    expect(c.endOffsetFor(4)).toEqual({ epoch: 4, endOffset: 60 });
    expect(c.endOffsetFor(5)).toEqual({ epoch: 4, endOffset: 60 }); // unknown epoch between: previous epoch, next start
    expect(c.endOffsetFor(1)).toEqual({ epoch: 1, endOffset: 10 }); // before all known epochs
    expect(c.endOffsetFor(8)).toEqual({ epoch: -1, endOffset: -1 }); // newer than any
    expect(c.endOffsetFor(-1)).toEqual({ epoch: -1, endOffset: -1 });
    expect(c.epochForOffset(35)).toBe(4);
    expect(c.epochForOffset(5)).toBe(-1);
  });

  it('truncates from the end and the start, and reloads from the file', () => {
    const { c, file } = cache();
    c.assign(1, 0);
    c.assign(2, 10);
    c.assign(3, 20);
    c.truncateFromEnd(20);
    expect(c.entries).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 10 }]);
    c.truncateFromEnd(50); // nothing at or after 50
    c.truncateFromStart(15);
    expect(text(file)).toBe('0\n1\n2 15\n');
    c.assign(5, 40);
    const again = new LeaderEpochFileCache(leaderEpochCheckpointFile(file), () => 0);
    expect(again.entries).toEqual([{ epoch: 2, startOffset: 15 }, { epoch: 5, startOffset: 40 }]);
    again.clearAndFlush();
    expect(text(file)).toBe('0\n0\n');
  });
});

describe('checkpoint files', () => {
  it('writes the root offset checkpoint format byte for byte', () => {
    const file = path.join(tempDir(), 'replication-offset-checkpoint');
    const cp = offsetCheckpointFile(file);
    cp.write([
      { topic: '__consumer_offsets', partition: 22, offset: 0 },
      { topic: 'golden', partition: 0, offset: 1 },
    ]);
    expect(text(file)).toBe('0\n2\n__consumer_offsets 22 0\ngolden 0 1\n');
    expect(cp.read()).toEqual([
      { topic: '__consumer_offsets', partition: 22, offset: 0 },
      { topic: 'golden', partition: 0, offset: 1 },
    ]);
    expect(fs.existsSync(file + '.tmp')).toBe(false);
    expect(CheckpointFile.render([])).toBe('0\n0\n');
  });

  it('rejects malformed files', () => {
    const file = path.join(tempDir(), 'x');
    const cp = offsetCheckpointFile(file);
    for (const bad of ['1\n0\n', '0\n2\nt 0 1\n', '0\n1\nt zero 1\n', '0\n']) {
      fs.writeFileSync(file, bad);
      expect(() => cp.read()).toThrow(CheckpointFormatError);
    }
    fs.writeFileSync(file, '');
    expect(cp.read()).toEqual([]);
  });
});
