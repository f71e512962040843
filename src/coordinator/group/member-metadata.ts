// One member of a group (Kafka's MemberMetadata): who it is, the protocols it supports in its
// order of preference, its assignment, and the JoinGroup / SyncGroup answers it is waiting for.

import type { JoinGroupResult, SyncGroupResult } from './group-results';

export interface Protocol {
  name: string;
  metadata: Buffer;
}

export type JoinCallback = (result: JoinGroupResult) => void;
export type SyncCallback = (result: SyncGroupResult) => void;

export class MemberMetadata {
  assignment: Buffer = Buffer.alloc(0);
  awaitingJoinCallback: JoinCallback | null = null;
  awaitingSyncCallback: SyncCallback | null = null;
  latestHeartbeat = -1;
  /** Joined in the current rebalance and never completed one: its JoinGroup may wait 5 minutes. */
  isNew = false;
  isLeaving = false;

  constructor(
    public memberId: string,
    readonly groupId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public supportedProtocols: Protocol[],
  ) {}

  get isStaticMember(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoinCallback !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSyncCallback !== null;
  }

  /** The member's metadata for `protocol`; it must be one the member supports. */
  metadata(protocol: string): Buffer {
    const found = this.supportedProtocols.find((p) => p.name === protocol);
    if (found === undefined) throw new Error(`Member ${this.memberId} does not support protocol ${protocol}`);
    return found.metadata;
  }

  /** Whether a (re)joining member sent exactly the protocols it joined with before. */
  matches(protocols: readonly Protocol[]): boolean {
    if (protocols.length !== this.supportedProtocols.length) return false;
    return protocols.every((p, i) => p.name === this.supportedProtocols[i].name && p.metadata.equals(this.supportedProtocols[i].metadata));
  }

  /** The member's most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.supportedProtocols.find((p) => candidates.has(p.name));
    if (choice === undefined) throw new Error(`Member ${this.memberId} does not support any of the candidate protocols`);
    return choice.name;
  }

  /**
   * Whether its session is still alive at `deadlineMs`. A member waiting in JoinGroup is kept unless
   * it is new and has waited past the new-member join timeout; one waiting in SyncGroup is kept.
   */
  shouldKeepAlive(deadlineMs: number, newMemberJoinTimeoutMs: number): boolean {
    if (this.isAwaitingJoin) return !this.isNew || this.latestHeartbeat + newMemberJoinTimeoutMs > deadlineMs;
    return this.isAwaitingSync || this.latestHeartbeat + this.sessionTimeoutMs > deadlineMs;
  }
}
