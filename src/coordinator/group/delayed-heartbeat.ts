// A member's session as a delayed operation (Kafka's DelayedHeartbeat): it expires at the member's
// deadline unless a heartbeat (or any sign of life) completes it first and schedules the next one.
// Pending members (given an id with MEMBER_ID_REQUIRED) expire the same way if they never rejoin.

import { DelayedOperation } from '../../common/purgatory';
import type { GroupMetadata } from './group-metadata';

export interface HeartbeatCompletion {
  /** Whether the session at this deadline is still fine (a newer heartbeat came, or the member left). */
  canCompleteHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, deadlineMs: number): boolean;
  /** The deadline passed: remove the member (or pending member) and rebalance if needed. */
  onExpireHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, deadlineMs: number): void;
}

export const memberKey = (groupId: string, memberId: string) => `member\u0000${groupId}\u0000${memberId}`;

export class DelayedHeartbeat extends DelayedOperation {
  constructor(
    private readonly coordinator: HeartbeatCompletion,
    private readonly group: GroupMetadata,
    private readonly memberId: string,
    private readonly isPending: boolean,
    private readonly deadlineMs: number,
    timeoutMs: number,
  ) {
    super(timeoutMs);
  }

  tryComplete(): boolean {
    return this.coordinator.canCompleteHeartbeat(this.group, this.memberId, this.isPending, this.deadlineMs) ? this.forceComplete() : false;
  }

  protected override onExpiration(): void {
    this.coordinator.onExpireHeartbeat(this.group, this.memberId, this.isPending, this.deadlineMs);
  }

  protected onComplete(): void {}
}
