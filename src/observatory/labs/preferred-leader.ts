// preferred-leader: why leaders drift and how they come back. A restarted broker (controlled
// shutdown first) comes back leading nothing: its partitions stay with the replicas that took
// over, and one broker serves more than its share. The preferred replica election — the first
// replica of the assignment becomes leader again — is asked for through ZooKeeper, as
// kafka-preferred-replica-election --zookeeper does (/admin/preferred_replica_election). Then the
// automatic way: brokers restarted one by one with auto.leader.rebalance.enable=true (a static
// config in 2.4: a rolling restart), whose controller checks the imbalance every
// leader.imbalance.check.interval.seconds and runs the preferred elections itself.

import type { ClusterState } from '../api-types';
import type { Lab, LabContext } from './lab';
import { brokerRoles, createLabTopic, fullyReplicated, withZooKeeper } from './lab-support';

const TOPIC = 'prefs';
const CHECK_INTERVAL_S = 3;
const ASSIGNMENT = [
  [1, 2, 3],
  [2, 3, 1],
  [3, 1, 2],
];

function leaders(state: ClusterState): string {
  return state.partitions
    .filter((p) => p.topic === TOPIC)
    .map((p) => `${p.topic}-${p.partition}: leader ${p.leader} (preferred ${p.replicas[0]})`)
    .join(', ');
}

function balanced(state: ClusterState): boolean {
  const ps = state.partitions.filter((p) => p.topic === TOPIC);
  return ps.length === ASSIGNMENT.length && ps.every((p) => p.leader === p.replicas[0]);
}

function leadCount(state: ClusterState, broker: number): number {
  return state.partitions.filter((p) => p.topic === TOPIC && p.leader === broker).length;
}

/** Restarts `broker` and waits until it is back and every partition has its full ISR again. */
async function restartAndSettle(ctx: LabContext, broker: number, properties?: Record<string, string>): Promise<boolean> {
  await ctx.restartBroker(broker, properties);
  const settled = await ctx.waitForState((s) => s.brokers.some((b) => b.id === broker && b.alive) && fullyReplicated(s, TOPIC, ASSIGNMENT.length), 30_000);
  return settled !== null;
}

export const preferredLeader: Lab = {
  name: 'preferred-leader',
  title: 'Skewed leaders, the preferred replica election and the auto rebalance',
  summary:
    'A restarted broker comes back leading nothing; a preferred replica election through /admin/preferred_replica_election gives every partition back to its first replica; then a rolling restart turns on auto.leader.rebalance.enable and the controller rebalances by itself.',
  brokerProperties: {
    'auto.leader.rebalance.enable': 'false',
    'leader.imbalance.check.interval.seconds': String(CHECK_INTERVAL_S),
  },
  async run(ctx) {
    ctx.step(
      `Creating topic ${TOPIC} with 3 partitions on all brokers, replicas ${ASSIGNMENT.map((r) => `[${r.join(',')}]`).join(', ')}: the first replica of each is its preferred leader, so each broker leads one partition. ` +
        `These brokers run with auto.leader.rebalance.enable=false.`,
    );
    await createLabTopic(ctx, { topic: TOPIC, assignment: ASSIGNMENT });
    const { controller, others } = brokerRoles(ctx.state());
    const bounced = others[0];
    const itsPartition = ASSIGNMENT.findIndex((r) => r[0] === bounced);

    ctx.step(
      `Restarting broker ${bounced} (it is not the controller). First a controlled shutdown: it sends ControlledShutdown to controller ${controller}, which moves leadership of ${TOPIC}-${itsPartition} to the next in-sync replica ` +
        `(a controlled-shutdown election) and takes the broker out of the ISRs, before it stops. When it starts again it registers, catches up and rejoins the ISRs — but leads nothing: nothing moves a leader back by itself here.`,
    );
    const restarted = ctx.mark();
    const settled = await restartAndSettle(ctx, bounced);
    ctx.check(`broker ${bounced} is back with full ISRs`, settled, leaders(ctx.state()));
    await ctx.expectEvent(
      `a controlled-shutdown election moved ${TOPIC}-${itsPartition} away from broker ${bounced}`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === itsPartition && e.election === 'controlled-shutdown',
      5_000,
      restarted,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)} at leader epoch ${String(e.leaderEpoch)}`,
    );
    const skewed = ctx.state();
    ctx.check(`leaders are skewed: broker ${bounced} leads nothing`, leadCount(skewed, bounced) === 0 && !balanced(skewed), leaders(skewed));

    ctx.step(
      `Asking for a preferred replica election the ZooKeeper way, as kafka-preferred-replica-election --zookeeper does: creating /admin/preferred_replica_election with the partitions of ${TOPIC}. ` +
        `The controller watches that path: for each partition whose first replica is alive and in the ISR but not leading, it makes it leader (a preferred election), sends LeaderAndIsr, and deletes the znode.`,
    );
    const asked = ctx.mark();
    await withZooKeeper(ctx, (zk) => zk.createPreferredReplicaElection(ASSIGNMENT.map((_, partition) => ({ topic: TOPIC, partition }))));
    await ctx.expectEvent(
      `a preferred election gives ${TOPIC}-${itsPartition} back to broker ${bounced}`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.partition === itsPartition && e.election === 'preferred' && e.leader === bounced,
      15_000,
      asked,
      (e) => `leader ${String(e.previousLeader)} -> ${String(e.leader)}; cause: ${String(e.cause)}`,
    );
    await ctx.expectState('every partition is led by its preferred replica again', balanced, 10_000, leaders);
    await ctx.expectState('the controller deleted /admin/preferred_replica_election', () => ctx.observatory.znode('/admin/preferred_replica_election') === null, 10_000);

    ctx.step(
      `Now the automatic way. auto.leader.rebalance.enable is a static broker config in Kafka 2.4, so it takes a rolling restart: brokers ${others.join(' and ')} first, then the controller, broker ${controller}, ` +
        `each with auto.leader.rebalance.enable=true and leader.imbalance.check.interval.seconds=${CHECK_INTERVAL_S}. Every restart skews the leaders again (a controlled-shutdown election per partition it led). ` +
        `When the controller shuts down it resigns and one of the restarted brokers takes over; 5 s after its election, and every ${CHECK_INTERVAL_S} s after that, it computes each broker's imbalance ` +
        `(partitions it should lead but does not, over those it should lead) and, where that exceeds leader.imbalance.per.broker.percentage=10, runs the preferred elections itself.`,
    );
    const rolling = ctx.mark();
    for (const broker of [...others, controller]) {
      const ok = await restartAndSettle(ctx, broker, { 'auto.leader.rebalance.enable': 'true' });
      ctx.check(`broker ${broker} restarted with auto.leader.rebalance.enable=true`, ok, leaders(ctx.state()));
    }
    await ctx.expectEvent(
      `controller ${String(ctx.state().controller.brokerId)} runs a preferred election on its own (the auto rebalance)`,
      (e) => e.kind === 'leader-elected' && e.topic === TOPIC && e.election === 'preferred' && /auto/i.test(String(e.cause ?? e.trigger ?? '')),
      20_000,
      rolling,
      (e) => `${e.topic}-${String(e.partition)}: leader ${String(e.previousLeader)} -> ${String(e.leader)}; cause: ${String(e.cause)}`,
    );
    await ctx.expectState('the auto rebalance leaves every partition with its preferred leader', balanced, (CHECK_INTERVAL_S + 10) * 1000, leaders);
    const newController = ctx.state().controller.brokerId;
    ctx.check(`the controller moved during the rolling restart (now broker ${newController})`, newController !== controller && newController >= 0, `controller ${controller} -> ${newController}`);
  },
};
