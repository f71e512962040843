// kafka-consumer-groups --reset-offsets planning, as Kafka 2.4.1's prepareOffsetsToReset and
// checkOffsetsRange: which offset each partition gets for the scenario, clamped to the log's
// [start, end] for --to-offset, --shift-by and --from-file (with the WARN line 2.4.1 logs on
// stderr), the `--to-datetime` / `--by-duration` parsing, the printed plan and the CSV of --export
// and --from-file. Pure functions: the offsets come in as maps, nothing here talks to a broker.

import { UsageError } from '../common/command-line';
import { ConsumerGroupCommandError, padRight, type Printer } from './consumer-group-describe';
import { javaHashOrder, scalaImmutableOrder, stringHash, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { type TopicPartition, tpString } from '../../common/topic-partition';

export type OffsetEntry = readonly [TopicPartition, bigint];

/** Offsets by `topic-partition` (tpString). */
export type OffsetLookup = ReadonlyMap<string, bigint>;

/** An immutable Scala Map built from these entries, in its iteration order. */
export function scalaOffsetMap(entries: readonly OffsetEntry[]): OffsetEntry[] {
  return scalaImmutableOrder(entries, ([tp]) => topicPartitionHash(tp), ([tp]) => tpString(tp));
}

/** log4j's line for the tools' WARN messages: `[date] WARN msg (logger)`. */
export function log4jWarn(message: string, now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())},${p(now.getMilliseconds(), 3)}`;
  return `[${date}] WARN ${message} (kafka.admin.ConsumerGroupCommand$)`;
}

/** checkOffsetsRange: an offset past the log end becomes the end, one before the log start the start. */
export function checkOffsetsRange(requested: readonly OffsetEntry[], logStart: OffsetLookup, logEnd: OffsetLookup, warn: (line: string) => void): OffsetEntry[] {
  return scalaOffsetMap(requested).map(([tp, offset]) => {
    const key = tpString(tp);
    const end = logEnd.get(key);
    if (end !== undefined && offset > end) {
      warn(`New offset (${offset}) is higher than latest offset for topic partition ${key}. Value will be set to ${end}`);
      return [tp, end] as const;
    }
    const start = logStart.get(key);
    if (start !== undefined && offset < start) {
      warn(`New offset (${offset}) is lower than earliest offset for topic partition ${key}. Value will be set to ${start}`);
      return [tp, start] as const;
    }
    return [tp, offset] as const;
  });
}

/** Java's Integer.parseInt as Scala's `toInt` uses it, with its NumberFormatException message. */
export function javaParseInt(text: string): number {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (n >= -(2 ** 31) && n < 2 ** 31) return n;
  }
  throw new ConsumerGroupCommandError(`For input string: "${text}"`);
}

/** --topic values: `t` (every partition, from metadata) or `t:0,1,2`. */
export interface TopicArg {
  topic: string;
  /** Undefined: all the topic's partitions. */
  partitions?: number[];
}

export function parseTopicArg(arg: string): TopicArg {
  if (!arg.includes(':')) return { topic: arg };
  // Java's split drops trailing empty strings: "t:" has one part, and then (1) is out of bounds.
  const parts = arg.split(':');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length < 2) throw new ConsumerGroupCommandError(`Index 1 out of bounds for length ${parts.length}`);
  const list = parts[1].split(',');
  while (list.length > 0 && list[list.length - 1] === '') list.pop();
  return { topic: parts[0], partitions: list.map(javaParseInt) };
}

/**
 * ConsumerGroupCommand.convertTimestamp: `yyyy-MM-dd'T'HH:mm:ss.SSS` with an optional zone (Z,
 * ±hh, ±hhmm, ±hh:mm; UTC when none), parsed leniently as SimpleDateFormat does (fields may
 * overflow into the next). Returns epoch milliseconds.
 */
export function convertTimestamp(text: string): number {
  const tIndex = text.indexOf('T');
  if (tIndex < 0) throw new ConsumerGroupCommandError('Index 1 out of bounds for length 1');
  const time = text.slice(tIndex + 1).split('T')[0];
  const datetime = time.includes('+') || time.includes('-') || time.includes('Z') ? text : `${text}Z`;
  const m = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(datetime);
  if (m === null) throw new ConsumerGroupCommandError(`Unparseable date: "${datetime}"`);
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
  let zoneMinutes = 0;
  const zone = m[8];
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    zoneMinutes = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * (zone[0] === '-' ? -1 : 1);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime() - zoneMinutes * 60_000;
}

/** java.time.Duration.parse, in milliseconds; DateTimeParseException's message when it fails. */
export function parseDuration(text: string): number {
  const m = /^([-+]?)P(?:([-+]?[0-9]+)D)?(T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?$/i.exec(text);
  if (m === null || m[3] === 'T' || (m[2] === undefined && m[3] === undefined)) throw new ConsumerGroupCommandError('Text cannot be parsed to a Duration');
  const num = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  const seconds = num(m[6]);
  const fraction = m[7] ? Number(`0.${m[7]}`) * (m[6]?.startsWith('-') ? -1 : 1) : 0;
  const total = ((num(m[2]) * 24 + num(m[4])) * 60 + num(m[5])) * 60 + seconds + fraction;
  return Math.trunc((m[1] === '-' ? -total : total) * 1000);
}

/** What a scenario needs from the cluster, already fetched for the partitions to reset. */
export interface ResetInputs {
  logStart: OffsetLookup;
  logEnd: OffsetLookup;
  /** The group's committed offsets. */
  committed: OffsetLookup;
  /** offsetsForTimes: the first offset at or after the timestamp, absent when there is none. */
  byTimestamp?: OffsetLookup;
  /** --from-file: this group's lines, in file order; undefined when the file has none for it. */
  fromFile?: readonly OffsetEntry[];
}

export type ResetScenario =
  | { kind: 'to-offset'; offset: bigint }
  | { kind: 'to-earliest' }
  | { kind: 'to-latest' }
  | { kind: 'to-current' }
  | { kind: 'shift-by'; shift: bigint }
  | { kind: 'to-datetime'; timestamp: number }
  | { kind: 'by-duration'; timestamp: number }
  | { kind: 'from-file' };

/**
 * prepareOffsetsToReset: the new offset of each partition, in the order Kafka's resulting Map
 * iterates. Failures are thrown as Kafka raises them: UsageError for printUsageAndDie,
 * ConsumerGroupCommandError for exceptions the command reports as "Executing ... failed".
 * `printError` receives the one non-fatal error (no plan for this group in the file).
 */
export function planReset(
  scenario: ResetScenario,
  partitions: readonly TopicPartition[],
  inputs: ResetInputs,
  warn: (line: string) => void,
  groupId: string,
  printError: (message: string) => void,
): OffsetEntry[] {
  const fromLookup = (lookup: OffsetLookup, what: string) =>
    scalaOffsetMap(
      partitions.map((tp) => {
        const offset = lookup.get(tpString(tp));
        if (offset === undefined) throw new UsageError(`Error getting ${what} offset of topic partition: ${tpString(tp)}`);
        return [tp, offset] as const;
      }),
    );
  const clamp = (requested: readonly OffsetEntry[]) => checkOffsetsRange(requested, inputs.logStart, inputs.logEnd, warn);

  switch (scenario.kind) {
    case 'to-offset':
      return clamp(partitions.map((tp) => [tp, scenario.offset] as const));
    case 'to-earliest':
      return fromLookup(inputs.logStart, 'starting');
    case 'to-latest':
      return fromLookup(inputs.logEnd, 'ending');
    case 'shift-by':
      return clamp(
        partitions.map((tp) => {
          const current = inputs.committed.get(tpString(tp));
          if (current === undefined) throw new ConsumerGroupCommandError(`Cannot shift offset for partition ${tpString(tp)} since there is no current committed offset`);
          return [tp, current + scenario.shift] as const;
        }),
      );
    case 'to-datetime':
    case 'by-duration': {
      // offsetsForTimes, and the log end where no record is that recent.
      const byTime = inputs.byTimestamp ?? new Map<string, bigint>();
      return scalaOffsetMap(
        partitions.map((tp) => {
          const offset = byTime.get(tpString(tp)) ?? inputs.logEnd.get(tpString(tp));
          if (offset === undefined) throw new UsageError(`Error getting offset by timestamp of topic partition: ${tpString(tp)}`);
          return [tp, offset] as const;
        }),
      );
    }
    case 'from-file':
      if (inputs.fromFile === undefined) {
        printError(`No reset plan for group ${groupId} found`);
        return [];
      }
      return clamp(inputs.fromFile);
    case 'to-current': {
      const withCommitted = partitions.filter((tp) => inputs.committed.has(tpString(tp)));
      const without = partitions.filter((tp) => !inputs.committed.has(tpString(tp)));
      const current = scalaOffsetMap(withCommitted.map((tp) => [tp, inputs.committed.get(tpString(tp))!] as const));
      const latest = scalaOffsetMap(
        without.map((tp) => {
          const end = inputs.logEnd.get(tpString(tp));
          if (end === undefined) throw new UsageError(`Error getting ending offset of topic partition: ${tpString(tp)}`);
          return [tp, end] as const;
        }),
      );
      return scalaOffsetMap([...current, ...latest]);
    }
  }
}

/** The groups of a reset, in the order Kafka's foldLeft over the described groups built them. */
export function resetGroupOrder(groupIds: readonly string[]): string[] {
  const distinct = [...new Set(groupIds)];
  return scalaImmutableOrder(javaHashOrder(distinct, stringHash), stringHash, (g) => g);
}

/** printOffsetsToReset: the header when any group was handled, then one line per partition. */
export function printOffsetsToReset(p: Printer, plan: ReadonlyArray<readonly [string, readonly OffsetEntry[]]>): void {
  const line = (cols: string[]) => `${padRight(cols[0], 30)} ${padRight(cols[1], 30)} ${padRight(cols[2], 10)} ${padRight(cols[3], 15)}`;
  if (plan.length > 0) {
    p.out('');
    p.out(line(['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET']));
  }
  for (const [group, offsets] of plan) {
    for (const [tp, offset] of offsets) p.out(line([group, tp.topic, String(tp.partition), String(offset)]));
  }
}

/** Jackson's CSV quoting for one value. */
function csvValue(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** exportOffsetsToCsv: `topic,partition,offset` lines for one group, with the group first otherwise. */
export function exportOffsetsToCsv(plan: ReadonlyArray<readonly [string, readonly OffsetEntry[]]>, singleGroup: boolean): string {
  const rows: string[] = [];
  for (const [group, offsets] of plan) {
    for (const [tp, offset] of offsets) {
      const cols = singleGroup ? [tp.topic, String(tp.partition), String(offset)] : [group, tp.topic, String(tp.partition), String(offset)];
      rows.push(`${cols.map(csvValue).join(',')}\n`);
    }
  }
  return rows.join('');
}

function splitCsvLine(line: string): string[] {
  const cols: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cols.push(current);
      current = '';
    } else current += c;
  }
  cols.push(current);
  return cols;
}

const isLong = (text: string) => /^[+-]?\d+$/.test(text.trim());

/**
 * parseResetPlan: `topic,partition,offset` lines when one --group was given and the first line
 * reads that way, else `group,topic,partition,offset`. Returns group → entries in file order.
 */
export function parseResetPlan(csv: string, groups: readonly string[]): Map<string, OffsetEntry[]> {
  const lines = csv.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const first = lines.length > 0 ? splitCsvLine(lines[0]) : [];
  const oldFormat = groups.length === 1 && first.length === 3 && isLong(first[1]) && isLong(first[2]);
  const plan = new Map<string, OffsetEntry[]>();
  for (const line of lines) {
    const cols = splitCsvLine(line.replace(/\r$/, ''));
    const [group, topic, partition, offset] = oldFormat ? [groups[0], ...cols] : cols;
    if (topic === undefined || partition === undefined || offset === undefined || !isLong(partition) || !isLong(offset)) {
      throw new ConsumerGroupCommandError(`Cannot parse the reset plan line: ${line}`);
    }
    const entries = plan.get(group) ?? [];
    const tp = { topic, partition: Number(partition.trim()) };
    // updateGroupMetadata: a repeated partition takes the later offset.
    const existing = entries.findIndex(([e]) => tpString(e) === tpString(tp));
    if (existing >= 0) entries[existing] = [tp, BigInt(offset.trim())];
    else entries.push([tp, BigInt(offset.trim())]);
    plan.set(group, entries);
  }
  return plan;
}
