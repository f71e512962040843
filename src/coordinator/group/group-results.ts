// What the coordinator answers to JoinGroup and SyncGroup (Kafka's JoinGroupResult /
// SyncGroupResult), and the constants Kafka uses for "no generation / protocol / leader".

export const NO_GENERATION = -1;
export const NO_PROTOCOL = '';
export const NO_LEADER = '';
export const UNKNOWN_MEMBER_ID = '';

export interface JoinGroupResultMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  /** All members' metadata for the leader; empty for everyone else. */
  members: JoinGroupResultMember[];
  memberId: string;
  generationId: number;
  protocolName: string;
  leaderId: string;
  errorCode: number;
}

export interface SyncGroupResult {
  assignment: Buffer;
  errorCode: number;
}

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return { members: [], memberId, generationId: NO_GENERATION, protocolName: NO_PROTOCOL, leaderId: NO_LEADER, errorCode };
}
