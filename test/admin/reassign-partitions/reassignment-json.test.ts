// The reassignment tool's JSON files: parsing as kafka.utils.Json over Jackson reads them (the
// failure messages are the ones a real 2.4.1 printed for the same files) and the text
// formatAsReassignmentJson writes.

import { jsonNodeString, parseJsonFull } from '../../../src/admin/reassign-partitions/jackson-json';
import { javaMessage, javaStackTraceLines } from '../../../src/admin/reassign-partitions/java-exceptions';
import { formatAsReassignmentJson, parsePartitionReassignmentData, parseTopicsData } from '../../../src/admin/reassign-partitions/reassignment-json';

/** "<message>" and "<class>: <message>", as 2.4.1's failure report shows an exception. */
function failure(run: () => unknown): [string, string] {
  try {
    run();
  } catch (error) {
    return [javaMessage(error), javaStackTraceLines(error)[0]!];
  }
  throw new Error('did not fail');
}

describe('reassignment JSON parsing', () => {
  it('reads partitions in file order with their log dirs, duplicates kept', () => {
    const data = parsePartitionReassignmentData(
      '{"version":1,"partitions":[{"topic":"t1","partition":0,"replicas":[2,3],"log_dirs":["any","/tmp/x"]},{"topic":"b","partition":1,"replicas":[1]},{"topic":"t1","partition":0,"replicas":[1,3]}]}',
    );
    expect(data.partitions).toEqual([
      [{ topic: 't1', partition: 0 }, [2, 3]],
      [{ topic: 'b', partition: 1 }, [1]],
      [{ topic: 't1', partition: 0 }, [1, 3]],
    ]);
    expect(data.logDirs).toEqual([[{ topic: 't1', partition: 0, brokerId: 3 }, '/tmp/x']]);
  });

  it('takes a missing version as 1 and a missing partitions field as none', () => {
    expect(parsePartitionReassignmentData('{"partitions":[{"topic":"t","partition":0,"replicas":[2,3]}]}').partitions).toHaveLength(1);
    expect(parsePartitionReassignmentData('{"version":1}').partitions).toEqual([]);
    expect(parseTopicsData('{"version":1}')).toEqual([]);
    expect(parseTopicsData('{"topics":[{"topic":"a"},{"topic":"b"}],"version":1} trailing text is ignored')).toEqual(['a', 'b']);
  });

  it.each([
    ['not json', 'The input string is not a valid JSON', 'kafka.admin.AdminOperationException: The input string is not a valid JSON'],
    ['\n', 'Expected JSON object, received ', 'com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received '],
    ['[1,2]', 'Expected JSON object, received [1,2]', 'com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received [1,2]'],
    ['{"version":2,"partitions":[]}', 'Not supported version field value 2', 'kafka.admin.AdminOperationException: Not supported version field value 2'],
    ['{"version":1,"partitions":[{"topic":"t1","replicas":[2,3]}]}', 'No such field exists: `partition`', 'com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `partition`'],
    ['{"version":1,"partitions":[{"topic":"t1","partition":"x","replicas":[2,3]}]}', 'Expected `Int` value, received "x"', 'com.fasterxml.jackson.databind.JsonMappingException: Expected `Int` value, received "x"'],
    [
      '{"version":1,"partitions":[{"topic":"t1","partition":0,"replicas":[2,3],"log_dirs":["any"]}]}',
      'Size of replicas list Vector(2, 3) is different from size of log dirs list Vector(any) for partition t1-0',
      'kafka.common.AdminCommandFailedException: Size of replicas list Vector(2, 3) is different from size of log dirs list Vector(any) for partition t1-0',
    ],
  ])('%s fails as in 2.4.1', (text, message, firstTraceLine) => {
    expect(failure(() => parsePartitionReassignmentData(text))).toEqual([message, firstTraceLine]);
  });

  it('words topics-file problems the same way', () => {
    expect(failure(() => parseTopicsData('{"topics":[{"topic":5}]}'))[0]).toBe('Expected `String` value, received 5');
    expect(failure(() => parseTopicsData('{"version":"1","topics":[]}'))[0]).toBe('Expected `Int` value, received "1"');
  });

  it('prints nodes as Jackson writes them (int, long, double, strings, nesting)', () => {
    const node = parseJsonFull('{"a" : [1, 2147483648, 1.5, 1e2, 1E10, "q\\"\\n", null, true], "b":{}}');
    expect(jsonNodeString(node!)).toBe('{"a":[1,2147483648,1.5,100.0,1.0E10,"q\\"\\n",null,true],"b":{}}');
    expect(parseJsonFull('{"a":01}')).toBeNull();
    expect(parseJsonFull('{"a":1.}')).toBeNull();
  });
});

describe('formatAsReassignmentJson', () => {
  it('writes version, then partitions with topic, partition, replicas and log_dirs ("any" unless given)', () => {
    const text = formatAsReassignmentJson(
      [
        [{ topic: 't1', partition: 2 }, [1, 2]],
        [{ topic: 'b', partition: 0 }, [3]],
      ],
      [[{ topic: 't1', partition: 2, brokerId: 2 }, '/data/d2']],
    );
    expect(text).toBe(
      '{"version":1,"partitions":[{"topic":"t1","partition":2,"replicas":[1,2],"log_dirs":["any","/data/d2"]},{"topic":"b","partition":0,"replicas":[3],"log_dirs":["any"]}]}',
    );
    expect(formatAsReassignmentJson([])).toBe('{"version":1,"partitions":[]}');
  });
});
