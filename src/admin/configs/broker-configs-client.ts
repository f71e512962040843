// kafka-configs --bootstrap-server's admin calls, on our own codecs: kafkajs cannot name the
// cluster-default broker entity (an empty resource name), and like the Java AdminClient a broker
// resource must go to that broker, so the bootstrap broker's metadata says where broker N is.

import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis, type DescribeConfigsResourceResult } from '../../protocol/generated';
import { javaHashMapOrder } from '../../common/jvm-order/java-hash-map-order';
import type { HostPort } from '../common/broker-list';
import { brokerAddress, clusterMetadata, withConnection } from '../common/broker-requests';
import { javaApiExceptionString } from '../common/kafka-exceptions';

const CLIENT_ID = 'kafka-configs';
const BROKER = 4;
const DYNAMIC_BROKER_CONFIG = 2;
const DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
const TIMEOUT_MS = 30_000;

/** A broker's error answer, as the Java admin client's ExecutionException prints it. */
export class BrokerConfigsError extends Error {}

function check(errorCode: number, errorMessage: string | null): void {
  if (errorCode !== ErrorCode.NONE) throw new BrokerConfigsError(`java.util.concurrent.ExecutionException: ${javaApiExceptionString(errorName(errorCode), errorMessage)}`);
}

export class BrokerConfigsClient {
  constructor(private readonly bootstrap: readonly HostPort[]) {}

  /** The broker that serves `entityName`: broker N for "N", any (the first bootstrap that answers) for the default. */
  private async target(entityName: string): Promise<HostPort> {
    const metadata = await clusterMetadata(this.bootstrap, CLIENT_ID, TIMEOUT_MS);
    if (entityName !== '') return brokerAddress(metadata, Number(entityName), this.bootstrap);
    const any = metadata.brokers[0];
    if (any === undefined) throw new BrokerConfigsError('the cluster has no brokers');
    return { host: any.host, port: any.port };
  }

  /**
   * ConfigCommand.brokerConfig: the entries whose source is this level's dynamic one, in the order
   * the Java admin client's Config (a HashMap of every entry) lists them.
   */
  async dynamicBrokerConfigs(entityName: string, includeSynonyms: boolean): Promise<DescribeConfigsResourceResult[]> {
    const target = await this.target(entityName);
    const response = await withConnection(target, CLIENT_ID, TIMEOUT_MS, (c) =>
      c.send(Apis.DescribeConfigs, 2, { resources: [{ resourceType: BROKER, resourceName: entityName, configurationKeys: null }], includeSynoyms: includeSynonyms }),
    );
    const result = response.results[0]!;
    check(result.errorCode, result.errorMessage);
    const source = entityName !== '' ? DYNAMIC_BROKER_CONFIG : DYNAMIC_DEFAULT_BROKER_CONFIG;
    return javaHashMapOrder(result.configs, (c) => c.name).filter((c) => c.configSource === source);
  }

  /** AlterConfigs (not incremental: the whole dynamic config of the entity). */
  async alterBrokerConfigs(entityName: string, configs: ReadonlyMap<string, string>): Promise<void> {
    const target = await this.target(entityName);
    const response = await withConnection(target, CLIENT_ID, TIMEOUT_MS, (c) =>
      c.send(Apis.AlterConfigs, 1, {
        resources: [{ resourceType: BROKER, resourceName: entityName, configs: [...configs].map(([name, value]) => ({ name, value })) }],
        validateOnly: false,
      }),
    );
    const result = response.responses[0]!;
    check(result.errorCode, result.errorMessage);
  }
}
