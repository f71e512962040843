// The log layer logs through this small interface so the broker can inject winston later
// without the storage library depending on it.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};

/** Injected clock: `Log` and `LogSegment` never read Date.now() directly, so tests are deterministic. */
export interface Time {
  now(): number;
}

export const systemTime: Time = { now: () => Date.now() };

/**
 * Runs deferred work (asynchronous file deletion). The broker can pass its scheduler; the default
 * uses an unref'd timer so pending deletions never keep the process alive.
 */
export interface Scheduler {
  schedule(name: string, fn: () => void, delayMs: number): void;
}

export const timerScheduler: Scheduler = {
  schedule(_name, fn, delayMs) {
    if (delayMs <= 0) {
      fn();
      return;
    }
    setTimeout(fn, delayMs).unref();
  },
};
