// Where groups and committed offsets live (Kafka's GroupMetadataManager): an in-memory cache of the
// groups whose __consumer_offsets partition this broker leads, backed by that partition's log.
// Commits and group metadata are appended as records in Kafka's formats and acknowledged once
// replicated; a broker that becomes leader of an offsets partition replays it to rebuild the cache
// (answering COORDINATOR_LOAD_IN_PROGRESS meanwhile) and drops it when leadership moves. Expired
// offsets, deleted offsets and dead groups are removed with tombstones.
//
// Transactional commits (TxnOffsetCommit, KIP-98) are appended as a transactional batch of the
// producer and stay pending in the group until the transaction coordinator reports the marker
// written to the offsets partition (handleTxnCompletion): COMMIT makes them committed, ABORT drops
// them. A replay keeps the offsets of transactions still open pending the same way.

import type { Logger } from '../../common/logger';
import { systemClock, type Clock } from '../../common/clock';
import { buildRecordBatch, type BatchOptions, type RecordInput } from '../../protocol/records/record-batch-builder';
import { compress } from '../../protocol/compression';
import type { CompressionType } from '../../protocol/records/batch-header';
import { ErrorCode, errorName } from '../../protocol/errors';
import type { CommitRecord } from './commit-record';
import { GroupMetadata } from './group-metadata';
import { MemberMetadata } from './member-metadata';
import type { OffsetAndMetadata, StoredGroup } from './offset-and-metadata';
import { OffsetsPartitionReplay } from './offsets-partition-replay';
import { OpenGroupsForProducer } from './open-groups-for-producer';
import { GROUP_METADATA_TOPIC_NAME, offsetsPartitionFor } from './offsets-topic';
import type { AppendResult, OffsetsLog } from './offsets-log';
import {
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
} from './offsets-topic-records';
import { TopicPartitionMap } from './topic-partition-map';
import { tpString, type TopicPartition } from '../../common/topic-partition';

export interface GroupMetadataManagerConfig {
  brokerId: number;
  offsetsTopicNumPartitions: number;
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  offsetCommitTimeoutMs: number;
  offsetCommitRequiredAcks: number;
  offsetsLoadBufferSize: number;
  offsetMetadataMaxBytes: number;
  compression: CompressionType;
}

export interface FetchedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string;
  errorCode: number;
}

const INVALID_OFFSET: FetchedOffset = { offset: -1n, leaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE };

/** The transactional producer a TxnOffsetCommit comes from. */
export interface TxnProducer {
  producerId: number;
  producerEpoch: number;
}

/** Kafka maps log append errors to what group clients understand. */
function storeGroupError(code: number): number {
  switch (code) {
    case ErrorCode.NONE:
      return ErrorCode.NONE;
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
    case ErrorCode.NOT_ENOUGH_REPLICAS:
    case ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    case ErrorCode.NOT_LEADER_FOR_PARTITION:
    case ErrorCode.KAFKA_STORAGE_ERROR:
      return ErrorCode.NOT_COORDINATOR;
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.REBALANCE_IN_PROGRESS;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return ErrorCode.UNKNOWN_SERVER_ERROR;
    default:
      return code;
  }
}

function storeOffsetsError(code: number): number {
  switch (code) {
    case ErrorCode.REQUEST_TIMED_OUT:
      return ErrorCode.REQUEST_TIMED_OUT;
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.RECORD_LIST_TOO_LARGE:
    case ErrorCode.INVALID_FETCH_SIZE:
      return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
    default:
      return storeGroupError(code);
  }
}

export class GroupMetadataManager {
  private readonly groups = new Map<string, GroupMetadata>();
  private readonly ownedPartitions = new Set<number>();
  /** Partition → load attempt; a newer election or a resignation supersedes a running load. */
  private readonly loadingPartitions = new Map<number, number>();
  private loadAttempts = 0;
  private running = false;
  private readonly openGroupsForProducer = new OpenGroupsForProducer();

  constructor(
    private readonly config: GroupMetadataManagerConfig,
    private readonly offsetsLog: OffsetsLog,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  startup(): void {
    this.running = true;
    this.scheduleExpiredOffsetsCleanup();
  }

  /** Kafka's delete-expired-group-metadata task, every offsets.retention.check.interval.ms. */
  private scheduleExpiredOffsetsCleanup(): void {
    const cleanup = () => {
      if (!this.running) return;
      this.cleanupExpiredOffsets();
      this.scheduleExpiredOffsetsCleanup();
    };
    this.clock.schedule('delete-expired-group-metadata', cleanup, this.config.offsetsRetentionCheckIntervalMs);
  }

  shutdown(): void {
    this.running = false;
    this.loadingPartitions.clear();
    this.ownedPartitions.clear();
    this.groups.clear();
    this.openGroupsForProducer.clear();
  }

  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.config.offsetsTopicNumPartitions);
  }

  isGroupLocal(groupId: string): boolean {
    return this.ownedPartitions.has(this.partitionFor(groupId));
  }

  isGroupLoading(groupId: string): boolean {
    return this.loadingPartitions.has(this.partitionFor(groupId));
  }

  get isLoading(): boolean {
    return this.loadingPartitions.size > 0;
  }

  /** The group as cached here (possibly Dead: deleted or unloaded, until it is dropped). */
  getGroup(groupId: string): GroupMetadata | undefined {
    return this.groups.get(groupId);
  }

  /** Adds the group unless one with its id is cached already; returns the cached one. */
  addGroup(group: GroupMetadata): GroupMetadata {
    const existing = this.groups.get(group.groupId);
    if (existing !== undefined) return existing;
    this.groups.set(group.groupId, group);
    return group;
  }

  currentGroups(): GroupMetadata[] {
    return [...this.groups.values()];
  }

  /** The group is ours and gone: unknown, or Dead (deleted). */
  groupNotExists(groupId: string): boolean {
    if (!this.isGroupLocal(groupId)) return false;
    const group = this.groups.get(groupId);
    return group === undefined || group.is('Dead');
  }

  // ---- writes

  private timestampedBatch(records: Array<Pick<RecordInput, 'key' | 'value'>>, options: BatchOptions = {}): Buffer {
    const now = this.clock.now();
    const compression = this.config.compression;
    return buildRecordBatch(
      records.map((r) => ({ ...r, timestamp: now })),
      compression === 0 ? options : { ...options, compression, compress: (body) => compress(compression, body) },
    );
  }

  /**
   * Offset commits are built as Kafka's storeOffsets builds them: base sequence 0 whether or not a
   * producer is set, and the producer's id, epoch and transactional flag for a TxnOffsetCommit.
   * The coordinator appends them as itself (not as a client), so the sequence is not checked.
   */
  private offsetCommitBatch(records: Array<Pick<RecordInput, 'key' | 'value'>>, txn: TxnProducer | null): Buffer {
    if (txn === null) return this.timestampedBatch(records, { baseSequence: 0 });
    return this.timestampedBatch(records, { producerId: txn.producerId, producerEpoch: txn.producerEpoch, baseSequence: 0, transactional: true });
  }

  /** Writes the group's metadata record with this assignment (SyncGroup, or an emptied group). */
  async storeGroup(group: GroupMetadata, assignment: ReadonlyMap<string, Buffer>): Promise<number> {
    const partition = this.partitionFor(group.groupId);
    if (this.offsetsLog.leaderLog(partition) === null) return ErrorCode.NOT_COORDINATOR;
    const value = encodeGroupMetadataValue(this.storedGroup(group, assignment));
    const batch = this.timestampedBatch([{ key: encodeGroupMetadataKey(group.groupId), value }]);
    const generation = group.generationId;
    const result = await this.offsetsLog.append(partition, batch, this.config.offsetCommitRequiredAcks, this.config.offsetCommitTimeoutMs);
    if (result.errorCode !== ErrorCode.NONE) {
      this.logger.warn(`Failed to write metadata of group ${group.groupId} generation ${generation} to ${GROUP_METADATA_TOPIC_NAME}-${partition}: ${errorName(result.errorCode)}`);
    }
    return storeGroupError(result.errorCode);
  }

  private storedGroup(group: GroupMetadata, assignment: ReadonlyMap<string, Buffer>): StoredGroup {
    const protocol = group.protocolName;
    const members = group.allMembers().map((m) => {
      if (protocol === null) throw new Error(`Attempted to write non-empty group metadata with no defined protocol (group ${group.groupId})`);
      return {
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        subscription: m.metadata(protocol),
        assignment: assignment.get(m.memberId) ?? Buffer.alloc(0),
      };
    });
    return {
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol,
      leader: group.leaderId,
      currentStateTimestamp: group.currentStateTimestamp ?? -1,
      members,
    };
  }

  /**
   * Appends the commits and, once acknowledged, makes them the group's committed offsets. Commits
   * whose metadata exceeds offset.metadata.max.bytes get OFFSET_METADATA_TOO_LARGE. With `txn`
   * (TxnOffsetCommit) they are written in the producer's transaction and, acknowledged, wait in
   * the group for the transaction's end instead.
   */
  async storeOffsets(group: GroupMetadata, offsets: TopicPartitionMap<OffsetAndMetadata>, txn: TxnProducer | null = null): Promise<TopicPartitionMap<number>> {
    const results = new TopicPartitionMap<number>();
    const valid = [...offsets].filter(([, o]) => Buffer.byteLength(o.metadata) <= this.config.offsetMetadataMaxBytes);
    const answer = (code: number) => {
      for (const [tp, o] of offsets) results.set(tp, Buffer.byteLength(o.metadata) <= this.config.offsetMetadataMaxBytes ? code : ErrorCode.OFFSET_METADATA_TOO_LARGE);
      return results;
    };
    if (valid.length === 0) return answer(ErrorCode.OFFSET_METADATA_TOO_LARGE);
    const partition = this.partitionFor(group.groupId);
    if (this.offsetsLog.leaderLog(partition) === null) return answer(ErrorCode.NOT_COORDINATOR);

    if (!group.hasReceivedConsistentOffsetCommits) {
      this.logger.warn(`group: ${group.groupId} with leader: ${group.leaderId} has received offset commits from consumers as well as transactional producers. Mixing both types of offset commits will generally result in surprises and should be avoided.`);
    }
    const batch = this.offsetCommitBatch(
      valid.map(([tp, o]) => ({ key: encodeOffsetCommitKey(group.groupId, tp.topic, tp.partition), value: encodeOffsetCommitValue(o) })),
      txn,
    );
    if (txn === null) group.prepareOffsetCommit(valid);
    else {
      this.openGroupsForProducer.add(txn.producerId, group.groupId);
      group.prepareTxnOffsetCommit(txn.producerId, valid);
    }
    const result = await this.offsetsLog.append(partition, batch, this.config.offsetCommitRequiredAcks, this.config.offsetCommitTimeoutMs);
    if (!group.is('Dead')) {
      if (txn === null) this.onOffsetsAppended(group, valid, result);
      else this.onTxnOffsetsAppended(group, txn.producerId, valid, result);
    }
    return answer(storeOffsetsError(result.errorCode));
  }

  private onOffsetsAppended(group: GroupMetadata, offsets: Array<[TopicPartition, OffsetAndMetadata]>, result: AppendResult): void {
    for (const [tp, o] of offsets) {
      if (result.errorCode === ErrorCode.NONE) group.onOffsetCommitAppend(tp, { appendedBatchOffset: result.baseOffset, offsetAndMetadata: o });
      else group.failPendingOffsetWrite(tp, o);
    }
  }

  private onTxnOffsetsAppended(group: GroupMetadata, producerId: number, offsets: Array<[TopicPartition, OffsetAndMetadata]>, result: AppendResult): void {
    if (result.errorCode === ErrorCode.NONE) {
      for (const [tp, o] of offsets) group.onTxnOffsetCommitAppend(producerId, tp, { appendedBatchOffset: result.baseOffset, offsetAndMetadata: o });
      return;
    }
    for (const [tp] of offsets) group.failPendingTxnOffsetCommit(producerId, tp);
    // Kafka 2.4.1 looks before failing the offsets, so its index keeps the group until a marker;
    // looking after forgets it as soon as nothing of the producer is pending, which is what it means.
    if (!group.hasPendingOffsetCommitsFromProducer(producerId)) this.openGroupsForProducer.remove(producerId, group.groupId);
  }

  /**
   * The producer's COMMIT or ABORT marker is in these offsets partitions: complete its pending
   * offsets in every group of ours there (Kafka's handleTxnCompletion). A group that moved away
   * meanwhile is completed by its new coordinator, which replays the marker.
   */
  handleTxnCompletion(producerId: number, completedPartitions: ReadonlySet<number>, isCommit: boolean): void {
    for (const groupId of this.openGroupsForProducer.groupsOf(producerId)) {
      if (!completedPartitions.has(this.partitionFor(groupId))) continue;
      const group = this.groups.get(groupId);
      if (group === undefined) {
        this.logger.info(`Group ${groupId} has moved away from ${this.config.brokerId} after transaction marker was written but before the cache was updated. The cache on the new group owner will be updated instead.`);
        continue;
      }
      if (group.is('Dead')) continue;
      const unappended = group.completePendingTxnOffsetCommit(producerId, isCommit);
      if (unappended.length > 0) {
        this.logger.error(`Trying to complete a transactional offset commit for producerId ${producerId} and groupId ${groupId} even though the offset commit record itself hasn't been appended to the log: ${unappended.map(tpString).join(', ')} left out`);
      }
      this.openGroupsForProducer.remove(producerId, groupId);
    }
  }

  /** Committed offsets of the group (all of them when `partitions` is null); unknown ones are -1. */
  getOffsets(groupId: string, partitions: TopicPartition[] | null): Array<[TopicPartition, FetchedOffset]> {
    const group = this.groups.get(groupId);
    if (group === undefined || group.is('Dead')) return (partitions ?? []).map((tp) => [tp, INVALID_OFFSET]);
    const fetched = (o: OffsetAndMetadata): FetchedOffset => ({ offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: ErrorCode.NONE });
    if (partitions === null) return [...group.offsets].map(([tp, record]) => [tp, fetched(record.offsetAndMetadata)]);
    return partitions.map((tp) => {
      const o = group.offset(tp);
      return [tp, o === undefined ? INVALID_OFFSET : fetched(o)];
    });
  }

  /**
   * Removes offsets chosen by `selector` from each group, marks groups left Empty with no offsets
   * Dead, and writes tombstones for both (the group's only if it ever had a generation). Returns
   * how many offsets were removed.
   */
  cleanupGroupMetadata(groups: Iterable<GroupMetadata>, selector: (g: GroupMetadata) => Array<[TopicPartition, OffsetAndMetadata]>): number {
    let removedCount = 0;
    for (const group of groups) {
      const removed = selector(group);
      if (group.is('Empty') && !group.hasOffsets) {
        this.logger.info(`Group ${group.groupId} transitioned to Dead in generation ${group.generationId}`);
        group.transitionTo('Dead', this.clock.now());
      }
      const partition = this.partitionFor(group.groupId);
      if (this.offsetsLog.leaderLog(partition) === null) {
        this.logger.info(`BrokerId ${this.config.brokerId} is no longer a coordinator for the group ${group.groupId}. Proceeding cleanup for other alive groups`);
        continue;
      }
      const tombstones: Array<Pick<RecordInput, 'key' | 'value'>> = removed.map(([tp]) => ({
        key: encodeOffsetCommitKey(group.groupId, tp.topic, tp.partition),
        value: null,
      }));
      if (group.is('Dead') && this.groups.get(group.groupId) === group) {
        this.groups.delete(group.groupId);
        if (group.generationId > 0) tombstones.push({ key: encodeGroupMetadataKey(group.groupId), value: null });
      }
      if (tombstones.length === 0) continue;
      // Like Kafka, tombstones are appended without waiting for replication (acks=0).
      this.offsetsLog.append(partition, this.timestampedBatch(tombstones), 0, this.config.offsetCommitTimeoutMs).then(
        (r) => {
          if (r.errorCode !== ErrorCode.NONE) this.logger.error(`Failed to append ${tombstones.length} tombstones to ${GROUP_METADATA_TOPIC_NAME}-${partition} for group ${group.groupId}: ${errorName(r.errorCode)}`);
        },
        (error: Error) => this.logger.error(`Failed to append tombstones for group ${group.groupId}: ${error.message}`),
      );
      removedCount += removed.length;
    }
    return removedCount;
  }

  cleanupExpiredOffsets(): number {
    const started = this.clock.now();
    const removed = this.cleanupGroupMetadata(this.currentGroups(), (g) => g.removeExpiredOffsets(started, this.config.offsetsRetentionMs));
    this.logger.info(`Removed ${removed} expired offsets in ${this.clock.now() - started} milliseconds.`);
    return removed;
  }

  // ---- leadership of offsets partitions

  /**
   * This broker now leads the offsets partition: replay its log into the cache, in chunks so
   * requests keep flowing; groups of the partition answer COORDINATOR_LOAD_IN_PROGRESS until done.
   */
  scheduleLoadGroupAndOffsets(partition: number, onGroupLoaded: (g: GroupMetadata) => void): void {
    const attempt = ++this.loadAttempts;
    this.loadingPartitions.set(partition, attempt);
    this.logger.info(`Scheduling loading of offsets and group metadata from ${GROUP_METADATA_TOPIC_NAME}-${partition}`);
    setImmediate(() => void this.loadGroupsAndOffsets(partition, attempt, onGroupLoaded));
  }

  private stillLoading(partition: number, attempt: number): boolean {
    return this.loadingPartitions.get(partition) === attempt;
  }

  private async loadGroupsAndOffsets(partition: number, attempt: number, onGroupLoaded: (g: GroupMetadata) => void): Promise<void> {
    const started = this.clock.now();
    const name = `${GROUP_METADATA_TOPIC_NAME}-${partition}`;
    try {
      const log = this.offsetsLog.leaderLog(partition);
      if (log === null) {
        this.logger.warn(`Attempted to load offsets and group metadata from ${name}, but this broker no longer leads it`);
        return;
      }
      const replay = new OffsetsPartitionReplay();
      let offset = log.logStartOffset;
      // The end is read again after every chunk (Kafka's logEndOffset is a def): a transaction
      // marker appended while loading must be replayed, since its completion found no group yet.
      while (offset < log.logEndOffset) {
        if (!this.stillLoading(partition, attempt)) return;
        const { records } = log.read(offset, this.config.offsetsLoadBufferSize, { minOneBatch: true });
        if (records.length === 0) break;
        replay.apply(records);
        offset = replay.nextOffset;
        // Let requests in between chunks: a big partition must not stall the broker.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!this.stillLoading(partition, attempt)) return;
      this.installLoaded(partition, replay, onGroupLoaded);
      this.logger.info(`Finished loading offsets and group metadata from ${name} in ${this.clock.now() - started} milliseconds.`);
    } catch (error) {
      this.logger.error(`Error loading offsets from ${name}: ${(error as Error).stack ?? error}`);
    } finally {
      if (this.stillLoading(partition, attempt)) {
        this.loadingPartitions.delete(partition);
        this.ownedPartitions.add(partition);
      }
    }
  }

  private installLoaded(partition: number, replay: OffsetsPartitionReplay, onGroupLoaded: (g: GroupMetadata) => void): void {
    const now = this.clock.now();
    const pendingByGroup = pendingOffsetsByGroup(replay);
    const groupIds = new Set([...replay.groups.keys(), ...replay.offsets.keys(), ...pendingByGroup.keys()]);
    for (const groupId of groupIds) {
      if (this.partitionFor(groupId) !== partition) continue;
      const stored = replay.groups.get(groupId);
      const group = stored === undefined ? new GroupMetadata(groupId, 'Empty', now) : groupFromRecord(groupId, stored, now);
      const offsets: Iterable<[TopicPartition, CommitRecord]> = replay.offsets.get(groupId) ?? [];
      const pending = pendingByGroup.get(groupId);
      // Offsets before the group goes into the cache, so nobody sees it half loaded.
      group.initializeOffsets(offsets, pending);
      for (const producerId of pending?.keys() ?? []) this.openGroupsForProducer.add(producerId, groupId);
      const cached = this.addGroup(group);
      if (cached !== group) {
        this.logger.warn(`Attempt to load group ${groupId} from log with generation ${group.generationId} failed because there is already a cached group with generation ${cached.generationId}`);
        continue;
      }
      onGroupLoaded(group);
    }
  }

  /** Leadership of the offsets partition moved away: drop its groups (each is told first). */
  removeGroupsForPartition(partition: number, onGroupUnloaded: (g: GroupMetadata) => void): void {
    this.logger.info(`Scheduling unloading of offsets and group metadata from ${GROUP_METADATA_TOPIC_NAME}-${partition}`);
    this.loadingPartitions.delete(partition);
    this.ownedPartitions.delete(partition);
    let groups = 0;
    let offsets = 0;
    for (const group of this.currentGroups()) {
      if (this.partitionFor(group.groupId) !== partition) continue;
      onGroupUnloaded(group);
      this.groups.delete(group.groupId);
      this.openGroupsForProducer.removeGroup(group.groupId);
      groups++;
      offsets += group.offsets.size;
    }
    this.logger.info(`Finished unloading ${GROUP_METADATA_TOPIC_NAME}-${partition}. Removed ${offsets} cached offsets and ${groups} cached groups.`);
  }

  isPartitionOwnedOrLoading(partition: number): boolean {
    return this.ownedPartitions.has(partition) || this.loadingPartitions.has(partition);
  }
}

/** The replay's open transactions turned around: group -> producer id -> pending offsets. */
function pendingOffsetsByGroup(replay: OffsetsPartitionReplay): Map<string, Map<number, TopicPartitionMap<CommitRecord>>> {
  const byGroup = new Map<string, Map<number, TopicPartitionMap<CommitRecord>>>();
  for (const [producerId, groups] of replay.pendingOffsets) {
    for (const [groupId, offsets] of groups) {
      if (offsets.size === 0) continue;
      let producers = byGroup.get(groupId);
      if (producers === undefined) byGroup.set(groupId, (producers = new Map()));
      producers.set(producerId, offsets);
    }
  }
  return byGroup;
}

/** A group as its last metadata record describes it: Empty without members, else Stable. */
function groupFromRecord(groupId: string, stored: StoredGroup, now: number): GroupMetadata {
  const group = new GroupMetadata(groupId, stored.members.length === 0 ? 'Empty' : 'Stable', now);
  group.generationId = stored.generation;
  group.protocolType = stored.protocolType === '' ? null : stored.protocolType;
  group.protocolName = stored.protocol;
  group.leaderId = stored.leader;
  group.currentStateTimestamp = stored.currentStateTimestamp === -1 ? null : stored.currentStateTimestamp;
  for (const m of stored.members) {
    const member = new MemberMetadata(
      m.memberId,
      groupId,
      m.groupInstanceId,
      m.clientId,
      m.clientHost,
      m.rebalanceTimeoutMs,
      m.sessionTimeoutMs,
      stored.protocolType,
      [{ name: stored.protocol ?? '', metadata: m.subscription }],
    );
    member.assignment = m.assignment;
    group.add(member);
    group.addStaticMember(m.groupInstanceId, m.memberId);
  }
  group.subscribedTopics = group.computeSubscribedTopics();
  return group;
}
