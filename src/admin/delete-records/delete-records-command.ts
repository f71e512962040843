// Kafka 2.4.1's DeleteRecordsCommand (bin/kafka-delete-records) without the process plumbing: the
// offset JSON file (`{"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}`), then
// DeleteRecords to each partition's leader, as the Java AdminClient sends it, and one line per
// partition — `partition: t-0<TAB>low_watermark: 3` or `partition: t-0<TAB>error: <exception>` —
// in the order of the HashMap the admin client answers with.

import { readFileSync } from 'node:fs';
import { javaHashOrder, scalaImmutableOrder, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { tpString, type TopicPartition } from '../../common/topic-partition';
import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import { parseBrokerList, type HostPort } from '../common/broker-list';
import { brokerAddress, withConnection } from '../common/broker-requests';
import { AdminCommandFailedException, AdminOperationException, javaApiExceptionString } from '../common/kafka-exceptions';

const CLIENT_ID = 'kafka-delete-records';
const TIMEOUT_MS = 30_000;

export interface RecordsToDelete {
  tp: TopicPartition;
  offset: number;
}

/** DeleteRecordsCommand.parseOffsetJsonStringWithoutDedup. */
export function parseOffsetJson(text: string): RecordsToDelete[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdminOperationException('The input string is not a valid JSON');
  }
  const obj = json as { version?: unknown; partitions?: unknown };
  const version = obj.version ?? 1;
  if (version !== 1) throw new AdminOperationException(`Not supported version field value ${String(version)}`);
  if (!Array.isArray(obj.partitions)) throw new AdminOperationException('Missing partitions field');
  return obj.partitions.map((p: { topic: string; partition: number; offset: number }) => ({ tp: { topic: p.topic, partition: p.partition }, offset: p.offset }));
}

export type Outcome = { lowWatermark: number } | { error: string };

/** What the Java AdminClient's deleteRecords answers: metadata for the leaders, then DeleteRecords v1 to each. */
async function deleteRecords(bootstrap: readonly HostPort[], entries: readonly RecordsToDelete[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const topics = [...new Set(entries.map((e) => e.tp.topic))];
  const metadata = await withConnection(bootstrap[0]!, CLIENT_ID, TIMEOUT_MS, (c) =>
    c.send(Apis.Metadata, 5, { topics: topics.map((name) => ({ name })), allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }),
  );
  const fail = (e: RecordsToDelete, errorCode: number) => outcomes.set(tpString(e.tp), { error: javaApiExceptionString(errorName(errorCode), null) });
  const byLeader = new Map<number, RecordsToDelete[]>();
  for (const e of entries) {
    const topic = metadata.topics.find((t) => t.name === e.tp.topic);
    if (topic === undefined || topic.errorCode !== ErrorCode.NONE) {
      fail(e, topic?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      continue;
    }
    const leader = topic.partitions.find((p) => p.partitionIndex === e.tp.partition)?.leaderId ?? -1;
    if (leader < 0) fail(e, ErrorCode.LEADER_NOT_AVAILABLE);
    else byLeader.set(leader, [...(byLeader.get(leader) ?? []), e]);
  }
  for (const [leader, forLeader] of byLeader) {
    const response = await withConnection(brokerAddress(metadata, leader, bootstrap), CLIENT_ID, TIMEOUT_MS, (c) =>
      c.send(Apis.DeleteRecords, 1, {
        topics: [...new Set(forLeader.map((e) => e.tp.topic))].map((name) => ({
          name,
          partitions: forLeader.filter((e) => e.tp.topic === name).map((e) => ({ partitionIndex: e.tp.partition, offset: BigInt(e.offset) })),
        })),
        timeoutMs: TIMEOUT_MS,
      }),
    );
    for (const t of response.topics) {
      for (const p of t.partitions) {
        const key = tpString({ topic: t.name, partition: p.partitionIndex });
        outcomes.set(key, p.errorCode === ErrorCode.NONE ? { lowWatermark: Number(p.lowWatermark) } : { error: javaApiExceptionString(errorName(p.errorCode), null) });
      }
    }
  }
  return outcomes;
}

/** DeleteRecordsCommand.execute: prints through `out`; throws Kafka's exceptions for a bad file. */
export async function runDeleteRecordsCommand(bootstrapServer: string, offsetJsonFile: string, out: (line: string) => void): Promise<void> {
  const bootstrap = parseBrokerList(bootstrapServer);
  const entries = parseOffsetJson(readFileSync(offsetJsonFile, 'utf8'));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const e of entries) (seen.has(tpString(e.tp)) ? duplicates : seen).add(tpString(e.tp));
  if (duplicates.size > 0) throw new AdminCommandFailedException(`Offset json file contains duplicate topic partitions: ${[...duplicates].join(',')}`);
  out('Executing records delete operation');
  const outcomes = await deleteRecords(bootstrap, entries);
  out('Records delete operation completed:');
  // The tool's Scala Map becomes the admin client's HashMap of futures (sized for it), which the
  // result copies into a new HashMap (sized for a copy): that copy's order is the printed one.
  const hash = (e: RecordsToDelete) => topicPartitionHash(e.tp);
  const futures = javaHashOrder(scalaImmutableOrder(entries, hash, (e) => tpString(e.tp)), hash, entries.length);
  for (const e of javaHashOrder(futures, hash, Math.floor(futures.length / 0.75) + 1)) {
    const outcome = outcomes.get(tpString(e.tp))!;
    out('lowWatermark' in outcome ? `partition: ${tpString(e.tp)}\tlow_watermark: ${outcome.lowWatermark}` : `partition: ${tpString(e.tp)}\terror: ${outcome.error}`);
  }
}
