// The timeline as text, for `kafka-lab run` (headless) and tests: one line per event with its time,
// kind, source, topic-partition and message; lab narration as paragraphs and checks as [ok]/[FAILED]
// lines. The kinds that repeat what another event already says (every state-change.log line, each
// replica or partition state transition, every request the controller sends) are left out unless
// verbose; of those, only a replica going offline (the controller taking a dead broker out of the
// ISRs), state-change.log's errors (an election that failed) and unclean-election warnings are kept.

import type { ControlPlaneEvent } from '../api-types';

/** Kinds hidden from the headless timeline unless verbose. */
export const NOISY_KINDS: ReadonlySet<string> = new Set(['state-change', 'partition-state-change', 'replica-state-change', 'request-sent']);

export interface TimelineFormatOptions {
  verbose?: boolean;
  /** Times are printed relative to this (epoch ms) as +s.mmm; absent: wall-clock HH:MM:SS.mmm. */
  startTime?: number;
  /** Wrap narration at this width (default 100). */
  width?: number;
}

export function isShown(event: ControlPlaneEvent, verbose = false): boolean {
  if (verbose || !NOISY_KINDS.has(event.kind)) return true;
  // A replica going offline is how the controller takes a dead broker out of the ISRs: worth a line.
  if (event.kind === 'replica-state-change') return event.to === 'OfflineReplica';
  // So are a failed election and the warning of an unclean one.
  return (event.kind as string) === 'state-change' && (event.level === 'error' || /unclean leader election/i.test(event.message));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatTime(time: number, startTime?: number): string {
  if (startTime !== undefined) {
    const delta = (time - startTime) / 1000;
    const sign = delta < 0 ? '-' : '+';
    return `${sign}${Math.abs(delta).toFixed(3).padStart(7)}s`;
  }
  const d = new Date(time);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Splits `text` into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      if (line.length > 0 && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line.length === 0 ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
}

function topicPartition(event: ControlPlaneEvent): string {
  if (event.topic === undefined) return '';
  return event.partition === undefined ? event.topic : `${event.topic}-${event.partition}`;
}

/** What an event adds to its message: the election kind and trigger, the cause, the request. */
function annotation(event: ControlPlaneEvent): string {
  const parts: string[] = [];
  if (event.kind === 'leader-elected' && typeof event.election === 'string') parts.push(`${event.election} election`);
  if (event.kind === 'request-sent' && typeof event.request === 'string') parts.push(`${event.request} to broker ${String(event.broker)}`);
  if (event.kind === 'broker-registered' || event.kind === 'broker-expired') {
    if (typeof event.epoch === 'number' && !event.message.includes(String(event.epoch))) parts.push(`broker epoch ${event.epoch}`);
  }
  const cause = typeof event.cause === 'string' ? event.cause : typeof event.trigger === 'string' ? event.trigger : undefined;
  if (cause !== undefined && cause.length > 0 && !event.message.includes(cause)) parts.push(`cause: ${cause}`);
  return parts.length === 0 ? '' : `  {${parts.join('; ')}}`;
}

/**
 * One event as printed: narration as a wrapped paragraph (a blank line before it), checks as
 * [ok]/[FAILED] lines, everything else as `time kind source topic-partition message {notes}`.
 * Returns null for an event not shown (see isShown).
 */
export function formatEvent(event: ControlPlaneEvent, options: TimelineFormatOptions = {}): string | null {
  if (!isShown(event, options.verbose)) return null;
  const time = formatTime(event.time, options.startTime);
  const width = options.width ?? 100;
  switch (event.kind) {
    case 'lab-step': {
      if (event.note === true) return `${time}  ${' '.repeat(2)}· ${event.message}`;
      const label = typeof event.step === 'number' ? `Step ${event.step}: ` : '';
      const [first, ...rest] = wrap(`${label}${event.message}`, width);
      const indent = ' '.repeat(time.length + 2);
      return ['', `${time}  ▶ ${first}`, ...rest.map((l) => `${indent}  ${l}`)].join('\n');
    }
    case 'lab-check':
      return `${time}  ${event.ok === true ? '[ok]    ' : '[FAILED]'} ${event.message}`;
    case 'lab-finished':
      return ['', `${time}  ${event.passed === true ? '==' : '!!'} ${event.message}`].join('\n');
    default:
      return `${time}  ${event.kind.padEnd(24)} ${event.source.padEnd(11)} ${topicPartition(event).padEnd(14)} ${event.message}${annotation(event)}`;
  }
}

/** The timeline as text, one event per line (skipping the noisy kinds unless verbose). */
export function formatTimeline(events: readonly ControlPlaneEvent[], options: TimelineFormatOptions = {}): string[] {
  return events.flatMap((e) => {
    const line = formatEvent(e, options);
    return line === null ? [] : [line];
  });
}
