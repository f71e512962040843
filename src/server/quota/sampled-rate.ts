// The measure client quotas are held against: Kafka 2.4.1's Rate over a WindowedSum
// (org.apache.kafka.common.metrics.stats.Rate and SampledStat), reproduced step for step because
// its quirks are what clients observe.
//
// - Values are summed into at most `samples` samples, each covering `windowMs` from its first
//   record; a record that falls after its sample's window starts the next sample (recycling the
//   oldest once all exist). There is no event-count window (Kafka's is Long.MAX_VALUE).
// - Before measuring, a sample untouched for samples * windowMs is reset to "now" (empty).
// - The rate is the sum divided by the elapsed time since the oldest sample's start, but never
//   less than samples - 1 whole windows: with quota.window.num=11 and 1 s windows, a quiet client
//   is measured over at least 10 s, which is why a burst of about ten windows' worth of bytes
//   passes before the first throttle.
//
// Recording may run backwards (a negative value), which is how a throttled fetch takes back the
// bytes it will not send (ClientQuotaManager.unrecordQuotaSensor).

export interface SampleWindows {
  /** quota.window.num: how many samples are kept. */
  readonly samples: number;
  /** quota.window.size.seconds, in ms: the span of one sample. */
  readonly windowMs: number;
}

interface Sample {
  value: number;
  /** When the sample started (Kafka's lastWindowMs). */
  startMs: number;
}

export class SampledRate {
  private readonly samples: Sample[] = [];
  /** Index of the sample being filled. */
  private current = 0;

  constructor(readonly windows: SampleWindows) {}

  record(value: number, timeMs: number): void {
    let sample = this.currentSample(timeMs);
    if (timeMs - sample.startMs >= this.windows.windowMs) sample = this.advance(timeMs);
    sample.value += value;
  }

  /** Per second: the windowed sum over windowSize (Rate.measure). */
  measure(nowMs: number): number {
    this.purgeObsoleteSamples(nowMs);
    let total = 0;
    for (const sample of this.samples) total += sample.value;
    return total / (this.windowSize(nowMs) / 1000);
  }

  /** The span, in ms, the sum is divided by (Rate.windowSize); the throttle time uses it too. */
  windowSize(nowMs: number): number {
    this.purgeObsoleteSamples(nowMs);
    const { samples, windowMs } = this.windows;
    let elapsedMs = nowMs - this.oldest(nowMs).startMs;
    const fullWindows = Math.floor(elapsedMs / windowMs);
    const minFullWindows = samples - 1;
    if (fullWindows < minFullWindows) elapsedMs += (minFullWindows - fullWindows) * windowMs;
    return elapsedMs;
  }

  private currentSample(timeMs: number): Sample {
    if (this.samples.length === 0) this.samples.push({ value: 0, startMs: timeMs });
    return this.samples[this.current]!;
  }

  private advance(timeMs: number): Sample {
    this.current = (this.current + 1) % this.windows.samples;
    if (this.current >= this.samples.length) {
      const sample = { value: 0, startMs: timeMs };
      this.samples.push(sample);
      return sample;
    }
    const sample = this.samples[this.current]!;
    sample.value = 0;
    sample.startMs = timeMs;
    return sample;
  }

  /** SampledStat.oldest, which (like Kafka's) creates the first sample when there is none. */
  private oldest(nowMs: number): Sample {
    if (this.samples.length === 0) this.samples.push({ value: 0, startMs: nowMs });
    let oldest = this.samples[0]!;
    for (let i = 1; i < this.samples.length; i++) if (this.samples[i]!.startMs < oldest.startMs) oldest = this.samples[i]!;
    return oldest;
  }

  private purgeObsoleteSamples(nowMs: number): void {
    const expireAgeMs = this.windows.samples * this.windows.windowMs;
    for (const sample of this.samples) {
      if (nowMs - sample.startMs >= expireAgeMs) {
        sample.value = 0;
        sample.startMs = nowMs;
      }
    }
  }
}
