// DescribeAcls, CreateAcls and DeleteAcls through the real dispatcher, as User:alice over
// PLAINTEXT, with the real ZooKeeper ACL authorizer on a real ensemble (it is both the broker's
// authorizer and the ACL store): SECURITY_DISABLED without one, the cluster Describe/Alter checks
// with Kafka's message, per-binding errors, v0's literal-only view, and what ZooKeeper holds after.

import { ErrorCode } from '../../../src/protocol/errors';
import { Apis } from '../../../src/protocol/generated';
import { createDescribeAclsHandler } from '../../../src/server/apis/29-describe-acls';
import { createCreateAclsHandler } from '../../../src/server/apis/30-create-acls';
import { createDeleteAclsHandler } from '../../../src/server/apis/31-delete-acls';
import { InvalidRequestError } from '../../../src/server/apis/dispatcher';
import { AclAuthorizer } from '../../../src/security/acl/acl-authorizer';
import { ACL_AUTHORIZER_CLASS } from '../../../src/security/acl/authorizer-class-names';
import { AclOperation, AclPermissionType, PatternType, ResourceType } from '../../../src/security/acl/acl-types';
import type { ZkClient } from '../../../src/zk';
import { TestEnsemble } from '../../zk/zk-test-ensemble';
import { dispatch } from './allow-list-authorizer';

const NOT_AUTHORIZED =
  'Request Request(processor=0, connectionId=127.0.0.1:9092-127.0.0.1:50000-0, session=Session(User:alice,/127.0.0.1), ' +
  'listenerName=ListenerName(PLAINTEXT), securityProtocol=PLAINTEXT, buffer=null) is not authorized.';

let ensemble: TestEnsemble;
let chrootCounter = 0;
const authorizers: AclAuthorizer[] = [];

beforeAll(async () => {
  ensemble = await TestEnsemble.start();
}, 90_000);
afterEach(async () => {
  await Promise.all(authorizers.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await ensemble?.stop();
});

async function setup(options: { superUsers?: string; className?: string } = {}): Promise<{ zk: ZkClient; authorizer: AclAuthorizer }> {
  const zk = await ensemble.client({ connectString: `${ensemble.connectString}/apis-${++chrootCounter}` });
  const authorizer = new AclAuthorizer({ zk, ...options });
  await authorizer.start();
  authorizers.push(authorizer);
  return { zk, authorizer };
}

const creation = (name: string, principal: string, operation: AclOperation, extra: { resourceType?: number; patternType?: number; permissionType?: number } = {}) => ({
  resourceType: extra.resourceType ?? ResourceType.TOPIC,
  resourceName: name,
  resourcePatternType: extra.patternType ?? PatternType.LITERAL,
  principal,
  host: '*',
  operation,
  permissionType: extra.permissionType ?? AclPermissionType.ALLOW,
});
const describeAll = { resourceType: ResourceType.ANY, resourceNameFilter: null, resourcePatternType: PatternType.ANY, principalFilter: null, hostFilter: null, operation: AclOperation.ANY, permissionType: AclPermissionType.ANY };
const deleteFilter = (name: string | null, patternType: number, principal: string | null = null) => ({
  resourceTypeFilter: ResourceType.TOPIC,
  resourceNameFilter: name,
  patternTypeFilter: patternType,
  principalFilter: principal,
  hostFilter: null,
  operation: AclOperation.ANY,
  permissionType: AclPermissionType.ANY,
});

describe('without an authorizer', () => {
  it("answers SECURITY_DISABLED with Kafka's messages", async () => {
    const describe = await dispatch(createDescribeAclsHandler(null), Apis.DescribeAcls, 1, describeAll, null);
    expect(describe.body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.SECURITY_DISABLED, errorMessage: 'No Authorizer is configured on the broker', resources: [] });
    const create = await dispatch(createCreateAclsHandler(null), Apis.CreateAcls, 0, { creations: [creation('t', 'User:a', AclOperation.READ)] }, null);
    expect(create.body!.results).toEqual([{ errorCode: ErrorCode.SECURITY_DISABLED, errorMessage: 'No Authorizer is configured on the broker.' }]);
    const del = await dispatch(createDeleteAclsHandler(null), Apis.DeleteAcls, 1, { filters: [deleteFilter('t', PatternType.LITERAL)] }, null);
    expect(del.body!.filterResults).toEqual([{ errorCode: ErrorCode.SECURITY_DISABLED, errorMessage: 'No Authorizer is configured on the broker.', matchingAcls: [] }]);
  });
});

describe('cluster authorization', () => {
  it('requires Describe on the cluster for DescribeAcls and Alter for CreateAcls and DeleteAcls', async () => {
    const { authorizer } = await setup();
    const describe = await dispatch(createDescribeAclsHandler(authorizer), Apis.DescribeAcls, 1, describeAll, authorizer);
    expect(describe.body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: NOT_AUTHORIZED, resources: [] });
    const create = await dispatch(createCreateAclsHandler(authorizer), Apis.CreateAcls, 1, { creations: [creation('t', 'User:a', AclOperation.READ), creation('u', 'User:a', AclOperation.READ)] }, authorizer);
    expect(create.body!.results).toEqual([1, 2].map(() => ({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: NOT_AUTHORIZED })));
    const del = await dispatch(createDeleteAclsHandler(authorizer), Apis.DeleteAcls, 1, { filters: [deleteFilter(null, PatternType.ANY)] }, authorizer);
    expect(del.body!.filterResults).toEqual([{ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: NOT_AUTHORIZED, matchingAcls: [] }]);
  });

  it('an ACL granting Alter on the cluster lets alice manage ACLs (and implies Describe)', async () => {
    const { authorizer } = await setup();
    await authorizer.addAcls([{ pattern: { resourceType: ResourceType.CLUSTER, name: 'kafka-cluster', patternType: PatternType.LITERAL }, entry: { principal: 'User:alice', host: '127.0.0.1', operation: AclOperation.ALTER, permissionType: AclPermissionType.ALLOW } }]);
    const create = await dispatch(createCreateAclsHandler(authorizer), Apis.CreateAcls, 1, { creations: [creation('t', 'User:bob', AclOperation.READ)] }, authorizer);
    expect(create.body!.results).toEqual([{ errorCode: ErrorCode.NONE, errorMessage: null }]);
    const describe = await dispatch(createDescribeAclsHandler(authorizer), Apis.DescribeAcls, 1, { ...describeAll, resourceType: ResourceType.TOPIC }, authorizer);
    expect(describe.body!.errorCode).toBe(ErrorCode.NONE);
    expect(describe.body!.resources).toEqual([{ type: ResourceType.TOPIC, name: 't', patternType: PatternType.LITERAL, acls: [{ principal: 'User:bob', host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW }] }]);
  });
});

describe('as a super user', () => {
  it('CreateAcls: literal and prefixed bindings stored; the cluster name, empty names and unknown types refused per binding', async () => {
    const { zk, authorizer } = await setup({ superUsers: 'User:alice' });
    const creations = [
      creation('t', 'User:bob', AclOperation.READ),
      creation('pre-', 'User:bob', AclOperation.WRITE, { patternType: PatternType.PREFIXED }),
      creation('other-cluster', 'User:bob', AclOperation.ALTER, { resourceType: ResourceType.CLUSTER }),
      creation('', 'User:bob', AclOperation.READ),
      creation('x', 'User:bob', AclOperation.READ, { resourceType: 99 }),
      creation('t', 'User:bob', AclOperation.READ),
    ];
    const { body } = await dispatch(createCreateAclsHandler(authorizer), Apis.CreateAcls, 1, { creations }, authorizer);
    expect(body!.results).toEqual([
      { errorCode: ErrorCode.NONE, errorMessage: null },
      { errorCode: ErrorCode.NONE, errorMessage: null },
      { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'The only valid name for the CLUSTER resource is kafka-cluster' },
      { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Invalid empty resource name' },
      { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'UNKNOWN not a valid resourceType name. The valid names are Topic,Group,Cluster,TransactionalId,DelegationToken' },
      { errorCode: ErrorCode.NONE, errorMessage: null },
    ]);
    expect((await zk.getData('/kafka-acl/Topic/t')).data!.toString()).toBe('{"version":1,"acls":[{"principal":"User:bob","permissionType":"Allow","operation":"Read","host":"*"}]}');
    expect(await zk.exists('/kafka-acl-extended/prefixed/Topic/pre-')).not.toBeNull();
  });

  it('DescribeAcls: v0 sees literal ACLs only; v1 filters by pattern type, MATCH included', async () => {
    const { authorizer } = await setup({ superUsers: 'User:alice' });
    await dispatch(
      createCreateAclsHandler(authorizer),
      Apis.CreateAcls,
      1,
      { creations: [creation('payments', 'User:bob', AclOperation.READ), creation('pay', 'User:carol', AclOperation.READ, { patternType: PatternType.PREFIXED }), creation('*', 'User:dan', AclOperation.DESCRIBE)] },
      authorizer,
    );
    const v0 = await dispatch(createDescribeAclsHandler(authorizer), Apis.DescribeAcls, 0, { ...describeAll, resourcePatternType: PatternType.LITERAL }, authorizer);
    expect(v0.body!.resources.map((r) => r.name)).toEqual(['payments', '*']);
    const match = await dispatch(createDescribeAclsHandler(authorizer), Apis.DescribeAcls, 1, { ...describeAll, resourceType: ResourceType.TOPIC, resourceNameFilter: 'payments', resourcePatternType: PatternType.MATCH }, authorizer);
    expect(match.body!.resources.map((r) => `${r.name}/${r.patternType}/${r.acls[0]!.principal}`)).toEqual(['payments/3/User:bob', '*/3/User:dan', 'pay/4/User:carol']);
    const unknown = await dispatch(createDescribeAclsHandler(authorizer), Apis.DescribeAcls, 1, { ...describeAll, resourceType: 42 }, authorizer);
    expect(unknown.body).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, resources: [] });
  });

  it('DeleteAcls: per-filter results with the deleted bindings; v0 filters delete literal ACLs only', async () => {
    const { zk, authorizer } = await setup({ superUsers: 'User:alice', className: ACL_AUTHORIZER_CLASS });
    await dispatch(
      createCreateAclsHandler(authorizer),
      Apis.CreateAcls,
      1,
      { creations: [creation('t', 'User:bob', AclOperation.READ), creation('t', 'User:carol', AclOperation.READ, { patternType: PatternType.PREFIXED })] },
      authorizer,
    );
    const v0 = await dispatch(createDeleteAclsHandler(authorizer), Apis.DeleteAcls, 0, { filters: [deleteFilter('t', PatternType.LITERAL)] }, authorizer);
    expect(v0.body!.filterResults).toEqual([
      {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        matchingAcls: [{ errorCode: 0, errorMessage: null, resourceType: ResourceType.TOPIC, resourceName: 't', patternType: PatternType.LITERAL, principal: 'User:bob', host: '*', operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW }],
      },
    ]);
    expect(await zk.exists('/kafka-acl/Topic/t')).toBeNull();
    expect(await zk.exists('/kafka-acl-extended/prefixed/Topic/t')).not.toBeNull();
    const v1 = await dispatch(createDeleteAclsHandler(authorizer), Apis.DeleteAcls, 1, { filters: [deleteFilter('nothing', PatternType.ANY), deleteFilter('t', PatternType.ANY, 'User:carol')] }, authorizer);
    expect(v1.body!.filterResults.map((r) => r.matchingAcls.map((m) => `${m.resourceName}/${m.patternType}/${m.principal}`))).toEqual([[], ['t/4/User:carol']]);
    expect(await zk.exists('/kafka-acl-extended/prefixed/Topic/t')).toBeNull();
  });

  it('closes the connection on a binding Kafka cannot parse (operation ANY)', async () => {
    const { authorizer } = await setup({ superUsers: 'User:alice' });
    await expect(dispatch(createCreateAclsHandler(authorizer), Apis.CreateAcls, 1, { creations: [creation('t', 'User:bob', AclOperation.ANY)] }, authorizer)).rejects.toThrow(InvalidRequestError);
    expect(authorizer.acls({ patternFilter: { resourceType: ResourceType.ANY, name: null, patternType: PatternType.ANY }, entryFilter: { principal: null, host: null, operation: AclOperation.ANY, permissionType: AclPermissionType.ANY } })).toEqual([]);
  });
});
