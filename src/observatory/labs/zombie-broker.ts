// zombie-broker: a broker frozen (SIGSTOP) for longer than its ZooKeeper session is, for the
// cluster, a dead broker: its session expires, /brokers/ids/N goes, the controller elects new
// leaders. The process does not know: resumed, it still believes it leads, until ZooKeeper tells
// it its session is gone. It then registers again in a new session, with a new broker epoch, and
// the controller treats it as a broker that restarted: it is made a follower, truncates and
// rejoins the ISR. Its stale leadership could not do harm: its ZooKeeper writes are fenced by
// the state znode's version, and acks=all writes it held could not be acknowledged without the ISR.

import type { Lab } from './lab';
import { brokerRoles, createLabTopic, describePartition, fullyReplicated, listSome, missingWrites, readPartition, SequenceProducer } from './lab-support';

const TOPIC = 'ledger';

export const zombieBroker: Lab = {
  name: 'zombie-broker',
  title: 'A zombie broker: paused past its session, back with a new epoch',
  summary:
    'Pauses a leader (SIGSTOP) past zookeeper.session.timeout.ms: its registration expires and the controller moves leadership away; resumed, it learns its session is gone, registers again with a higher broker epoch, becomes a follower and rejoins the ISR, and no acknowledged write is lost.',
  brokerProperties: {},
  async run(ctx) {
    const t = ctx.sessionTimeoutMs;
    const { controller, others } = brokerRoles(ctx.state());
    const [zombie, heir] = others;
    ctx.step(`Creating topic ${TOPIC}: one partition on brokers [${zombie},${heir},${controller}], led by broker ${zombie}; a producer writes a numbered sequence with acks=all.`);
    await createLabTopic(ctx, { topic: TOPIC, assignment: [[zombie, heir, controller]] });
    const producer = new SequenceProducer(ctx, TOPIC, 0, -1);
    await producer.connect();
    producer.start();
    ctx.check('writes are acknowledged', await producer.waitForAcks(30, 20_000), `${producer.acknowledged.length} acknowledged`);
    const before = ctx.state();
    const oldEpoch = before.brokers.find((b) => b.id === zombie)?.epoch ?? -1;
    const oldSession = before.brokers.find((b) => b.id === zombie)?.session ?? null;
    ctx.note(`Broker ${zombie}: broker epoch ${oldEpoch} (the czxid of /brokers/ids/${zombie}), ZooKeeper session ${oldSession}. ${describePartition(ctx.partition(TOPIC, 0))}.`);

    ctx.step(
      `Pausing broker ${zombie} (SIGSTOP), the leader, for longer than zookeeper.session.timeout.ms=${t}. It sends no heartbeats; ZooKeeper expires its session and deletes its ephemeral /brokers/ids/${zombie}. ` +
        `Controller ${controller} gets a BrokerChange, treats it as failed and elects broker ${heir} (an offline election, leader epoch +1). ` +
        `The paused process knows nothing of this: it is a zombie that still thinks it leads ${TOPIC}-0.`,
    );
    const paused = ctx.mark();
    await ctx.fault('pause', zombie);
    await ctx.expectEvent(
      `broker ${zombie}'s registration expires`,
      (e) => e.kind === 'broker-expired' && e.broker === zombie,
      t + 15_000,
      paused,
      (e) => `${((e.time - paused.time) / 1000).toFixed(1)} s after the pause: ${e.message}`,
    );
    await ctx.expectEvent(
      `controller ${controller} moves leadership of ${TOPIC}-0 to broker ${heir}`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === 0 && e.leader === heir,
      10_000,
      paused,
      (e) => `${String(e.election)} election: leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)}, ISR [${(e.isr as number[]).join(',')}]`,
    );
    await ctx.expectState(`the observatory shows broker ${zombie} as not registered`, (s) => s.brokers.some((b) => b.id === zombie && !b.alive), 5_000, (s) => JSON.stringify(s.brokers.map((b) => [b.id, b.alive])));
    ctx.note(
      `The first producer was talking to broker ${zombie}: its requests to the frozen process get no answer, not even an error, until its request timeout; ` +
        `${producer.acknowledged.length} acknowledged so far, failed sends: ${producer.failureSummary()}.`,
    );
    ctx.step(`A second producer, bootstrapped from brokers ${heir} and ${controller}, writes to ${TOPIC}-0 while broker ${zombie} is frozen: Metadata now names broker ${heir} the leader.`);
    const live = ctx.cluster.brokers.filter((b) => b.id !== zombie).map((b) => b.bootstrap);
    const second = new SequenceProducer(ctx, TOPIC, 0, -1, { first: 1_000_000, brokers: live, name: 'producer-2' });
    await second.connect();
    second.start();
    ctx.check(`writes go on with broker ${heir} as leader while broker ${zombie} is frozen`, await second.waitForAcks(20, 15_000), `${second.acknowledged.length} acknowledged by broker ${heir}; failed sends: ${second.failureSummary()}`);

    ctx.step(
      `Resuming broker ${zombie} (SIGCONT). Its ZooKeeper client reconnects and is told the session expired: the broker opens a new session and registers /brokers/ids/${zombie} again, a new znode with a new czxid, so a higher broker epoch. ` +
        `The controller sees it as a broker that restarted: it sends LeaderAndIsr making it a follower of broker ${heir} at the new leader epoch; it truncates to the leader's log and rejoins the ISR. ` +
        `Whatever it tried as a stale leader meanwhile (an ISR shrink, say) was fenced: its conditional write on the state znode carries an old zkVersion.`,
    );
    const resumed = ctx.mark();
    await ctx.fault('resume', zombie);
    await ctx.expectEvent(
      `broker ${zombie} registers again with a higher broker epoch`,
      (e) => e.kind === 'broker-registered' && e.broker === zombie && typeof e.epoch === 'number' && e.epoch > oldEpoch,
      20_000,
      resumed,
      (e) => `broker epoch ${oldEpoch} -> ${String(e.epoch)}`,
    );
    await ctx.expectEvent(`broker ${zombie} rejoins the ISR as a follower`, (e) => e.kind === 'isr-expand' && e.topic === TOPIC && Array.isArray(e.replicas) && e.replicas.includes(zombie), 20_000, resumed);
    await Promise.all([producer.stop(), second.stop()]);
    const after = await ctx.expectState(`${TOPIC}-0 is led by broker ${heir} with the full ISR`, (s) => fullyReplicated(s, TOPIC, 1) && s.partitions.some((p) => p.topic === TOPIC && p.leader === heir), 15_000, (s) =>
      describePartition(s.partitions.find((p) => p.topic === TOPIC)),
    );
    const session = after?.brokers.find((b) => b.id === zombie)?.session ?? null;
    ctx.check(`broker ${zombie} has a new ZooKeeper session`, session !== null && session !== oldSession, `${oldSession} -> ${session}`);
    const fenced = ctx.eventsSince(resumed, (e) => e.message.includes(`${TOPIC}-0`) && /zkVersion .*not equal|skip updating ISR/i.test(e.message));
    if (fenced.length > 0) ctx.note(`The zombie's stale ISR write was fenced: ${fenced[0].message}`);
    const records = await readPartition(ctx, TOPIC, 0, heir);
    const acknowledged = [...producer.acknowledged, ...second.acknowledged];
    const missing = missingWrites(acknowledged, records);
    ctx.check('no acknowledged write was lost', missing.length === 0, missing.length === 0 ? `all ${acknowledged.length} acknowledged numbers (of both producers) read back from broker ${heir}` : `missing: ${listSome(missing)}`);
  },
};
