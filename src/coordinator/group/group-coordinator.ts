// The group coordinator (Kafka 2.4's GroupCoordinator): the group membership protocol —
// JoinGroup / SyncGroup / Heartbeat / LeaveGroup with dynamic and static members — driving each
// group's state machine, plus offset commits (transactional ones too) and fetches, group listing,
// description and deletion. Storage and the offsets partitions' leadership are the GroupMetadataManager's; the
// waiting parts of a rebalance are delayed operations in two purgatories (joins and heartbeats).
// Node runs one thing at a time, so Kafka's per-group locks are not needed: every handler runs to
// completion before another starts, and only the log appends are awaited.
//
// Long on purpose: one handler per group API over one state machine, as in Kafka's
// GroupCoordinator.scala, so every transition of a group can be read in one place; storage
// (group-metadata-manager.ts) and the delayed operations (delayed-join.ts, delayed-heartbeat.ts)
// are apart.

import type { Logger } from '../../common/logger';
import { systemClock, type Clock } from '../../common/clock';
import { ErrorCode } from '../../protocol/errors';
import { DelayedOperationPurgatory, type DelayedOperation } from '../../common/purgatory';
import { DelayedHeartbeat, memberKey, type HeartbeatCompletion } from './delayed-heartbeat';
import { DelayedJoin, groupKey, InitialDelayedJoin, type JoinCompletion } from './delayed-join';
import { GroupMetadata, type GroupSummary } from './group-metadata';
import type { GroupMetadataManager, FetchedOffset } from './group-metadata-manager';
import { joinError, UNKNOWN_MEMBER_ID, type JoinGroupResult, type SyncGroupResult } from './group-results';
import { MemberMetadata, type JoinCallback, type Protocol, type SyncCallback } from './member-metadata';
import type { OffsetAndMetadata } from './offset-and-metadata';
import { GROUP_METADATA_TOPIC_NAME } from './offsets-topic';
import { TopicPartitionMap } from './topic-partition-map';
import { tpString, type TopicPartition } from '../../common/topic-partition';

export interface GroupConfig {
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  groupInitialRebalanceDelayMs: number;
  groupMaxSize: number;
}

export interface JoinGroupParams {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  /** JoinGroup v4+ without group.instance.id: hand out a member id first (KIP-394). */
  requireKnownMemberId: boolean;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  assignments: ReadonlyMap<string, Buffer>;
}

export interface MemberIdentity {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveGroupResult {
  errorCode: number;
  members: Array<MemberIdentity & { errorCode: number }>;
}

/** How long a new member's JoinGroup may wait before it is dropped (Kafka's NewMemberJoinTimeoutMs). */
const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;
const EMPTY = Buffer.alloc(0);

const EMPTY_SUMMARY: GroupSummary = { state: '', protocolType: '', protocol: '', members: [] };
const DEAD_SUMMARY: GroupSummary = { state: 'Dead', protocolType: '', protocol: '', members: [] };

type GroupApi = 'JoinGroup' | 'SyncGroup' | 'Heartbeat' | 'LeaveGroup' | 'OffsetCommit' | 'TxnOffsetCommit' | 'OffsetFetch' | 'DescribeGroups' | 'DeleteGroups' | 'OffsetDelete';

/** OffsetCommit, OffsetFetch, DescribeGroups and DeleteGroups accept the empty group id (old clients). */
const EMPTY_GROUP_ID_ALLOWED = new Set<GroupApi>(['OffsetCommit', 'OffsetFetch', 'DescribeGroups', 'DeleteGroups']);

export class GroupCoordinator implements JoinCompletion, HeartbeatCompletion {
  private active = false;
  private readonly joinPurgatory: DelayedOperationPurgatory<string, DelayedOperation>;
  private readonly heartbeatPurgatory: DelayedOperationPurgatory<string, DelayedOperation>;

  constructor(
    private readonly config: GroupConfig,
    readonly groupManager: GroupMetadataManager,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {
    this.joinPurgatory = new DelayedOperationPurgatory('Rebalance', clock);
    this.heartbeatPurgatory = new DelayedOperationPurgatory('Heartbeat', clock);
  }

  startup(): void {
    this.logger.info('[GroupCoordinator] Starting up.');
    this.groupManager.startup();
    this.active = true;
    this.logger.info('[GroupCoordinator] Startup complete.');
  }

  shutdown(): void {
    this.logger.info('[GroupCoordinator] Shutting down.');
    this.active = false;
    this.groupManager.shutdown();
    this.joinPurgatory.completeAll();
    this.heartbeatPurgatory.completeAll();
    this.logger.info('[GroupCoordinator] Shutdown complete.');
  }

  partitionFor(groupId: string): number {
    return this.groupManager.partitionFor(groupId);
  }

  private now(): number {
    return this.clock.now();
  }

  private partitionName(groupId: string): string {
    return `${GROUP_METADATA_TOPIC_NAME}-${this.partitionFor(groupId)}`;
  }

  /** The group id is valid, ours, and loaded; else the error to answer. */
  private validateGroupStatus(groupId: string, api: GroupApi): number | null {
    if (groupId === '' && !EMPTY_GROUP_ID_ALLOWED.has(api)) return ErrorCode.INVALID_GROUP_ID;
    if (!this.active) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (this.groupManager.isGroupLoading(groupId)) return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    if (!this.groupManager.isGroupLocal(groupId)) return ErrorCode.NOT_COORDINATOR;
    return null;
  }

  private groupIsOverCapacity(group: GroupMetadata): boolean {
    return group.size > this.config.groupMaxSize;
  }

  // ---------------------------------------------------------------- JoinGroup

  handleJoinGroup(params: JoinGroupParams, respond: JoinCallback): void {
    const { groupId, memberId } = params;
    const error = this.validateGroupStatus(groupId, 'JoinGroup');
    if (error !== null) return respond(joinError(memberId, error));
    if (params.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs || params.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs) {
      return respond(joinError(memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    const isUnknownMember = memberId === UNKNOWN_MEMBER_ID;
    let group = this.groupManager.getGroup(groupId);
    if (group === undefined) {
      // Only a member without id may create the group; a known id for an unknown group is stale.
      if (!isUnknownMember) return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = this.groupManager.addGroup(new GroupMetadata(groupId, 'Empty', this.now()));
      return this.doUnknownJoinGroup(group, params, respond);
    }
    const shedMember = this.groupIsOverCapacity(group) && group.has(memberId) && !group.get(memberId).isAwaitingJoin;
    if (shedMember || (isUnknownMember && group.size >= this.config.groupMaxSize)) {
      group.remove(memberId);
      group.removeStaticMember(params.groupInstanceId);
      respond(joinError(UNKNOWN_MEMBER_ID, ErrorCode.GROUP_MAX_SIZE_REACHED));
    } else if (isUnknownMember) {
      this.doUnknownJoinGroup(group, params, respond);
    } else {
      this.doJoinGroup(group, params, respond);
    }
    if (group.is('PreparingRebalance')) this.joinPurgatory.checkAndComplete(groupKey(groupId));
  }

  private doUnknownJoinGroup(group: GroupMetadata, params: JoinGroupParams, respond: JoinCallback): void {
    if (group.is('Dead')) {
      // Removed meanwhile (deleted, or its partition moved): the member must find the coordinator again.
      return respond(joinError(UNKNOWN_MEMBER_ID, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    }
    if (!group.supportsProtocols(params.protocolType, params.protocols)) {
      return respond(joinError(UNKNOWN_MEMBER_ID, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const newMemberId = group.generateMemberId(params.clientId, params.groupInstanceId);
    if (params.groupInstanceId !== null && group.hasStaticMember(params.groupInstanceId)) {
      this.updateStaticMemberAndRebalance(group, newMemberId, params.groupInstanceId, params.protocols, respond);
    } else if (params.requireKnownMemberId) {
      // KIP-394: hand out the id and have the member come back with it, so a client that times out
      // and retries does not leave a trail of ghost members behind.
      group.addPendingMember(newMemberId);
      this.addPendingMemberExpiration(group, newMemberId, params.sessionTimeoutMs);
      respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    } else {
      this.addMemberAndRebalance(group, { ...params, memberId: newMemberId }, respond);
    }
  }

  private doJoinGroup(group: GroupMetadata, params: JoinGroupParams, respond: JoinCallback): void {
    const { memberId, groupInstanceId } = params;
    if (group.is('Dead')) return respond(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(params.protocolType, params.protocols)) return respond(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    if (group.isPendingMember(memberId)) {
      // A member coming back with the id it was handed out: it joins now.
      return this.addMemberAndRebalance(group, params, respond);
    }
    if (group.isStaticMemberFenced(memberId, groupInstanceId)) return respond(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
    if (!group.has(memberId) || (groupInstanceId !== null && !group.hasStaticMember(groupInstanceId))) {
      return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
    const member = group.get(memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, params.protocols, respond);
      case 'CompletingRebalance':
        if (member.matches(params.protocols)) {
          // Same metadata (it probably missed the JoinGroup answer): answer with the current generation.
          return respond(this.joinResult(group, memberId, group.isLeader(memberId)));
        }
        return this.updateMemberAndRebalance(group, member, params.protocols, respond);
      case 'Stable':
        if (group.isLeader(memberId) || !member.matches(params.protocols)) {
          // The leader rejoining, or changed metadata, starts a rebalance.
          return this.updateMemberAndRebalance(group, member, params.protocols, respond);
        }
        // A follower with nothing new gets the current generation and goes on to SyncGroup.
        return respond(this.joinResult(group, memberId, false));
      case 'Empty':
      case 'Dead':
        this.logger.warn(`Attempt to add rejoining member ${memberId} of group ${group.groupId} in unexpected group state ${group.state}`);
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private joinResult(group: GroupMetadata, memberId: string, withMembers: boolean): JoinGroupResult {
    return {
      members: withMembers ? group.currentMemberMetadata() : [],
      memberId,
      generationId: group.generationId,
      protocolName: group.protocolName ?? '',
      leaderId: group.leaderId ?? '',
      errorCode: ErrorCode.NONE,
    };
  }

  private addMemberAndRebalance(group: GroupMetadata, params: JoinGroupParams, respond: JoinCallback): void {
    const member = new MemberMetadata(
      params.memberId,
      group.groupId,
      params.groupInstanceId,
      params.clientId,
      params.clientHost,
      params.rebalanceTimeoutMs,
      params.sessionTimeoutMs,
      params.protocolType,
      params.protocols,
    );
    member.isNew = true;
    // A member arriving during the first rebalance's initial delay extends the delay.
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member, respond);
    // The member cannot heartbeat while its JoinGroup waits; if it went away, drop it eventually.
    this.completeAndScheduleNextExpiration(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
    if (member.isStaticMember) {
      this.logger.info(`Adding new static member ${params.groupInstanceId} to group ${group.groupId} with member id ${member.memberId}.`);
      group.addStaticMember(params.groupInstanceId, member.memberId);
    } else {
      group.removePendingMember(member.memberId);
    }
    this.maybePrepareRebalance(group, `Adding new member ${member.memberId} with group instance id ${params.groupInstanceId}`);
  }

  private updateMemberAndRebalance(group: GroupMetadata, member: MemberMetadata, protocols: Protocol[], respond: JoinCallback): void {
    group.updateMember(member, protocols, respond);
    this.maybePrepareRebalance(group, `Updating metadata for member ${member.memberId}`);
  }

  /**
   * A known static member rejoined without its member id (say, after a restart): it takes over its
   * old entry under a new id without a rebalance; the current leader is reported so that nobody
   * recomputes an assignment a stable group would not propagate.
   */
  private updateStaticMemberAndRebalance(group: GroupMetadata, newMemberId: string, groupInstanceId: string, protocols: Protocol[], respond: JoinCallback): void {
    const oldMemberId = group.getStaticMemberId(groupInstanceId)!;
    const currentLeader = group.leaderId ?? '';
    const member = group.replaceGroupInstance(oldMemberId, newMemberId, groupInstanceId, ErrorCode.FENCED_INSTANCE_ID);
    this.completeAndScheduleNextHeartbeatExpiration(group, member);
    group.updateMember(member, protocols, respond);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.logger.info(`Static member ${groupInstanceId} of group ${group.groupId} with unknown member id rejoins, assigning new member id ${newMemberId}, while old member ${oldMemberId} will be removed. No rebalance will be triggered.`);
        group.maybeInvokeJoinCallback(member, {
          members: [],
          memberId: newMemberId,
          generationId: group.generationId,
          protocolName: group.protocolName ?? '',
          leaderId: currentLeader,
          errorCode: ErrorCode.NONE,
        });
        break;
      case 'PreparingRebalance':
        // It simply waits for the join phase to end like every other member.
        break;
      case 'Empty':
      case 'Dead':
        throw new Error(`Group ${group.groupId} was not supposed to be ${group.state} when a static member rejoins`);
    }
  }

  private maybePrepareRebalance(group: GroupMetadata, reason: string): void {
    if (group.canRebalance) this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: GroupMetadata, reason: string): void {
    // Members waiting for their assignment must rejoin instead.
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    const initialDelay = this.config.groupInitialRebalanceDelayMs;
    const delayedRebalance = group.is('Empty')
      ? new InitialDelayedJoin(this, this.joinPurgatory, group, initialDelay, initialDelay, Math.max(group.rebalanceTimeoutMs - initialDelay, 0))
      : new DelayedJoin(this, group, group.rebalanceTimeoutMs);
    group.transitionTo('PreparingRebalance', this.now());
    this.logger.info(
      `Preparing to rebalance group ${group.groupId} in state ${group.state} with old generation ${group.generationId} (${this.partitionName(group.groupId)}) (reason: ${reason})`,
    );
    this.joinPurgatory.tryCompleteElseWatch(delayedRebalance, [groupKey(group.groupId)]);
  }

  canCompleteJoin(group: GroupMetadata): boolean {
    return group.hasAllMembersJoined;
  }

  onCompleteJoin(group: GroupMetadata): void {
    // Dynamic members that did not rejoin in time are gone; static ones keep their place.
    for (const member of group.notYetRejoinedMembers()) {
      if (member.isStaticMember) continue;
      this.removeHeartbeatForLeavingMember(member);
      group.remove(member.memberId);
    }
    if (group.is('Dead')) {
      this.logger.info(`Group ${group.groupId} is dead, skipping rebalance stage`);
      return;
    }
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Nobody rejoined: wait again until session timeouts remove the silent members.
      this.logger.error(`Group ${group.groupId} could not complete rebalance because no members rejoined`);
      this.joinPurgatory.tryCompleteElseWatch(new DelayedJoin(this, group, group.rebalanceTimeoutMs), [groupKey(group.groupId)]);
      return;
    }
    group.initNextGeneration(this.now());
    if (group.is('Empty')) {
      this.logger.info(`Group ${group.groupId} with generation ${group.generationId} is now empty (${this.partitionName(group.groupId)})`);
      void this.groupManager.storeGroup(group, new Map()).then((error) => {
        if (error !== ErrorCode.NONE) this.logger.warn(`Failed to write empty metadata for group ${group.groupId}: error ${error}`);
      });
      return;
    }
    this.logger.info(`Stabilized group ${group.groupId} generation ${group.generationId} (${this.partitionName(group.groupId)})`);
    for (const member of group.allMembers()) {
      group.maybeInvokeJoinCallback(member, this.joinResult(group, member.memberId, group.isLeader(member.memberId)));
      this.completeAndScheduleNextHeartbeatExpiration(group, member);
      member.isNew = false;
    }
  }

  // ---------------------------------------------------------------- SyncGroup

  handleSyncGroup(params: SyncGroupParams, respond: SyncCallback): void {
    const error = this.validateGroupStatus(params.groupId, 'SyncGroup');
    // While loading, the rebalance state is lost: make the member rejoin (older clients don't know LOAD_IN_PROGRESS here).
    if (error === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return respond({ assignment: EMPTY, errorCode: ErrorCode.REBALANCE_IN_PROGRESS });
    if (error !== null) return respond({ assignment: EMPTY, errorCode: error });
    const group = this.groupManager.getGroup(params.groupId);
    if (group === undefined) return respond({ assignment: EMPTY, errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
    this.doSyncGroup(group, params, respond);
  }

  private doSyncGroup(group: GroupMetadata, params: SyncGroupParams, respond: SyncCallback): void {
    const { memberId, generationId } = params;
    const fail = (errorCode: number) => respond({ assignment: EMPTY, errorCode });
    if (group.is('Dead')) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (group.isStaticMemberFenced(memberId, params.groupInstanceId)) return fail(ErrorCode.FENCED_INSTANCE_ID);
    if (!group.has(memberId)) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generationId) return fail(ErrorCode.ILLEGAL_GENERATION);
    switch (group.state) {
      case 'Empty':
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      case 'PreparingRebalance':
        return fail(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'CompletingRebalance': {
        group.get(memberId).awaitingSyncCallback = respond;
        if (!group.isLeader(memberId)) return;
        this.logger.info(`Assignment received from leader for group ${group.groupId} for generation ${group.generationId}`);
        // Members the leader left out get an empty assignment.
        const assignment = new Map(params.assignments);
        for (const m of group.allMembers()) if (!assignment.has(m.memberId)) assignment.set(m.memberId, EMPTY);
        void this.groupManager.storeGroup(group, assignment).then((storeError) => {
          // Someone may have joined meanwhile: only act if this is still the same rebalance.
          if (!group.is('CompletingRebalance') || generationId !== group.generationId) return;
          if (storeError !== ErrorCode.NONE) {
            this.resetAndPropagateAssignmentError(group, storeError);
            this.maybePrepareRebalance(group, `error when storing group assignment during SyncGroup (member: ${memberId})`);
          } else {
            for (const m of group.allMembers()) m.assignment = assignment.get(m.memberId) ?? EMPTY;
            this.propagateAssignment(group, ErrorCode.NONE);
            group.transitionTo('Stable', this.now());
          }
        });
        return;
      }
      case 'Stable': {
        const member = group.get(memberId);
        respond({ assignment: member.assignment, errorCode: ErrorCode.NONE });
        this.completeAndScheduleNextHeartbeatExpiration(group, member);
        return;
      }
      case 'Dead':
        throw new Error(`Reached unexpected condition for Dead group ${group.groupId}`);
    }
  }

  private resetAndPropagateAssignmentError(group: GroupMetadata, errorCode: number): void {
    for (const m of group.allMembers()) m.assignment = EMPTY;
    this.propagateAssignment(group, errorCode);
  }

  private propagateAssignment(group: GroupMetadata, errorCode: number): void {
    for (const member of group.allMembers()) {
      const result: SyncGroupResult = { assignment: member.assignment, errorCode };
      // Restart the session clock: an expiry while it waited for the leader was ignored.
      if (group.maybeInvokeSyncCallback(member, result)) this.completeAndScheduleNextHeartbeatExpiration(group, member);
    }
  }

  // ---------------------------------------------------------------- LeaveGroup

  handleLeaveGroup(groupId: string, leaving: MemberIdentity[]): LeaveGroupResult {
    const error = this.validateGroupStatus(groupId, 'LeaveGroup');
    if (error !== null) return { errorCode: error, members: [] };
    const group = this.groupManager.getGroup(groupId);
    const memberResult = (m: MemberIdentity, errorCode: number) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode });
    if (group === undefined) return { errorCode: ErrorCode.NONE, members: leaving.map((m) => memberResult(m, ErrorCode.UNKNOWN_MEMBER_ID)) };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = leaving.map((m) => {
      if (m.memberId !== UNKNOWN_MEMBER_ID && group.isStaticMemberFenced(m.memberId, m.groupInstanceId)) return memberResult(m, ErrorCode.FENCED_INSTANCE_ID);
      if (group.isPendingMember(m.memberId)) {
        this.logger.info(`Pending member ${m.memberId} is leaving group ${groupId}.`);
        this.removePendingMemberAndUpdateGroup(group, m.memberId);
        this.heartbeatPurgatory.checkAndComplete(memberKey(groupId, m.memberId));
        return memberResult(m, ErrorCode.NONE);
      }
      if (!group.has(m.memberId) && !group.hasStaticMember(m.groupInstanceId)) return memberResult(m, ErrorCode.UNKNOWN_MEMBER_ID);
      const staticId = m.groupInstanceId === null ? undefined : group.getStaticMemberId(m.groupInstanceId);
      const member = group.get(staticId ?? m.memberId);
      this.removeHeartbeatForLeavingMember(member);
      this.logger.info(`Member[group.instance.id ${member.groupInstanceId}, member.id ${member.memberId}] in group ${groupId} has left, removing it from the group`);
      this.removeMemberAndUpdateGroup(group, member, `removing member ${member.memberId} on LeaveGroup`);
      return memberResult(m, ErrorCode.NONE);
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  private removeMemberAndUpdateGroup(group: GroupMetadata, member: MemberMetadata, reason: string): void {
    // A new member may still wait in JoinGroup: answer it first so it rejoins if it is alive.
    group.maybeInvokeJoinCallback(member, joinError(UNKNOWN_MEMBER_ID, ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    group.removeStaticMember(member.groupInstanceId);
    switch (group.state) {
      case 'Dead':
      case 'Empty':
        break;
      case 'Stable':
      case 'CompletingRebalance':
        this.maybePrepareRebalance(group, reason);
        break;
      case 'PreparingRebalance':
        this.joinPurgatory.checkAndComplete(groupKey(group.groupId));
        break;
    }
  }

  private removePendingMemberAndUpdateGroup(group: GroupMetadata, memberId: string): void {
    group.removePendingMember(memberId);
    if (group.is('PreparingRebalance')) this.joinPurgatory.checkAndComplete(groupKey(group.groupId));
  }

  // ---------------------------------------------------------------- Heartbeat

  handleHeartbeat(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    const error = this.validateGroupStatus(groupId, 'Heartbeat');
    // While loading, answer blindly: the member's state is being read back.
    if (error === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return ErrorCode.NONE;
    if (error !== null) return error;
    const group = this.groupManager.getGroup(groupId);
    if (group === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (group.isStaticMemberFenced(memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case 'Empty':
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case 'CompletingRebalance':
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'PreparingRebalance':
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'Stable':
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        return ErrorCode.NONE;
      case 'Dead':
        throw new Error(`Reached unexpected condition for Dead group ${groupId}`);
    }
  }

  private completeAndScheduleNextHeartbeatExpiration(group: GroupMetadata, member: MemberMetadata): void {
    this.completeAndScheduleNextExpiration(group, member, member.sessionTimeoutMs);
  }

  private completeAndScheduleNextExpiration(group: GroupMetadata, member: MemberMetadata, timeoutMs: number): void {
    member.latestHeartbeat = this.now();
    const key = memberKey(group.groupId, member.memberId);
    this.heartbeatPurgatory.checkAndComplete(key);
    const deadline = member.latestHeartbeat + timeoutMs;
    this.heartbeatPurgatory.tryCompleteElseWatch(new DelayedHeartbeat(this, group, member.memberId, false, deadline, timeoutMs), [key]);
  }

  private addPendingMemberExpiration(group: GroupMetadata, memberId: string, timeoutMs: number): void {
    const deadline = this.now() + timeoutMs;
    this.heartbeatPurgatory.tryCompleteElseWatch(new DelayedHeartbeat(this, group, memberId, true, deadline, timeoutMs), [memberKey(group.groupId, memberId)]);
  }

  private removeHeartbeatForLeavingMember(member: MemberMetadata): void {
    member.isLeaving = true;
    this.heartbeatPurgatory.checkAndComplete(memberKey(member.groupId, member.memberId));
  }

  canCompleteHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, deadlineMs: number): boolean {
    if (isPending) return !group.isPendingMember(memberId);
    if (!group.has(memberId)) return true;
    const member = group.get(memberId);
    return member.isLeaving || this.shouldKeepAlive(member, deadlineMs);
  }

  /** A later heartbeat pushed the deadline: this one's expectation is met. */
  private shouldKeepAlive(member: MemberMetadata, deadlineMs: number): boolean {
    return member.shouldKeepAlive(deadlineMs, NEW_MEMBER_JOIN_TIMEOUT_MS);
  }

  onExpireHeartbeat(group: GroupMetadata, memberId: string, isPending: boolean, deadlineMs: number): void {
    if (isPending) {
      this.logger.info(`Pending member ${memberId} in group ${group.groupId} has been removed after session timeout expiration.`);
      this.removePendingMemberAndUpdateGroup(group, memberId);
      return;
    }
    if (!group.has(memberId)) return;
    const member = group.get(memberId);
    if (this.shouldKeepAlive(member, deadlineMs)) return;
    this.logger.info(`Member ${member.memberId} in group ${group.groupId} has failed, removing it from the group`);
    this.removeMemberAndUpdateGroup(group, member, `removing member ${member.memberId} on heartbeat expiration`);
  }

  // ---------------------------------------------------------------- offsets

  async handleCommitOffsets(
    groupId: string,
    memberId: string,
    groupInstanceId: string | null,
    generationId: number,
    offsets: TopicPartitionMap<OffsetAndMetadata>,
  ): Promise<TopicPartitionMap<number>> {
    const all = (errorCode: number) => {
      const result = new TopicPartitionMap<number>();
      for (const [tp] of offsets) result.set(tp, errorCode);
      return result;
    };
    const error = this.validateGroupStatus(groupId, 'OffsetCommit');
    if (error !== null) return all(error);
    let group = this.groupManager.getGroup(groupId);
    if (group === undefined) {
      // Only a client not using group management (generation -1) may commit for an unknown group.
      if (generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = this.groupManager.addGroup(new GroupMetadata(groupId, 'Empty', this.now()));
    }
    if (group.is('Dead')) return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (group.isStaticMemberFenced(memberId, groupInstanceId)) return all(ErrorCode.FENCED_INSTANCE_ID);
    if (generationId < 0 && group.is('Empty')) return this.groupManager.storeOffsets(group, offsets);
    if (!group.has(memberId)) return all(ErrorCode.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generationId) return all(ErrorCode.ILLEGAL_GENERATION);
    switch (group.state) {
      case 'Stable':
      case 'PreparingRebalance':
        // Commits are fine while preparing: the member learns of the rebalance from its heartbeat.
        this.completeAndScheduleNextHeartbeatExpiration(group, group.get(memberId));
        return this.groupManager.storeOffsets(group, offsets);
      case 'CompletingRebalance':
        // The member has the new generation but not its assignment yet.
        return all(ErrorCode.REBALANCE_IN_PROGRESS);
      default:
        throw new Error(`Logic error: unexpected group state ${group.state}`);
    }
  }

  /**
   * TxnOffsetCommit: a transactional producer commits offsets for the group inside its
   * transaction. Membership and generation are not checked (the producer is no member), the group
   * is created if missing, and the offsets stay pending until scheduleHandleTxnCompletion.
   */
  async handleTxnCommitOffsets(groupId: string, producerId: number, producerEpoch: number, offsets: TopicPartitionMap<OffsetAndMetadata>): Promise<TopicPartitionMap<number>> {
    const all = (errorCode: number) => {
      const result = new TopicPartitionMap<number>();
      for (const [tp] of offsets) result.set(tp, errorCode);
      return result;
    };
    const error = this.validateGroupStatus(groupId, 'TxnOffsetCommit');
    if (error !== null) return all(error);
    const group = this.groupManager.getGroup(groupId) ?? this.groupManager.addGroup(new GroupMetadata(groupId, 'Empty', this.now()));
    // Dead: removed meanwhile (deleted, or its partition moved); the producer finds the coordinator again.
    if (group.is('Dead')) return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    return this.groupManager.storeOffsets(group, offsets, { producerId, producerEpoch });
  }

  /**
   * The transaction coordinator wrote the producer's COMMIT or ABORT marker to these
   * __consumer_offsets partitions: its pending transactional offsets in the groups we own there
   * become committed offsets (commit) or are dropped (abort). Kafka runs this on its scheduler
   * to stay clear of group locks; here nothing is locked, so it runs at once and an OffsetFetch
   * answered after this call already sees the outcome.
   */
  scheduleHandleTxnCompletion(producerId: number, offsetsPartitions: Iterable<number>, result: 'commit' | 'abort'): void {
    this.groupManager.handleTxnCompletion(producerId, new Set(offsetsPartitions), result === 'commit');
  }

  handleFetchOffsets(groupId: string, partitions: TopicPartition[] | null): { errorCode: number; offsets: Array<[TopicPartition, FetchedOffset]> } {
    const error = this.validateGroupStatus(groupId, 'OffsetFetch');
    if (error !== null) return { errorCode: error, offsets: [] };
    // Offsets are served whatever the group's state: it may use Kafka only to store them.
    return { errorCode: ErrorCode.NONE, offsets: this.groupManager.getOffsets(groupId, partitions) };
  }

  // ---------------------------------------------------------------- admin

  handleListGroups(): { errorCode: number; groups: Array<{ groupId: string; protocolType: string }> } {
    if (!this.active) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const errorCode = this.groupManager.isLoading ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE;
    return { errorCode, groups: this.groupManager.currentGroups().map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '' })) };
  }

  handleDescribeGroup(groupId: string): { errorCode: number; summary: GroupSummary } {
    const error = this.validateGroupStatus(groupId, 'DescribeGroups');
    if (error !== null) return { errorCode: error, summary: EMPTY_SUMMARY };
    const group = this.groupManager.getGroup(groupId);
    return { errorCode: ErrorCode.NONE, summary: group === undefined ? DEAD_SUMMARY : group.summary() };
  }

  handleDeleteGroups(groupIds: Iterable<string>): Map<string, number> {
    const results = new Map<string, number>();
    const deletable: GroupMetadata[] = [];
    for (const groupId of groupIds) {
      const error = this.validateGroupStatus(groupId, 'DeleteGroups');
      if (error !== null) {
        results.set(groupId, error);
        continue;
      }
      const group = this.groupManager.getGroup(groupId);
      const gone = () => (this.groupManager.groupNotExists(groupId) ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NOT_COORDINATOR);
      if (group === undefined || group.is('Dead')) results.set(groupId, gone());
      else if (group.is('Empty')) {
        group.transitionTo('Dead', this.now());
        deletable.push(group);
      } else results.set(groupId, ErrorCode.NON_EMPTY_GROUP);
    }
    if (deletable.length > 0) {
      const removed = this.groupManager.cleanupGroupMetadata(deletable, (g) => g.removeAllOffsets());
      for (const g of deletable) results.set(g.groupId, ErrorCode.NONE);
      this.logger.info(`The following groups were deleted: ${deletable.map((g) => g.groupId).join(', ')}. A total of ${removed} offsets were removed.`);
    }
    return results;
  }

  /** KIP-496: delete committed offsets of partitions the group does not consume (any, if it is Empty). */
  handleDeleteOffsets(groupId: string, partitions: TopicPartition[]): { errorCode: number; partitionErrors: TopicPartitionMap<number> } {
    const partitionErrors = new TopicPartitionMap<number>();
    const error = this.validateGroupStatus(groupId, 'OffsetDelete');
    if (error !== null) return { errorCode: error, partitionErrors };
    const group = this.groupManager.getGroup(groupId);
    const gone = () => (this.groupManager.groupNotExists(groupId) ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NOT_COORDINATOR);
    if (group === undefined || group.is('Dead')) return { errorCode: gone(), partitionErrors };
    let eligible: TopicPartition[];
    if (group.is('Empty')) eligible = partitions;
    else if (group.isConsumerGroup) {
      eligible = partitions.filter((tp) => !group.isSubscribedToTopic(tp.topic));
      for (const tp of partitions) if (group.isSubscribedToTopic(tp.topic)) partitionErrors.set(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
    } else return { errorCode: ErrorCode.NON_EMPTY_GROUP, partitionErrors };
    if (eligible.length > 0) {
      const removed = this.groupManager.cleanupGroupMetadata([group], (g) => g.removeOffsets(eligible));
      for (const tp of eligible) partitionErrors.set(tp, ErrorCode.NONE);
      this.logger.info(`The following offsets of the group ${groupId} were deleted: ${eligible.map(tpString).join(', ')}. A total of ${removed} offsets were removed.`);
    }
    return { errorCode: ErrorCode.NONE, partitionErrors };
  }

  /** Deleted topics' partitions lose their committed offsets in every group. */
  handleDeletedPartitions(partitions: TopicPartition[]): void {
    const removed = this.groupManager.cleanupGroupMetadata(this.groupManager.currentGroups(), (g) => g.removeOffsets(partitions));
    this.logger.info(`Removed ${removed} offsets associated with deleted partitions: ${partitions.map(tpString).join(', ')}.`);
  }

  // ---------------------------------------------------------------- offsets partition leadership

  /** This broker became leader of the offsets partition: load its groups. */
  onElection(partition: number): void {
    // A LeaderAndIsr that only bumps the epoch of a partition we already lead changes nothing here.
    if (this.groupManager.isPartitionOwnedOrLoading(partition)) return;
    this.groupManager.scheduleLoadGroupAndOffsets(partition, (group) => this.onGroupLoaded(group));
  }

  /** This broker no longer leads the offsets partition: drop its groups, telling waiting members. */
  onResignation(partition: number): void {
    this.groupManager.removeGroupsForPartition(partition, (group) => this.onGroupUnloaded(group));
  }

  private onGroupLoaded(group: GroupMetadata): void {
    this.logger.info(`Loading group metadata for ${group.groupId} with generation ${group.generationId}`);
    if (this.groupIsOverCapacity(group)) {
      this.prepareRebalance(group, `Freshly-loaded group is over capacity (${this.config.groupMaxSize}). Rebalancing in order to give a chance for consumers to commit offsets`);
    }
    for (const member of group.allMembers()) this.completeAndScheduleNextHeartbeatExpiration(group, member);
  }

  private onGroupUnloaded(group: GroupMetadata): void {
    this.logger.info(`Unloading group metadata for ${group.groupId} with generation ${group.generationId}`);
    const previous = group.state;
    group.transitionTo('Dead', this.now());
    switch (previous) {
      case 'Empty':
      case 'Dead':
        break;
      case 'PreparingRebalance':
        for (const member of group.allMembers()) group.maybeInvokeJoinCallback(member, joinError(member.memberId, ErrorCode.NOT_COORDINATOR));
        this.joinPurgatory.checkAndComplete(groupKey(group.groupId));
        break;
      case 'Stable':
      case 'CompletingRebalance':
        for (const member of group.allMembers()) {
          group.maybeInvokeSyncCallback(member, { assignment: EMPTY, errorCode: ErrorCode.NOT_COORDINATOR });
          this.heartbeatPurgatory.checkAndComplete(memberKey(member.groupId, member.memberId));
        }
        break;
    }
  }
}

