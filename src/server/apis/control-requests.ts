// Shared rule of the controller-to-broker requests (LeaderAndIsr, StopReplica, UpdateMetadata):
// KIP-380 fences requests addressed to an earlier incarnation of this broker.

/** The broker epoch a controller sends when it does not know it (old request versions). */
export const UNKNOWN_BROKER_EPOCH = -1n;

/** A request carrying an older broker epoch than ours was meant for a previous registration. */
export function isBrokerEpochStale(requestBrokerEpoch: bigint, currentBrokerEpoch: bigint): boolean {
  return requestBrokerEpoch !== UNKNOWN_BROKER_EPOCH && requestBrokerEpoch < currentBrokerEpoch;
}
