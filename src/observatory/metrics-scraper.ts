// The few series the observatory plots, scraped from each broker's Prometheus endpoint. Names are
// the JMX exporter's for Kafka's MBeans, so a real Kafka 2.x with the exporter on the same URLs is
// plotted the same way. Counters become per-second rates between two scrapes.

import type { MetricsSample } from './api-types';

const WANTED = {
  messagesIn: 'kafka_server_brokertopicmetrics_messagesin_total',
  bytesIn: 'kafka_server_brokertopicmetrics_bytesin_total',
  bytesOut: 'kafka_server_brokertopicmetrics_bytesout_total',
  underReplicated: 'kafka_server_replicamanager_underreplicatedpartitions',
  totalTime: 'kafka_network_requestmetrics_totaltimems',
};

export interface BrokerReading {
  messagesIn: number;
  bytesIn: number;
  bytesOut: number;
  underReplicated: number;
  produceP99: number | null;
  fetchP99: number | null;
}

function labelsOf(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const m of (text ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]] = m[2];
  return labels;
}

/** Reads the wanted samples out of the text exposition format (the all-topics series only). */
export function readExposition(text: string): BrokerReading {
  const reading: BrokerReading = { messagesIn: 0, bytesIn: 0, bytesOut: 0, underReplicated: 0, produceP99: null, fetchP99: null };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.length === 0) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (m === null) continue;
    const [, name, labelText, valueText] = m;
    const value = Number(valueText);
    if (!Number.isFinite(value)) continue;
    const labels = labelsOf(labelText);
    if (name === WANTED.totalTime && labels.quantile === '0.99') {
      if (labels.request === 'Produce') reading.produceP99 = value;
      if (labels.request === 'FetchConsumer' || (labels.request === 'Fetch' && reading.fetchP99 === null)) reading.fetchP99 = value;
      continue;
    }
    // The per-topic series repeat the all-topics one; only the latter counts.
    if (labels.topic !== undefined) continue;
    if (name === WANTED.messagesIn) reading.messagesIn = value;
    else if (name === WANTED.bytesIn) reading.bytesIn = value;
    else if (name === WANTED.bytesOut) reading.bytesOut = value;
    else if (name === WANTED.underReplicated) reading.underReplicated = value;
  }
  return reading;
}

export class MetricsScraper {
  private previous: { time: number; readings: Map<string, BrokerReading> } | null = null;

  constructor(private readonly metricsUrls: ReadonlyMap<string, string>) {}

  /** Scrapes every broker (broker id → URL); null until two scrapes make a rate. */
  async sample(): Promise<MetricsSample | null> {
    const time = Date.now();
    const readings = new Map<string, BrokerReading>();
    await Promise.all(
      [...this.metricsUrls].map(async ([id, url]) => {
        try {
          const response = await fetch(`${url.replace(/\/+$/, '')}/metrics`, { signal: AbortSignal.timeout(3_000) });
          if (response.ok) readings.set(id, readExposition(await response.text()));
        } catch {
          // Down or paused: no reading this round.
        }
      }),
    );
    const previous = this.previous;
    this.previous = { time, readings };
    if (previous === null) return null;
    const seconds = Math.max(0.001, (time - previous.time) / 1000);
    const rate = (field: 'messagesIn' | 'bytesIn' | 'bytesOut') =>
      [...readings].reduce((sum, [id, r]) => {
        const before = previous.readings.get(id)?.[field];
        // A restarted broker starts its counters again from zero.
        return before === undefined || r[field] < before ? sum : sum + (r[field] - before) / seconds;
      }, 0);
    const perBroker = (field: 'produceP99' | 'fetchP99') => Object.fromEntries([...readings].flatMap(([id, r]) => (r[field] === null ? [] : [[id, r[field]]])));
    return {
      time,
      messagesInPerSec: rate('messagesIn'),
      bytesInPerSec: rate('bytesIn'),
      bytesOutPerSec: rate('bytesOut'),
      underReplicatedPartitions: [...readings.values()].reduce((n, r) => n + r.underReplicated, 0),
      produceP99Ms: perBroker('produceP99'),
      fetchP99Ms: perBroker('fetchP99'),
    };
  }
}
