// controller-failover: kill -9 the active controller. Its ZooKeeper session lingers for
// zookeeper.session.timeout.ms; when it ends, /controller (ephemeral) is deleted, the surviving
// brokers race to create it, the winner bumps /controller_epoch, loads the cluster state from
// ZooKeeper, elects new leaders for what the dead broker led and takes it out of the ISRs. When the
// old controller comes back it is just a broker: the controller stays where it is.

import type { Lab } from './lab';
import { brokerRoles, createLabTopic, describePartition, fullyReplicated } from './lab-support';

const TOPIC = 'failover';

export const controllerFailover: Lab = {
  name: 'controller-failover',
  title: 'Controller failover after kill -9',
  summary:
    'Kills the active controller with kill -9: after its ZooKeeper session expires another broker wins /controller with a higher controller epoch, elects new leaders for the partitions the dead broker led and shrinks the ISRs; the old controller comes back as an ordinary broker.',
  brokerProperties: {},
  async run(ctx) {
    const t = ctx.sessionTimeoutMs;
    ctx.step(`Creating topic ${TOPIC} with 3 partitions, each on all three brokers with a different preferred leader (replicas [1,2,3], [2,3,1], [3,1,2]), so every broker leads one partition.`);
    await createLabTopic(ctx, { topic: TOPIC, assignment: [[1, 2, 3], [2, 3, 1], [3, 1, 2]] });
    const before = ctx.state();
    const { controller: old, others } = brokerRoles(before);
    const oldEpoch = before.controller.epoch;
    const ledByOld = before.partitions.filter((p) => p.topic === TOPIC && p.leader === old);
    const oldBrokerEpoch = before.brokers.find((b) => b.id === old)?.epoch ?? -1;
    ctx.note(`Controller: broker ${old}, controller epoch ${oldEpoch} (/controller_epoch, zkVersion ${before.controller.epochZkVersion}). Broker ${old} leads ${ledByOld.map((p) => `${p.topic}-${p.partition}`).join(', ') || 'nothing'}.`);

    ctx.step(
      `Killing broker ${old}, the controller, with kill -9: no controlled shutdown, no resignation. Its ZooKeeper session lingers for zookeeper.session.timeout.ms=${t}; ` +
        `when ZooKeeper expires it, the ephemeral /controller and /brokers/ids/${old} are deleted. Brokers ${others.join(' and ')} watch /controller: both try to create it, ` +
        `one wins and increments /controller_epoch to ${oldEpoch + 1} (every write it makes from now on is fenced by that znode's version). ` +
        `The new controller reads all brokers, topics and partition states from ZooKeeper. Its replica state machine starts first: broker ${old}'s replicas go OfflineReplica, which removes it from every ISR ` +
        `(for a partition it led that write also sets leader -1, bumping the leader epoch). Then its partition state machine elects leaders for the partitions left without one, from their ISR (offline elections).`,
    );
    const killed = ctx.mark();
    await ctx.fault('kill', old);
    const elected = await ctx.expectEvent(
      `a new controller is elected with controller epoch ${oldEpoch + 1}`,
      (e) => e.kind === 'controller-elected' && e.broker !== old && typeof e.epoch === 'number' && e.epoch > oldEpoch,
      t + 20_000,
      killed,
      (e) => `broker ${String(e.broker)} won /controller with epoch ${String(e.epoch)}, ${((e.time - killed.time) / 1000).toFixed(1)} s after the kill (session timeout ${t / 1000} s)`,
    );
    const newController = typeof elected?.broker === 'number' ? elected.broker : -1;
    if (elected !== null) {
      ctx.check('the new controller took over only once the old session had expired', elected.time - killed.time >= t * 0.5, `${elected.time - killed.time} ms after the kill`);
    }
    for (const p of ledByOld) {
      await ctx.expectEvent(
        `${p.topic}-${p.partition} gets a new leader by an offline election`,
        (e) => e.kind === 'leader-elected' && e.topic === p.topic && e.partition === p.partition && e.election === 'offline' && e.leader !== old,
        15_000,
        killed,
        (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)}${e.previousLeader === -1 ? ' (-1: taking the dead replica offline had cleared the leader)' : ''}, leader epoch ${String(e.leaderEpoch)}, ISR [${(e.isr as number[] | undefined)?.join(',')}] (by controller ${e.source})`,
      );
    }
    await ctx.expectState(
      `broker ${old} is out of every ISR and no partition is offline`,
      (s) => s.partitions.filter((p) => p.topic === TOPIC).every((p) => !p.isr.includes(old) && p.leader >= 0 && p.leader !== old),
      15_000,
      (s) => s.partitions.filter((p) => p.topic === TOPIC).map(describePartition).join('; '),
    );
    await ctx.expectState(`the observatory shows broker ${newController} as controller, epoch ${oldEpoch + 1}`, (s) => s.controller.brokerId === newController && s.controller.epoch === oldEpoch + 1, 5_000, (s) => `controller ${s.controller.brokerId}, epoch ${s.controller.epoch}`);

    ctx.step(
      `Starting broker ${old} again. It registers /brokers/ids/${old} in a new session, so with a new broker epoch (the znode's czxid); it sees /controller taken and does not campaign. ` +
        `Controller ${newController} gets a BrokerChange, sends it LeaderAndIsr and UpdateMetadata; it truncates to the leaders' epochs, catches up and the leaders add it back to the ISRs (isr-expand, then an isr_change_notification for the controller). ` +
        `The controller stays on broker ${newController}: Kafka never moves it back.`,
    );
    const restarted = ctx.mark();
    await ctx.fault('restart', old);
    await ctx.expectEvent(
      `broker ${old} registers again with a higher broker epoch`,
      (e) => e.kind === 'broker-registered' && e.broker === old && typeof e.epoch === 'number' && e.epoch > oldBrokerEpoch,
      20_000,
      restarted,
      (e) => `broker epoch ${oldBrokerEpoch} -> ${String(e.epoch)} (seen by ${e.source})`,
    );
    await ctx.expectEvent(`broker ${old} rejoins an ISR (isr-expand)`, (e) => e.kind === 'isr-expand' && e.topic === TOPIC && Array.isArray(e.replicas) && e.replicas.includes(old), 20_000, restarted);
    await ctx.expectState(`every partition of ${TOPIC} has its full ISR again`, (s) => fullyReplicated(s, TOPIC, 3), 20_000, (s) => s.partitions.filter((p) => p.topic === TOPIC).map(describePartition).join('; '));
    const after = ctx.state();
    ctx.check(
      `the controller is still broker ${newController} with epoch ${oldEpoch + 1}`,
      after.controller.brokerId === newController && after.controller.epoch === oldEpoch + 1,
      `controller ${after.controller.brokerId}, epoch ${after.controller.epoch}`,
    );
  },
};
