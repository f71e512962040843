// A Clock for unit tests (Kafka's MockTime): time stands still until the test advances it, and
// timers and scheduled work then run in the order they fall due, each seeing its own due time.

import type { Clock, TimerHandle } from '../../src/common/clock';

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private nextSeq = 0;
  private readonly pending = new Map<number, PendingTimer>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const seq = this.nextSeq++;
    this.pending.set(seq, { at: this.current + Math.max(0, ms), seq, fn });
    return seq;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }

  schedule(_name: string, fn: () => void, delayMs: number): void {
    if (delayMs <= 0) fn();
    else this.setTimeout(fn, delayMs);
  }

  /** Moves time forward by ms, running every timer due by then (timers they set included). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let due = this.nextDue(target); due !== undefined; due = this.nextDue(target)) {
      this.pending.delete(due.seq);
      this.current = due.at;
      due.fn();
    }
    this.current = target;
  }

  /** Timers not yet run. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  private nextDue(target: number): PendingTimer | undefined {
    let first: PendingTimer | undefined;
    for (const t of this.pending.values()) {
      if (t.at <= target && (first === undefined || t.at < first.at || (t.at === first.at && t.seq < first.seq))) first = t;
    }
    return first;
  }
}
