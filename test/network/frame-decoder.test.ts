import { FrameDecoder, FrameSink } from '../../src/network/frame-decoder';

class CollectingSink implements FrameSink {
  frames: Buffer[] = [];
  invalid: number[] = [];
  onFrame(frame: Buffer): void {
    this.frames.push(frame);
  }
  onInvalidFrameSize(size: number): void {
    this.invalid.push(size);
  }
}

function frame(payload: string): Buffer {
  const body = Buffer.from(payload);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

describe('FrameDecoder', () => {
  test('frames fed one byte at a time come out whole and in order', () => {
    const sink = new CollectingSink();
    const decoder = new FrameDecoder(sink, 1000);
    const stream = Buffer.concat([frame('hello'), frame(''), frame('world!')]);
    for (let i = 0; i < stream.length; i++) decoder.push(stream.subarray(i, i + 1));
    expect(sink.frames.map((f) => f.toString())).toEqual(['hello', '', 'world!']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  test('many frames in one chunk are zero-copy views of that chunk', () => {
    const sink = new CollectingSink();
    const decoder = new FrameDecoder(sink, 1000);
    const chunk = Buffer.concat(Array.from({ length: 100 }, (_, i) => frame(`request-${i}`)));
    decoder.push(chunk);
    expect(sink.frames).toHaveLength(100);
    expect(sink.frames[42].toString()).toBe('request-42');
    expect(sink.frames[42].buffer).toBe(chunk.buffer);
  });

  test('a frame spanning chunks is copied once into a buffer of its declared size', () => {
    const sink = new CollectingSink();
    const decoder = new FrameDecoder(sink, 1 << 20);
    const payload = Buffer.alloc(300000, 7);
    const whole = Buffer.concat([frame('a'), framedBuffer(payload), frame('b')]);
    for (let i = 0; i < whole.length; i += 65536) decoder.push(whole.subarray(i, i + 65536));
    expect(sink.frames.map((f) => f.length)).toEqual([1, 300000, 1]);
    expect(sink.frames[1].equals(payload)).toBe(true);
    // Its own allocation, exactly the declared size (large allocUnsafe buffers are not pooled).
    expect(sink.frames[1].buffer.byteLength).toBe(300000);
  });

  test('a size prefix split across chunks is reassembled', () => {
    const sink = new CollectingSink();
    const decoder = new FrameDecoder(sink, 1000);
    const f = frame('xyz');
    decoder.push(f.subarray(0, 2));
    expect(decoder.bufferedBytes).toBe(2);
    decoder.push(f.subarray(2, 5));
    decoder.push(f.subarray(5));
    expect(sink.frames.map((x) => x.toString())).toEqual(['xyz']);
  });

  test('negative and oversized sizes are reported once and stop decoding', () => {
    const sink = new CollectingSink();
    const decoder = new FrameDecoder(sink, 10);
    const bad = Buffer.alloc(4);
    bad.writeInt32BE(-1, 0);
    decoder.push(Buffer.concat([frame('ok'), bad, frame('never')]));
    expect(sink.frames.map((x) => x.toString())).toEqual(['ok']);
    expect(sink.invalid).toEqual([-1]);
    decoder.push(frame('later'));
    expect(sink.frames).toHaveLength(1);

    const sink2 = new CollectingSink();
    new FrameDecoder(sink2, 10).push(frame('eleven char'));
    expect(sink2.invalid).toEqual([11]);
    const sink3 = new CollectingSink();
    new FrameDecoder(sink3, 11).push(frame('eleven char'));
    expect(sink3.frames).toHaveLength(1);
  });
});

function framedBuffer(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}
