// Kafka 2.4.1's BrokerApiVersionsCommand: ask a bootstrap server for Metadata, send ApiVersions to
// every broker it lists, and print per broker `host:port (id: N rack: R) -> (...)` with
// NodeApiVersions' text, or `-> ERROR: <exception>` for a broker that could not be asked (the
// tool goes on and ends normally). The Metadata request goes to the bootstrap servers one after
// the other in shuffled order until one answers; if none does, main fails with
// "Request METADATA failed on brokers List(...)". Kafka asks for Metadata twice (once waiting,
// every 50 ms, until the list of brokers is not empty, then again for the list it uses), and so do we.

import { readFileSync } from 'node:fs';
import { bootstrapNodes, resolveHost, type BootstrapNode, type HostResolver } from './bootstrap-servers';
import { brokerMapOrder, javaShuffle, type RandomSource } from './broker-print-order';
import { networkBrokerApiVersionsClient, type BrokerApiVersionsClient } from './broker-api-versions-client';
import { JavaThrowable, runtimeException } from './java-throwable';
import { KAFKA_2_4_1_CLIENT_API_KEYS } from './kafka-2.4.1-client-api-keys';
import { nodeString, type KafkaNode } from './kafka-node';
import { nodeApiVersionsText, type AdvertisedApiVersion } from './node-api-versions';

export interface BrokerApiVersionsOptions {
  bootstrapServer: string;
  /** Read as Kafka does (a missing file fails the tool); its admin-client properties (security settings) are not used. */
  commandConfig?: string;
}

export interface BrokerApiVersionsDeps {
  client: BrokerApiVersionsClient;
  resolve: HostResolver;
  random: RandomSource;
  sleep: (ms: number) => Promise<void>;
}

const defaultDeps: BrokerApiVersionsDeps = {
  client: networkBrokerApiVersionsClient,
  resolve: resolveHost,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

type VersionsOrError = { node: KafkaNode; versions: AdvertisedApiVersion[] } | { node: KafkaNode; error: JavaThrowable };

/** sendAnyNode(METADATA): the first bootstrap node (in the shuffled order) that answers. */
async function findAllBrokers(bootstrap: readonly BootstrapNode[], deps: BrokerApiVersionsDeps): Promise<KafkaNode[]> {
  for (const target of bootstrap) {
    try {
      return javaShuffle(await deps.client.metadataNodes(target), deps.random);
    } catch {
      // Kafka logs this at debug level and tries the next one.
    }
  }
  throw runtimeException(`Request METADATA failed on brokers List(${bootstrap.map((b) => nodeString(b.node)).join(', ')})`);
}

async function awaitBrokers(bootstrap: readonly BootstrapNode[], deps: BrokerApiVersionsDeps): Promise<void> {
  while ((await findAllBrokers(bootstrap, deps)).length === 0) await deps.sleep(50);
}

/** Utils.loadProps(--command-config): Kafka reads the file before anything else, so a missing one ends the tool. */
function readCommandConfig(path: string): void {
  try {
    readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new JavaThrowable('java.nio.file.NoSuchFileException', path);
    if (code === 'EACCES') throw new JavaThrowable('java.nio.file.AccessDeniedException', path);
    throw new JavaThrowable('java.io.IOException', code === 'EISDIR' ? 'Is a directory' : (error as Error).message);
  }
}

export function brokerLine(result: VersionsOrError): string {
  const text = 'versions' in result ? nodeApiVersionsText(result.versions, KAFKA_2_4_1_CLIENT_API_KEYS) : `ERROR: ${result.error.toString()}`;
  return `${nodeString(result.node)} -> ${text}`;
}

export async function runBrokerApiVersionsCommand(opts: BrokerApiVersionsOptions, println: (text: string) => void, overrides: Partial<BrokerApiVersionsDeps> = {}): Promise<void> {
  const deps: BrokerApiVersionsDeps = { ...defaultDeps, ...overrides };
  if (opts.commandConfig !== undefined) readCommandConfig(opts.commandConfig);
  const bootstrap = javaShuffle(await bootstrapNodes(opts.bootstrapServer, deps.resolve), deps.random);
  await awaitBrokers(bootstrap, deps);
  const brokers = await findAllBrokers(bootstrap, deps);
  const results: VersionsOrError[] = [];
  for (const node of brokers) {
    try {
      results.push({ node, versions: await deps.client.apiVersions({ node, address: node.host }) });
    } catch (error) {
      results.push({ node, error: error instanceof JavaThrowable ? error : new JavaThrowable('java.lang.Exception', String(error)) });
    }
  }
  for (const result of brokerMapOrder(results, (r) => r.node)) println(brokerLine(result));
}
