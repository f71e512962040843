// Kafka 2.4.1's LogDirsCommand (bin/kafka-log-dirs --describe) without the process plumbing: its
// option checks, the admin client settings it builds (--command-config, client.id log-dirs-tool),
// the broker and topic lists, and the three lines it prints — the last one JSON in the order the
// JVM collections it passes through iterate (see log-dirs-json.ts).

import { readPropertiesFile } from '../../common/config/properties-file';
import type { HostPort } from '../common/broker-list';
import { missingRequired } from '../common/command-line';
import { JavaException } from './java-exception';
import type { LogDirsClient } from './log-dirs-client';
import { formatLogDirsJson } from './log-dirs-json';

export interface LogDirsOptions {
  bootstrapServer?: string;
  describe?: boolean;
  brokerList?: string;
  topicList?: string;
  commandConfig?: string;
}

/** What the tool's admin client is created with. */
export interface AdminSettings {
  bootstrap: HostPort[];
  clientId: string;
  requestTimeoutMs: number;
}

/** AdminClientConfig's default request.timeout.ms in 2.4.1, which is also every call's deadline. */
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** CommandLineUtils.checkRequiredArgs(parser, options, bootstrapServerOpt, describeOpt): a UsageError for the first missing. */
export function checkLogDirsArgs(opts: LogDirsOptions): void {
  if (opts.bootstrapServer === undefined) throw missingRequired('bootstrap-server');
  if (opts.describe !== true) throw missingRequired('describe');
}

/** Utils.loadProps, failing as java.nio does for a file it cannot open. */
function loadProps(file: string): Record<string, string> {
  try {
    return readPropertiesFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JavaException('java.nio.file.NoSuchFileException', file);
    if (code === 'EACCES') throw new JavaException('java.nio.file.AccessDeniedException', file);
    throw error;
  }
}

const configException = (message: string) => `org.apache.kafka.common.config.ConfigException: ${message}`;

/** ClientUtils.parseAndValidateAddresses: every entry of bootstrap.servers needs host:port. */
function bootstrapAddresses(servers: string): HostPort[] {
  const addresses: HostPort[] = [];
  for (const url of servers.trim().split(/\s*,\s*/).filter((u) => u.length > 0)) {
    const m = /^.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)$/.exec(url);
    if (m === null) {
      throw new JavaException('org.apache.kafka.common.KafkaException', 'Failed to create new KafkaAdminClient', configException(`Invalid url in bootstrap.servers: ${url}`));
    }
    addresses.push({ host: m[1], port: Number(m[2]) });
  }
  if (addresses.length === 0) {
    throw new JavaException('org.apache.kafka.common.KafkaException', 'Failed to create new KafkaAdminClient', configException('No resolvable bootstrap urls given in bootstrap.servers'));
  }
  return addresses;
}

/** Integer.parseInt's accepted input (ASCII digits), or null where it throws NumberFormatException. */
function javaInt(text: string): number | null {
  const n = Number(text);
  return /^[+-]?\d+$/.test(text) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 ? n : null;
}

/** request.timeout.ms as ConfigDef parses an INT (trimmed) with atLeast(0). */
function requestTimeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  const invalid = (shown: string, why: string) => new JavaException('org.apache.kafka.common.config.ConfigException', `Invalid value ${shown} for configuration request.timeout.ms: ${why}`);
  const ms = javaInt(value.trim());
  if (ms === null) throw invalid(value, 'Not a number of type INT');
  if (ms < 0) throw invalid(String(ms), 'Value must be at least 0');
  return ms;
}

/** LogDirsCommand.createAdminClient: --command-config's properties, --bootstrap-server over them, client.id if absent. */
export function adminSettings(opts: LogDirsOptions): AdminSettings {
  const props = opts.commandConfig !== undefined ? loadProps(opts.commandConfig) : {};
  return {
    bootstrap: bootstrapAddresses(opts.bootstrapServer!),
    clientId: props['client.id'] ?? 'log-dirs-tool',
    requestTimeoutMs: requestTimeoutMs(props['request.timeout.ms']),
  };
}

/** Scala's String#toInt (Integer.parseInt), with its NumberFormatException. */
function parseJavaInt(text: string): number {
  const n = javaInt(text);
  if (n === null) throw new JavaException('java.lang.NumberFormatException', `For input string: "${text}"`);
  return n;
}

/** --broker-list "1,2": split on commas, empty entries dropped, no trimming (as 2.4.1). */
export function parseBrokerIds(list: string): number[] {
  return list
    .split(',')
    .filter((s) => s.length > 0)
    .map(parseJavaInt);
}

/** --topic-list "t1,t2" (default ""): the same split; empty means every topic. */
export function parseTopicList(list: string | undefined): string[] {
  return (list ?? '').split(',').filter((s) => s.length > 0);
}

/** LogDirsCommand.describe: prints through `println`; throws JavaException for what 2.4.1 dies with. */
export async function runLogDirsCommand(opts: LogDirsOptions, connect: (settings: AdminSettings) => LogDirsClient, println: (line: string) => void): Promise<void> {
  const client = connect(adminSettings(opts));
  const topics = parseTopicList(opts.topicList);
  const brokerIds = opts.brokerList !== undefined ? parseBrokerIds(opts.brokerList) : await client.brokerIds();
  println('Querying brokers for log directories information');
  const logDirsByBroker = await client.describeLogDirs(brokerIds);
  println(`Received log directory information from brokers ${brokerIds.join(',')}`);
  println(formatLogDirsJson(brokerIds, logDirsByBroker, new Set(topics)));
}
