// One group's state on its coordinator (Kafka's GroupMetadata): the state machine, the members
// (dynamic and static, KIP-345), members still to confirm their id (KIP-394), the protocol chosen
// for the generation, and the committed offsets with the commits still being written and the
// transactional commits waiting for their transaction's end.

import { randomUUID } from 'node:crypto';
import { decodeConsumerSubscription } from './consumer-protocol';
import { canTransition, type GroupState } from './group-state';
import { joinError, type JoinGroupResult, type JoinGroupResultMember, type SyncGroupResult } from './group-results';
import type { JoinCallback, MemberMetadata, Protocol } from './member-metadata';
import type { OffsetAndMetadata } from './offset-and-metadata';
import { isOlderThan, type CommitRecord } from './commit-record';
import { PendingTxnOffsets } from './pending-txn-offsets';
import { TopicPartitionMap } from './topic-partition-map';
import type { TopicPartition } from '../../common/topic-partition';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export type { CommitRecord } from './commit-record';

export interface MemberSummary {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupSummary {
  state: string;
  protocolType: string;
  protocol: string;
  members: MemberSummary[];
}

const EMPTY = Buffer.alloc(0);

export class GroupMetadata {
  private stateValue: GroupState;
  currentStateTimestamp: number | null;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** In a rebalance of generation 0, a member joined during the initial delay: delay once more. */
  newMemberAdded = false;
  /** The topics the members subscribe to (consumer protocol), null when unknown. */
  subscribedTopics: Set<string> | null = null;

  private readonly members = new Map<string, MemberMetadata>();
  /** group.instance.id → member id. */
  private readonly staticMembers = new Map<string, string>();
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined with them yet. */
  private readonly pendingMembers = new Set<string>();
  private numMembersAwaitingJoin = 0;
  /** How many members support each protocol. */
  private readonly supportedProtocols = new Map<string, number>();

  readonly offsets = new TopicPartitionMap<CommitRecord>();
  /** Commits appended to the log but not yet acknowledged by it. */
  private readonly pendingOffsetCommits = new TopicPartitionMap<OffsetAndMetadata>();
  /** TxnOffsetCommits whose transaction has not ended, per producer id. */
  private readonly pendingTxnOffsets = new PendingTxnOffsets();
  /** Kafka warns when a group gets both kinds of commit: their interleaving surprises. */
  private receivedConsumerOffsetCommits = false;
  private receivedTransactionalOffsetCommits = false;

  constructor(
    readonly groupId: string,
    initialState: GroupState,
    now: number,
  ) {
    this.stateValue = initialState;
    this.currentStateTimestamp = now;
  }

  get state(): GroupState {
    return this.stateValue;
  }

  is(state: GroupState): boolean {
    return this.stateValue === state;
  }

  transitionTo(state: GroupState, now: number): void {
    if (!canTransition(this.stateValue, state)) {
      throw new Error(`Group ${this.groupId} should be in one of the states that lead to ${state} before moving there, but is in ${this.stateValue}`);
    }
    this.stateValue = state;
    this.currentStateTimestamp = now;
  }

  get canRebalance(): boolean {
    return canTransition(this.stateValue, 'PreparingRebalance');
  }

  get isConsumerGroup(): boolean {
    return this.protocolType === CONSUMER_PROTOCOL_TYPE;
  }

  // ---- members

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): MemberMetadata {
    const member = this.members.get(memberId);
    if (member === undefined) throw new Error(`Group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  allMembers(): MemberMetadata[] {
    return [...this.members.values()];
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: MemberMetadata, callback: JoinCallback | null = null): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    this.members.set(member.memberId, member);
    for (const p of member.supportedProtocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) + 1);
    member.awaitingJoinCallback = callback;
    if (member.isAwaitingJoin) this.numMembersAwaitingJoin++;
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    if (member !== undefined) {
      this.members.delete(memberId);
      for (const p of member.supportedProtocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 1) - 1);
      if (member.isAwaitingJoin) this.numMembersAwaitingJoin--;
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
  }

  /** A rejoining member's new protocols and the JoinGroup answer it now waits for. */
  updateMember(member: MemberMetadata, protocols: Protocol[], callback: JoinCallback | null): void {
    for (const p of member.supportedProtocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 1) - 1);
    for (const p of protocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) + 1);
    member.supportedProtocols = protocols;
    if (callback !== null && !member.isAwaitingJoin) this.numMembersAwaitingJoin++;
    else if (callback === null && member.isAwaitingJoin) this.numMembersAwaitingJoin--;
    member.awaitingJoinCallback = callback;
  }

  generateMemberId(clientId: string, groupInstanceId: string | null): string {
    return `${groupInstanceId ?? clientId}-${randomUUID()}`;
  }

  addPendingMember(memberId: string): void {
    this.pendingMembers.add(memberId);
  }

  removePendingMember(memberId: string): void {
    this.pendingMembers.delete(memberId);
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingMembers.has(memberId);
  }

  hasStaticMember(groupInstanceId: string | null): boolean {
    return groupInstanceId !== null && this.staticMembers.has(groupInstanceId);
  }

  getStaticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  addStaticMember(groupInstanceId: string | null, memberId: string): void {
    if (groupInstanceId !== null) this.staticMembers.set(groupInstanceId, memberId);
  }

  removeStaticMember(groupInstanceId: string | null): void {
    if (groupInstanceId !== null) this.staticMembers.delete(groupInstanceId);
  }

  /** A known group.instance.id presented with another member id: a duplicate instance, fenced. */
  isStaticMemberFenced(memberId: string, groupInstanceId: string | null): boolean {
    return groupInstanceId !== null && this.staticMembers.has(groupInstanceId) && this.staticMembers.get(groupInstanceId) !== memberId;
  }

  /**
   * A static member rejoined with no member id: it takes over its old entry under a new id, and
   * whatever the old id was waiting for is answered FENCED_INSTANCE_ID.
   */
  replaceGroupInstance(oldMemberId: string, newMemberId: string, groupInstanceId: string, fencedErrorCode: number): MemberMetadata {
    const member = this.get(oldMemberId);
    this.members.delete(oldMemberId);
    this.maybeInvokeJoinCallback(member, joinError(oldMemberId, fencedErrorCode));
    this.maybeInvokeSyncCallback(member, { assignment: EMPTY, errorCode: fencedErrorCode });
    member.memberId = newMemberId;
    this.members.set(newMemberId, member);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    this.addStaticMember(groupInstanceId, newMemberId);
    return member;
  }

  // ---- rebalance

  /** Largest rebalance timeout of the members: how long a rebalance waits for them to rejoin. */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  get hasAllMembersJoined(): boolean {
    return this.members.size === this.numMembersAwaitingJoin && this.pendingMembers.size === 0;
  }

  notYetRejoinedMembers(): MemberMetadata[] {
    return this.allMembers().filter((m) => !m.isAwaitingJoin);
  }

  /** A new group accepts any non-empty protocol list; otherwise the type must match and one protocol be shared by all. */
  supportsProtocols(memberProtocolType: string, memberProtocols: readonly Protocol[]): boolean {
    if (this.is('Empty')) return memberProtocolType !== '' && memberProtocols.length > 0;
    return this.protocolType === memberProtocolType && memberProtocols.some((p) => this.supportedProtocols.get(p.name) === this.members.size);
  }

  /** Each member votes for its preferred protocol among those all members support; most votes wins. */
  selectProtocol(): string {
    const candidates = new Set([...this.supportedProtocols].filter(([, count]) => count === this.members.size).map(([name]) => name));
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [name, count] of votes) if (best === null || count > votes.get(best)!) best = name;
    if (best === null) throw new Error(`Group ${this.groupId} has no members to select a protocol`);
    return best;
  }

  /** If the leader did not rejoin, any member that did becomes leader; false when none rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.get(this.leaderId).isAwaitingJoin) return true;
    const joined = this.allMembers().find((m) => m.isAwaitingJoin);
    if (joined === undefined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  initNextGeneration(now: number): void {
    this.generationId++;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('Empty', now);
    }
  }

  /** Every member's metadata for the chosen protocol: what the leader's JoinGroup answer carries. */
  currentMemberMetadata(): JoinGroupResultMember[] {
    if (this.protocolName === null) throw new Error(`No protocol selected for group ${this.groupId}`);
    const protocol = this.protocolName;
    return this.allMembers().map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(protocol) }));
  }

  maybeInvokeJoinCallback(member: MemberMetadata, result: JoinGroupResult): void {
    const callback = member.awaitingJoinCallback;
    if (callback === null) return;
    member.awaitingJoinCallback = null;
    this.numMembersAwaitingJoin--;
    callback(result);
  }

  /** Answers a waiting SyncGroup; true if the member was waiting. */
  maybeInvokeSyncCallback(member: MemberMetadata, result: SyncGroupResult): boolean {
    const callback = member.awaitingSyncCallback;
    if (callback === null) return false;
    member.awaitingSyncCallback = null;
    callback(result);
    return true;
  }

  /**
   * The union of the members' subscribed topics for a consumer group (decoding only the version-0
   * prefix every consumer protocol version shares), an empty set when no member is left, null when
   * not a consumer group or a subscription cannot be read.
   */
  computeSubscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this.members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const topics = new Set<string>();
    try {
      for (const m of this.members.values()) for (const t of decodeConsumerSubscription(m.metadata(this.protocolName)).topics) topics.add(t);
    } catch {
      return null;
    }
    return topics;
  }

  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null || this.subscribedTopics.has(topic);
  }

  summary(): GroupSummary {
    const protocolType = this.protocolType ?? '';
    if (this.is('Stable')) {
      const protocol = this.protocolName!;
      const members = this.allMembers().map((m) => ({ ...memberIdentity(m), metadata: m.metadata(protocol), assignment: m.assignment }));
      return { state: this.stateValue, protocolType, protocol, members };
    }
    const members = this.allMembers().map((m) => ({ ...memberIdentity(m), metadata: EMPTY, assignment: EMPTY }));
    return { state: this.stateValue, protocolType, protocol: '', members };
  }

  // ---- offsets

  /** Pending transactional offsets count: a group holding only those must not be removed as empty. */
  get hasOffsets(): boolean {
    return this.offsets.size > 0 || this.pendingOffsetCommits.size > 0 || !this.pendingTxnOffsets.isEmpty;
  }

  offset(tp: TopicPartition): OffsetAndMetadata | undefined {
    return this.offsets.get(tp)?.offsetAndMetadata;
  }

  /** Offsets replayed from the log, and the transactional ones whose transactions are still open. */
  initializeOffsets(offsets: Iterable<[TopicPartition, CommitRecord]>, pendingTxnOffsets: ReadonlyMap<number, TopicPartitionMap<CommitRecord>> = new Map()): void {
    for (const [tp, record] of offsets) this.offsets.set(tp, record);
    this.pendingTxnOffsets.initialize(pendingTxnOffsets);
  }

  prepareOffsetCommit(offsets: Iterable<[TopicPartition, OffsetAndMetadata]>): void {
    this.receivedConsumerOffsetCommits = true;
    for (const [tp, offset] of offsets) this.pendingOffsetCommits.set(tp, offset);
  }

  /** The log acknowledged a commit: it becomes the committed offset unless a later one already did. */
  onOffsetCommitAppend(tp: TopicPartition, record: CommitRecord): void {
    if (this.pendingOffsetCommits.has(tp)) {
      const current = this.offsets.get(tp);
      if (current === undefined || isOlderThan(current, record)) this.offsets.set(tp, record);
    }
    if (this.pendingOffsetCommits.get(tp) === record.offsetAndMetadata) this.pendingOffsetCommits.delete(tp);
  }

  failPendingOffsetWrite(tp: TopicPartition, offset: OffsetAndMetadata): void {
    if (this.pendingOffsetCommits.get(tp) === offset) this.pendingOffsetCommits.delete(tp);
  }

  // ---- transactional offsets (KIP-98)

  get hasReceivedConsistentOffsetCommits(): boolean {
    return !this.receivedConsumerOffsetCommits || !this.receivedTransactionalOffsetCommits;
  }

  prepareTxnOffsetCommit(producerId: number, offsets: Iterable<[TopicPartition, OffsetAndMetadata]>): void {
    this.receivedTransactionalOffsetCommits = true;
    this.pendingTxnOffsets.prepare(producerId, offsets);
  }

  onTxnOffsetCommitAppend(producerId: number, tp: TopicPartition, record: CommitRecord): void {
    this.pendingTxnOffsets.onAppend(producerId, tp, record);
  }

  failPendingTxnOffsetCommit(producerId: number, tp: TopicPartition): void {
    this.pendingTxnOffsets.fail(producerId, tp);
  }

  hasPendingOffsetCommitsFromProducer(producerId: number): boolean {
    return this.pendingTxnOffsets.has(producerId);
  }

  /**
   * The producer's transaction ended with a marker in the log. On commit its offsets become the
   * committed ones, each only over a commit appended before it; on abort they are dropped.
   * Returns the partitions that could not be completed because their own append was never
   * acknowledged (Kafka fails with IllegalStateException there; the offset stays in the log).
   */
  completePendingTxnOffsetCommit(producerId: number, isCommit: boolean): TopicPartition[] {
    const pending = this.pendingTxnOffsets.take(producerId);
    const unappended: TopicPartition[] = [];
    if (!isCommit || pending === undefined) return unappended;
    for (const [tp, record] of pending) {
      if (record.appendedBatchOffset === null) {
        unappended.push(tp);
        continue;
      }
      const current = this.offsets.get(tp);
      if (current === undefined || isOlderThan(current, record)) this.offsets.set(tp, record);
    }
    return unappended;
  }

  removeOffsets(partitions: Iterable<TopicPartition>): Array<[TopicPartition, OffsetAndMetadata]> {
    const removed: Array<[TopicPartition, OffsetAndMetadata]> = [];
    for (const tp of partitions) {
      this.pendingOffsetCommits.delete(tp);
      this.pendingTxnOffsets.removePartition(tp);
      const record = this.offsets.delete(tp);
      if (record !== undefined) removed.push([tp, record.offsetAndMetadata]);
    }
    return removed;
  }

  removeAllOffsets(): Array<[TopicPartition, OffsetAndMetadata]> {
    return this.removeOffsets([...this.offsets].map(([tp]) => tp));
  }

  /**
   * Offsets past retention (Kafka 2.4's rules): an explicit expire timestamp (old commit versions)
   * wins; otherwise an Empty group's offsets expire `retentionMs` after it became Empty (or after
   * the commit when the state time is unknown); a consumer group with members expires only offsets
   * of topics nobody subscribes to, by commit time; a group without protocol (offsets only) by
   * commit time. Offsets with a commit in flight are kept.
   */
  removeExpiredOffsets(now: number, retentionMs: number): Array<[TopicPartition, OffsetAndMetadata]> {
    const expired = (baseTimestamp: (o: OffsetAndMetadata) => number, subscribed: ReadonlySet<string> = new Set()) =>
      [...this.offsets]
        .filter(([tp, record]) => {
          if (subscribed.has(tp.topic) || this.pendingOffsetCommits.has(tp)) return false;
          const o = record.offsetAndMetadata;
          return o.expireTimestamp !== null ? now >= o.expireTimestamp : now - baseTimestamp(o) >= retentionMs;
        })
        .map(([tp]) => tp);
    let candidates: TopicPartition[] = [];
    if (this.protocolType !== null && this.is('Empty')) {
      candidates = expired((o) => this.currentStateTimestamp ?? o.commitTimestamp);
    } else if (this.protocolType === CONSUMER_PROTOCOL_TYPE && this.subscribedTopics !== null) {
      candidates = expired((o) => o.commitTimestamp, this.subscribedTopics);
    } else if (this.protocolType === null) {
      candidates = expired((o) => o.commitTimestamp);
    }
    return this.removeOffsets(candidates);
  }
}

function memberIdentity(m: MemberMetadata) {
  return { memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost };
}
