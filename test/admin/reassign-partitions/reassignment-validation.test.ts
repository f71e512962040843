// --execute's checks (parseAndValidate) and --generate's input checks, with the messages and
// the orders a real Kafka 2.4.1 printed for the same files on a cluster with brokers 1, 2, 3.

import { parseBrokerIds } from '../../../src/admin/reassign-partitions/generate-assignment';
import { javaMessage, javaStackTraceLines, parseLongOption } from '../../../src/admin/reassign-partitions/java-exceptions';
import { runReassignPartitionsCommand } from '../../../src/admin/reassign-partitions/reassign-partitions-command';
import { parseAndValidate } from '../../../src/admin/reassign-partitions/reassignment-validation';
import type { KafkaZkClient } from '../../../src/zk';
import { ClusterZnodes, topicZnode } from './cluster-znodes';

const cluster = {
  brokers: [1, 2, 3],
  topics: { t1: topicZnode([[2, [1, 2]], [1, [2, 1]], [0, [1, 2]]]), b: topicZnode([[1, [2]], [0, [3]]]) },
};

let znodes: ClusterZnodes;
let zk: KafkaZkClient;
beforeAll(async () => {
  znodes = await ClusterZnodes.start();
  zk = await znodes.load(cluster);
}, 60_000);
afterAll(() => znodes.stop());

const file = (partitions: Array<[string, number, number[]]>) =>
  JSON.stringify({ version: 1, partitions: partitions.map(([topic, partition, replicas]) => ({ topic, partition, replicas })) });

async function rejection(text: string): Promise<string> {
  try {
    await parseAndValidate(zk, text);
  } catch (error) {
    return javaMessage(error);
  }
  throw new Error('accepted');
}

describe('parseAndValidate', () => {
  it.each([
    [file([]), 'Partition reassignment data file is empty'],
    [file([['t1', 0, []]]), 'Partition replica list cannot be empty'],
    [
      file([['t1', 0, [2, 3]], ['t1', 0, [1, 3]], ['b', 1, [1]], ['b', 1, [3]]]),
      'Partition reassignment contains duplicate topic partitions: b-1,t1-0',
    ],
    [
      file([['t1', 0, [2, 2, 3, 3]], ['t1', 1, [1, 1]]]),
      'Partition replica lists may not contain duplicate entries: t1-0 contains multiple entries for 2,3. t1-1 contains multiple entries for 1',
    ],
    [file([['t1', 7, [2, 3]], ['nope', 0, [1]]]), 'The proposed assignment contains non-existent partitions: ListBuffer(t1-7, nope-0)'],
    [file([['t1', 0, [2, 5]], ['t1', 1, [9, 4]]]), 'The proposed assignment contains non-existent brokerIDs: 5,9,4'],
  ])('%s → %s', async (text, message) => {
    expect(await rejection(text)).toBe(message);
  });

  it('accepts a valid file', async () => {
    const data = await parseAndValidate(zk, file([['t1', 0, [3, 2]], ['b', 0, [1]]]));
    expect(data.partitions).toHaveLength(2);
  });
});

describe('--broker-list', () => {
  it('is read with Java split and Integer.parseInt', () => {
    expect(parseBrokerIds('1,2,3,')).toEqual([1, 2, 3]);
    expect(parseBrokerIds(',')).toEqual([]);
    for (const [text, message] of [
      ['1,abc', 'For input string: "abc"'],
      ['', 'For input string: ""'],
      ['1,,2', 'For input string: ""'],
      [' 1', 'For input string: " 1"'],
      ['99999999999', 'For input string: "99999999999"'],
      ['1,2,2,3,3', 'Broker list contains duplicate entries: 2,3'],
    ]) {
      expect(() => parseBrokerIds(text)).toThrow(message);
    }
  });
});

describe('a failed command', () => {
  it('prints 2.4.1\'s report on stdout and returns normally (the tool exits 0)', async () => {
    const lines: string[] = [];
    await runReassignPartitionsCommand({ zk: zk, println: (l) => lines.push(l) }, 'execute', { reassignmentJsonFile: '/nonexistent/plan.json' });
    expect(lines).toEqual(['Partitions reassignment failed due to /nonexistent/plan.json', 'java.nio.file.NoSuchFileException: /nonexistent/plan.json', '']);
  });

  it('reports a bad --throttle only when --execute reads it, with joptsimple\'s causes', () => {
    try {
      parseLongOption('throttle', 'abc');
      throw new Error('parsed');
    } catch (error) {
      expect(javaStackTraceLines(error)).toEqual([
        "joptsimple.OptionArgumentConversionException: Cannot parse argument 'abc' of option throttle",
        'Caused by: joptsimple.internal.ReflectionException: java.lang.NumberFormatException: For input string: "abc"',
        'Caused by: java.lang.NumberFormatException: For input string: "abc"',
      ]);
    }
  });
});
