// zookeeper.connect: "host1:2181,host2:2181/optional/chroot". Kafka (KafkaServer.initZkClient)
// treats everything from the first '/' as the chroot and creates it before connecting under it;
// the host list is ZooKeeper's ConnectStringParser format (port defaults to 2181).

import { ConfigError } from './config-error';

export interface ZkConnect {
  /** The whole string, as given (what ZooKeeper clients accept). */
  connectString: string;
  /** The host list without the chroot. */
  hosts: string;
  servers: { host: string; port: number }[];
  /** "/kafka" for "h:2181/kafka"; null without a chroot (a lone "/" is no chroot, as in ZooKeeper). */
  chroot: string | null;
}

const PROPERTY = 'zookeeper.connect';

/** ZooKeeper's PathUtils.validatePath rules for the chroot. */
function chrootProblem(path: string): string | undefined {
  if (path.endsWith('/')) return 'Path must not end with / character';
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '')) return 'empty node name specified';
  if (segments.some((s) => s === '.' || s === '..')) return 'relative paths not allowed';
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'invalid character in path';
  return undefined;
}

export function parseZkConnect(value: string): ZkConnect {
  const slash = value.indexOf('/');
  const hosts = slash >= 0 ? value.slice(0, slash) : value;
  const rawChroot = slash >= 0 ? value.slice(slash) : '';
  if (slash === 0 || hosts.trim() === '') throw ConfigError.invalid(PROPERTY, value, 'no ZooKeeper host given');
  let chroot: string | null = null;
  if (rawChroot.length > 1) {
    const problem = chrootProblem(rawChroot);
    if (problem) throw ConfigError.invalid(PROPERTY, value, `invalid chroot ${rawChroot}: ${problem}`);
    chroot = rawChroot;
  }
  const servers = hosts.split(',').map((entry) => {
    const hostPort = entry.trim();
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
    let host: string;
    let port = 2181;
    if (bracketed) {
      host = bracketed[1]!;
      if (bracketed[2] !== undefined) port = Number(bracketed[2]);
    } else {
      const colon = hostPort.lastIndexOf(':');
      host = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
      if (colon >= 0) {
        const portText = hostPort.slice(colon + 1);
        if (!/^\d+$/.test(portText)) throw ConfigError.invalid(PROPERTY, value, `bad port in ${hostPort}`);
        port = Number(portText);
      }
    }
    if (host === '' || port < 1 || port > 65535) throw ConfigError.invalid(PROPERTY, value, `bad host:port ${hostPort}`);
    return { host, port };
  });
  return { connectString: value, hosts, servers, chroot };
}
