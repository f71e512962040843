// The controller's single event loop (Kafka's ControllerEventManager): ZooKeeper watches, API
// requests and timers only enqueue events; one loop processes them strictly one at a time, so
// controller state is never touched concurrently even though processing awaits ZooKeeper and I/O.

import type { Logger } from '../common/logger';

export interface QueuedEvent {
  /** Short name for logs, e.g. `BrokerChange`. */
  readonly type: string;
}

export class ControllerEventManager<E extends QueuedEvent> {
  private readonly queue: E[] = [];
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly process: (event: E) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  get queueSize(): number {
    return this.queue.length;
  }

  put(event: E): void {
    if (this.closed) return;
    this.queue.push(event);
    this.running ??= this.drain();
  }

  /** Drops queued events (not the one in progress) and enqueues `event`: used on session expiry. */
  clearAndPut(event: E): void {
    this.queue.length = 0;
    this.put(event);
  }

  /** Resolves when every event queued so far has been processed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking events, lets the current one finish and drops the rest. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      for (let event = this.queue.shift(); event !== undefined; event = this.queue.shift()) {
        try {
          await this.process(event);
        } catch (error) {
          // One failed event must not stop the controller; Kafka logs and moves on the same way.
          this.logger.error(`Error processing event ${event.type}: ${(error as Error).stack ?? error}`);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
