// Runs deferred work (file deletion now; retention, flushing and checkpoints later). The broker
// passes its scheduler; the default uses an unref'd timer so pending work never keeps the process alive.

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
