// The ZooKeeper ACL authorizer against a real 3-node ensemble: the folders it creates, the znodes
// and notifications its writes leave (as Kafka 2.4.1 leaves them), conditional updates that retry
// on a conflicting write, another authorizer following changes within a second, loading at start,
// the two class names' create/delete semantics and messages, and the authorizer log.

import { userPrincipal } from '../../../src/common/kafka-principal';
import { ErrorCode } from '../../../src/protocol/errors';
import { AclAuthorizer, type AclAuthorizerOptions } from '../../../src/security/acl/acl-authorizer';
import { ANY_BINDING_FILTER, ANY_ENTRY_FILTER, type AclBindingFilter } from '../../../src/security/acl/acl-filters';
import { ACL_AUTHORIZER_CLASS, SIMPLE_ACL_AUTHORIZER_CLASS, isSupportedAuthorizerClass, unsupportedAuthorizerMessage } from '../../../src/security/acl/authorizer-class-names';
import { AclOperation, AclPermissionType, PatternType, ResourceType, type AclBinding } from '../../../src/security/acl/acl-types';
import type { AuthorizationRequester } from '../../../src/security/authorizer';
import type { ZkClient } from '../../../src/zk';
import { TestEnsemble, eventually } from '../../zk/zk-test-ensemble';

let ensemble: TestEnsemble;
let chrootCounter = 0;
const started: AclAuthorizer[] = [];

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
}, 90_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((a) => a.close()));
});

afterAll(async () => {
  await ensemble?.stop();
});

async function freshZk(): Promise<{ zk: ZkClient; connect: () => Promise<ZkClient> }> {
  const root = `/acl-${++chrootCounter}`;
  const connect = () => ensemble.client({ connectString: `${ensemble.connectString}${root}` });
  return { zk: await connect(), connect };
}

class RecordingLog {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`INFO ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`DEBUG ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`WARN ${message}`);
  }
  error(message: string): void {
    this.lines.push(`ERROR ${message}`);
  }
}

async function authorizer(zk: ZkClient, options: Partial<AclAuthorizerOptions> = {}): Promise<AclAuthorizer> {
  const a = new AclAuthorizer({ zk, ...options });
  await a.start();
  started.push(a);
  return a;
}

const topic = (name: string, patternType = PatternType.LITERAL) => ({ resourceType: ResourceType.TOPIC, name, patternType });
const binding = (name: string, principal: string, operation: AclOperation, extra: { patternType?: PatternType; host?: string; permissionType?: AclPermissionType } = {}): AclBinding => ({
  pattern: topic(name, extra.patternType),
  entry: { principal, host: extra.host ?? '*', operation, permissionType: extra.permissionType ?? AclPermissionType.ALLOW },
});
const requester = (user: string, clientHost = '10.0.0.1', apiName = 'Metadata'): AuthorizationRequester => ({
  principal: userPrincipal(user),
  clientHost,
  listenerName: 'PLAINTEXT',
  apiName,
  correlationId: 1,
  clientId: 'c',
});
const can = (a: AclAuthorizer, user: string, operation: AclOperation, name: string, resourceType = ResourceType.TOPIC) =>
  a.authorize(requester(user), [{ operation, resourceType, resourceName: name }])[0];
const text = async (zk: ZkClient, path: string) => (await zk.getData(path)).data?.toString() ?? null;

describe('class names', () => {
  it('accepts the two Kafka 2.4.1 class names and explains any other', () => {
    expect(isSupportedAuthorizerClass(SIMPLE_ACL_AUTHORIZER_CLASS)).toBe(true);
    expect(isSupportedAuthorizerClass(ACL_AUTHORIZER_CLASS)).toBe(true);
    expect(isSupportedAuthorizerClass('com.example.MyAuthorizer')).toBe(false);
    expect(unsupportedAuthorizerMessage('com.example.MyAuthorizer')).toContain('java.lang.ClassNotFoundException: com.example.MyAuthorizer');
    expect(() => new AclAuthorizer({ zk: null as unknown as ZkClient, className: 'com.example.MyAuthorizer' })).toThrow(/is not supported/);
  });
});

describe('ZooKeeper layout', () => {
  it('creates both stores with a folder per resource type and both change folders, all with null data', async () => {
    const { zk } = await freshZk();
    await authorizer(zk);
    expect((await zk.getChildren('/')).sort()).toEqual(['kafka-acl', 'kafka-acl-changes', 'kafka-acl-extended', 'kafka-acl-extended-changes']);
    const types = ['Cluster', 'DelegationToken', 'Group', 'Topic', 'TransactionalId'];
    expect((await zk.getChildren('/kafka-acl')).sort()).toEqual(types);
    expect(await zk.getChildren('/kafka-acl-extended')).toEqual(['prefixed']);
    expect((await zk.getChildren('/kafka-acl-extended/prefixed')).sort()).toEqual(types);
    expect(await text(zk, '/kafka-acl/Topic')).toBeNull();
    expect(await text(zk, '/kafka-acl-changes')).toBeNull();
  });

  it("writes Kafka's znodes and notifications: literal as text, prefixed as JSON; the last ACL's removal deletes the znode", async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk);
    await a.addAcls([binding('secure', 'User:alice', AclOperation.READ)]);
    expect(await text(zk, '/kafka-acl/Topic/secure')).toBe('{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"Read","host":"*"}]}');
    expect(await zk.getChildren('/kafka-acl-changes')).toEqual(['acl_changes_0000000000']);
    expect(await text(zk, '/kafka-acl-changes/acl_changes_0000000000')).toBe('Topic:secure');

    await a.addAcls([binding('pre-', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED })]);
    expect(await text(zk, '/kafka-acl-extended/prefixed/Topic/pre-')).toBe('{"version":1,"acls":[{"principal":"User:bob","permissionType":"Allow","operation":"Write","host":"*"}]}');
    expect(await text(zk, '/kafka-acl-extended-changes/acl_changes_0000000000')).toBe('{"version":1,"resourceType":"Topic","name":"pre-","patternType":"PREFIXED"}');

    const removed = await a.removeAcls([{ patternFilter: { resourceType: ResourceType.TOPIC, name: 'secure', patternType: PatternType.LITERAL }, entryFilter: ANY_ENTRY_FILTER }]);
    expect(removed).toEqual([binding('secure', 'User:alice', AclOperation.READ)]);
    expect(await zk.exists('/kafka-acl/Topic/secure')).toBeNull();
    expect((await zk.getChildren('/kafka-acl-changes')).sort()).toEqual(['acl_changes_0000000000', 'acl_changes_0000000001']);
  });

  it('rewrites the znode (its version moves on) without a notification when nothing changes', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk);
    await a.addAcls([binding('t', 'User:alice', AclOperation.READ)]);
    await a.addAcls([binding('t', 'User:alice', AclOperation.READ)]);
    expect((await zk.getData('/kafka-acl/Topic/t')).stat.version).toBe(1);
    expect(await zk.getChildren('/kafka-acl-changes')).toHaveLength(1);
  });
});

describe('conditional updates', () => {
  it('re-reads and retries when someone else wrote the znode since it was cached', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk);
    await a.addAcls([binding('t', 'User:alice', AclOperation.READ)]);
    // Another writer, no notification: the cache still holds version 0.
    await zk.setData('/kafka-acl/Topic/t', Buffer.from('{"version":1,"acls":[{"principal":"User:carol","permissionType":"Allow","operation":"Write","host":"*"}]}'), 0);
    await a.addAcls([binding('t', 'User:bob', AclOperation.READ)]);
    expect(await text(zk, '/kafka-acl/Topic/t')).toBe(
      '{"version":1,"acls":[{"principal":"User:carol","permissionType":"Allow","operation":"Write","host":"*"},{"principal":"User:bob","permissionType":"Allow","operation":"Read","host":"*"}]}',
    );
    expect(can(a, 'alice', AclOperation.READ, 't')).toBe(false);
    expect(can(a, 'carol', AclOperation.WRITE, 't')).toBe(true);
  });

  it('gives up after maxUpdateRetries, each class name answering with its own error', async () => {
    const { zk } = await freshZk();
    const legacy = await authorizer(zk, { maxUpdateRetries: 0 });
    const modern = await authorizer(zk, { maxUpdateRetries: 0, className: ACL_AUTHORIZER_CLASS });
    await legacy.addAcls([binding('t', 'User:alice', AclOperation.READ)]);
    await legacy.idle();
    await modern.idle();
    await zk.setData('/kafka-acl/Topic/t', Buffer.from('{"version":1,"acls":[]}'), 0);
    // Both caches are at version 0 now, the znode at 1: with no retry allowed both fail.
    const [viaWrapper] = await legacy.createAcls([binding('t', 'User:bob', AclOperation.READ)]);
    expect(viaWrapper!.error).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, message: 'Failed to create ACL' });
    const [direct] = await modern.createAcls([binding('t', 'User:bob', AclOperation.READ)]);
    expect(direct!.error).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_SERVER_ERROR,
      message: 'java.lang.IllegalStateException: Failed to update ACLs for Topic:LITERAL:t after trying a maximum of 0 times',
    });
  });
});

describe('following changes', () => {
  it('another authorizer sees an added, then a removed ACL within a second', async () => {
    const { zk, connect } = await freshZk();
    const writer = await authorizer(zk);
    const reader = await authorizer(await connect());
    expect(can(reader, 'alice', AclOperation.READ, 'secure')).toBe(false);

    let start = Date.now();
    await writer.addAcls([binding('secure', 'User:alice', AclOperation.READ)]);
    await eventually(() => can(reader, 'alice', AclOperation.READ, 'secure'), 5_000);
    expect(Date.now() - start).toBeLessThan(1_500);

    start = Date.now();
    await writer.removeAcls([{ patternFilter: { resourceType: ResourceType.TOPIC, name: 'secure', patternType: PatternType.LITERAL }, entryFilter: ANY_ENTRY_FILTER }]);
    await eventually(() => !can(reader, 'alice', AclOperation.READ, 'secure'), 5_000);
    expect(Date.now() - start).toBeLessThan(1_500);

    await writer.addAcls([binding('pre', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED })]);
    await eventually(() => can(reader, 'bob', AclOperation.WRITE, 'prefix-me'), 5_000);
    expect(can(reader, 'bob', AclOperation.WRITE, 'other')).toBe(false);
  });

  it('loads every stored ACL at start, ignoring folders of unknown resource types with a warning', async () => {
    const { zk, connect } = await freshZk();
    const writer = await authorizer(zk);
    await writer.addAcls([binding('t', 'User:alice', AclOperation.READ), binding('p', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED })]);
    await zk.create('/kafka-acl/Foo', null);
    const log = new RecordingLog();
    const late = await authorizer(await connect(), { serverLogger: log });
    expect(late.acls(ANY_BINDING_FILTER)).toEqual([binding('t', 'User:alice', AclOperation.READ), binding('p', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED })]);
    expect(log.lines).toContain('WARN Ignoring unknown ResourceType: Foo');
  });
});

describe('authorize', () => {
  it('applies super.users, allow.everyone.if.no.acl.found, wildcard and prefixed ACLs from the cache', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk, { superUsers: 'User:admin; User:ops', allowEveryoneIfNoAclFound: true });
    await a.addAcls([binding('*', 'User:alice', AclOperation.READ), binding('pay', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED })]);
    expect(can(a, 'admin', AclOperation.ALTER, 'anything')).toBe(true);
    expect(can(a, 'ops', AclOperation.ALTER, 'anything')).toBe(true);
    expect(can(a, 'alice', AclOperation.DESCRIBE, 'any-topic')).toBe(true);
    expect(can(a, 'bob', AclOperation.WRITE, 'payments')).toBe(true);
    // The wildcard ACL applies to payments too, so "no ACL found" no longer lets alice write.
    expect(can(a, 'alice', AclOperation.WRITE, 'payments')).toBe(false);
    expect(can(a, 'alice', AclOperation.READ, 'g', ResourceType.GROUP)).toBe(true); // no group ACL at all
    expect(a.authorize(requester('bob', '::ffff:10.0.0.1'), [{ operation: AclOperation.READ, resourceType: ResourceType.TOPIC, resourceName: 'x' }])).toEqual([false]);
  });

  it('logs as SimpleAclAuthorizer does: every check, no request named', async () => {
    const { zk } = await freshZk();
    const log = new RecordingLog();
    const a = await authorizer(zk, { logger: log });
    await a.addAcls([binding('t', 'User:alice', AclOperation.READ, { host: '10.0.0.1' })]);
    a.authorize(requester('alice', '::ffff:10.0.0.1'), [
      { operation: AclOperation.DESCRIBE, resourceType: ResourceType.TOPIC, resourceName: 't', logIfAllowed: false },
      { operation: AclOperation.WRITE, resourceType: ResourceType.TOPIC, resourceName: 't', logIfDenied: false },
    ]);
    expect(log.lines).toEqual([
      'DEBUG operation = Read on resource = Topic:LITERAL:t from host = 10.0.0.1 is Allow based on acl = User:alice has Allow permission for operations: Read from hosts: 10.0.0.1',
      'DEBUG Principal = User:alice is Allowed Operation = Describe from host = 10.0.0.1 on resource = Topic:LITERAL:t',
      'INFO Principal = User:alice is Denied Operation = Write from host = 10.0.0.1 on resource = Topic:LITERAL:t',
    ]);
  });

  it('logs as AclAuthorizer does: the request and reference count, only what the caller asks to log', async () => {
    const { zk } = await freshZk();
    const log = new RecordingLog();
    const a = await authorizer(zk, { logger: log, className: ACL_AUTHORIZER_CLASS });
    a.authorize(requester('alice', '10.0.0.1', 'Produce'), [
      { operation: AclOperation.WRITE, resourceType: ResourceType.TOPIC, resourceName: 't', resourceReferenceCount: 3 },
      { operation: AclOperation.READ, resourceType: ResourceType.TOPIC, resourceName: 't', logIfDenied: false },
    ]);
    expect(log.lines).toEqual([
      'DEBUG No acl found for resource Topic:LITERAL:t, authorized = false',
      'INFO Principal = User:alice is Denied Operation = Write from host = 10.0.0.1 on resource = Topic:LITERAL:t for request = Produce with resourceRefCount = 3',
      'DEBUG No acl found for resource Topic:LITERAL:t, authorized = false',
    ]);
  });
});

describe('createAcls and deleteAcls', () => {
  const unknownType: AclBinding = { pattern: { resourceType: ResourceType.UNKNOWN, name: 'x', patternType: PatternType.LITERAL }, entry: binding('x', 'User:a', AclOperation.READ).entry };
  const badPrincipal = binding('x', 'alice', AclOperation.READ);

  it('SimpleAclAuthorizer: converts each binding with the Scala types (their messages) and writes it on its own', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk, { extendedAclSupport: false });
    const results = await a.createAcls([
      binding('t', 'User:a', AclOperation.READ),
      unknownType,
      badPrincipal,
      binding('t', 'User:b', AclOperation.READ),
      binding('p', 'User:b', AclOperation.READ, { patternType: PatternType.PREFIXED }),
    ]);
    expect(results.map((r) => r.error && { code: r.error.errorCode, message: r.error.apiMessage })).toEqual([
      null,
      { code: ErrorCode.INVALID_REQUEST, message: 'UNKNOWN not a valid resourceType name. The valid names are Topic,Group,Cluster,TransactionalId,DelegationToken' },
      { code: ErrorCode.INVALID_REQUEST, message: 'expected a string in format principalType:principalName but got alice' },
      null,
      { code: ErrorCode.UNSUPPORTED_VERSION, message: 'Adding ACLs on prefixed resource patterns requires inter.broker.protocol.version of 2.0-IV1 or greater' },
    ]);
    // One write and one notification per binding.
    expect((await zk.getData('/kafka-acl/Topic/t')).stat.version).toBe(1);
    expect(await zk.getChildren('/kafka-acl-changes')).toHaveLength(2);
  });

  it('AclAuthorizer: one write per resource; unknown elements and bad principals fail as it reports them', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk, { className: ACL_AUTHORIZER_CLASS });
    const results = await a.createAcls([binding('t', 'User:a', AclOperation.READ), unknownType, binding('t', 'User:b', AclOperation.READ), badPrincipal]);
    expect(results.map((r) => r.error && { code: r.error.errorCode, message: r.error.apiMessage })).toEqual([
      null,
      { code: ErrorCode.INVALID_REQUEST, message: 'Failed to create ACL' },
      null,
      { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: 'java.lang.IllegalArgumentException: expected a string in format principalType:principalName but got alice' },
    ]);
    expect((await zk.getData('/kafka-acl/Topic/t')).stat.version).toBe(0);
    expect(await zk.getChildren('/kafka-acl-changes')).toHaveLength(1);
  });

  const exactFilter = (name: string, principal: string, patternType: PatternType): AclBindingFilter => ({
    patternFilter: { resourceType: ResourceType.TOPIC, name, patternType },
    entryFilter: { principal, host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW },
  });

  it('SimpleAclAuthorizer: filters naming one ACL each are converted (pattern type ANY is refused), others match what is stored', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk);
    await a.addAcls([binding('t', 'User:a', AclOperation.READ), binding('t', 'User:b', AclOperation.READ), binding('u', 'User:a', AclOperation.READ)]);
    const exact = await a.deleteAcls([exactFilter('t', 'User:a', PatternType.LITERAL), exactFilter('t', 'User:a', PatternType.ANY), exactFilter('nothing', 'User:a', PatternType.LITERAL)]);
    expect(exact).toEqual([
      { error: null, deletions: [{ binding: binding('t', 'User:a', AclOperation.READ), error: null }] },
      { error: expect.objectContaining({ errorCode: ErrorCode.INVALID_REQUEST, message: 'patternType must not be ANY' }), deletions: [] },
      { error: null, deletions: [] },
    ]);
    // Two filters matching the same ACL: it is deleted (and reported) once, by the filter Kafka's
    // mutable.HashMap[Int, _] visits first, here the second one.
    const broad = await a.deleteAcls([
      { patternFilter: { resourceType: ResourceType.ANY, name: null, patternType: PatternType.ANY }, entryFilter: { ...ANY_ENTRY_FILTER, principal: 'User:a' } },
      ANY_BINDING_FILTER,
    ]);
    expect(broad[0]!.deletions).toEqual([]);
    expect(broad[1]!.deletions.map((d) => d.binding)).toEqual([binding('u', 'User:a', AclOperation.READ), binding('t', 'User:b', AclOperation.READ)]);
    expect(a.acls(ANY_BINDING_FILTER)).toEqual([]);
    expect(await zk.getChildren('/kafka-acl/Topic')).toEqual([]);
  });

  it('AclAuthorizer: each matched resource updated once, each ACL reported under the first filter matching it', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk, { className: ACL_AUTHORIZER_CLASS });
    await a.createAcls([binding('t', 'User:a', AclOperation.READ), binding('t', 'User:b', AclOperation.READ), binding('t', 'User:c', AclOperation.WRITE)]);
    const results = await a.deleteAcls([
      { patternFilter: { resourceType: ResourceType.TOPIC, name: 't', patternType: PatternType.MATCH }, entryFilter: { ...ANY_ENTRY_FILTER, operation: AclOperation.READ } },
      { patternFilter: { resourceType: ResourceType.TOPIC, name: 't', patternType: PatternType.LITERAL }, entryFilter: { ...ANY_ENTRY_FILTER, principal: 'User:a' } },
    ]);
    expect(results[0]!.deletions.map((d) => d.binding.entry.principal).sort()).toEqual(['User:a', 'User:b']);
    expect(results[1]!.deletions).toEqual([]);
    expect((await zk.getData('/kafka-acl/Topic/t')).stat.version).toBe(1);
    expect(a.acls(ANY_BINDING_FILTER)).toEqual([binding('t', 'User:c', AclOperation.WRITE)]);
  });

  it('acls(filter): MATCH finds what applies to a name, ANY every pattern type of exactly that name', async () => {
    const { zk } = await freshZk();
    const a = await authorizer(zk);
    const acls = [binding('*', 'User:w', AclOperation.READ), binding('ab', 'User:p', AclOperation.READ, { patternType: PatternType.PREFIXED }), binding('abc', 'User:l', AclOperation.READ), binding('abc', 'User:q', AclOperation.READ, { patternType: PatternType.PREFIXED })];
    await a.addAcls(acls);
    const of = (name: string, patternType: PatternType) => a.acls({ patternFilter: { resourceType: ResourceType.TOPIC, name, patternType }, entryFilter: ANY_ENTRY_FILTER }).map((b) => b.entry.principal);
    expect(of('abc', PatternType.MATCH).sort()).toEqual(['User:l', 'User:p', 'User:q', 'User:w']);
    expect(of('abc', PatternType.ANY).sort()).toEqual(['User:l', 'User:q']);
    expect(of('abc', PatternType.LITERAL)).toEqual(['User:l']);
    expect(of('ab', PatternType.PREFIXED)).toEqual(['User:p']);
  });
});
