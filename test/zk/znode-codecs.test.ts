// Every znode codec against what a real Kafka 2.4.1 broker wrote (lines copied from
// /work/shared/reference/kafka-2.4.1-znodes.txt; timestamps and ids substituted), both directions,
// plus the clear errors decoders give for bad data.

import { ZnodeDecodeError } from '../../src/zk/json/znode-decode-error';
import { kafkaTopicPartitionOrder, javaPropertiesOrder } from '../../src/common/jvm-order/scala-collection-order';
import { decodeBrokerRegistration, encodeBrokerRegistration, brokerIdPath } from '../../src/zk/znodes/broker-registration';
import { decodeClusterId, encodeClusterId, generateClusterId } from '../../src/zk/znodes/cluster-id';
import { decodeController, encodeController } from '../../src/zk/znodes/controller';
import { decodeControllerEpoch, encodeControllerEpoch } from '../../src/zk/znodes/controller-epoch';
import { decodeTopicAssignment, encodeTopicAssignment, replicaAssignment, topicPath } from '../../src/zk/znodes/topic-assignment';
import { decodePartitionState, encodePartitionState, partitionStatePath } from '../../src/zk/znodes/partition-state';
import { decodeEntityConfig, encodeEntityConfig, configEntityPath } from '../../src/zk/znodes/entity-config';
import { decodeProducerIdBlock, encodeProducerIdBlock, nextProducerIdBlock } from '../../src/zk/znodes/producer-id-block';
import { decodeIsrChangeNotification, encodeIsrChangeNotification, isrChangeSequenceNumber } from '../../src/zk/znodes/isr-change-notification';
import { decodeConfigChangeNotification, encodeConfigChangeNotification } from '../../src/zk/znodes/config-change-notification';
import { decodeLogDirEventNotification, encodeLogDirEventNotification } from '../../src/zk/znodes/log-dir-event-notification';
import { decodePreferredReplicaElection, encodePreferredReplicaElection } from '../../src/zk/znodes/preferred-replica-election';
import { decodeReassignPartitions, encodeReassignPartitions } from '../../src/zk/znodes/reassign-partitions';
import { deleteTopicMarkerPath } from '../../src/zk/znodes/delete-topic-marker';
import { PERSISTENT_ZK_PATHS } from '../../src/zk/znodes/paths';

const text = (b: Buffer) => b.toString('utf8');
const bytes = (s: string) => Buffer.from(s, 'utf8');

// Reference lines (kafka-2.4.1-znodes.txt).
const REF = {
  broker:
    '{"listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},"endpoints":["PLAINTEXT://127.0.0.1:9092"],"jmx_port":-1,"host":"127.0.0.1","timestamp":"1795356429055","port":9092,"version":4}',
  golden: '{"version":2,"partitions":{"2":[0],"1":[0],"0":[0]},"adding_replicas":{},"removing_replicas":{}}',
  consumerOffsets:
    '{"version":2,"partitions":{"30":[0],"39":[0],"45":[0],"2":[0],"5":[0],"48":[0],"33":[0],"27":[0],"12":[0],"8":[0],"15":[0],"42":[0],"36":[0],"21":[0],"18":[0],"24":[0],"35":[0],"41":[0],"7":[0],"17":[0],"1":[0],"44":[0],"23":[0],"38":[0],"47":[0],"4":[0],"26":[0],"11":[0],"32":[0],"14":[0],"20":[0],"29":[0],"46":[0],"34":[0],"28":[0],"6":[0],"40":[0],"49":[0],"9":[0],"43":[0],"0":[0],"22":[0],"16":[0],"37":[0],"19":[0],"3":[0],"10":[0],"31":[0],"25":[0],"13":[0]},"adding_replicas":{},"removing_replicas":{}}',
  state: '{"controller_epoch":1,"leader":0,"version":1,"leader_epoch":0,"isr":[0]}',
  clusterId: '{"version":"1","id":"Q8HfAufAQZyodhChtDWU8g"}',
  offsetsConfig: '{"version":1,"config":{"compression.type":"producer","cleanup.policy":"compact","segment.bytes":"104857600"}}',
  emptyConfig: '{"version":1,"config":{}}',
  controller: '{"version":1,"brokerid":0,"timestamp":"1795356429156"}',
  controllerEpoch: '1',
  producerIdBlock: '{"version":1,"broker":0,"block_start":"0","block_end":"999"}',
};

describe('broker registration (/brokers/ids/N, v4)', () => {
  const plaintext = { listenerName: 'PLAINTEXT', host: '127.0.0.1', port: 9092, securityProtocol: 'PLAINTEXT' };

  it('encodes byte-for-byte like Kafka 2.4.1', () => {
    expect(text(encodeBrokerRegistration({ id: 0, endpoints: [plaintext] }, 1795356429055))).toBe(REF.broker);
  });

  it('places rack where the 2.12 build does and keeps listener order', () => {
    const encoded = text(
      encodeBrokerRegistration(
        {
          id: 1,
          rack: 'r1',
          endpoints: [{ listenerName: 'SSL', host: 'h', port: 9093, securityProtocol: 'SSL' }, { ...plaintext, host: 'h' }],
        },
        7,
      ),
    );
    expect(encoded).toBe(
      '{"listener_security_protocol_map":{"SSL":"SSL","PLAINTEXT":"PLAINTEXT"},"endpoints":["SSL://h:9093","PLAINTEXT://h:9092"],' +
        '"rack":"r1","jmx_port":-1,"host":"h","timestamp":"7","port":9092,"version":4}',
    );
  });

  it('writes host null / port -1 without a PLAINTEXT listener, brackets IPv6, empty host for null', () => {
    const encoded = JSON.parse(
      text(
        encodeBrokerRegistration(
          {
            id: 2,
            endpoints: [
              { listenerName: 'INTERNAL', host: '::1', port: 9094, securityProtocol: 'SASL_SSL' },
              { listenerName: 'EXTERNAL', host: null, port: 9095, securityProtocol: 'SSL' },
            ],
          },
          1,
        ),
      ),
    );
    expect(encoded).toMatchObject({ host: null, port: -1, endpoints: ['INTERNAL://[::1]:9094', 'EXTERNAL://:9095'] });
  });

  it('decodes the reference, v1-v3 registrations, IPv6 and null hosts', () => {
    expect(decodeBrokerRegistration(0, bytes(REF.broker))).toEqual({
      id: 0,
      endpoints: [{ listenerName: 'PLAINTEXT', host: '127.0.0.1', port: 9092, securityProtocol: 'PLAINTEXT' }],
      rack: null,
      jmxPort: -1,
      version: 4,
      timestamp: 1795356429055n,
    });
    expect(decodeBrokerRegistration(3, bytes('{"version":1,"host":"a","port":1,"jmx_port":9999,"timestamp":"1"}')).endpoints).toEqual([
      { listenerName: 'PLAINTEXT', host: 'a', port: 1, securityProtocol: 'PLAINTEXT' },
    ]);
    const v3 = decodeBrokerRegistration(
      4,
      bytes('{"version":3,"host":"a","port":1,"jmx_port":-1,"timestamp":"1","endpoints":["SSL://[::1]:2","PLAINTEXT://:3"],"rack":"dc1"}'),
    );
    expect(v3.endpoints).toEqual([
      { listenerName: 'SSL', host: '::1', port: 2, securityProtocol: 'SSL' },
      { listenerName: 'PLAINTEXT', host: null, port: 3, securityProtocol: 'PLAINTEXT' },
    ]);
    expect(v3.rack).toBe('dc1');
  });

  it('round-trips and rejects bad data clearly', () => {
    const registration = {
      id: 5,
      endpoints: [{ listenerName: 'CLIENT', host: 'b', port: 1, securityProtocol: 'SASL_PLAINTEXT' }],
      rack: 'x',
    };
    expect(decodeBrokerRegistration(5, encodeBrokerRegistration(registration, 3))).toMatchObject({ ...registration, jmxPort: -1, version: 4, timestamp: 3n });
    expect(() => decodeBrokerRegistration(5, bytes('{"version":4'))).toThrow(ZnodeDecodeError);
    expect(() => decodeBrokerRegistration(5, bytes('{"version":4'))).toThrow(/cannot decode \/brokers\/ids\/5: invalid JSON/);
    expect(() => decodeBrokerRegistration(5, bytes('{"version":4,"jmx_port":-1,"endpoints":["nonsense"]}'))).toThrow(/bad endpoint/);
    expect(() => decodeBrokerRegistration(5, null)).toThrow(/no data/);
    expect(brokerIdPath(5)).toBe('/brokers/ids/5');
  });
});

describe('topic assignment (/brokers/topics/T, v2)', () => {
  const singleReplica = (n: number) => new Map(Array.from({ length: n }, (_, p) => [p, replicaAssignment([0])] as const));

  it('encodes the 3- and 50-partition references byte-for-byte (Scala 2.12 order)', () => {
    expect(text(encodeTopicAssignment('golden', singleReplica(3)))).toBe(REF.golden);
    expect(text(encodeTopicAssignment('__consumer_offsets', singleReplica(50)))).toBe(REF.consumerOffsets);
    expect(kafkaTopicPartitionOrder('golden', [0, 1, 2])).toEqual([2, 1, 0]);
  });

  it('decodes v2 (with adding/removing) and v1, sorted by partition id', () => {
    const decoded = decodeTopicAssignment('__consumer_offsets', bytes(REF.consumerOffsets));
    expect([...decoded.keys()]).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const moving = new Map([
      [0, { replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1] }],
      [1, replicaAssignment([2, 3])],
    ]);
    const encoded = encodeTopicAssignment('t', moving);
    expect(JSON.parse(text(encoded))).toEqual({
      version: 2,
      partitions: { '0': [1, 2, 3], '1': [2, 3] },
      adding_replicas: { '0': [3] },
      removing_replicas: { '0': [1] },
    });
    expect(decodeTopicAssignment('t', encoded)).toEqual(moving);
    expect(decodeTopicAssignment('t', bytes('{"version":1,"partitions":{"1":[2],"0":[1]}}'))).toEqual(
      new Map([
        [0, replicaAssignment([1])],
        [1, replicaAssignment([2])],
      ]),
    );
  });

  it('rejects bad data and bad topic names', () => {
    expect(() => decodeTopicAssignment('t', bytes('{"version":9,"partitions":{}}'))).toThrow(/unsupported version 9/);
    expect(() => decodeTopicAssignment('t', bytes('{"version":2,"partitions":{"x":[1]}}'))).toThrow(/not a non-negative integer/);
    expect(() => decodeTopicAssignment('t', bytes('{"version":2,"partitions":{"0":["a"]}}'))).toThrow(/partitions.0 must be an array of integers/);
    expect(() => topicPath('a/b')).toThrow(/invalid topic name/);
    expect(topicPath('t')).toBe('/brokers/topics/t');
  });
});

describe('partition state', () => {
  it('encodes and decodes the reference', () => {
    const state = { leader: 0, leaderEpoch: 0, isr: [0], controllerEpoch: 1 };
    expect(text(encodePartitionState(state))).toBe(REF.state);
    expect(decodePartitionState('golden', 0, bytes(REF.state))).toEqual(state);
    expect(partitionStatePath('golden', 2)).toBe('/brokers/topics/golden/partitions/2/state');
    expect(() => decodePartitionState('g', 0, bytes('{"version":1,"leader":0}'))).toThrow(
      /cannot decode \/brokers\/topics\/g\/partitions\/0\/state: leader_epoch must be an integer/,
    );
  });
});

describe('small znodes', () => {
  it('cluster id', () => {
    expect(text(encodeClusterId('Q8HfAufAQZyodhChtDWU8g'))).toBe(REF.clusterId);
    expect(decodeClusterId(bytes(REF.clusterId))).toBe('Q8HfAufAQZyodhChtDWU8g');
    const generated = generateClusterId();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(generateClusterId()).not.toBe(generated);
    expect(() => decodeClusterId(bytes('{"version":"1"}'))).toThrow(/id must be a string/);
  });

  it('controller and controller epoch', () => {
    expect(text(encodeController(0, 1795356429156))).toBe(REF.controller);
    expect(decodeController(bytes(REF.controller))).toEqual({ brokerId: 0, timestamp: 1795356429156n });
    expect(text(encodeControllerEpoch(1))).toBe(REF.controllerEpoch);
    expect(decodeControllerEpoch(bytes('17'))).toBe(17);
    expect(() => decodeControllerEpoch(bytes('x'))).toThrow(/expected a decimal epoch/);
  });

  it('entity configs in java.util.Properties order', () => {
    const offsets = new Map([
      ['cleanup.policy', 'compact'],
      ['segment.bytes', '104857600'],
      ['compression.type', 'producer'],
    ]);
    expect(text(encodeEntityConfig(offsets))).toBe(REF.offsetsConfig);
    expect(text(encodeEntityConfig(new Map()))).toBe(REF.emptyConfig);
    expect(decodeEntityConfig('/config/topics/x', bytes(REF.offsetsConfig))).toEqual(offsets);
    expect(decodeEntityConfig('/config/topics/x', null)).toEqual(new Map());
    expect(configEntityPath('users', 'alice/clients/app')).toBe('/config/users/alice/clients/app');
    expect(() => decodeEntityConfig('/config/topics/x', bytes('{"version":1,"config":{"a":1}}'))).toThrow(/a must be a string/);
    // Many keys (past a ConcurrentHashMap resize) still come out once each.
    const many = Array.from({ length: 30 }, (_, i) => `key.${i}`);
    expect([...javaPropertiesOrder(many)].sort()).toEqual([...many].sort());
  });

  it('producer id block', () => {
    const first = nextProducerIdBlock(0, null);
    expect(text(encodeProducerIdBlock(first))).toBe(REF.producerIdBlock);
    expect(decodeProducerIdBlock(bytes(REF.producerIdBlock))).toEqual({ brokerId: 0, blockStart: 0n, blockEnd: 999n });
    expect(nextProducerIdBlock(2, first)).toEqual({ brokerId: 2, blockStart: 1000n, blockEnd: 1999n });
  });

  it('isr change, config change, log dir event notifications', () => {
    const isr = encodeIsrChangeNotification([{ topic: 't', partition: 0 }, { topic: 't', partition: 3 }, { topic: 't', partition: 0 }]);
    expect(text(isr)).toBe('{"version":1,"partitions":[{"topic":"t","partition":0},{"topic":"t","partition":3}]}');
    expect(decodeIsrChangeNotification('0000000001', isr)).toEqual([{ topic: 't', partition: 0 }, { topic: 't', partition: 3 }]);
    expect(isrChangeSequenceNumber('isr_change_0000000042')).toBe('0000000042');

    expect(text(encodeConfigChangeNotification('topics/my-topic'))).toBe('{"version":2,"entity_path":"topics/my-topic"}');
    expect(decodeConfigChangeNotification('1', bytes('{"version":1,"entity_type":"topics","entity_name":"x"}'))).toEqual({ entityPath: 'topics/x' });

    expect(text(encodeLogDirEventNotification(3))).toBe('{"version":1,"broker":3,"event":1}');
    expect(decodeLogDirEventNotification('1', encodeLogDirEventNotification(3))).toEqual({ brokerId: 3, event: 1 });
  });

  it('admin znodes: preferred election, legacy reassignment, delete marker', () => {
    const election = encodePreferredReplicaElection([{ topic: 't', partition: 0 }]);
    expect(text(election)).toBe('{"version":1,"partitions":[{"topic":"t","partition":0}]}');
    expect(decodePreferredReplicaElection(election)).toEqual([{ topic: 't', partition: 0 }]);

    const reassign = encodeReassignPartitions([{ topic: 't', partition: 0, replicas: [1, 2, 3] }]);
    expect(text(reassign)).toBe('{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3]}]}');
    expect(decodeReassignPartitions(reassign)).toEqual([{ topic: 't', partition: 0, replicas: [1, 2, 3] }]);
    expect(() =>
      decodeReassignPartitions(bytes('{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1],"log_dirs":["any"]}]}')),
    ).toThrow(/unknown field\(s\) log_dirs/);

    expect(deleteTopicMarkerPath('t')).toBe('/admin/delete_topics/t');
  });

  it('top-level paths are those of a 2.4.1 broker', () => {
    expect(PERSISTENT_ZK_PATHS).toEqual([
      '/consumers',
      '/brokers/ids',
      '/brokers/topics',
      '/config/changes',
      '/admin/delete_topics',
      '/brokers/seqid',
      '/isr_change_notification',
      '/latest_producer_id_block',
      '/log_dir_event_notification',
      '/config/topics',
      '/config/clients',
      '/config/users',
      '/config/brokers',
    ]);
  });
});
