// Consumer groups as the brokers tell them over the Kafka protocol (works on Kafka 2.x too):
// ListGroups on every broker (each lists the groups it coordinates), DescribeGroups for state and
// members, OffsetFetch for committed offsets; lag against the high watermarks already read.
// DescribeGroups has no generation field in Kafka 2.4, so generation stays null.

import { decodeConsumerAssignment } from '../coordinator/group/consumer-protocol';
import { Apis } from '../protocol/generated';
import type { BrokerView, GroupMemberView, GroupView } from './api-types';
import type { BrokerConnections } from './broker-connections';

function assignmentOf(protocolType: string, bytes: Buffer): GroupMemberView['assignment'] {
  if (protocolType !== 'consumer' || bytes.length === 0) return [];
  try {
    return decodeConsumerAssignment(bytes).partitions.map((t) => ({ topic: t.topic, partitions: [...t.partitions].sort((a, b) => a - b) }));
  } catch {
    return [];
  }
}

async function groupsOn(connections: BrokerConnections, broker: BrokerView, highWatermarks: ReadonlyMap<string, number | null>): Promise<GroupView[]> {
  return connections.use(broker.host, broker.port, async (c) => {
    const listed = await c.send(Apis.ListGroups, 0, {});
    if (listed.errorCode !== 0 || listed.groups.length === 0) return [];
    const described = await c.send(Apis.DescribeGroups, 0, { groups: listed.groups.map((g) => g.groupId), includeAuthorizedOperations: false });
    return Promise.all(
      described.groups
        .filter((g) => g.errorCode === 0)
        .map(async (g) => {
          const fetched = await c.send(Apis.OffsetFetch, 2, { groupId: g.groupId, topics: null });
          const offsets = fetched.topics.flatMap((t) =>
            t.partitions
              .filter((p) => p.errorCode === 0 && p.committedOffset >= 0n)
              .map((p) => {
                const committed = Number(p.committedOffset);
                const highWatermark = highWatermarks.get(`${t.name}-${p.partitionIndex}`) ?? null;
                return { topic: t.name, partition: p.partitionIndex, committed, highWatermark, lag: highWatermark === null ? null : Math.max(0, highWatermark - committed) };
              }),
          );
          offsets.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
          return {
            groupId: g.groupId,
            state: g.groupState,
            protocolType: g.protocolType,
            protocol: g.protocolData,
            generation: null,
            coordinator: broker.id,
            members: g.members.map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: assignmentOf(g.protocolType, m.memberAssignment) })),
            offsets,
          };
        }),
    );
  });
}

export async function readGroups(connections: BrokerConnections, brokers: BrokerView[], highWatermarks: ReadonlyMap<string, number | null>): Promise<GroupView[]> {
  const perBroker = await Promise.all(brokers.filter((b) => b.alive).map((b) => groupsOn(connections, b, highWatermarks).catch(() => [] as GroupView[])));
  return perBroker.flat().sort((a, b) => (a.groupId < b.groupId ? -1 : 1));
}
