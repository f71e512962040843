// The property files shipped in config/ must parse with our own parsers.
import * as path from 'path';
import { parseBrokerConfig } from '../../../src/common/config/kafka-config';
import { readPropertiesFile } from '../../../src/common/config/properties-file';

const CONFIG_DIR = path.join(__dirname, '..', '..', '..', 'config');

describe('config/ property files', () => {
  it('server.properties is a valid single-broker config on localhost:9092', () => {
    const c = parseBrokerConfig(readPropertiesFile(path.join(CONFIG_DIR, 'server.properties')));
    expect(c.brokerId).toBe(0);
    expect(c.advertisedListeners).toEqual([{ name: 'PLAINTEXT', host: 'localhost', port: 9092, securityProtocol: 'PLAINTEXT' }]);
    expect(c.zk.servers).toEqual([{ host: 'localhost', port: 2181 }]);
    expect(c.offsetsTopicReplicationFactor).toBe(1);
  });

  it.each([1, 2, 3])('server-%i.properties is broker %i of the three-broker cluster', (n) => {
    const c = parseBrokerConfig(readPropertiesFile(path.join(CONFIG_DIR, `server-${n}.properties`)));
    expect(c.brokerId).toBe(n);
    expect(c.listeners).toEqual([{ name: 'PLAINTEXT', host: 'localhost', port: 9091 + n, securityProtocol: 'PLAINTEXT' }]);
    expect(c.advertisedListeners).toEqual(c.listeners);
    expect(c.logDirs).toEqual([`/tmp/kafka-zk-ts/broker-${n}`]);
    expect(c.zk.servers.map((s) => s.port)).toEqual([2181, 2182, 2183]);
    expect(c.defaultReplicationFactor).toBe(3);
    expect(c.offsetsTopicReplicationFactor).toBe(3);
    expect(c.transactionStateLogReplicationFactor).toBe(3);
    expect(c.ignoredPropertiesSet()).toEqual([]);
  });

  it('zookeeper.properties describes a three-node loopback ensemble', () => {
    const zk = readPropertiesFile(path.join(CONFIG_DIR, 'zookeeper.properties'));
    expect(zk['clientPort']).toBe('2181');
    expect(zk['server.1']).toBe('127.0.0.1:2888:3888');
    expect(zk['server.2']).toBe('127.0.0.1:2889:3889');
    expect(zk['server.3']).toBe('127.0.0.1:2890:3890');
    expect(Number(zk['tickTime'])).toBeGreaterThan(0);
  });
});
