// What the Java AdminClient's electLeaders does, on our own codecs (kafkajs has no ElectLeaders):
// Metadata from a bootstrap broker names the controller, ElectLeaders v2 goes to it, and the
// answer becomes one entry per partition, null for success or the error the broker sent. When
// the controller moved meanwhile (NOT_CONTROLLER), the request is retried against the new one.

import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis, type ElectLeadersResponse } from '../../protocol/generated';
import { hostPortString, type HostPort } from '../common/broker-list';
import { brokerAddress, clusterMetadata, withConnection } from '../common/broker-requests';
import type { TopicPartition } from '../../common/topic-partition';

export interface PartitionElectionError {
  errorCode: number;
  errorName: string;
  errorMessage: string | null;
}

export interface ElectionOutcome {
  tp: TopicPartition;
  /** null: the election succeeded. */
  error: PartitionElectionError | null;
}

export class ElectLeadersError extends Error {}

const ATTEMPTS = 5;
const CLIENT_ID = 'leader-election';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The controller's address, asked of the first bootstrap broker that answers. */
async function findController(bootstrap: readonly HostPort[], timeoutMs: number): Promise<HostPort> {
  const metadata = await clusterMetadata(bootstrap, CLIENT_ID, timeoutMs);
  if (metadata.controllerId < 0) throw new ElectLeadersError(`${bootstrap.map(hostPortString).join(',')} knows no controller`);
  return brokerAddress(metadata, metadata.controllerId, bootstrap);
}

function outcomes(response: ElectLeadersResponse): ElectionOutcome[] {
  return response.replicaElectionResults.flatMap((t) =>
    t.partitionResult.map((p) => ({
      tp: { topic: t.topic, partition: p.partitionId },
      error: p.errorCode === ErrorCode.NONE ? null : { errorCode: p.errorCode, errorName: errorName(p.errorCode), errorMessage: p.errorMessage },
    })),
  );
}

/**
 * Elects leaders of `partitions` (null: every partition; the answer then omits the ones that
 * needed no election, as the broker does). `electionType` 0 = PREFERRED, 1 = UNCLEAN.
 */
export async function electLeaders(bootstrap: readonly HostPort[], electionType: number, partitions: readonly TopicPartition[] | null, timeoutMs = 30_000): Promise<ElectionOutcome[]> {
  const topicPartitions =
    partitions === null
      ? null
      : [...new Set(partitions.map((tp) => tp.topic))].map((topic) => ({ topic, partitionId: partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition) }));
  for (let attempt = 1; ; attempt++) {
    const controller = await findController(bootstrap, timeoutMs);
    const response = await withConnection(controller, CLIENT_ID, timeoutMs, (c) => c.send(Apis.ElectLeaders, 2, { electionType, topicPartitions, timeoutMs }));
    if (response.errorCode !== ErrorCode.NONE) throw new ElectLeadersError(errorName(response.errorCode));
    const results = outcomes(response);
    const controllerMoved = results.length > 0 && results.every((r) => r.error?.errorCode === ErrorCode.NOT_CONTROLLER);
    if (!controllerMoved || attempt >= ATTEMPTS) return results;
    await sleep(200 * attempt);
  }
}
