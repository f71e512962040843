// kafka-consumer-groups' options and Kafka 2.4.1's checks on them (ConsumerGroupCommand.main and
// ConsumerGroupCommandOptions.checkArgs), in the same order and with the same messages. joptsimple
// refuses some combinations while parsing (an uncaught exception in 2.4.1, so the JVM prints it);
// those are JoptException here. Everything else is a UsageError (message, help, exit 1).
//
// Option values typed Long in Kafka (--to-offset, --shift-by, --timeout) are kept as text and
// converted when used, as joptsimple does: a bad number is reported by the command, not here.

import { UsageError, cantBeUsedWith, missingRequired, spec } from '../common/command-line';
import { optionSpecHash, scalaImmutableOrder } from '../../common/jvm-order/jvm-collection-order';

export interface ConsumerGroupCommandOptions {
  bootstrapServer?: string[];
  group?: string[];
  topic?: string[];
  allTopics?: boolean;
  list?: boolean;
  describe?: boolean;
  allGroups?: boolean;
  delete?: boolean;
  timeout?: string[];
  commandConfig?: string[];
  resetOffsets?: boolean;
  deleteOffsets?: boolean;
  dryRun?: boolean;
  execute?: boolean;
  export?: boolean;
  toOffset?: string[];
  fromFile?: string[];
  toDatetime?: string[];
  byDuration?: string[];
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  shiftBy?: string[];
  members?: boolean;
  verbose?: boolean;
  offsets?: boolean;
  state?: boolean;
  help?: boolean;
  version?: boolean;
}

type OptionName = keyof ConsumerGroupCommandOptions;

/** An exception joptsimple throws while parsing; 2.4.1 does not catch it, so the JVM prints it. */
export class JoptException extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the JVM prints for an uncaught exception in main (stack trace left out). */
export const uncaughtExceptionLine = (e: JoptException) => `Exception in thread "main" joptsimple.${e.javaClass}: ${e.message}`;

/** Option name as typed on the command line, e.g. resetOffsets → reset-offsets. */
export const flag = (name: OptionName) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const TOOL_DESCRIPTION =
  'This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.';

export const ACTIONS_MESSAGE = 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets';

const ACTIONS: OptionName[] = ['list', 'describe', 'delete', 'resetOffsets', 'deleteOffsets'];

/** allResetOffsetScenarioOpts, in the order Kafka's Set(...) was written. */
const SCENARIOS: OptionName[] = ['toOffset', 'shiftBy', 'toDatetime', 'byDuration', 'toEarliest', 'toLatest', 'toCurrent', 'fromFile'];

/** A Scala Set of OptionSpecs as it iterates (8 elements: a hash trie on the specs' hash codes). */
export function scenarioSetOrder(names: readonly OptionName[] = SCENARIOS): OptionName[] {
  return scalaImmutableOrder(names, (n) => optionSpecHash(flag(n)), (n) => n);
}

/** The message of prepareOffsetsToReset when no scenario was given: the Set's toString. */
export function missingScenarioMessage(): string {
  return `Option '${spec('reset-offsets')}' requires one of the following scenarios: Set(${scenarioSetOrder().map((n) => spec(flag(n))).join(', ')})`;
}

/** The reset scenario given, if exactly one (checkArgs has refused two). */
export function resetScenario(opts: ConsumerGroupCommandOptions): OptionName | undefined {
  return SCENARIOS.find((n) => has(opts, n));
}

function has(opts: ConsumerGroupCommandOptions, name: OptionName): boolean {
  const v = opts[name];
  return v !== undefined && v !== false;
}

/**
 * joptsimple's availableIf(describe) on --members/--verbose/--offsets/--state and
 * mutuallyExclusive(members, offsets, state), checked at the end of parsing. The forbidden options
 * are listed availableIf entries first, then availableUnless ones, each in the HashMap order of
 * their keys (members, offsets, state, verbose for these names), without repeats.
 */
export function checkAvailableOptions(opts: ConsumerGroupCommandOptions): void {
  if (opts.help || opts.version) return; // a help option present suppresses the check
  const order: OptionName[] = ['members', 'offsets', 'state', 'verbose'];
  const forbidden = new Set<OptionName>();
  if (!has(opts, 'describe')) for (const n of order) if (has(opts, n)) forbidden.add(n);
  const exclusive: OptionName[] = ['members', 'offsets', 'state'];
  for (const n of exclusive) if (has(opts, n) && exclusive.some((o) => o !== n && has(opts, o))) forbidden.add(n);
  if (forbidden.size > 0) {
    const listed = order.filter((n) => forbidden.has(n)).map(flag);
    throw new JoptException('UnavailableOptionException', `Option(s) [${listed.join(', ')}] are unavailable given other options on the command line`);
  }
}

/** OptionSet.valueOf: the single value of an option, or joptsimple's complaint about several. */
export function singleValue(opts: ConsumerGroupCommandOptions, name: OptionName): string | undefined {
  const values = opts[name];
  if (!Array.isArray(values) || values.length === 0) return undefined;
  if (values.length > 1) throw new JoptException('MultipleArgumentsForOptionException', `Found multiple arguments for option ${flag(name)}, but you asked for only one`);
  return values[0];
}

/** A Long option's value, converted as joptsimple's valueOf does. */
export function longValue(opts: ConsumerGroupCommandOptions, name: OptionName): bigint | undefined {
  const text = singleValue(opts, name);
  if (text === undefined) return undefined;
  // Long.valueOf: optional sign, decimal digits, within 64 bits.
  if (/^[+-]?\d+$/.test(text)) {
    const value = BigInt(text);
    if (value >= -(2n ** 63n) && value < 2n ** 63n) return value;
  }
  throw new JoptException('OptionArgumentConversionException', `Cannot parse argument '${text}' of option ${flag(name)}`);
}

/** --timeout, 5000 ms unless given. */
export function timeoutMs(opts: ConsumerGroupCommandOptions): number {
  return Number(longValue(opts, 'timeout') ?? 5000n);
}

/** Dry-run is the default when --execute is not given. */
export const isDryRun = (opts: ConsumerGroupCommandOptions) => !!opts.dryRun || !opts.execute;

export const NO_EXECUTE_WARNING =
  'WARN: No action will be performed as the --execute option is missing.' +
  'In a future major release, the default behavior of this command will be to prompt the user before ' +
  'executing the reset rather than doing a dry run. You should add the --dry-run option explicitly ' +
  'if you are scripting this command and want to keep the current default behavior without prompting.';

/**
 * main's action count and checkArgs, in 2.4.1's order. Throws UsageError for the first problem;
 * returns the warnings checkArgs prints on stderr without stopping.
 */
export function checkConsumerGroupArgs(opts: ConsumerGroupCommandOptions): string[] {
  const warnings: string[] = [];
  if (ACTIONS.filter((a) => has(opts, a)).length !== 1) throw new UsageError(ACTIONS_MESSAGE);

  if (!has(opts, 'bootstrapServer')) throw missingRequired('bootstrap-server');
  const groupScope = `${spec('group')}, ${spec('all-groups')}`;
  const hasGroupScope = has(opts, 'group') || has(opts, 'allGroups');

  if (has(opts, 'describe') && !hasGroupScope) throw new UsageError(`Option ${spec('describe')} takes one of these options: ${groupScope}`);

  if (has(opts, 'delete')) {
    if (!hasGroupScope) throw new UsageError(`Option ${spec('delete')} takes one of these options: ${groupScope}`);
    if (has(opts, 'topic')) throw new UsageError('The consumer does not support topic-specific offset deletion from a consumer group.');
  }

  if (has(opts, 'deleteOffsets') && (!has(opts, 'group') || !has(opts, 'topic'))) {
    throw new UsageError(`Option ${spec('delete-offsets')} takes the following options: ${spec('group')}, ${spec('topic')}`);
  }

  if (has(opts, 'resetOffsets')) {
    if (has(opts, 'dryRun') && has(opts, 'execute')) {
      throw new UsageError(`Option ${spec('reset-offsets')} only accepts one of ${spec('execute')} and ${spec('dry-run')}`);
    }
    if (!has(opts, 'dryRun') && !has(opts, 'execute')) warnings.push(NO_EXECUTE_WARNING);
    if (!hasGroupScope) throw new UsageError(`Option ${spec('reset-offsets')} takes one of these options: ${groupScope}`);
    const order = scenarioSetOrder();
    // checkInvalidArgs(scenario, all - scenario), one scenario after the other in the order written.
    for (const used of SCENARIOS) {
      if (!has(opts, used)) continue;
      const clash = order.find((n) => n !== used && has(opts, n));
      if (clash !== undefined) throw cantBeUsedWith(flag(used), flag(clash));
    }
  }

  if (has(opts, 'group') && has(opts, 'allGroups')) throw cantBeUsedWith('group', 'all-groups');
  if (has(opts, 'group') && has(opts, 'list')) throw cantBeUsedWith('group', 'list');
  if (has(opts, 'topic')) {
    const clash = (['list', 'describe'] as OptionName[]).find((n) => has(opts, n));
    if (clash !== undefined) throw cantBeUsedWith('topic', flag(clash));
  }
  return warnings;
}
