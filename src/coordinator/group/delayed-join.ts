// The JoinGroup phase of a rebalance as delayed operations (Kafka's DelayedJoin and
// InitialDelayedJoin). A DelayedJoin completes as soon as every known member has rejoined, or when
// the group's rebalance timeout expires (members that did not rejoin are then dropped). A new,
// empty group first waits group.initial.rebalance.delay.ms, and again for as long as members keep
// arriving, up to its rebalance timeout, so a starting fleet of consumers lands in one generation.

import { DelayedOperation, type DelayedOperationPurgatory } from '../../common/purgatory';
import type { GroupMetadata } from './group-metadata';

/** What the delayed joins need from the coordinator. */
export interface JoinCompletion {
  /** Whether the join phase can end now (everyone rejoined). */
  canCompleteJoin(group: GroupMetadata): boolean;
  /** Ends the join phase: drop the missing, start the next generation, answer every JoinGroup. */
  onCompleteJoin(group: GroupMetadata): void;
}

export const groupKey = (groupId: string) => `group\u0000${groupId}`;

export class DelayedJoin extends DelayedOperation {
  constructor(
    protected readonly coordinator: JoinCompletion,
    protected readonly group: GroupMetadata,
    rebalanceTimeoutMs: number,
  ) {
    super(rebalanceTimeoutMs);
  }

  tryComplete(): boolean {
    return this.coordinator.canCompleteJoin(this.group) ? this.forceComplete() : false;
  }

  protected onComplete(): void {
    this.coordinator.onCompleteJoin(this.group);
  }
}

export class InitialDelayedJoin extends DelayedOperation {
  constructor(
    private readonly coordinator: JoinCompletion,
    private readonly purgatory: DelayedOperationPurgatory<string, DelayedOperation>,
    private readonly group: GroupMetadata,
    private readonly configuredRebalanceDelayMs: number,
    delayMs: number,
    private readonly remainingMs: number,
  ) {
    super(delayMs);
  }

  /** Only time ends the initial delay. */
  tryComplete(): boolean {
    return false;
  }

  protected onComplete(): void {
    if (this.group.newMemberAdded && this.remainingMs !== 0) {
      this.group.newMemberAdded = false;
      const delay = Math.min(this.configuredRebalanceDelayMs, this.remainingMs);
      const remaining = Math.max(this.remainingMs - this.delayMs, 0);
      const next = new InitialDelayedJoin(this.coordinator, this.purgatory, this.group, this.configuredRebalanceDelayMs, delay, remaining);
      this.purgatory.tryCompleteElseWatch(next, [groupKey(this.group.groupId)]);
    } else {
      this.coordinator.onCompleteJoin(this.group);
    }
  }
}
