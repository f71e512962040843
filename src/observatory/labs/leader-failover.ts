// leader-failover: acks=all with min.insync.replicas=2 while leaders die. A producer writes a
// numbered sequence; the partition's leader is killed (kill -9), the controller elects another
// in-sync replica, the producer carries on; then that leader dies too, and the last replica,
// alone in the ISR, refuses acks=all writes (NOT_ENOUGH_REPLICAS) rather than acknowledge what
// only one copy holds. Reading the partition back finds every acknowledged number.

import type { Lab } from './lab';
import { brokerRoles, createLabTopic, describePartition, duplicateCount, listSome, missingWrites, readPartition, SequenceProducer } from './lab-support';

const TOPIC = 'orders';

export const leaderFailover: Lab = {
  name: 'leader-failover',
  title: 'Leader failover under acks=all, min.insync.replicas=2',
  summary:
    'Produces a numbered sequence with acks=all to a topic with min.insync.replicas=2 while its leader is killed: the controller elects another in-sync replica and no acknowledged write is lost; with a second leader gone the last replica refuses writes with NOT_ENOUGH_REPLICAS.',
  brokerProperties: {},
  async run(ctx) {
    const t = ctx.sessionTimeoutMs;
    const { controller, others } = brokerRoles(ctx.state());
    const [first, second] = others;
    const replicas = [first, second, controller];
    ctx.step(
      `Creating topic ${TOPIC}: one partition on brokers [${replicas.join(',')}] (broker ${first} is its preferred leader; broker ${controller}, the controller, is the last replica so the controller survives the kills) ` +
        `with min.insync.replicas=2: an acks=all write is acknowledged once every replica in the ISR has it, and only while the ISR has at least 2 members.`,
    );
    await createLabTopic(ctx, { topic: TOPIC, assignment: [replicas], configs: { 'min.insync.replicas': '2' } });

    ctx.step(`Producing "0", "1", "2", ... with acks=all (-1), one record at a time; a number is sent again until it is acknowledged, so the acknowledged numbers have no gaps.`);
    const producer = new SequenceProducer(ctx, TOPIC, 0, -1);
    await producer.connect();
    producer.start();
    ctx.check('the producer gets its first 50 writes acknowledged', await producer.waitForAcks(50, 20_000), `${producer.acknowledged.length} acknowledged`);

    ctx.step(
      `Killing broker ${first}, the leader of ${TOPIC}-0, with kill -9. Produce requests to it fail at once (connection refused), but Metadata still names it leader: ` +
        `nothing changes in ZooKeeper until its session expires (zookeeper.session.timeout.ms=${t}). Then /brokers/ids/${first} is deleted, controller ${controller} gets a BrokerChange ` +
        `and elects the first live replica of the ISR in assignment order, broker ${second} (an offline election: leader epoch +1), writes the state znode and sends LeaderAndIsr and UpdateMetadata. ` +
        `The producer finds the new leader on its next metadata refresh. Every acknowledged write was on all three replicas, so broker ${second} has it.`,
    );
    const killed = ctx.mark();
    const before = ctx.partition(TOPIC, 0);
    const ackedBeforeKill = producer.acknowledged.length;
    await ctx.fault('kill', first);
    const elected = await ctx.expectEvent(
      `controller ${controller} elects broker ${second} by an offline election`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === 0 && e.election === 'offline' && e.leader === second,
      t + 15_000,
      killed,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)} (was ${before?.leaderEpoch}), ISR [${(e.isr as number[]).join(',')}], ${((e.time - killed.time) / 1000).toFixed(1)} s after the kill`,
    );
    if (elected !== null) ctx.check('the leader epoch went up', (elected.leaderEpoch as number) > (before?.leaderEpoch ?? 0), `${before?.leaderEpoch} -> ${String(elected.leaderEpoch)}`);
    const resumed = await producer.waitForAcks(50, 20_000);
    ctx.check(`the producer carries on with broker ${second} as leader`, resumed, `${producer.acknowledged.length - ackedBeforeKill} more acknowledged after the kill; failed sends so far: ${producer.failureSummary()}`);
    if (resumed) ctx.note(`Writes were unavailable for ${(producer.longestGapSince(ackedBeforeKill) / 1000).toFixed(1)} s: the rest of the session timeout, the election and the producer's metadata refresh.`);

    ctx.step(
      `Killing broker ${second} too, the new leader. After its session expires the controller elects broker ${controller}, the last replica in the ISR. ` +
        `Its ISR is then [${controller}]: one replica, fewer than min.insync.replicas=2, so the leader answers acks=all produce requests with NOT_ENOUGH_REPLICAS ` +
        `(it would rather refuse a write than acknowledge one that a single disk holds). Writes with acks=1 would still be accepted.`,
    );
    const killed2 = ctx.mark();
    const ackedBeforeSecondKill = producer.acknowledged.length;
    await ctx.fault('kill', second);
    await ctx.expectEvent(
      `controller ${controller} elects itself, the last in-sync replica`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === 0 && e.leader === controller,
      t + 15_000,
      killed2,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)}, ISR [${(e.isr as number[]).join(',')}] (${String(e.election)} election)`,
    );
    await ctx.expectState(`the ISR of ${TOPIC}-0 is [${controller}] alone`, (s) => {
      const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
      return p !== undefined && p.leader === controller && p.isr.length === 1;
    }, 10_000, (s) => describePartition(s.partitions.find((x) => x.topic === TOPIC)));
    const refusedSince = producer.failures.get('NOT_ENOUGH_REPLICAS') ?? 0;
    const refused = await (async () => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if ((producer.failures.get('NOT_ENOUGH_REPLICAS') ?? 0) > refusedSince) return true;
        await ctx.sleep(100);
      }
      return false;
    })();
    await producer.stop();
    ctx.check(
      'acks=all writes are refused with NOT_ENOUGH_REPLICAS',
      refused,
      `${producer.acknowledged.length - ackedBeforeSecondKill} acknowledged after the second kill; failed sends: ${producer.failureSummary()}`,
    );

    ctx.step(`Reading ${TOPIC}-0 back from broker ${controller} (the only live replica) from offset 0 to the high watermark, as a consumer would, and looking for every acknowledged number.`);
    const records = await readPartition(ctx, TOPIC, 0, controller);
    const missing = missingWrites(producer.acknowledged, records);
    ctx.note(
      `Acknowledged: ${producer.acknowledged.length} numbers (0..${producer.acknowledged.length - 1}). Read back: ${records.length} records, ${duplicateCount(records)} of them duplicates ` +
        `(a retry after a lost response writes a number twice; enable.idempotence would prevent that).`,
    );
    ctx.check('no acknowledged write was lost', missing.length === 0, missing.length === 0 ? `all ${producer.acknowledged.length} acknowledged numbers are in the log` : `missing: ${listSome(missing)}`);
  },
};
