import { UsageError } from '../../../src/admin/common/command-line';
import {
  ConnectionChoiceError,
  TopicCommandError,
  checkTopicCommandArgs,
  parseReplicaAssignment,
  parseTopicConfigsToBeAdded,
  parseTopicConfigsToBeDeleted,
  type TopicCommandOptions,
} from '../../../src/admin/topics/topic-command-options';

const usage = (opts: TopicCommandOptions): string => {
  try {
    checkTopicCommandArgs(opts);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return 'ok';
};

const zk = { zookeeper: 'localhost:2181' };
const bs = { bootstrapServer: 'localhost:9092' };

describe("kafka-topics option checks (Kafka 2.4.1's checkArgs)", () => {
  it('wants exactly one action', () => {
    const message = 'Command must include exactly one action: --list, --describe, --create, --alter or --delete';
    expect(usage({ ...zk })).toBe(message);
    expect(usage({ ...zk, list: true, describe: true })).toBe(message);
  });

  it('wants exactly one of --bootstrap-server and --zookeeper, reported without the help text', () => {
    expect(usage({ list: true })).toBe('Only one of --bootstrap-server or --zookeeper must be specified');
    expect(() => checkTopicCommandArgs({ ...zk, ...bs, list: true })).toThrow(ConnectionChoiceError);
  });

  it('names the missing argument the way joptsimple prints it', () => {
    expect(usage({ ...bs, create: true, partitions: 1 })).toBe('Missing required argument "[topic]"');
    expect(usage({ ...bs, delete: true })).toBe('Missing required argument "[topic]"');
    expect(usage({ ...zk, create: true, topic: 't' })).toBe('Missing required argument "[partitions]"');
    expect(usage({ ...zk, create: true, topic: 't', partitions: 1 })).toBe('Missing required argument "[replication-factor]"');
    expect(usage({ ...bs, alter: true, topic: 't' })).toBe('Missing required argument "[partitions]"');
    expect(usage({ ...zk, describe: true, ifExists: true })).toBe('Missing required argument "[topic]"');
  });

  it('accepts the valid forms', () => {
    expect(usage({ ...bs, create: true, topic: 't' })).toBe('ok'); // broker defaults
    expect(usage({ ...zk, create: true, topic: 't', replicaAssignment: '1:2' })).toBe('ok');
    expect(usage({ ...zk, list: true })).toBe('ok');
    expect(usage({ ...bs, describe: true, underReplicatedPartitions: true })).toBe('ok');
    expect(usage({ ...zk, create: true, topic: 't', partitions: 1, replicationFactor: 1, ifNotExists: true })).toBe('ok');
  });

  it('rejects option combinations 2.4 rejects', () => {
    expect(usage({ ...zk, create: true, topic: 't', replicaAssignment: '1:2', partitions: 1 })).toBe('Option "[replica-assignment]" can\'t be used with option "[partitions]"');
    expect(usage({ ...bs, create: true, topic: 't', ifNotExists: true })).toBe('Option "[if-not-exists]" can\'t be used with option "[bootstrap-server]"');
    expect(usage({ ...bs, alter: true, topic: 't', partitions: 2, config: ['a=b'] })).toBe(
      'Option combination "[bootstrap-server],[config]" can\'t be used with option "[alter]"',
    );
    expect(usage({ ...zk, list: true, partitions: 3 })).toBe('Option "[partitions]" can\'t be used with option "[list]"');
    expect(usage({ ...zk, describe: true, underMinIsrPartitions: true })).toBe('Option "[under-min-isr-partitions]" can\'t be used with option "[zookeeper]"');
    expect(usage({ ...zk, describe: true, underReplicatedPartitions: true, unavailablePartitions: true })).toMatch(/can't be used with option/);
  });
});

describe('values parsed when the command runs', () => {
  it('parses a replica assignment and rejects duplicates and uneven replication factors', () => {
    expect([...parseReplicaAssignment('1:2, 2:3,3 :1')]).toEqual([
      [0, [1, 2]],
      [1, [2, 3]],
      [2, [3, 1]],
    ]);
    expect(() => parseReplicaAssignment('1:1')).toThrow('Partition replica lists may not contain duplicate entries: 1');
    expect(() => parseReplicaAssignment('1:2,3')).toThrow('Partition 1 has different replication factor: 3');
    expect(() => parseReplicaAssignment('1:x')).toThrow(TopicCommandError);
  });

  it('parses --config pairs like Kafka (split on "=" with spaces, both sides required) and validates them', () => {
    expect([...parseTopicConfigsToBeAdded(['retention.ms = 1000', 'cleanup.policy=compact']).configs]).toEqual([
      ['retention.ms', '1000'],
      ['cleanup.policy', 'compact'],
    ]);
    const format = 'requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".';
    expect(() => parseTopicConfigsToBeAdded(['retention.ms='])).toThrow(format);
    expect(() => parseTopicConfigsToBeAdded(['a=b=c'])).toThrow(format);
    expect(() => parseTopicConfigsToBeAdded(['no.such.config=1'])).toThrow('Unknown topic config name: no.such.config');
    expect(() => parseTopicConfigsToBeAdded(['retention.ms=soon'])).toThrow(TopicCommandError);
    expect(parseTopicConfigsToBeAdded(['message.format.version=2.0']).warnings[0]).toMatch(/^WARNING: The configuration message.format.version=2.0 is specified\./);
    expect(() => parseTopicConfigsToBeDeleted(['retention.ms', 'bogus'])).toThrow('Unknown topic config name: bogus');
  });
});
