// Delayed operations (Kafka's DelayedOperation / DelayedOperationPurgatory): requests that must
// wait for something — an acks=all produce for the ISR, a long-poll fetch for min bytes, a group
// join for the other members — park here under one or more keys, are re-checked when something
// happens to a key, and complete exactly once: either when their condition holds or when their
// timeout expires.

import { systemClock, type Timer } from './clock';

export abstract class DelayedOperation {
  private completed = false;
  /** Set by the purgatory while the operation waits; cleared when it completes. */
  timeoutHandle: unknown = null;

  constructor(readonly delayMs: number) {}

  get isCompleted(): boolean {
    return this.completed;
  }

  /**
   * Checks whether the operation can complete now; if so it must call forceComplete() and
   * return its result. Called when the operation is first submitted and on every key event.
   */
  abstract tryComplete(): boolean;

  /** Builds and sends the response; runs exactly once, after completion or expiry. */
  protected abstract onComplete(): void;

  /** Hook for expiry (metrics, logging) before onComplete runs. */
  protected onExpiration(): void {}

  /** Completes the operation if nobody did yet; true for the caller that completed it. */
  forceComplete(): boolean {
    if (this.completed) return false;
    this.completed = true;
    this.onComplete();
    return true;
  }

  /** Called by the purgatory when the delay has passed. */
  expire(): void {
    if (this.completed) return;
    this.onExpiration();
    this.forceComplete();
  }
}

export class DelayedOperationPurgatory<K, T extends DelayedOperation> {
  private readonly watchers = new Map<K, Set<T>>();
  private readonly keysOf = new Map<T, K[]>();

  constructor(
    readonly name: string,
    private readonly timer: Timer = systemClock,
  ) {}

  /** Operations still waiting. */
  get size(): number {
    return this.keysOf.size;
  }

  /**
   * Completes the operation now if it can; otherwise watches it under `keys` until a key event
   * completes it or its delay expires. Returns true if it completed immediately.
   */
  tryCompleteElseWatch(operation: T, keys: readonly K[]): boolean {
    if (operation.tryComplete()) return true;
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (set === undefined) this.watchers.set(key, (set = new Set()));
      set.add(operation);
    }
    this.keysOf.set(operation, [...keys]);
    operation.timeoutHandle = this.timer.setTimeout(() => {
      this.unwatch(operation);
      operation.expire();
    }, operation.delayMs);
    return false;
  }

  /** Re-checks every operation waiting on `key`; returns how many completed. */
  checkAndComplete(key: K): number {
    const set = this.watchers.get(key);
    if (set === undefined) return 0;
    let completed = 0;
    // Copy: completing an operation unwatches it from this very set.
    for (const operation of [...set]) {
      if (operation.isCompleted || operation.tryComplete()) {
        this.unwatch(operation);
        completed++;
      }
    }
    return completed;
  }

  /** Completes every waiting operation (broker shutdown, or a partition losing leadership). */
  completeAll(key?: K): void {
    const operations = key === undefined ? [...this.keysOf.keys()] : [...(this.watchers.get(key) ?? [])];
    for (const operation of operations) {
      this.unwatch(operation);
      operation.forceComplete();
    }
  }

  private unwatch(operation: T): void {
    const keys = this.keysOf.get(operation);
    if (keys === undefined) return;
    this.keysOf.delete(operation);
    this.timer.clearTimeout(operation.timeoutHandle);
    operation.timeoutHandle = null;
    for (const key of keys) {
      const set = this.watchers.get(key);
      if (set === undefined) continue;
      set.delete(operation);
      if (set.size === 0) this.watchers.delete(key);
    }
  }
}
