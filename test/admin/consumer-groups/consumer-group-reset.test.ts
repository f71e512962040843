import { UsageError } from '../../../src/admin/common/command-line';
import { GroupCallError, type ConsumerGroupClient } from '../../../src/admin/consumer-groups/consumer-group-client';
import { runConsumerGroupCommand } from '../../../src/admin/consumer-groups/consumer-group-command';
import type { ConsumerGroupCommandOptions } from '../../../src/admin/consumer-groups/consumer-group-command-options';
import type { GroupDescription } from '../../../src/admin/consumer-groups/consumer-group-describe';
import {
  checkOffsetsRange,
  convertTimestamp,
  exportOffsetsToCsv,
  parseDuration,
  parseResetPlan,
  parseTopicArg,
  planReset,
  type ResetInputs,
} from '../../../src/admin/consumer-groups/consumer-group-reset';
import { type TopicPartition, tpString } from '../../../src/common/topic-partition';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const map = (entries: Record<string, bigint>) => new Map(Object.entries(entries));
const show = (entries: ReadonlyArray<readonly [TopicPartition, bigint]>) => entries.map(([t, o]) => `${tpString(t)}=${o}`);

describe('reset-offsets planning', () => {
  const partitions = [tp('t', 0), tp('t', 1), tp('t', 2)];
  const inputs: ResetInputs = { logStart: map({ 't-0': 2n, 't-1': 0n, 't-2': 0n }), logEnd: map({ 't-0': 10n, 't-1': 5n, 't-2': 0n }), committed: map({ 't-0': 4n, 't-1': 5n }) };
  const plan = (scenario: Parameters<typeof planReset>[0], warnings: string[] = [], errors: string[] = []) =>
    show(planReset(scenario, partitions, inputs, (l) => warnings.push(l), 'g', (m) => errors.push(m)));

  it('each scenario, clamped to [log start, log end] where Kafka clamps', () => {
    expect(plan({ kind: 'to-earliest' })).toEqual(['t-0=2', 't-1=0', 't-2=0']);
    expect(plan({ kind: 'to-latest' })).toEqual(['t-0=10', 't-1=5', 't-2=0']);
    expect(plan({ kind: 'to-current' })).toEqual(['t-0=4', 't-1=5', 't-2=0']);
    const warnings: string[] = [];
    expect(plan({ kind: 'to-offset', offset: 3n }, warnings)).toEqual(['t-0=3', 't-1=3', 't-2=0']);
    expect(warnings).toEqual(['New offset (3) is higher than latest offset for topic partition t-2. Value will be set to 0']);
    expect(show(checkOffsetsRange([[tp('t', 0), 1n]], inputs.logStart, inputs.logEnd, () => undefined))).toEqual(['t-0=2']);
    expect(() => plan({ kind: 'shift-by', shift: -1n })).toThrow('Cannot shift offset for partition t-2 since there is no current committed offset');
    expect(show(planReset({ kind: 'shift-by', shift: -3n }, partitions.slice(0, 2), inputs, () => undefined, 'g', () => undefined))).toEqual(['t-0=2', 't-1=2']);
    const byTime = { ...inputs, byTimestamp: map({ 't-0': 6n }) };
    expect(show(planReset({ kind: 'to-datetime', timestamp: 0 }, partitions, byTime, () => undefined, 'g', () => undefined))).toEqual(['t-0=6', 't-1=5', 't-2=0']);
    const errors: string[] = [];
    expect(plan({ kind: 'from-file' }, [], errors)).toEqual([]);
    expect(errors).toEqual(['No reset plan for group g found']);
    expect(() => planReset({ kind: 'to-earliest' }, [tp('x', 0)], inputs, () => undefined, 'g', () => undefined)).toThrow(
      new UsageError('Error getting starting offset of topic partition: x-0'),
    );
  });

  it('parses --topic, --to-datetime and --by-duration as Kafka does', () => {
    expect(parseTopicArg('t')).toEqual({ topic: 't' });
    expect(parseTopicArg('t:0,2')).toEqual({ topic: 't', partitions: [0, 2] });
    expect(() => parseTopicArg('t:x')).toThrow('For input string: "x"');
    expect(convertTimestamp('2020-01-02T03:04:05.006')).toBe(Date.UTC(2020, 0, 2, 3, 4, 5, 6));
    expect(convertTimestamp('2020-01-02T03:04:05.006Z')).toBe(Date.UTC(2020, 0, 2, 3, 4, 5, 6));
    expect(convertTimestamp('2020-01-02T03:04:05.006+01:00')).toBe(Date.UTC(2020, 0, 2, 2, 4, 5, 6));
    expect(convertTimestamp('2020-01-02T03:04:05.006-0130')).toBe(Date.UTC(2020, 0, 2, 4, 34, 5, 6));
    expect(convertTimestamp('2020-01-32T00:00:00.000')).toBe(Date.UTC(2020, 1, 1)); // lenient, like SimpleDateFormat
    expect(() => convertTimestamp('2020-01-02T03:04:05')).toThrow('Unparseable date: "2020-01-02T03:04:05Z"');
    expect(parseDuration('PT1H')).toBe(3_600_000);
    expect(parseDuration('P1DT2H3M4.5S')).toBe(((24 + 2) * 3600 + 3 * 60 + 4.5) * 1000);
    expect(() => parseDuration('1 hour')).toThrow('Text cannot be parsed to a Duration');
  });

  it('exports and reads back the CSV plan', () => {
    const plan = [['g', [[tp('t', 0), 5n], [tp('t', 1), 6n]]]] as const;
    expect(exportOffsetsToCsv(plan, true)).toBe('t,0,5\nt,1,6\n');
    expect(exportOffsetsToCsv(plan, false)).toBe('g,t,0,5\ng,t,1,6\n');
    expect([...parseResetPlan('t,0,5\nt,1,6\n', ['g'])].map(([g, e]) => [g, show(e)])).toEqual([['g', ['t-0=5', 't-1=6']]]);
    expect([...parseResetPlan('a,t,0,5\nb,t,1,6\n', ['a', 'b'])].map(([g, e]) => [g, show(e)])).toEqual([['a', ['t-0=5']], ['b', ['t-1=6']]]);
  });
});

/** A cluster in memory: groups, committed offsets and logs. */
class FakeClient implements ConsumerGroupClient {
  commits: Array<[string, string[]]> = [];
  constructor(
    private readonly groups: Record<string, GroupDescription>,
    private readonly committed: Record<string, Array<[TopicPartition, bigint]>>,
    private readonly logs: Record<string, { start: bigint; end: bigint }>,
  ) {}
  async listGroups() {
    return Object.keys(this.groups);
  }
  async describeGroup(groupId: string): Promise<GroupDescription> {
    return this.groups[groupId] ?? { groupId, state: 'Dead', partitionAssignor: '', coordinator: { id: 1, host: 'h', port: 1 }, members: [] };
  }
  async committedOffsets(groupId: string) {
    return this.committed[groupId] ?? [];
  }
  async partitionsFor(topic: string) {
    return Object.keys(this.logs).filter((k) => k.startsWith(`${topic}-`)).map((k) => Number(k.slice(topic.length + 1)));
  }
  async describeTopic(topic: string) {
    const partitions = await this.partitionsFor(topic);
    return partitions.length > 0 ? { partitions } : { error: 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.' };
  }
  private offsets(partitions: readonly TopicPartition[], pick: 'start' | 'end') {
    return new Map(partitions.filter((p) => this.logs[tpString(p)]).map((p) => [tpString(p), this.logs[tpString(p)][pick]]));
  }
  async beginningOffsets(partitions: readonly TopicPartition[]) {
    return this.offsets(partitions, 'start');
  }
  async endOffsets(partitions: readonly TopicPartition[]) {
    return this.offsets(partitions, 'end');
  }
  async offsetsForTimes(partitions: readonly TopicPartition[]) {
    return this.offsets(partitions, 'start');
  }
  async commitOffsets(groupId: string, offsets: ReadonlyArray<readonly [TopicPartition, bigint]>) {
    this.commits.push([groupId, show(offsets)]);
  }
  async deleteGroup(groupId: string) {
    if (!this.groups[groupId]) return 'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.';
    if (this.groups[groupId].state !== 'Empty') return 'java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.';
    return null;
  }
  async deleteOffsets(groupId: string, partitions: readonly TopicPartition[]) {
    if (!this.groups[groupId]) throw new GroupCallError(69);
    return { errorCode: 0, partitions: new Map(partitions.map((p) => [tpString(p), 0])) };
  }
  async close() {}
}

describe('kafka-consumer-groups actions against a fake cluster', () => {
  const coordinator = { id: 1, host: 'localhost', port: 9092 };
  const client = () =>
    new FakeClient(
      {
        idle: { groupId: 'idle', state: 'Empty', partitionAssignor: '', coordinator, members: [] },
        busy: { groupId: 'busy', state: 'Stable', partitionAssignor: 'range', coordinator, members: [{ memberId: 'm-1', groupInstanceId: null, clientId: 'c', host: '/10.0.0.1', partitions: [tp('t', 0)] }] },
      },
      { idle: [[tp('t', 1), 2n], [tp('t', 0), 1n]], busy: [[tp('t', 0), 3n]] },
      { 't-0': { start: 0n, end: 5n }, 't-1': { start: 1n, end: 4n } },
    );
  const run = async (opts: ConsumerGroupCommandOptions, c: ConsumerGroupClient = client()) => {
    const out: string[] = [];
    const err: string[] = [];
    await runConsumerGroupCommand({ bootstrapServer: ['b:1'], ...opts }, c, { out: (l) => out.push(l), err: (l) => err.push(l) }, { now: () => 0 });
    return { out, err };
  };

  it('--reset-offsets --execute commits for an inactive group and refuses an active one', async () => {
    const c = client();
    const idle = await run({ resetOffsets: true, group: ['idle'], topic: ['t'], toEarliest: true, execute: true }, c);
    expect(idle.out).toEqual([
      '',
      'GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ',
      'idle                           t                              0          0              ',
      'idle                           t                              1          1              ',
    ]);
    expect(c.commits).toEqual([['idle', ['t-0=0', 't-1=1']]]);
    const busy = await run({ resetOffsets: true, group: ['busy'], allTopics: true, toLatest: true, execute: true }, c);
    expect(busy.out).toEqual([
      '',
      "Error: Assignments can only be reset if the group 'busy' is inactive, but the current state is Stable.",
      '',
      'GROUP                          TOPIC                          PARTITION  NEW-OFFSET     ',
    ]);
    expect(c.commits).toHaveLength(1);
  });

  it('a missing scope or scenario is a usage error, reached only for an inactive group', async () => {
    await expect(run({ resetOffsets: true, group: ['idle'], toEarliest: true })).rejects.toThrow('One of the reset scopes should be defined: --all-topics, --topic.');
    await expect(run({ resetOffsets: true, group: ['idle'], topic: ['t'] })).rejects.toThrow(/requires one of the following scenarios/);
    const r = await run({ resetOffsets: true, group: ['idle'], topic: ['t'], toOffset: ['x'] });
    expect(r.out).toEqual(['', "Error: Executing consumer group command failed due to Cannot parse argument 'x' of option to-offset"]);
  });

  it('--describe of an unknown, an empty and a stable group', async () => {
    expect((await run({ describe: true, group: ['nope'] })).out).toEqual(['', "Error: Consumer group 'nope' does not exist."]);
    const idle = await run({ describe: true, group: ['idle'] });
    expect(idle.err).toEqual(['', "Consumer group 'idle' has no active members."]);
    expect(idle.out.slice(2).map((l) => l.split(/\s+/).slice(0, 6).join(' '))).toEqual(['idle t 1 2 4 2', 'idle t 0 1 5 4']); // HashMap order
    const all = await run({ describe: true, allGroups: true });
    expect(all.out.filter((l) => l.startsWith('busy')).map((l) => l.split(/\s+/).join(' '))).toEqual(['busy t 0 3 5 2 m-1 /10.0.0.1 c']);
  });

  it('--delete and --delete-offsets report per group and per partition', async () => {
    expect((await run({ delete: true, group: ['idle'] })).out).toEqual(["Deletion of requested consumer groups ('idle') was successful."]);
    expect((await run({ delete: true, group: ['idle', 'busy', 'nope'] })).out).toEqual([
      '',
      'Error: Deletion of some consumer groups failed:',
      // deletedGroups() is a HashMap: 'nope' comes before 'busy'.
      "* Group 'nope' could not be deleted due to: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.",
      "* Group 'busy' could not be deleted due to: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.",
      '',
      "These consumer groups were deleted successfully: 'idle'",
    ]);
    expect((await run({ deleteOffsets: true, group: ['idle'], topic: ['t:1', 'missing'] })).out).toEqual([
      'Request succeed for deleting offsets with topic t:1, missing group idle',
      '',
      'TOPIC                          PARTITION       STATUS         ',
      'missing                        Not Provided    Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
      't                              1               Successful     ',
    ]);
    expect((await run({ deleteOffsets: true, group: ['nope'], topic: ['t:0'] })).out).toEqual([
      '',
      "Error: 'nope' does not exist.",
      '',
      'TOPIC                          PARTITION       STATUS         ',
      't                              0               Error: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.',
    ]);
  });
});
