import {
  collectMemberRows,
  collectOffsetRows,
  formatAssignment,
  printGroupState,
  printMemberRows,
  printOffsetRows,
  shouldPrintMemberState,
  type GroupDescription,
} from '../../../src/admin/consumer-groups/consumer-group-describe';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { p: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const coordinator = { id: 2, host: 'localhost', port: 9093 };
const member = (memberId: string, partitions: Array<[string, number]>) => ({
  memberId,
  groupInstanceId: null,
  clientId: 'consumer-g-1',
  host: '/127.0.0.1',
  partitions: partitions.map(([topic, partition]) => ({ topic, partition })),
});

describe('kafka-consumer-groups --describe output', () => {
  const group: GroupDescription = {
    groupId: 'g',
    state: 'Stable',
    partitionAssignor: 'range',
    coordinator,
    members: [member('consumer-g-1-aaa', [['t', 1]]), member('consumer-g-1-bbb', [['t', 2], ['t', 0]]), member('idle', [])],
  };

  it('rows: biggest assignments first, partitions in order, unowned committed partitions last with `-` consumers', () => {
    const committed: Array<[{ topic: string; partition: number }, bigint]> = [
      [{ topic: 't', partition: 0 }, 3n],
      [{ topic: 'old', partition: 0 }, 7n],
    ];
    const logEnd = new Map([['t-0', 10n], ['t-1', 4n], ['t-2', 0n], ['old-0', 7n]]);
    const rows = collectOffsetRows(group, committed, (tp) => logEnd.get(`${tp.topic}-${tp.partition}`));
    expect(rows.map((r) => [r.topic, r.partition, r.offset, r.logEndOffset, r.lag, r.consumerId])).toEqual([
      ['t', 0, 3n, 10n, 7n, 'consumer-g-1-bbb'],
      ['t', 2, undefined, 0n, undefined, 'consumer-g-1-bbb'],
      ['t', 1, undefined, 4n, undefined, 'consumer-g-1-aaa'],
      ['old', 0, 7n, 7n, 0n, '-'],
    ]);
    const { p, out } = capture();
    printOffsetRows(p, rows);
    expect(out).toEqual([
      '',
      'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID      HOST            CLIENT-ID',
      'g               t               0          3               10              7               consumer-g-1-bbb /127.0.0.1      consumer-g-1',
      'g               t               2          -               0               -               consumer-g-1-bbb /127.0.0.1      consumer-g-1',
      'g               t               1          -               4               -               consumer-g-1-aaa /127.0.0.1      consumer-g-1',
      'g               old             0          7               7               0               -                -               -',
    ]);
  });

  it('states: notes on stderr, errors on stdout, rows only when there are some', () => {
    let c = capture();
    expect(shouldPrintMemberState(c.p, 'g', 'Empty', 0)).toBe(false);
    expect(c.err).toEqual(['', "Consumer group 'g' has no active members."]);
    c = capture();
    expect(shouldPrintMemberState(c.p, 'g', 'PreparingRebalance', 2)).toBe(true);
    expect(c.err).toEqual(['', "Warning: Consumer group 'g' is rebalancing."]);
    c = capture();
    expect(shouldPrintMemberState(c.p, 'x', 'Dead', 0)).toBe(false);
    expect(c.out).toEqual(['', "Error: Consumer group 'x' does not exist."]);
    c = capture();
    expect(shouldPrintMemberState(c.p, 'x', undefined, undefined)).toBe(false);
    expect(c.out).toEqual(['', "Error: The consumer group 'x' does not exist."]);
    expect(() => shouldPrintMemberState(capture().p, 'x', 'Unknown', 1)).toThrow("Expected a valid consumer group state, but found 'Unknown'.");
  });

  it('--members [--verbose]: a trailing space after #PARTITIONS, ASSIGNMENT sorted by topic', () => {
    expect(formatAssignment([{ topic: 'b', partition: 2 }, { topic: 'a', partition: 1 }, { topic: 'b', partition: 0 }])).toBe('a(1), b(0,2)');
    expect(formatAssignment([])).toBe('-');
    const { p, out } = capture();
    printMemberRows(p, collectMemberRows(group, true), true);
    expect(out).toEqual([
      '',
      'GROUP           CONSUMER-ID      HOST            CLIENT-ID       #PARTITIONS     ASSIGNMENT',
      'g               consumer-g-1-aaa /127.0.0.1      consumer-g-1    1               t(1)',
      'g               consumer-g-1-bbb /127.0.0.1      consumer-g-1    2               t(0,2)',
      'g               idle             /127.0.0.1      consumer-g-1    0               -',
    ]);
    const plain = capture();
    printMemberRows(plain.p, collectMemberRows(group, false), false);
    expect(plain.out[1]).toBe('GROUP           CONSUMER-ID      HOST            CLIENT-ID       #PARTITIONS     ');
  });

  it('--state: the GROUP column is as wide as the coordinator column, as in 2.4.1', () => {
    const { p, out } = capture();
    printGroupState(p, group);
    expect(out).toEqual([
      '',
      'GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS',
      'g                         localhost:9093 (2)        range                Stable          3',
    ]);
  });
});
