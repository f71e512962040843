// Kafka's Rate over a WindowedSum, against values computed by hand from 2.4.1's Rate.windowSize
// and SampledStat (11 samples of 1 s unless said otherwise).

import { SampledRate } from '../../../src/server/quota/sampled-rate';

const T0 = 1_700_000_000_000;

describe('SampledRate (Kafka Rate + SampledStat)', () => {
  it('measures a fresh burst over samples - 1 whole windows, never less', () => {
    const rate = new SampledRate({ samples: 11, windowMs: 1000 });
    rate.record(5000, T0);
    expect(rate.windowSize(T0)).toBe(10_000);
    expect(rate.measure(T0)).toBe(500);
  });

  it('counts the elapsed time once it exceeds the minimum, with the partial window', () => {
    const rate = new SampledRate({ samples: 11, windowMs: 1000 });
    rate.record(5000, T0);
    rate.record(1000, T0 + 2500); // a new sample: 2500 ms after the first one's start
    // elapsed 2500 ms = 2 full windows; 8 more are added: 10.5 s.
    expect(rate.windowSize(T0 + 2500)).toBe(10_500);
    expect(rate.measure(T0 + 2500)).toBeCloseTo(6000 / 10.5, 10);
    // Almost 11 s after the first sample started: 10 full windows, so no padding.
    rate.record(0, T0 + 10_999);
    expect(rate.windowSize(T0 + 10_999)).toBe(10_999);
  });

  it('resets a sample untouched for samples * window, so an old burst stops counting', () => {
    const rate = new SampledRate({ samples: 11, windowMs: 1000 });
    rate.record(5000, T0);
    rate.record(1000, T0 + 2500);
    // At T0+11 s the first sample is 11 s old: reset to now. The oldest is then the T0+2.5 s one.
    expect(rate.windowSize(T0 + 11_000)).toBe(10_500);
    expect(rate.measure(T0 + 11_000)).toBeCloseTo(1000 / 10.5, 10);
    // At T0+13.5 s both are gone.
    expect(rate.measure(T0 + 13_500)).toBe(0);
    // A reset sample starts at the time it was reset (T0+11 s), which still counts as the oldest.
    expect(rate.windowSize(T0 + 13_500)).toBe(10_500);
  });

  it('recycles the oldest sample once all exist', () => {
    const rate = new SampledRate({ samples: 11, windowMs: 1000 });
    for (let i = 0; i <= 11; i++) rate.record(100, T0 + i * 1000);
    // The 12th record reused the first sample: the sum is 11 samples of 100, the oldest at T0+1 s.
    expect(rate.windowSize(T0 + 11_000)).toBe(10_000);
    expect(rate.measure(T0 + 11_000)).toBe(110);
  });

  it('takes back a negative record (unrecord) in the same sample', () => {
    const rate = new SampledRate({ samples: 11, windowMs: 1000 });
    rate.record(3000, T0);
    rate.record(7000, T0 + 100);
    rate.record(-7000, T0 + 200);
    // 200 ms elapsed plus the 10 padding windows.
    expect(rate.measure(T0 + 200)).toBeCloseTo(3000 / 10.2, 10);
  });

  it('follows other window settings (quota.window.num=3, 2 s windows)', () => {
    const rate = new SampledRate({ samples: 3, windowMs: 2000 });
    rate.record(1000, T0);
    expect(rate.windowSize(T0)).toBe(4000);
    // Elapsed 1 s is no full window: 2 whole windows (4 s) are added, 5 s in all.
    expect(rate.windowSize(T0 + 1000)).toBe(5000);
    expect(rate.measure(T0 + 1000)).toBe(200);
  });
});
