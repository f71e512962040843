// unclean-election: the trade between availability and durability. A partition on two brokers
// loses its follower (the controller takes it out of the ISR), keeps acknowledging writes with an
// ISR of one (min.insync.replicas=1), then loses its leader too. The follower comes back: it is
// alive but not in the ISR. With unclean.leader.election.enable=false the partition stays offline
// (leader -1); turned on for the topic, the controller elects the out-of-sync replica and every
// write acknowledged after the follower died is gone, even from the old leader once it returns.

import type { Lab } from './lab';
import { alterTopicConfigs, brokerRoles, createLabTopic, describePartition, listSome, missingWrites, readPartition, SequenceProducer } from './lab-support';

const TOPIC = 'payments';
const PHASE_WRITES = 40;

export const uncleanElection: Lab = {
  name: 'unclean-election',
  title: 'Unclean leader election: offline, or acknowledged writes lost',
  summary:
    'The only in-sync replica dies while an out-of-sync one is alive: with unclean.leader.election.enable=false the partition stays offline (leader -1); enabled for the topic, the out-of-sync replica becomes leader and the lab counts the acknowledged writes that are lost.',
  brokerProperties: { 'unclean.leader.election.enable': 'false' },
  async run(ctx) {
    const t = ctx.sessionTimeoutMs;
    const { controller, others } = brokerRoles(ctx.state());
    const [leader, follower] = others;
    ctx.step(
      `Creating topic ${TOPIC}: one partition on brokers [${leader},${follower}] (leader ${leader}; the controller, broker ${controller}, holds no replica so it outlives both), ` +
        `min.insync.replicas=1 (the default): acks=all waits for the whole ISR, however small it has become.`,
    );
    await createLabTopic(ctx, { topic: TOPIC, assignment: [[leader, follower]] });
    const producer = new SequenceProducer(ctx, TOPIC, 0, -1);
    await producer.connect();
    for (let i = 0; i < PHASE_WRITES; i++) await producer.sendOne();
    const replicated = [...producer.acknowledged];
    ctx.note(`${replicated.length} writes acknowledged with ISR [${leader},${follower}]: both replicas have them.`);

    ctx.step(
      `Killing broker ${follower}, the follower (kill -9). When its session expires (zookeeper.session.timeout.ms=${t}) the controller moves its replica to OfflineReplica, which takes it out of the ISR: ISR [${leader}]. ` +
        `The leader goes on acknowledging acks=all writes alone, because the ISR (1) is not below min.insync.replicas (1).`,
    );
    await ctx.fault('kill', follower);
    await ctx.expectState(`the controller shrinks the ISR to [${leader}]`, (s) => {
      const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
      return p !== undefined && p.leader === leader && p.isr.length === 1;
    }, t + 15_000, (s) => describePartition(s.partitions.find((p) => p.topic === TOPIC)));
    const fromPhaseB = producer.acknowledged.length;
    for (let i = 0; i < PHASE_WRITES; i++) await producer.sendOne();
    const onlyOnLeader = producer.acknowledged.slice(fromPhaseB);
    ctx.note(`${onlyOnLeader.length} more writes acknowledged with ISR [${leader}]: only broker ${leader} has them.`);

    ctx.step(
      `Killing broker ${leader}, the last in-sync replica. When its session expires the controller finds no live replica in the ISR: with unclean.leader.election.enable=false it may not elect another, ` +
        `so it writes leader -1 (the ISR stays [${leader}], the last one known to have everything): the partition is offline. Then broker ${follower} comes back: alive, but not in the ISR.`,
    );
    const leaderKilled = ctx.mark();
    await ctx.fault('kill', leader);
    await ctx.expectEvent(
      `${TOPIC}-0 goes offline`,
      (e) => (e.kind === 'partition-offline' && e.topic === TOPIC) || (e.kind === 'replica-state-change' && e.topic === TOPIC && e.to === 'OfflineReplica' && e.replica === leader),
      t + 15_000,
      leaderKilled,
    );
    await ctx.expectState(`${TOPIC}-0 has leader -1 with ISR [${leader}]`, (s) => {
      const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
      return p !== undefined && p.leader === -1 && p.isr.length === 1 && p.isr[0] === leader;
    }, 10_000, (s) => describePartition(s.partitions.find((p) => p.topic === TOPIC)));
    const restarted = ctx.mark();
    await ctx.fault('restart', follower);
    await ctx.expectEvent(`broker ${follower} registers again`, (e) => e.kind === 'broker-registered' && e.broker === follower, 20_000, restarted);
    // The controller tries the offline partitions again on every broker change, and refuses.
    await ctx.expectEvent(
      `the controller tries ${TOPIC}-0 again on the broker change, and refuses`,
      (e) => /failed to elect a leader/i.test(e.message) && e.message.includes(`${TOPIC}-0`),
      10_000,
      restarted,
    );
    await ctx.sleep(1_000);
    const stillOffline = ctx.partition(TOPIC, 0);
    ctx.check(
      `with unclean.leader.election.enable=false, ${TOPIC}-0 stays offline although broker ${follower} is alive`,
      stillOffline?.leader === -1 && ctx.eventsSince(leaderKilled, (e) => e.kind === 'leader-elected' && e.topic === TOPIC).length === 0,
      describePartition(stillOffline),
    );
    const refused = await producer.sendOne(3_000);
    ctx.check('a write to the offline partition is refused', !refused, `the producer got ${[...producer.failures.keys()].join(', ') || 'no error'}`);

    ctx.step(
      `Turning unclean.leader.election.enable on for topic ${TOPIC} (what kafka-configs --alter --entity-type topics --entity-name ${TOPIC} --add-config unclean.leader.election.enable=true does; an AlterConfigs request to the controller): ` +
        `the broker writes /config/topics/${TOPIC} and a /config/changes notification; the controller sees the topic's new setting and runs an unclean election: broker ${follower}, out of sync, becomes leader with ISR [${follower}]. ` +
        `It has only the first ${replicated.length} writes: the ${onlyOnLeader.length} acknowledged after it died are lost.`,
    );
    const enabled = ctx.mark();
    try {
      await alterTopicConfigs(ctx, TOPIC, { 'unclean.leader.election.enable': 'true' });
    } catch (error) {
      ctx.check('AlterConfigs accepts unclean.leader.election.enable=true', false, (error as Error).message);
    }
    await ctx.expectEvent(
      `controller ${controller} elects broker ${follower} by an unclean election`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === 0 && e.election === 'unclean' && e.leader === follower,
      15_000,
      enabled,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)}, ISR [${(e.isr as number[]).join(',')}]; cause: ${String(e.cause)}`,
    );
    await ctx.waitForState((s) => s.partitions.some((p) => p.topic === TOPIC && p.leader === follower), 10_000);
    const records = await readPartition(ctx, TOPIC, 0, follower);
    const lost = missingWrites(producer.acknowledged, records);
    ctx.note(`Acknowledged: ${producer.acknowledged.length}. Read back from broker ${follower}: ${records.length}. Lost: ${lost.length} (${listSome(lost)}).`);
    ctx.check(`the ${replicated.length} writes both replicas had survive`, missingWrites(replicated, records).length === 0, `${replicated.length - missingWrites(replicated, records).length} of ${replicated.length} read back`);
    ctx.check(
      `exactly the ${onlyOnLeader.length} writes acknowledged with ISR [${leader}] are lost`,
      lost.length === onlyOnLeader.length && lost.every((n) => onlyOnLeader.includes(n)),
      `${lost.length} acknowledged writes lost`,
    );

    ctx.step(
      `Starting broker ${leader} again, the old leader that still has those ${onlyOnLeader.length} writes on disk. It becomes a follower of broker ${follower}, asks it for its end offset at its leader epoch (OffsetsForLeaderEpoch) ` +
        `and truncates its log to it: the lost writes are gone from every replica, and a different history continues from there.`,
    );
    const back = ctx.mark();
    await ctx.fault('restart', leader);
    await ctx.expectEvent(`broker ${leader} rejoins the ISR of the new leader`, (e) => e.kind === 'isr-expand' && e.topic === TOPIC && Array.isArray(e.replicas) && e.replicas.includes(leader), 25_000, back);
    await ctx.expectState(
      `broker ${leader}'s log end offset is the new leader's (${records.length}): it truncated the lost writes away`,
      (s) => {
        const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
        return p !== undefined && p.logEndOffsets[String(leader)] === records.length;
      },
      10_000,
      (s) => JSON.stringify(s.partitions.find((p) => p.topic === TOPIC)?.logEndOffsets),
    );
  },
};
