// reassignment: moving a partition's replicas, the ZooKeeper way kafka-reassign-partitions
// --zookeeper --execute uses (/admin/reassign_partitions). The controller first widens the
// replica set to old + new (adding_replicas / removing_replicas in the topic znode), starts the new
// replica with LeaderAndIsr, waits until the leader has it in the ISR, elects a leader from the
// target set if the current one is leaving, narrows the replica set to the target, stops and
// deletes the removed replica (StopReplica with delete) and deletes the znode.

import type { Lab } from './lab';
import { createLabTopic, describePartition, listSome, missingWrites, readPartition, sameMembers, SequenceProducer, withZooKeeper } from './lab-support';

const TOPIC = 'moving';
const FROM = [1, 2];
const TO = [2, 3];
const WRITES = 100;

export const reassignment: Lab = {
  name: 'reassignment',
  title: 'Partition reassignment through /admin/reassign_partitions',
  summary:
    'Moves a partition from brokers [1,2] to [2,3] by writing /admin/reassign_partitions: the new replica is added and catches up into the ISR, leadership leaves broker 1 by a reassignment election, broker 1\'s replica is stopped and deleted, and every record is on the new replicas.',
  brokerProperties: {},
  async run(ctx) {
    ctx.step(`Creating topic ${TOPIC}: one partition on brokers [${FROM.join(',')}], led by broker ${FROM[0]}, and writing ${WRITES} records with acks=all.`);
    await createLabTopic(ctx, { topic: TOPIC, assignment: [FROM] });
    const producer = new SequenceProducer(ctx, TOPIC, 0, -1);
    await producer.connect();
    for (let i = 0; i < WRITES; i++) await producer.sendOne();
    await producer.close();
    ctx.check(`${WRITES} writes acknowledged`, producer.acknowledged.length === WRITES, `${producer.acknowledged.length} acknowledged; ${producer.failureSummary()}`);
    const before = ctx.partition(TOPIC, 0);

    ctx.step(
      `Writing /admin/reassign_partitions = {"version":1,"partitions":[{"topic":"${TOPIC}","partition":0,"replicas":[${TO.join(',')}]}]}, as kafka-reassign-partitions --zookeeper --execute does. ` +
        `The controller watches that path. It writes the topic znode with replicas [${[...TO, ...FROM.filter((r) => !TO.includes(r))].join(',')}] (target first, then the leaving ones), adding_replicas [${TO.filter((r) => !FROM.includes(r)).join(',')}] and removing_replicas [${FROM.filter((r) => !TO.includes(r)).join(',')}], ` +
        `bumps the leader epoch and sends LeaderAndIsr so broker ${TO.filter((r) => !FROM.includes(r)).join(',')} starts fetching. When the leader adds it to the ISR, the controller sees it (the ISR change), ` +
        `elects a leader from the target replicas since broker ${FROM[0]} leaves (a reassignment election: broker ${TO[0]}), writes the final assignment [${TO.join(',')}], sends StopReplica (delete) to broker ${FROM.filter((r) => !TO.includes(r)).join(',')} and deletes /admin/reassign_partitions.`,
    );
    const started = ctx.mark();
    await withZooKeeper(ctx, (zk) => zk.createPartitionReassignment([{ topic: TOPIC, partition: 0, replicas: TO }]));
    const added = TO.filter((r) => !FROM.includes(r));
    const removed = FROM.filter((r) => !TO.includes(r));
    await ctx.expectEvent('the observatory sees /admin/reassign_partitions created', (e) => e.kind === 'reassignment-started', 10_000, started);
    await ctx.expectEvent(
      `the controller starts broker ${added.join(',')}'s new replica (LeaderAndIsr)`,
      (e) => e.kind === 'request-sent' && e.request === 'LeaderAndIsr' && e.topic === TOPIC && added.includes(e.broker as number),
      10_000,
      started,
      (e) => e.message,
    );
    await ctx.expectEvent(
      `the leader adds broker ${added.join(',')} to the ISR once it caught up`,
      (e) => e.kind === 'isr-expand' && e.topic === TOPIC && Array.isArray(e.replicas) && added.every((r) => (e.replicas as number[]).includes(r)),
      20_000,
      started,
      (e) => `${e.message}`,
    );
    await ctx.expectEvent(
      `a reassignment election moves leadership to broker ${TO[0]}`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.election === 'reassignment' && e.leader === TO[0],
      20_000,
      started,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)}, ISR [${(e.isr as number[]).join(',')}]`,
    );
    await ctx.expectEvent(
      `the controller stops and deletes broker ${removed.join(',')}'s replica (StopReplica)`,
      (e) => e.kind === 'request-sent' && e.request === 'StopReplica' && removed.includes(e.broker as number) && (e.deletePartitions === true || /delete=true/.test(e.message)),
      20_000,
      started,
      (e) => e.message,
    );
    await ctx.expectEvent('the controller deletes /admin/reassign_partitions: the reassignment is complete', (e) => e.kind === 'reassignment-completed', 20_000, started);
    const after = await ctx.expectState(
      `${TOPIC}-0 has replicas [${TO.join(',')}], leader ${TO[0]}, ISR {${TO.join(',')}} and nothing adding or removing`,
      (s) => {
        const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
        return p !== undefined && p.replicas.join() === TO.join() && p.leader === TO[0] && sameMembers(p.isr, TO) && p.addingReplicas.length === 0 && p.removingReplicas.length === 0;
      },
      15_000,
      (s) => describePartition(s.partitions.find((p) => p.topic === TOPIC)),
    );
    if (after !== null) {
      const p = after.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
      ctx.note(`Before: ${describePartition(before)}. After: ${describePartition(p)}.`);
    }
    const records = await readPartition(ctx, TOPIC, 0, TO[0]);
    const missing = missingWrites(producer.acknowledged, records);
    ctx.check(`all ${WRITES} records are on the new leader, broker ${TO[0]}`, missing.length === 0, missing.length === 0 ? `${records.length} records read back` : `missing: ${listSome(missing)}`);
    await ctx.expectState(
      `the new replica on broker ${added.join(',')} has the whole log (log end offset ${records.length})`,
      (s) => {
        const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
        return p !== undefined && added.every((r) => p.logEndOffsets[String(r)] === records.length);
      },
      10_000,
      (s) => JSON.stringify(s.partitions.find((p) => p.topic === TOPIC)?.logEndOffsets),
    );
  },
};
