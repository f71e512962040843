// log.cleaner.io.max.bytes.per.second (Kafka's Throttler, shared by all cleaner workers): bytes
// read and written are counted; once a check interval (300 ms) has passed, if the rate over it
// was above the limit, the caller sleeps long enough to bring it down to the limit, and a new
// interval starts. Here the sleep is a promise the worker awaits, so the event loop keeps serving.

import type { Time } from '../../common/clock';

export class Throttler {
  private periodStart: number;
  private observedSoFar = 0;
  /** A nap in progress: Kafka sleeps holding the throttler's lock, so the other workers wait it out too. */
  private napping: Promise<void> | null = null;

  constructor(
    private desiredRatePerSec: number,
    private readonly time: Time,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly checkIntervalMs = 300,
  ) {
    this.periodStart = time.now();
  }

  /** A new limit applies from the next check (Kafka 2.4.1 keeps the first one; see LogCleaner.reconfigure). */
  setDesiredRate(bytesPerSecond: number): void {
    this.desiredRatePerSec = bytesPerSecond;
  }

  get desiredRate(): number {
    return this.desiredRatePerSec;
  }

  /** Counts `observed` bytes; resolves after the nap the rate calls for, if any. */
  async maybeThrottle(observed: number): Promise<void> {
    while (this.napping !== null) await this.napping;
    this.observedSoFar += observed;
    const elapsedMs = this.time.now() - this.periodStart;
    if (elapsedMs <= this.checkIntervalMs || this.observedSoFar <= 0) return;
    const rate = (this.observedSoFar * 1000) / elapsedMs;
    if (rate > this.desiredRatePerSec) {
      const sleepMs = Math.round(this.observedSoFar / (this.desiredRatePerSec / 1000) - elapsedMs);
      if (sleepMs > 0) {
        this.napping = this.sleep(sleepMs);
        try {
          await this.napping;
        } finally {
          this.napping = null;
        }
      }
    }
    this.periodStart = this.time.now();
    this.observedSoFar = 0;
  }
}
