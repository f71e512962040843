import { ControllerContext } from '../../src/controller/controller-context';
import { controllerGauges } from '../../src/controller/controller-gauges';
import { topicPartitionKey } from '../../src/common/topic-partition';

function context(): ControllerContext {
  const c = new ControllerContext();
  for (const id of [1, 2]) c.liveBrokers.set(id, { id, epoch: 1n, host: 'h', port: 9092, rack: null, endpoints: [] });
  const assign = (topic: string, partition: number, replicas: number[], leader: number) => {
    c.allTopics.add(topic);
    c.setAssignment(topic, partition, { replicas, addingReplicas: [], removingReplicas: [] });
    c.leadership.set(topicPartitionKey(topic, partition), { leader, leaderEpoch: 0, isr: [leader], zkVersion: 0, controllerEpoch: 1 });
  };
  assign('a', 0, [1, 2], 1); // balanced
  assign('a', 1, [2, 1], 1); // led by its second replica
  assign('a', 2, [3, 1], 3); // leader 3 is not alive
  assign('gone', 0, [3], 3); // being deleted: counts for neither
  c.topicsToBeDeleted.add('gone');
  return c;
}

describe('controllerGauges (Kafka 2.4 KafkaController.updateMetrics)', () => {
  it('reports the cluster on the active controller', () => {
    const g = controllerGauges({ isActive: true, context: context() });
    expect(g.activeControllerCount()).toBe(1);
    expect(g.globalTopicCount()).toBe(2);
    expect(g.globalPartitionCount()).toBe(4);
    expect(g.offlinePartitionsCount()).toBe(1);
    expect(g.preferredReplicaImbalanceCount()).toBe(1);
  });

  it('reports 0 everywhere else', () => {
    const controller = { isActive: false, context: context() };
    const g = controllerGauges(controller);
    expect([g.activeControllerCount(), g.globalTopicCount(), g.globalPartitionCount(), g.offlinePartitionsCount(), g.preferredReplicaImbalanceCount()]).toEqual([0, 0, 0, 0, 0]);
    controller.isActive = true;
    expect(g.activeControllerCount()).toBe(1);
  });
});
