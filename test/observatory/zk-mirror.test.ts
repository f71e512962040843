// ZkMirror against a real 3-node ensemble: it loads the tree, follows creations, data changes and
// deletions of whole subtrees through its watches, and reports ephemeral owners.

import { silentLogger } from '../../src/common/logger';
import { ZkMirror } from '../../src/observatory/zk-mirror';
import type { ZkClient } from '../../src/zk/zk-client';
import { TestEnsemble, eventually } from '../zk/zk-test-ensemble';

let zk: TestEnsemble;
let writer: ZkClient;
let mirror: ZkMirror;

beforeAll(async () => {
  zk = await TestEnsemble.start();
  writer = await zk.client();
  await writer.createRecursive('/brokers/topics/t/partitions/0/state', Buffer.from('{"leader":1}'));
  mirror = await ZkMirror.start(zk.connectString, silentLogger);
}, 90_000);

afterAll(async () => {
  await mirror?.close();
  await writer?.close();
  await zk?.stop();
});

it('loads what is there, with data and children', () => {
  expect(mirror.get('/brokers/topics/t/partitions/0/state')?.data?.toString()).toBe('{"leader":1}');
  expect(mirror.get('/brokers/topics')?.children).toEqual(['t']);
  expect(mirror.childrenOf('/brokers/topics').map((n) => n.path)).toEqual(['/brokers/topics/t']);
});

it('follows data changes, new subtrees and ephemeral znodes', async () => {
  const changes: string[] = [];
  mirror.on('change', (path) => changes.push(path));
  await writer.setData('/brokers/topics/t/partitions/0/state', Buffer.from('{"leader":2}'));
  await writer.createRecursive('/brokers/topics/u/partitions/1/state', Buffer.from('{"leader":3}'));
  await writer.createRecursive('/brokers/ids', null);
  await writer.create('/brokers/ids/7', Buffer.from('{}'), 'ephemeral');
  await eventually(() => mirror.get('/brokers/topics/t/partitions/0/state')?.data?.toString() === '{"leader":2}');
  await eventually(() => mirror.get('/brokers/topics/u/partitions/1/state') !== undefined);
  await eventually(() => mirror.get('/brokers/ids/7') !== undefined);
  expect(mirror.get('/brokers/ids/7')!.stat.ephemeralOwner).toBe(writer.sessionId);
  expect(mirror.get('/brokers/topics/t/partitions/0/state')!.stat.version).toBe(1);
  expect(changes).toContain('/brokers/topics/u');
});

it('drops a deleted subtree, each znode reported gone', async () => {
  const gone: string[] = [];
  mirror.on('change', (path, node) => node === null && gone.push(path));
  await writer.deleteRecursive('/brokers/topics/u');
  await eventually(() => mirror.get('/brokers/topics/u') === undefined && mirror.get('/brokers/topics/u/partitions/1/state') === undefined);
  expect(gone).toEqual(expect.arrayContaining(['/brokers/topics/u', '/brokers/topics/u/partitions', '/brokers/topics/u/partitions/1', '/brokers/topics/u/partitions/1/state']));
  await eventually(() => mirror.get('/brokers/topics')?.children.join() === 't');
});
