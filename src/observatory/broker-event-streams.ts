// Our brokers' own control-plane events: each broker serves them as server-sent events on its
// metrics port (/control-plane/events). A real Kafka has no such stream (its metrics port, if any,
// is the JMX exporter's): those URLs answer 404 and the observatory infers events from ZooKeeper.
// EventSource reconnects by itself after a broker restarts, resuming from the last id it saw.

import { EventSource } from 'eventsource';
import type { RecordedEvent } from '../common/control-plane-events';

const EVENTS_PATH = '/control-plane/events';

export class BrokerEventStreams {
  private readonly sources: EventSource[] = [];
  /** Metrics URLs whose broker answered with an event stream at least once. */
  readonly reporting = new Set<string>();

  constructor(
    metricsUrls: readonly string[],
    private readonly onEvent: (event: RecordedEvent, from: string) => void,
    private readonly onReportingChanged: () => void,
  ) {
    for (const url of metricsUrls) this.open(url);
  }

  private open(metricsUrl: string): void {
    const source = new EventSource(`${metricsUrl.replace(/\/+$/, '')}${EVENTS_PATH}`);
    source.onopen = () => {
      if (this.reporting.has(metricsUrl)) return;
      this.reporting.add(metricsUrl);
      this.onReportingChanged();
    };
    source.onmessage = (message) => {
      try {
        this.onEvent(JSON.parse(message.data) as RecordedEvent, metricsUrl);
      } catch {
        // Not ours: ignore what cannot be read.
      }
    };
    this.sources.push(source);
  }

  close(): void {
    for (const source of this.sources) source.close();
    this.sources.length = 0;
  }
}
