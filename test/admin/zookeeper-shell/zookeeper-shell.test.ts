import { formatChildren, formatStat, javaDateString, usageLines } from '../../../src/admin/zookeeper-shell/zookeeper-shell';
import { javaAdminErrorMessage } from '../../../src/admin/common/kafka-exceptions';

describe('zookeeper-shell output (ZooKeeper 3.5 ZooKeeperMain)', () => {
  it('prints children sorted, as Java prints a list', () => {
    expect(formatChildren(['3', '1', '2'])).toBe('[1, 2, 3]');
    expect(formatChildren([])).toBe('[]');
  });

  it('prints the StatPrinter lines with hex zxids and session ids', () => {
    const lines = formatStat({
      czxid: 0x10000003en,
      mzxid: 0x100000040n,
      pzxid: 0x10000003en,
      ctime: Date.UTC(2020, 0, 6, 12, 0, 0),
      mtime: Date.UTC(2020, 0, 6, 12, 0, 1),
      version: 1,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: 0x300002bff6f0000n,
      dataLength: 190,
      numChildren: 0,
    });
    expect(lines.map((l) => l.split(' = ')[0])).toEqual([
      'cZxid', 'ctime', 'mZxid', 'mtime', 'pZxid', 'cversion', 'dataVersion', 'aclVersion', 'ephemeralOwner', 'dataLength', 'numChildren',
    ]);
    expect(lines).toContain('cZxid = 0x10000003e');
    expect(lines).toContain('mZxid = 0x100000040');
    expect(lines).toContain('dataVersion = 1');
    expect(lines).toContain('ephemeralOwner = 0x300002bff6f0000');
    expect(lines).toContain('dataLength = 190');
    expect(lines[1]).toMatch(/^ctime = (Sun|Mon) Jan 0[56] \d\d:\d\d:00 \S+ 2020$/);
  });

  it('prints negative 64-bit values as Long.toHexString does', () => {
    expect(formatStat({ czxid: 0n, mzxid: 0n, pzxid: 0n, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: -1n, dataLength: 0, numChildren: 0 })).toContain(
      'ephemeralOwner = 0xffffffffffffffff',
    );
  });

  it('formats dates like java.util.Date.toString', () => {
    expect(javaDateString(Date.UTC(2021, 6, 4, 3, 4, 5))).toMatch(/^(Sat|Sun) Jul 0[34] \d\d:\d\d:05 \S+ 2021$/);
  });

  it('lists the supported commands in the usage', () => {
    expect(usageLines()).toEqual(['ZooKeeper -server host:port cmd args', '\tget get [-s] [-w] path', '\tls ls [-s] [-w] [-R] path', '\tstat stat [-w] path']);
  });
});

describe('admin errors shown as the Java admin client shows them', () => {
  it('maps a kafkajs aggregate error to the exception class and Kafka default message', () => {
    const error = Object.assign(new Error('Topic creation errors'), { errors: [Object.assign(new Error('x'), { type: 'INVALID_REPLICATION_FACTOR' })] });
    expect(javaAdminErrorMessage(error)).toBe(
      'org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor is below 1 or larger than the number of available brokers.',
    );
    const wrapped = Object.assign(new Error('retries'), { originalError: Object.assign(new Error('y'), { type: 'TOPIC_ALREADY_EXISTS' }) });
    expect(javaAdminErrorMessage(wrapped)).toBe('org.apache.kafka.common.errors.TopicExistsException: Topic with this name already exists.');
    expect(javaAdminErrorMessage(new Error('Connection error: ECONNREFUSED'))).toBe('Connection error: ECONNREFUSED');
  });
});
