// Security on a real 3-broker cluster, set up as the Kafka 2.4.1 example: PLAINTEXT, SSL,
// SASL_PLAINTEXT, SASL_SSL and an SSL listener requiring client certificates, PLAIN and both SCRAM
// mechanisms, the brokers talking to each other over SASL_SSL with PLAIN as the super user admin,
// the ZooKeeper ACL authorizer with allow.everyone.if.no.acl.found=false. Real clients (kafkajs,
// kcat, kafka-python), real stores made by openssl and keytool, SCRAM users and ACLs written by
// bin/kafka-configs and bin/kafka-acls while the cluster runs.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { findFreePorts } from '../../src/launcher/free-ports';
import { ErrorCode } from '../../src/protocol/errors';
import { Apis } from '../../src/protocol/generated';
import { buildRecordBatch } from '../../src/protocol/records/record-batch-builder';
import { createTestStores, STORE_PASSWORD, TRUST_PASSWORD, type TestStores } from '../security/ssl/test-stores';
import { eventually, runTool, startTestCluster, stopTestCluster, withBrokerConnection, type TestCluster } from './helpers';

const execFileAsync = promisify(execFile);
const LISTENERS = ['INTERNAL', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL', 'MTLS'] as const;
type Listener = (typeof LISTENERS)[number];
const PLAIN_JAAS =
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";';
const SCRAM_JAAS = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

let t: TestCluster | undefined;
let stores: TestStores;
const ports = new Map<number, Record<Listener, number>>();

const port = (broker: number, listener: Listener) => ports.get(broker)![listener];
const brokers = (listener: Listener) => [1, 2, 3].map((b) => `localhost:${port(b, listener)}`);
const zk = () => t!.cluster.zooKeeper.connectString;

function brokerProperties(): Record<string, string> {
  const props: Record<string, string> = {
    'listener.security.protocol.map': 'INTERNAL:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,MTLS:SSL',
    'inter.broker.listener.name': 'SASL_SSL',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': stores.serverKeytoolP12,
    'ssl.keystore.password': STORE_PASSWORD,
    'ssl.key.password': STORE_PASSWORD,
    'ssl.truststore.type': 'PKCS12',
    'ssl.truststore.location': stores.truststoreP12,
    'ssl.truststore.password': TRUST_PASSWORD,
    'ssl.client.auth': 'none',
    'listener.name.mtls.ssl.client.auth': 'required',
    'authorizer.class.name': 'kafka.security.auth.SimpleAclAuthorizer',
    'super.users': 'User:admin',
    'allow.everyone.if.no.acl.found': 'false',
    'offsets.topic.replication.factor': '3',
    'group.initial.rebalance.delay.ms': '0',
  };
  for (const listener of ['sasl_plaintext', 'sasl_ssl']) {
    props[`listener.name.${listener}.plain.sasl.jaas.config`] = PLAIN_JAAS;
    props[`listener.name.${listener}.scram-sha-256.sasl.jaas.config`] = SCRAM_JAAS;
    props[`listener.name.${listener}.scram-sha-512.sasl.jaas.config`] = SCRAM_JAAS;
  }
  return props;
}

function kafkajs(listener: Listener, sasl?: SASLOptions, extra: Partial<KafkaConfig> = {}): Kafka {
  const tls = listener === 'SSL' || listener === 'SASL_SSL' || listener === 'MTLS';
  const ssl = !tls
    ? undefined
    : {
        ca: [stores.caPem],
        ...(listener === 'MTLS' ? { key: readFileSync(join(stores.dir, 'client.key')), cert: readFileSync(join(stores.dir, 'client.pem')) } : {}),
      };
  return new Kafka({
    clientId: `security-test-${listener}`,
    brokers: brokers(listener),
    ssl,
    sasl,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 100 },
    connectionTimeout: 5000,
    ...extra,
  });
}

/** Produces one record and reads it back with a new group; resolves with the value read. */
async function roundTrip(kafka: Kafka, topic: string, value: string): Promise<string> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ value }] });
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId: `g-${value}`, sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => { if (message.value?.toString() === value) resolve(value); } });
    });
    return await Promise.race([seen, new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`${value} not consumed in 30 s`)), 30_000))]);
  } finally {
    await consumer.disconnect();
  }
}

async function acls(...args: string[]): Promise<void> {
  const result = await runTool('kafka-acls', ['--authorizer-properties', `zookeeper.connect=${zk()}`, ...args]);
  if (result.code !== 0) throw new Error(`kafka-acls ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
}

async function addScramUser(user: string, password: string): Promise<void> {
  const result = await runTool('kafka-configs', [
    '--zookeeper', zk(), '--alter', '--entity-type', 'users', '--entity-name', user,
    '--add-config', `SCRAM-SHA-256=[iterations=8192,password=${password}],SCRAM-SHA-512=[password=${password}]`,
  ]);
  if (result.code !== 0) throw new Error(`kafka-configs failed: ${result.stderr}${result.stdout}`);
}

beforeAll(async () => {
  stores = createTestStores();
  const free = await findFreePorts(12);
  for (const b of [1, 2, 3]) {
    const [ssl, saslPlaintext, saslSsl, mtls] = free.slice((b - 1) * 4, b * 4);
    ports.set(b, { INTERNAL: 0, SSL: ssl!, SASL_PLAINTEXT: saslPlaintext!, SASL_SSL: saslSsl!, MTLS: mtls! });
  }
  t = await startTestCluster('security-', brokerProperties(), {
    brokerPropertiesFor: (id, internal) => {
      ports.get(id)!.INTERNAL = internal;
      const listeners = LISTENERS.map((l) => `${l}://localhost:${port(id, l)}`).join(',');
      return { listeners, 'advertised.listeners': listeners };
    },
  });
  for (const user of ['alice', 'User:CN=client,OU=Eng,O=Acme,L=City,ST=State,C=US', 'ANONYMOUS', 'scram-user']) {
    const principal = user.startsWith('User:') ? user : `User:${user}`;
    await acls('--add', '--allow-principal', principal, '--operation', 'All', '--topic', 'open', '--group', '*');
  }
  await addScramUser('scram-user', 'scram-secret');
  await addScramUser('carol', 'carol-secret');
  const admin = kafkajs('SASL_SSL', { mechanism: 'plain', username: 'admin', password: 'admin-secret' }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'open', numPartitions: 1, replicationFactor: 3 }, { topic: 'secure-orders', numPartitions: 1, replicationFactor: 3 }] });
  await admin.disconnect();
}, 180_000);

afterAll(async () => {
  await stopTestCluster(t);
  stores?.cleanup();
}, 60_000);

describe('authentication on each listener', () => {
  const cases: Array<[string, Listener, SASLOptions | undefined]> = [
    ['SSL', 'SSL', undefined],
    ['SSL with a client certificate (MTLS)', 'MTLS', undefined],
    ['SASL_PLAINTEXT PLAIN', 'SASL_PLAINTEXT', { mechanism: 'plain', username: 'alice', password: 'alice-secret' }],
    ['SASL_PLAINTEXT SCRAM-SHA-256', 'SASL_PLAINTEXT', { mechanism: 'scram-sha-256', username: 'scram-user', password: 'scram-secret' }],
    ['SASL_SSL SCRAM-SHA-512', 'SASL_SSL', { mechanism: 'scram-sha-512', username: 'scram-user', password: 'scram-secret' }],
    ['SASL_SSL PLAIN', 'SASL_SSL', { mechanism: 'plain', username: 'alice', password: 'alice-secret' }],
  ];
  it.each(cases)('kafkajs over %s produces and consumes', async (name, listener, sasl) => {
    await expect(roundTrip(kafkajs(listener, sasl), 'open', `kafkajs-${name.replace(/\W+/g, '-')}`)).resolves.toBeDefined();
  }, 60_000);

  it('kcat over SASL_SSL SCRAM-SHA-256 and over MTLS', async () => {
    const common = ['-b', brokers('SASL_SSL')[0]!, '-X', 'security.protocol=SASL_SSL', '-X', 'sasl.mechanisms=SCRAM-SHA-256', '-X', 'sasl.username=scram-user', '-X', 'sasl.password=scram-secret', '-X', `ssl.ca.location=${join(stores.dir, 'ca.pem')}`];
    const produce = execFileAsync('kcat', [...common, '-P', '-t', 'open', '-c', '1'], { timeout: 30_000 });
    produce.child.stdin!.end('from-kcat\n');
    await produce;
    const mtls = ['-b', brokers('MTLS')[0]!, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${join(stores.dir, 'ca.pem')}`, '-X', `ssl.certificate.location=${join(stores.dir, 'client.pem')}`, '-X', `ssl.key.location=${join(stores.dir, 'client.key')}`];
    const { stdout } = await execFileAsync('kcat', [...mtls, '-C', '-t', 'open', '-o', 'beginning', '-e', '-q'], { timeout: 30_000 });
    expect(stdout.split('\n')).toContain('from-kcat');
  }, 60_000);

  it('kafka-python over SASL_PLAINTEXT SCRAM-SHA-512 and SSL', async () => {
    const script = `
import sys
from kafka import KafkaProducer, KafkaConsumer
common = dict(api_version=(2, 4, 0), request_timeout_ms=20000)
p = KafkaProducer(bootstrap_servers=sys.argv[1], security_protocol='SASL_PLAINTEXT', sasl_mechanism='SCRAM-SHA-512',
                  sasl_plain_username='scram-user', sasl_plain_password='scram-secret', acks='all', **common)
p.send('open', b'from-python').get(timeout=20)
p.close()
c = KafkaConsumer('open', bootstrap_servers=sys.argv[2], security_protocol='SSL', ssl_cafile=sys.argv[3],
                  auto_offset_reset='earliest', consumer_timeout_ms=8000, **common)
print('\\n'.join(m.value.decode() for m in c))
`;
    const { stdout } = await execFileAsync('/usr/bin/python3', ['-c', script, brokers('SASL_PLAINTEXT')[0]!, brokers('SSL')[0]!, join(stores.dir, 'ca.pem')], { timeout: 60_000 });
    expect(stdout.split('\n')).toContain('from-python');
  }, 90_000);
});

describe('failed authentication closes only that connection', () => {
  it.each([
    ['a wrong PLAIN password', { mechanism: 'plain', username: 'alice', password: 'wrong' } as SASLOptions, /SASL PLAIN authentication failed: Authentication failed: Invalid username or password/],
    ['an unknown SCRAM user', { mechanism: 'scram-sha-256', username: 'nobody', password: 'x' } as SASLOptions, /SASL SCRAM SHA256 authentication failed/],
    ['a wrong SCRAM-SHA-512 password', { mechanism: 'scram-sha-512', username: 'scram-user', password: 'wrong' } as SASLOptions, /SASL SCRAM SHA512 authentication failed/],
  ])('%s is refused with Kafka\'s error', async (_name, sasl, message) => {
    const producer = kafkajs('SASL_PLAINTEXT', sasl, { retry: { retries: 0 } }).producer();
    await expect(producer.connect()).rejects.toThrow(message);
  }, 30_000);

  it('plain text on a TLS port and TLS on a plain port get no answer, and the broker serves everyone else', async () => {
    const apiVersionsV0 = Buffer.from('0000000e00120000000000010004746573740000', 'hex').subarray(0, 18);
    const closedWithoutAnswer = await new Promise<boolean>((resolve) => {
      const socket = tcpConnect({ host: '127.0.0.1', port: port(1, 'SSL') }, () => socket.write(apiVersionsV0));
      let answered = false;
      socket.on('data', (d) => (answered ||= d.length >= 4 && d.readInt32BE(0) > 0 && d[0] !== 0x15));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(!answered));
    });
    expect(closedWithoutAnswer).toBe(true);
    const tlsFailed = await new Promise<boolean>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: port(1, 'SASL_PLAINTEXT'), ca: stores.caPem, servername: 'localhost' }, () => resolve(false));
      socket.on('error', () => resolve(true));
      socket.setTimeout(10_000, () => resolve(true));
    });
    expect(tlsFailed).toBe(true);
    await expect(roundTrip(kafkajs('SASL_PLAINTEXT', { mechanism: 'plain', username: 'alice', password: 'alice-secret' }), 'open', 'after-garbage')).resolves.toBe('after-garbage');
  }, 60_000);
});

describe('ACLs from kafka-acls', () => {
  const carol = (): Kafka => kafkajs('SASL_PLAINTEXT', { mechanism: 'scram-sha-256', username: 'carol', password: 'carol-secret' }, { retry: { retries: 0 } });

  async function produceAsCarol(): Promise<void> {
    const producer = carol().producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic: 'secure-orders', acks: -1, messages: [{ value: 'carol' }] });
    } finally {
      await producer.disconnect();
    }
  }

  it('a user without ACLs can neither see, produce nor consume; a prefixed ACL lets her in, removing it shuts her out', async () => {
    const admin = carol().admin();
    await admin.connect();
    const listed = await admin.listTopics();
    await admin.disconnect();
    expect(listed).not.toContain('secure-orders');
    await expect(produceAsCarol()).rejects.toThrow(/authoriz/i);

    await acls('--add', '--allow-principal', 'User:carol', '--producer', '--consumer', '--topic', 'secure-', '--resource-pattern-type', 'prefixed', '--group', 'carol-group');
    await eventually('carol may produce', async () => produceAsCarol().then(() => true, () => false), 15_000);
    const consumer = carol().consumer({ groupId: 'carol-group' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'secure-orders', fromBeginning: true });
    const got = new Promise<string>((resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) }));
    expect(await got).toBe('carol');
    await consumer.disconnect();

    await acls('--remove', '--force', '--allow-principal', 'User:carol', '--producer', '--consumer', '--topic', 'secure-', '--resource-pattern-type', 'prefixed', '--group', 'carol-group');
    await eventually('carol is shut out again', async () => produceAsCarol().then(() => false, () => true), 15_000);
  }, 90_000);

  it('stores the ACLs as Kafka 2.4.1 does', async () => {
    const literal = (await t!.zk.zk.getData('/kafka-acl/Topic/open')).data?.toString();
    expect(JSON.parse(literal!)).toMatchObject({ version: 1 });
    expect(literal).toContain('{"principal":"User:alice","permissionType":"Allow","operation":"All","host":"*"}');
    const changes = await t!.zk.zk.getChildren('/kafka-acl-changes');
    const texts = await Promise.all(changes.map(async (c) => (await t!.zk.zk.getData(`/kafka-acl-changes/${c}`)).data?.toString()));
    expect(texts).toContain('Topic:open');
    const prefixedChanges = await t!.zk.zk.getChildren('/kafka-acl-extended-changes');
    const prefixedTexts = await Promise.all(prefixedChanges.map(async (c) => (await t!.zk.zk.getData(`/kafka-acl-extended-changes/${c}`)).data?.toString()));
    expect(prefixedTexts).toContain('{"version":1,"resourceType":"Topic","name":"secure-","patternType":"PREFIXED"}');
  }, 30_000);
});

describe('client quotas', () => {
  /** Sends `total` bytes to open-0's leader in 50 kB batches as `clientId`; the time taken and the throttle times seen. */
  async function produceAs(clientId: string, total: number): Promise<{ elapsedMs: number; throttled: number[] }> {
    const metadata = await withBrokerConnection(port(1, 'INTERNAL'), (c) => c.send(Apis.Metadata, 1, { topics: [{ name: 'open' }], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    const leader = metadata.topics[0]!.partitions[0]!.leaderId;
    const value = Buffer.alloc(50_000, 1);
    const throttled: number[] = [];
    const started = Date.now();
    await withBrokerConnection(port(leader, 'INTERNAL'), async (c) => {
      for (let sent = 0; sent < total; sent += value.length) {
        const response = await c.send(Apis.Produce, 7, { transactionalId: null, acks: 1, timeoutMs: 10_000, topics: [{ name: 'open', partitions: [{ partitionIndex: 0, records: buildRecordBatch([{ value }]) }] }] });
        expect(response.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
        if (response.throttleTimeMs > 0) throttled.push(response.throttleTimeMs);
      }
    }, clientId);
    return { elapsedMs: Date.now() - started, throttled };
  }

  it('slows a client over its producer_byte_rate to the quota and tells it so; other clients are not slowed', async () => {
    const set = await runTool('kafka-configs', ['--zookeeper', zk(), '--alter', '--entity-type', 'clients', '--entity-name', 'slow-client', '--add-config', 'producer_byte_rate=100000']);
    expect(set.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the brokers follow /config/changes
    // About ten one-second samples' worth passes before the first throttle: 2 MB at 100 kB/s
    // must take ~10 s more than an unthrottled client needs.
    const [slow, fast] = await Promise.all([produceAs('slow-client', 2_000_000), produceAs('fast-client', 2_000_000)]);
    expect(slow.throttled.length).toBeGreaterThan(0);
    expect(fast.throttled).toEqual([]);
    expect(slow.elapsedMs).toBeGreaterThan(6_000);
    expect(slow.elapsedMs).toBeLessThan(30_000);
    expect(fast.elapsedMs).toBeLessThan(slow.elapsedMs / 2);
  }, 90_000);
});
