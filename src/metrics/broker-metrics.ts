// Every metric one broker keeps, in a registry of its own (never prom-client's global one, so that
// brokers sharing a process, as in tests, keep apart). The broker hands each part to the component
// that counts it: topics and ISR changes to the ReplicaManager, requests to the API dispatcher,
// the controller's to the controller.

import { collectDefaultMetrics, Registry } from 'prom-client';
import { BrokerTopicMetrics } from './broker-topic-metrics';
import { ControllerMetrics } from './controller-metrics';
import { ReplicaManagerMetrics } from './replica-manager-metrics';
import { RequestMetrics } from './request-metrics';

export class BrokerMetrics {
  readonly registry = new Registry();
  readonly topics = new BrokerTopicMetrics(this.registry);
  readonly replicaManager = new ReplicaManagerMetrics(this.registry);
  readonly controller = new ControllerMetrics(this.registry);
  readonly requests = new RequestMetrics(this.registry);
  private processMetrics = false;

  /**
   * Adds prom-client's Node process metrics (CPU, memory, event loop lag, GC). Only worth their
   * timers when someone can scrape them, so the broker asks for them when it serves /metrics.
   */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }
}
