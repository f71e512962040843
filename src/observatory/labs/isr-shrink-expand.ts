// isr-shrink-expand: a follower frozen with SIGSTOP (for longer than replica.lag.time.max.ms,
// shorter than its ZooKeeper session) stops fetching; the leader's isr-expiration task drops it
// from the ISR, writing the state znode itself, and acks=all writes, stalled meanwhile, go on.
// Resumed, it fetches, catches up and the leader adds it back. The leader tells the controller
// through an /isr_change_notification znode; the controller answers with UpdateMetadata.

import type { Lab } from './lab';
import { brokerRoles, createLabTopic, describePartition, fullyReplicated, SequenceProducer } from './lab-support';

const TOPIC = 'clicks';
const LAG_MS = 3000;
const SESSION_MS = 10000;

export const isrShrinkExpand: Lab = {
  name: 'isr-shrink-expand',
  title: 'A paused follower leaves and rejoins the ISR',
  summary:
    'Freezes a follower with SIGSTOP for longer than replica.lag.time.max.ms but shorter than its ZooKeeper session: the leader shrinks the ISR (acks=all writes stall until it does), and after SIGCONT the follower catches up and the leader expands the ISR again; each change reaches the controller through /isr_change_notification.',
  brokerProperties: {
    'replica.lag.time.max.ms': String(LAG_MS),
    // Longer than the pause, so the follower stays registered: it only lags, it does not die.
    'zookeeper.session.timeout.ms': String(SESSION_MS),
  },
  async run(ctx) {
    const { controller, others } = brokerRoles(ctx.state());
    const [leader, follower] = others;
    ctx.step(
      `Creating topic ${TOPIC}: one partition on brokers [${leader},${follower},${controller}], broker ${leader} its leader. ` +
        `A follower stays in the ISR while it keeps catching up with the leader's log end; one that has not caught up for replica.lag.time.max.ms=${LAG_MS} is dropped by the leader's isr-expiration task (it runs every ${LAG_MS / 2} ms).`,
    );
    await createLabTopic(ctx, { topic: TOPIC, assignment: [[leader, follower, controller]] });
    const producer = new SequenceProducer(ctx, TOPIC, 0, -1);
    await producer.connect();
    producer.start();
    ctx.check('writes with acks=all are acknowledged with a full ISR', await producer.waitForAcks(30, 20_000), `${producer.acknowledged.length} acknowledged, ${describePartition(ctx.partition(TOPIC, 0))}`);

    ctx.step(
      `Pausing broker ${follower} (SIGSTOP) while the producer goes on. It stops fetching from broker ${leader}, so the high watermark cannot pass what it has and acks=all writes wait (the leader needs the whole ISR). ` +
        `Within ${LAG_MS}-${LAG_MS * 1.5} ms the leader finds it out of sync and writes ISR [${leader},${controller}] to /brokers/topics/${TOPIC}/partitions/0/state itself (a conditional write on the znode version); the high watermark moves and the stalled writes are acknowledged. ` +
        `Its ZooKeeper session (zookeeper.session.timeout.ms=${SESSION_MS}) outlives the pause: for the controller it is alive all along.`,
    );
    const paused = ctx.mark();
    const ackedAtPause = producer.acknowledged.length;
    await ctx.fault('pause', follower);
    const shrink = await ctx.expectEvent(
      `leader ${leader} shrinks the ISR, dropping broker ${follower}`,
      (e) => e.kind === 'isr-shrink' && e.topic === TOPIC && e.partition === 0 && e.source === `broker-${leader}` && Array.isArray(e.replicas) && e.replicas.includes(follower),
      LAG_MS * 3,
      paused,
      (e) => `${((e.time - paused.time) / 1000).toFixed(1)} s after the pause; cause: ${String(e.cause)}`,
    );
    if (shrink !== null) {
      ctx.check('the shrink came after replica.lag.time.max.ms', shrink.time - paused.time >= LAG_MS - 500, `${shrink.time - paused.time} ms after the pause (lag time ${LAG_MS} ms)`);
    }
    const ackedAfterShrink = await producer.waitForAcks(20, 10_000);
    ctx.check(
      'acks=all writes stalled while the paused follower was in the ISR, then went on',
      ackedAfterShrink && producer.longestGapSince(ackedAtPause) >= LAG_MS / 2,
      `the longest wait for an acknowledgement was ${(producer.longestGapSince(ackedAtPause) / 1000).toFixed(1)} s`,
    );
    await ctx.expectState(`the ISR of ${TOPIC}-0 is [${leader},${controller}] in ZooKeeper`, (s) => {
      const p = s.partitions.find((x) => x.topic === TOPIC && x.partition === 0);
      return p !== undefined && !p.isr.includes(follower) && p.leader === leader;
    }, 5_000, (s) => describePartition(s.partitions.find((p) => p.topic === TOPIC)));

    ctx.step(
      `Resuming broker ${follower} (SIGCONT). It fetches from where it stopped; once its fetch offset reaches the leader's high watermark, leader ${leader} adds it back to the ISR (isr-expand), again writing the state znode itself. ` +
        `Leaders batch ISR changes: when none happened for 5 s (checked every 2.5 s) the leader creates a sequential /isr_change_notification/isr_change_ znode; the controller watches that path, re-reads the partition states, sends UpdateMetadata to every broker and deletes the notification.`,
    );
    const resumed = ctx.mark();
    await ctx.fault('resume', follower);
    await ctx.expectEvent(
      `leader ${leader} expands the ISR with broker ${follower} again`,
      (e) => e.kind === 'isr-expand' && e.topic === TOPIC && e.partition === 0 && Array.isArray(e.replicas) && e.replicas.includes(follower),
      15_000,
      resumed,
      (e) => `${((e.time - resumed.time) / 1000).toFixed(1)} s after the resume; cause: ${String(e.cause)}`,
    );
    const notified = await ctx.expectEvent(
      `leader ${leader} announces the expand in an /isr_change_notification znode`,
      (e) => e.kind === 'isr-change-notification' && e.source === `broker-${leader}`,
      15_000,
      resumed,
      (e) => `${String(e.path)} for ${String(e.partitions)}, ${((e.time - resumed.time) / 1000).toFixed(1)} s after the resume`,
    );
    await ctx.expectEvent(
      `controller ${controller} processes it: UpdateMetadata to every broker, the znode deleted`,
      (e) => e.kind === 'isr-change-processed' && e.source === `broker-${controller}` && (notified === null || e.time >= notified.time - 1_000),
      10_000,
      resumed,
      (e) => e.message,
    );
    await producer.stop();
    await ctx.expectState(`${TOPIC}-0 has its full ISR again`, (s) => fullyReplicated(s, TOPIC, 1), 10_000, (s) => describePartition(s.partitions.find((p) => p.topic === TOPIC)));
    ctx.check(`broker ${follower} kept its ZooKeeper session (no broker-expired)`, ctx.eventsSince(paused, (e) => e.kind === 'broker-expired').length === 0);
    ctx.check(`no leader election happened: only the ISR changed`, ctx.eventsSince(paused, (e) => e.kind === 'leader-elected' && e.topic === TOPIC).length === 0);
  },
};
