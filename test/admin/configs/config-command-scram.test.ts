// kafka-configs --zookeeper with SCRAM credentials, on a real ZooKeeper ensemble. The expected
// lines and znodes are what Kafka 2.4.1's bin/kafka-configs printed and wrote for the same
// commands (the anchor build, run against a ZooKeeper of its own), credentials masked since their
// salts are random.

import { configCommandFailure } from '../../../src/admin/configs/config-command-failure';
import { alterConfigWithZk, describeConfigWithZk } from '../../../src/admin/configs/config-command';
import { checkConfigCommandArgs, type ConfigCommandOptions } from '../../../src/admin/configs/config-command-options';
import { createSaslClient, createSaslServer } from '../../../src/security/sasl';
import { credentialFromString } from '../../../src/security/scram/scram-credential-text';
import { KafkaZkClient } from '../../../src/zk';
import { TestEnsemble } from '../../zk/zk-test-ensemble';

const mask = (text: string): string => text.replace(/salt=[^,]*,stored_key=[^,]*,server_key=[^,]*,/g, 'salt=*,stored_key=*,server_key=*,');

let ensemble: TestEnsemble;
let zk: KafkaZkClient;

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
  zk = await KafkaZkClient.connect({ connectString: `${ensemble.connectString}/scram`, sessionTimeoutMs: 4000 });
}, 60_000);

afterAll(async () => {
  await zk?.close();
  await ensemble?.stop();
});

/** Runs kafka-configs as bin/kafka-configs does: stdout lines, or the failure lines; credentials masked. */
async function kafkaConfigs(opts: Omit<ConfigCommandOptions, 'zookeeper'>): Promise<string[]> {
  const full: ConfigCommandOptions = { zookeeper: 'zk', ...opts };
  const lines: string[] = [];
  try {
    checkConfigCommandArgs(full);
    if (full.alter) await alterConfigWithZk(zk, full, (l) => lines.push(l));
    else await describeConfigWithZk(zk, full, (l) => lines.push(l));
  } catch (error) {
    lines.push(...configCommandFailure(error, ['<args>']));
  }
  return lines.map(mask);
}

const user = (name: string, extra: Partial<ConfigCommandOptions> = {}): Partial<ConfigCommandOptions> => ({ entityType: ['users'], entityName: [name], ...extra });
const alter = (addConfig: string, target: Partial<ConfigCommandOptions>) => kafkaConfigs({ alter: true, addConfig, ...target });

async function znode(path: string): Promise<string | null> {
  const node = await zk.zk.getDataIfExists(path);
  return node === null ? null : node.data!.toString();
}

async function changeNotifications(): Promise<string[]> {
  const children = (await zk.zk.getChildren('/config/changes')).sort();
  const out: string[] = [];
  for (const child of children) out.push((await znode(`/config/changes/${child}`))!);
  return out;
}

describe('kafka-configs SCRAM credentials for users, as Kafka 2.4.1', () => {
  it('adds both mechanisms, describes them, deletes one, and refuses to delete it twice', async () => {
    expect(await alter('SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]', user('alice'))).toEqual([
      "Completed Updating config for entity: user-principal 'alice'.",
    ]);
    expect(mask((await znode('/config/users/alice'))!)).toBe(
      '{"version":1,"config":{"SCRAM-SHA-512":"salt=*,stored_key=*,server_key=*,iterations=4096","SCRAM-SHA-256":"salt=*,stored_key=*,server_key=*,iterations=8192"}}',
    );
    expect(await changeNotifications()).toEqual(['{"version":2,"entity_path":"users/alice"}']);
    expect(await kafkaConfigs({ describe: true, ...user('alice') })).toEqual([
      "Configs for user-principal 'alice' are SCRAM-SHA-512=salt=*,stored_key=*,server_key=*,iterations=4096,SCRAM-SHA-256=salt=*,stored_key=*,server_key=*,iterations=8192",
    ]);

    expect(await kafkaConfigs({ alter: true, deleteConfig: ['SCRAM-SHA-512'], ...user('alice') })).toEqual(["Completed Updating config for entity: user-principal 'alice'."]);
    expect(await kafkaConfigs({ alter: true, deleteConfig: ['SCRAM-SHA-512'], ...user('alice') })).toEqual(['Invalid config(s): SCRAM-SHA-512']);
    expect(await kafkaConfigs({ describe: true, ...user('alice') })).toEqual(["Configs for user-principal 'alice' are SCRAM-SHA-256=salt=*,stored_key=*,server_key=*,iterations=8192"]);
    expect(await changeNotifications()).toEqual(['{"version":2,"entity_path":"users/alice"}', '{"version":2,"entity_path":"users/alice"}']);
  });

  it('stores a credential the SCRAM server accepts for the password, and only for it', async () => {
    const stored = JSON.parse((await znode('/config/users/alice'))!).config['SCRAM-SHA-256'];
    const tryPassword = (password: string): boolean => {
      const server = createSaslServer('SCRAM-SHA-256', { plainUsers: () => undefined, scramCredential: () => credentialFromString(stored) });
      const client = createSaslClient('SCRAM-SHA-256', { username: 'alice', password });
      try {
        client.evaluateChallenge(server.evaluateResponse(client.evaluateChallenge(server.evaluateResponse(client.initialResponse()))!));
        return server.isComplete();
      } catch {
        return false;
      }
    };
    expect(tryPassword('alice-secret')).toBe(true);
    expect(tryPassword('alice-secret!')).toBe(false);
  });

  it('keeps quotas beside credentials, in Kafka order, for a user name that needs sanitizing', async () => {
    const eve = user('CN=eve,O=x');
    expect(await alter('consumer_byte_rate=2048,SCRAM-SHA-256=[iterations=8192,password=x],SCRAM-SHA-512=[password=x],request_percentage=50', eve)).toEqual([
      "Completed Updating config for entity: user-principal 'CN=eve,O=x'.",
    ]);
    expect(mask((await znode('/config/users/CN%3Deve%2CO%3Dx'))!)).toBe(
      '{"version":1,"config":{"SCRAM-SHA-512":"salt=*,stored_key=*,server_key=*,iterations=4096","SCRAM-SHA-256":"salt=*,stored_key=*,server_key=*,iterations=8192","request_percentage":"50","consumer_byte_rate":"2048"}}',
    );
    expect(await kafkaConfigs({ alter: true, deleteConfig: ['SCRAM-SHA-256,SCRAM-SHA-512,request_percentage'], ...eve })).toEqual([
      "Completed Updating config for entity: user-principal 'CN=eve,O=x'.",
    ]);
    expect(await kafkaConfigs({ describe: true, ...eve })).toEqual(["Configs for user-principal 'CN=eve,O=x' are consumer_byte_rate=2048"]);
    expect((await changeNotifications()).slice(-1)).toEqual(['{"version":2,"entity_path":"users/CN%3Deve%2CO%3Dx"}']);
  });

  it('describes every user with its credentials', async () => {
    await alter('SCRAM-SHA-256=[password=x,iterations=8192]', user('carol'));
    expect(await kafkaConfigs({ describe: true, entityType: ['users'] })).toEqual([
      "Configs for user-principal 'alice' are SCRAM-SHA-256=salt=*,stored_key=*,server_key=*,iterations=8192",
      "Configs for user-principal 'carol' are SCRAM-SHA-256=salt=*,stored_key=*,server_key=*,iterations=4096",
      "Configs for user-principal 'CN=eve,O=x' are consumer_byte_rate=2048",
    ]);
  });

  it('refuses bad credential properties with Kafka messages and writes nothing', async () => {
    const before = await changeNotifications();
    const bob = user('bob');
    expect(await alter('SCRAM-SHA-256=[iterations=100,password=x]', bob)).toEqual(['Iterations 100 is less than the minimum 4096 required for SCRAM_SHA_256']);
    expect(await alter('SCRAM-SHA-512=[iterations=4095,password=x],SCRAM-SHA-256=[iterations=1,password=x]', bob)).toEqual([
      'Iterations 1 is less than the minimum 4096 required for SCRAM_SHA_256',
    ]);
    expect(await alter('SCRAM-SHA-256=[iterations=8192]', bob)).toEqual(['Invalid credential property SCRAM_SHA_256=iterations=8192']);
    expect(await alter('SCRAM-SHA-256=[password=]', bob)).toEqual(['Empty key']);
    expect(await alter('SCRAM-SHA-256=[iterations=,password=x]', bob)).toEqual(['For input string: ""']);
    expect(await alter('SCRAM-SHA-256=[iterations=99999999999,password=x]', bob)).toEqual(['For input string: "99999999999"']);
    expect(await alter('scram-sha-256=[password=x]', bob)).toEqual(['requirement failed: Unknown Dynamic Configuration: Set(scram-sha-256).']);
    expect(await alter('SCRAM-SHA-256=password=x', bob)).toEqual(['requirement failed: Invalid entity config: all configs to be added must be in the format "key=val".']);
    expect(await znode('/config/users/bob')).toBeNull();
    expect(await changeNotifications()).toEqual(before);
  });

  it('refuses SCRAM credentials for the default user, a user/client pair and clients', async () => {
    const unknown = ['requirement failed: Unknown Dynamic Configuration: Set(SCRAM-SHA-256).'];
    expect(await alter('SCRAM-SHA-256=[password=x]', { entityType: ['users'], entityDefault: true, entityNameOrder: ['default'] })).toEqual(unknown);
    expect(await alter('SCRAM-SHA-256=[password=x]', { entityType: ['users', 'clients'], entityName: ['alice', 'app'], entityNameOrder: ['name', 'name'] })).toEqual(unknown);
    expect(await alter('SCRAM-SHA-256=[password=x]', { entityType: ['clients'], entityName: ['app'] })).toEqual(unknown);
  });
});
