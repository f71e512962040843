import { UsageError } from '../../../src/admin/common/command-line';
import {
  JoptException,
  NO_EXECUTE_WARNING,
  checkAvailableOptions,
  checkConsumerGroupArgs,
  longValue,
  singleValue,
  timeoutMs,
  uncaughtExceptionLine,
  type ConsumerGroupCommandOptions,
} from '../../../src/admin/consumer-groups/consumer-group-command-options';

const bs = { bootstrapServer: ['localhost:9092'] };
const check = (o: ConsumerGroupCommandOptions) => () => checkConsumerGroupArgs(o);

describe('kafka-consumer-groups option checks (2.4.1 main + checkArgs)', () => {
  it('needs exactly one action, then --bootstrap-server', () => {
    const actions = 'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets';
    expect(check({ ...bs })).toThrow(new UsageError(actions));
    expect(check({ ...bs, list: true, describe: true })).toThrow(actions);
    expect(check({ list: true })).toThrow('Missing required argument "[bootstrap-server]"');
    expect(checkConsumerGroupArgs({ ...bs, list: true })).toEqual([]);
  });

  it('--describe and --delete need --group or --all-groups', () => {
    expect(check({ ...bs, describe: true })).toThrow('Option [describe] takes one of these options: [group], [all-groups]');
    expect(check({ ...bs, delete: true })).toThrow('Option [delete] takes one of these options: [group], [all-groups]');
    expect(check({ ...bs, delete: true, group: ['g'], topic: ['t'] })).toThrow('The consumer does not support topic-specific offset deletion from a consumer group.');
    expect(check({ ...bs, describe: true, group: ['g'], allGroups: true })).toThrow('Option "[group]" can\'t be used with option "[all-groups]"');
    expect(check({ ...bs, describe: true, group: ['g'], topic: ['t'] })).toThrow('Option "[topic]" can\'t be used with option "[describe]"');
    expect(check({ ...bs, list: true, group: ['g'] })).toThrow('Option "[group]" can\'t be used with option "[list]"');
    expect(check({ ...bs, list: true, topic: ['t'] })).toThrow('Option "[topic]" can\'t be used with option "[list]"');
    expect(checkConsumerGroupArgs({ ...bs, describe: true, allGroups: true })).toEqual([]);
  });

  it('--delete-offsets needs --group and --topic', () => {
    expect(check({ ...bs, deleteOffsets: true, group: ['g'] })).toThrow('Option [delete-offsets] takes the following options: [group], [topic]');
    expect(checkConsumerGroupArgs({ ...bs, deleteOffsets: true, group: ['g'], topic: ['t'] })).toEqual([]);
  });

  it('--reset-offsets: execute xor dry-run, a group scope, one scenario', () => {
    const reset = { ...bs, resetOffsets: true, group: ['g'], topic: ['t'] };
    expect(check({ ...reset, execute: true, dryRun: true })).toThrow('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
    expect(check({ ...bs, resetOffsets: true, dryRun: true })).toThrow('Option [reset-offsets] takes one of these options: [group], [all-groups]');
    expect(checkConsumerGroupArgs({ ...reset, toEarliest: true })).toEqual([NO_EXECUTE_WARNING]);
    expect(checkConsumerGroupArgs({ ...reset, toEarliest: true, execute: true })).toEqual([]);
    expect(check({ ...reset, toEarliest: true, toLatest: true })).toThrow('Option "[to-earliest]" can\'t be used with option "[to-latest]"');
    // The first scenario written in Kafka's list is checked first; its clash is the first other one in the Set's order.
    expect(check({ ...reset, toLatest: true, toOffset: ['1'], byDuration: ['PT1H'] })).toThrow('Option "[to-offset]" can\'t be used with option "[by-duration]"');
    // No scenario is only noticed later, for an inactive group.
    expect(checkConsumerGroupArgs({ ...reset, dryRun: true })).toEqual([]);
  });

  it("joptsimple's parse-time refusals", () => {
    const unavailable = (o: ConsumerGroupCommandOptions) => () => checkAvailableOptions(o);
    expect(unavailable({ members: true, verbose: true })).toThrow(new JoptException('UnavailableOptionException', 'Option(s) [members, verbose] are unavailable given other options on the command line'));
    expect(unavailable({ describe: true, state: true, members: true })).toThrow('Option(s) [members, state] are unavailable given other options on the command line');
    expect(unavailable({ describe: true, state: true, offsets: true, members: true })).toThrow('Option(s) [members, offsets, state] are unavailable given other options on the command line');
    expect(unavailable({ offsets: true, verbose: true })).toThrow('Option(s) [offsets, verbose] are unavailable given other options on the command line');
    expect(() => checkAvailableOptions({ describe: true, members: true, verbose: true })).not.toThrow();
    expect(uncaughtExceptionLine(new JoptException('UnrecognizedOptionException', 'zookeeper is not a recognized option'))).toBe(
      'Exception in thread "main" joptsimple.UnrecognizedOptionException: zookeeper is not a recognized option',
    );
  });

  it('converts Long options when used, as valueOf does', () => {
    expect(longValue({ shiftBy: ['-5'] }, 'shiftBy')).toBe(-5n);
    expect(() => longValue({ toOffset: ['abc'] }, 'toOffset')).toThrow("Cannot parse argument 'abc' of option to-offset");
    expect(() => longValue({ shiftBy: ['1.5'] }, 'shiftBy')).toThrow("Cannot parse argument '1.5' of option shift-by");
    expect(() => singleValue({ toOffset: ['1', '2'] }, 'toOffset')).toThrow('Found multiple arguments for option to-offset, but you asked for only one');
    expect(timeoutMs({})).toBe(5000);
    expect(timeoutMs({ timeout: ['1500'] })).toBe(1500);
  });
});
