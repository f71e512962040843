// The three kinds of Kafka metric, built on prom-client under the names kafka-metric-names.ts
// derives. Counters and gauges are read at scrape time (`collect`) from plain numbers and state
// the broker keeps anyway, so the produce and fetch paths only add to a number; histograms are
// Summaries, since their percentiles need the samples.

import { Counter, Gauge, Summary, type LabelValues, type Registry } from 'prom-client';
import { gaugeMetricName, histogramMetricName, KAFKA_QUANTILES, meterMetricName } from './kafka-metric-names';

/** Reports one series' current count: no labels for Kafka's all-topics MBean, else its tags. */
export type EmitCount<T extends string> = (labels: LabelValues<T> | null, value: number) => void;

/** A meter's Count, as a Counter whose values `read` reports at each scrape. */
export function kafkaMeter<T extends string = never>(registry: Registry, mbean: string, labelNames: readonly T[], read: (emit: EmitCount<T>) => void): Counter<T> {
  return new Counter<T>({
    name: meterMetricName(mbean),
    help: `${mbean} (Count)`,
    labelNames,
    registers: [registry],
    collect() {
      // Counters only go up: the counts are totals since startup, so replacing them is safe.
      this.reset();
      read((labels, value) => (labels === null ? this.inc(value) : this.inc(labels, value)));
    },
  });
}

/** A gauge's Value, read at each scrape (never computed on the request path). */
export function kafkaGauge(registry: Registry, mbean: string, read: () => number): Gauge {
  return new Gauge({
    name: gaugeMetricName(mbean),
    help: `${mbean} (Value)`,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

// Kafka's histograms use an exponentially decaying reservoir that "represents roughly the last
// five minutes"; a Summary over a sliding 5-minute window says the same about recent requests.
// Three buckets keep observe() cheap (each sample goes into every bucket) while rotating out old
// samples every 100 s.
const WINDOW_SECONDS = 300;
const WINDOW_BUCKETS = 3;
const QUANTILE_LABELS = new Map(KAFKA_QUANTILES.map((q) => [q.quantile, q.label]));

/** A Summary whose quantile labels are the exporter's ("0.50"), not prom-client's ("0.5"). */
class KafkaSummary<T extends string> extends Summary<T> {
  override async get(): ReturnType<Summary<T>['get']> {
    const metric = await super.get();
    for (const value of metric.values) {
      // prom-client builds a fresh labels object per exported quantile, so this rewrites no state.
      const labels = value.labels as Record<string, string | number | undefined>;
      if (typeof labels.quantile === 'number') labels.quantile = QUANTILE_LABELS.get(labels.quantile) ?? String(labels.quantile);
    }
    return metric;
  }
}

/** A histogram or timer (in ms): its percentiles plus `_count` (and `_sum`, which the exporter lacks). */
export function kafkaHistogram<T extends string = never>(registry: Registry, mbean: string, labelNames: readonly T[]): Summary<T> {
  return new KafkaSummary<T>({
    name: histogramMetricName(mbean),
    help: `${mbean} (Count and percentiles)`,
    labelNames,
    percentiles: KAFKA_QUANTILES.map((q) => q.quantile),
    maxAgeSeconds: WINDOW_SECONDS,
    ageBuckets: WINDOW_BUCKETS,
    registers: [registry],
  });
}
