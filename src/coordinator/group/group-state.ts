// A consumer group's states and the moves between them (Kafka 2.4's GroupState). Each state lists
// the states it may be entered from; anything else is a coordinator bug, so it throws.

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

const VALID_PREVIOUS_STATES: Record<GroupState, readonly GroupState[]> = {
  // No members: a new group, or every member left; offsets may remain.
  Empty: ['PreparingRebalance'],
  // Collecting JoinGroups for the next generation.
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  // Waiting for the leader's SyncGroup with the assignment.
  CompletingRebalance: ['PreparingRebalance'],
  // Every member has its assignment; heartbeats keep it alive.
  Stable: ['CompletingRebalance'],
  // Removed (deleted, expired, or its offsets partition moved away).
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

export function canTransition(from: GroupState, to: GroupState): boolean {
  return VALID_PREVIOUS_STATES[to].includes(from);
}
