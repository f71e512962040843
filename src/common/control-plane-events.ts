// The broker's control-plane events in structured form, for the observatory. They come from the
// very calls that write state-change.log (and the controller's election and broker-change lines in
// controller.log): a recording logger writes the line and keeps the event whose `message` is that
// line, so the file and the stream cannot disagree.

import type { Logger } from './logger';

export type LogLevel = 'info' | 'warn' | 'error';

/** What a call site knows about an event besides its line. */
export interface EventFields {
  kind: string;
  topic?: string;
  partition?: number;
  broker?: number;
  cause?: string;
  [field: string]: unknown;
}

export interface RecordedEvent extends EventFields {
  seq: number;
  time: number;
  source: string;
  level: LogLevel;
  message: string;
}

/** A logger that can also record an event: what the state-change and controller loggers are. */
export interface EventLogger extends Logger {
  event(level: LogLevel, fields: EventFields, message: string): void;
}

/**
 * Writes `message` at `level`, recording it as an event with `fields` when `logger` records
 * events (a plain Logger, as in unit tests, just gets the line).
 */
export function logEvent(logger: Logger, level: LogLevel, fields: EventFields, message: string): void {
  const recording = logger as Partial<EventLogger>;
  if (typeof recording.event === 'function') recording.event(level, fields, message);
  else logger[level](message);
}

/** A bounded in-memory history of one broker's events, with live subscribers. */
export class ControlPlaneEventLog {
  private readonly events: RecordedEvent[] = [];
  private readonly listeners = new Set<(event: RecordedEvent) => void>();
  /**
   * Starts at the clock, so a restarted broker's sequence numbers stay above the ones a
   * reconnecting reader (EventSource's Last-Event-ID) saw from its previous life.
   */
  private nextSeq = Date.now();

  constructor(
    readonly source: string,
    private readonly capacity = 20_000,
  ) {}

  append(level: LogLevel, fields: EventFields, message: string, time = Date.now()): RecordedEvent {
    const event: RecordedEvent = { ...fields, seq: this.nextSeq++, time, source: this.source, level, message };
    this.events.push(event);
    // Drop the oldest tenth at once rather than shifting on every append.
    if (this.events.length > this.capacity) this.events.splice(0, Math.ceil(this.capacity / 10));
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Events with seq > `seq`, oldest first. */
  since(seq: number): RecordedEvent[] {
    const first = this.events.findIndex((e) => e.seq > seq);
    return first < 0 ? [] : this.events.slice(first);
  }

  subscribe(listener: (event: RecordedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Wraps `logger` so that event() writes the line and records the event, naming the `file` it went
 * to. With `plainLinesKind`, every plain info/warn/error line is recorded too, under that kind:
 * the state-change log uses this, so its stream holds every line of state-change.log.
 */
export function recordingLogger(logger: Logger, events: ControlPlaneEventLog, file: string, plainLinesKind?: string): EventLogger {
  const plain = (level: LogLevel) => (message: string) => {
    logger[level](message);
    if (plainLinesKind !== undefined) events.append(level, { kind: plainLinesKind, file }, message);
  };
  return {
    info: plain('info'),
    warn: plain('warn'),
    error: plain('error'),
    event(level, fields, message) {
      logger[level](message);
      events.append(level, { ...fields, file }, message);
    },
  };
}
