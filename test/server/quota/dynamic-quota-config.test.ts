// Client quotas fed live from ZooKeeper through DynamicConfigManager, with a real 3-node
// ensemble: what is there at startup applies, kafka-configs-style changes (AdminZkClient.
// changeConfigs, which writes /config/<entity> and a change notification) apply without restart,
// removals lift the quota, and sanitized user and client names reach the right entity.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LONG_MAX, parseBrokerConfig } from '../../../src/common/config';
import { userPrincipal } from '../../../src/common/kafka-principal';
import { silentLogger } from '../../../src/common/logger';
import { systemClock } from '../../../src/common/clock';
import { LogManager } from '../../../src/log';
import { DynamicBrokerConfig } from '../../../src/server/dynamic-config/dynamic-broker-config';
import { DynamicConfigManager } from '../../../src/server/dynamic-config/dynamic-config-manager';
import { ClientQuotas } from '../../../src/server/quota/client-quotas';
import { sanitize } from '../../../src/server/quota/quota-entity';
import { ReplicationQuotaManager } from '../../../src/server/replication-quota';
import { TopicConfigs } from '../../../src/server/topic-configs';
import { KafkaZkClient } from '../../../src/zk';
import { AdminZkClient } from '../../../src/zk/admin/admin-zk-client';
import { eventually, TestEnsemble } from '../../zk/zk-test-ensemble';

let ensemble: TestEnsemble;
let zk: KafkaZkClient;
let dir: string;
let logManager: LogManager;
let manager: DynamicConfigManager;
let quotas: ClientQuotas;

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
  zk = await KafkaZkClient.connect({ connectString: `${ensemble.connectString}/quotas`, sessionTimeoutMs: 4000 });
  await zk.createTopLevelPaths();
  // Already there before the broker starts: a client-id quota and a user+client-id quota.
  const admin = new AdminZkClient(zk);
  await admin.changeConfigs('clients', 'early', new Map([['producer_byte_rate', '4096']]));
  await admin.changeConfigs('users', `${sanitize('CN=alice,O=org')}/clients/${sanitize('my app')}`, new Map([['consumer_byte_rate', '2048'], ['request_percentage', '12.5']]));

  dir = mkdtempSync(join(tmpdir(), 'dynamic-quotas-'));
  logManager = LogManager.open({ logDirs: [dir] });
  const config = parseBrokerConfig({ 'zookeeper.connect': ensemble.connectString, 'broker.id': '1', 'log.dirs': dir });
  const brokerConfig = new DynamicBrokerConfig(config, silentLogger);
  quotas = new ClientQuotas({ producerByteRateDefault: LONG_MAX, consumerByteRateDefault: LONG_MAX, numQuotaSamples: 11, quotaWindowSizeSeconds: 1 }, systemClock);
  manager = new DynamicConfigManager({
    zk,
    brokerConfig,
    topicConfigs: new TopicConfigs(brokerConfig.topicDefaults(), zk),
    logManager,
    uncleanLeaderElectionEnabled: () => {},
    replicationQuotas: { leader: new ReplicationQuotaManager(systemClock), follower: new ReplicationQuotaManager(systemClock), alterLogDirs: new ReplicationQuotaManager(systemClock) },
    clientQuotas: quotas,
    logger: silentLogger,
    time: systemClock,
  });
  await manager.startup();
}, 60_000);

afterAll(async () => {
  await manager?.shutdown();
  logManager?.shutdown();
  await zk?.close();
  await ensemble?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('client quotas from ZooKeeper', () => {
  it('applies the quotas stored before startup, user and client id decoded', () => {
    expect(quotas.produce.quota('anyone', 'early')).toBe(4096);
    expect(quotas.fetch.quota('CN=alice,O=org', 'my app')).toBe(2048);
    expect(quotas.request.quota('CN=alice,O=org', 'my app')).toBe(12.5);
    expect(quotas.fetch.quota('CN=bob,O=org', 'my app')).toBe(LONG_MAX);
  });

  it('follows changes without a restart, and a removal lifts the quota', async () => {
    const admin = new AdminZkClient(zk);
    await admin.changeConfigs('clients', 'late', new Map([['producer_byte_rate', '1000']]));
    await eventually(() => quotas.produce.quota('x', 'late') === 1000);

    // The live rate follows the change: 20 kB at 1000 B/s is throttled, at 1 MB/s it is not.
    const principal = userPrincipal('x');
    expect(quotas.produce.recordAndGetThrottleTimeMs(principal, 'late', 20_000, Date.now())).toBeGreaterThan(0);
    await admin.changeConfigs('clients', 'late', new Map([['producer_byte_rate', '1000000']]));
    await eventually(() => quotas.produce.quota('x', 'late') === 1_000_000);
    expect(quotas.produce.recordAndGetThrottleTimeMs(principal, 'late', 0, Date.now())).toBe(0);

    await admin.changeConfigs('clients', 'late', new Map());
    await eventually(() => quotas.produce.quota('x', 'late') === LONG_MAX);
    expect(quotas.produce.recordAndGetThrottleTimeMs(principal, 'late', 1e9, Date.now())).toBe(0);
  });

  it('takes defaults: users/<default> applies to every user without a quota of its own', async () => {
    const admin = new AdminZkClient(zk);
    await admin.changeConfigs('users', '<default>', new Map([['consumer_byte_rate', '777']]));
    await eventually(() => quotas.fetch.quota('carol', 'whatever') === 777);
    // alice's own user+client-id quota still wins for her client.
    expect(quotas.fetch.quota('CN=alice,O=org', 'my app')).toBe(2048);
  });
});
