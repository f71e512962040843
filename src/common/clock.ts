// The one clock: what time it is, timers for delayed operations, and deferred background work.
// Nothing of ours reads Date.now() or calls setTimeout for protocol-visible timing directly; it
// takes a Clock (or one of the narrow views below), so tests can drive time with ManualClock.

export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  /** A timer that keeps the process alive while pending (a request is waiting on it). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Background work (file deletion, checkpoints): never keeps the process alive; runs now when delayMs <= 0. */
  schedule(name: string, fn: () => void, delayMs: number): void;
}

/** What most readers of the clock need. */
export type Time = Pick<Clock, 'now'>;
/** What the purgatory needs. */
export type Timer = Pick<Clock, 'setTimeout' | 'clearTimeout'>;
/** What the log needs for deferred work. */
export type Scheduler = Pick<Clock, 'schedule'>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  schedule(_name, fn, delayMs) {
    if (delayMs <= 0) {
      fn();
      return;
    }
    setTimeout(fn, delayMs).unref();
  },
};
