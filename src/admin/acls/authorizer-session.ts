// AclCommand's withAuthorizer: an authorizer configured from --authorizer-properties (key=value
// pairs, a value is required), talking to ZooKeeper itself as Kafka's does: `zookeeper.connect`
// (or `authorizer.zookeeper.url`) and the ZooKeeper timeouts, the ACL folders created, the change
// folders followed, every ACL loaded. Closed (and its ZooKeeper session ended) after use.

import { ZkClient, isZkError, DEFAULT_ZK_SESSION_TIMEOUT_MS } from '../../zk';
import { AclAuthorizer } from '../../security/acl/acl-authorizer';
import { JavaRuntimeError, illegalArgument } from '../../security/acl/acl-errors';

/** CommandLineUtils.parseKeyValueArgs(acceptMissingValue = false) */
export function parseAuthorizerProperties(args: readonly string[]): Map<string, string> {
  const props = new Map<string, string>();
  for (const arg of args) {
    if (arg.length === 0) continue;
    const eq = arg.indexOf('=');
    const key = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    if (value === '') throw illegalArgument(`Missing value for key ${key}`);
    props.set(key, value);
  }
  return props;
}

function intProperty(props: ReadonlyMap<string, string>, name: string): number | undefined {
  const value = props.get(name);
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) {
    throw new JavaRuntimeError('org.apache.kafka.common.config.ConfigException', `Invalid value ${value} for configuration ${name}: Not a number of type INT`);
  }
  return Number(value.trim());
}

export async function withAuthorizer<T>(className: string, propertyArgs: readonly string[], use: (authorizer: AclAuthorizer) => Promise<T>): Promise<T> {
  const props = parseAuthorizerProperties(propertyArgs);
  const zkConnect = props.get('zookeeper.connect');
  if (zkConnect === undefined) {
    throw new JavaRuntimeError('org.apache.kafka.common.config.ConfigException', 'Missing required configuration "zookeeper.connect" which has no default value.');
  }
  const sessionTimeoutMs = intProperty(props, 'authorizer.zookeeper.session.timeout.ms') ?? intProperty(props, 'zookeeper.session.timeout.ms') ?? DEFAULT_ZK_SESSION_TIMEOUT_MS;
  const connectionTimeoutMs = intProperty(props, 'authorizer.zookeeper.connection.timeout.ms') ?? intProperty(props, 'zookeeper.connection.timeout.ms') ?? sessionTimeoutMs;
  let zk: ZkClient;
  try {
    zk = await ZkClient.connect({ connectString: props.get('authorizer.zookeeper.url') ?? zkConnect, sessionTimeoutMs, connectionTimeoutMs, createChroot: false, spinDelayMs: 100 });
  } catch (error) {
    if (isZkError(error, 'CONNECTION_TIMEOUT')) {
      throw new JavaRuntimeError('kafka.zookeeper.ZooKeeperClientTimeoutException', 'Timed out waiting for connection while in state: CONNECTING');
    }
    throw error;
  }
  const authorizer = new AclAuthorizer({ zk, className });
  try {
    await authorizer.start();
    return await use(authorizer);
  } finally {
    await authorizer.close().catch(() => undefined);
    await zk.close().catch(() => undefined);
  }
}
