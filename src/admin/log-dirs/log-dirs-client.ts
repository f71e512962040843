// What LogDirsCommand asks of the Java AdminClient, on our own codecs: describeCluster's broker
// ids, and describeLogDirs — one DescribeLogDirs v1 with topics null (every partition) to each
// broker. Like the admin client, a call waits (re-reading metadata) until the brokers it needs are
// known, and fails with "Timed out waiting for a node assignment." at request.timeout.ms.

import { javaHashOrder } from '../../common/jvm-order/jvm-collection-order';
import { Apis, type DescribeLogDirsResult, type MetadataResponse } from '../../protocol/generated';
import type { HostPort } from '../common/broker-list';
import { brokerAddress, clusterMetadata, withConnection } from '../common/broker-requests';
import { executionException, nodeAssignmentTimeout } from './java-exception';

export interface LogDirsClient {
  /** describeCluster().nodes(): the ids in the order of the HashMap the Java client keeps them in. */
  brokerIds(): Promise<number[]>;
  /** Each broker's log dirs as its DescribeLogDirs answer lists them. */
  describeLogDirs(brokerIds: readonly number[]): Promise<Map<number, DescribeLogDirsResult[]>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NetworkLogDirsClient implements LogDirsClient {
  constructor(
    private readonly bootstrap: readonly HostPort[],
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Metadata from the bootstrap brokers once it satisfies `ready`, retried until the deadline. */
  private async metadataUntil(ready: (m: MetadataResponse) => boolean): Promise<MetadataResponse> {
    const deadline = Date.now() + this.requestTimeoutMs;
    for (let backoffMs = 100; ; backoffMs = Math.min(backoffMs * 2, 1_000)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw nodeAssignmentTimeout();
      try {
        const metadata = await clusterMetadata(this.bootstrap, this.clientId, remaining);
        if (ready(metadata)) return metadata;
      } catch {
        // Unreachable bootstrap brokers: the Java client keeps trying until the call times out.
      }
      await sleep(Math.min(backoffMs, Math.max(deadline - Date.now(), 0)));
    }
  }

  async brokerIds(): Promise<number[]> {
    const metadata = await this.metadataUntil(() => true);
    // MetadataResponse's brokers become a HashMap<Integer, Node> (Collectors.toMap).
    return javaHashOrder(metadata.brokers, (b) => b.nodeId).map((b) => b.nodeId);
  }

  async describeLogDirs(brokerIds: readonly number[]): Promise<Map<number, DescribeLogDirsResult[]>> {
    const wanted = [...new Set(brokerIds)];
    const metadata = await this.metadataUntil((m) => wanted.every((id) => m.brokers.some((b) => b.nodeId === id)));
    const answers = await Promise.all(
      wanted.map(async (id) => {
        const response = await withConnection(brokerAddress(metadata, id, this.bootstrap), this.clientId, this.requestTimeoutMs, (c) =>
          c.send(Apis.DescribeLogDirs, 1, { topics: null }),
        );
        // An answer with no dirs at all is how a broker refuses an unauthorized client.
        if (response.results.length === 0) throw executionException('ClusterAuthorizationException', 'Cluster authorization failed.');
        return [id, response.results] as const;
      }),
    );
    return new Map(answers);
  }
}
