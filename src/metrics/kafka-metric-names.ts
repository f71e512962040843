// How Kafka's MBean names become Prometheus names under the JMX exporter's standard Kafka rules
// (prometheus/jmx_exporter, example_configs/kafka-2_0_0.yml, lowercaseOutputName: true), so that
// dashboards and queries written for Kafka 2.4 with the exporter work on this broker unchanged:
//
//   meter      kafka.<d>:type=<T>,name=<N>PerSec[,k=v]  Count            → kafka_<d>_<t>_<n>_total{k="v"}
//   gauge      kafka.<d>:type=<T>,name=<N>[,k=v]        Value            → kafka_<d>_<t>_<n>{k="v"}
//   histogram  kafka.<d>:type=<T>,name=<N>[,k=v]        Count            → kafka_<d>_<t>_<n>_count{k="v"}
//   (and timer)                                 <P>thPercentile          → kafka_<d>_<t>_<n>{k="v",quantile="0.<P>"}
//
// Only the metric name is lowercased; the tags (topic, request, version) become labels as Kafka
// spells them. Each MBean is written out in full where its metric is defined, so the code can be
// grepped against Kafka's documentation.

export interface MBeanName {
  /** `server`, `controller`, `network`: what follows `kafka.`. */
  readonly domain: string;
  readonly type: string;
  readonly name: string;
}

const MBEAN = /^kafka\.(\w+):type=([^,=]+),name=([^,=]+)$/;

/** `kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec` → its parts (tags are labels, not part of the name). */
export function parseMBeanName(mbean: string): MBeanName {
  const m = MBEAN.exec(mbean);
  if (m === null) throw new Error(`not a Kafka MBean name of the form kafka.<domain>:type=<type>,name=<name>: ${mbean}`);
  return { domain: m[1], type: m[2], name: m[3] };
}

/** A Yammer meter's Count: the exporter's "per-second counters" rules drop `PerSec` and add `_total`. */
export function meterMetricName(mbean: string): string {
  const { domain, type, name } = parseMBeanName(mbean);
  const m = /^(.+)PerSec\w*$/.exec(name);
  if (m === null) throw new Error(`${mbean} is not a meter: the exporter's counter rules match names ending in PerSec`);
  return `kafka_${domain}_${type}_${m[1]}_total`.toLowerCase();
}

/** A gauge's Value: the exporter's generic gauge rules. */
export function gaugeMetricName(mbean: string): string {
  const { domain, type, name } = parseMBeanName(mbean);
  return `kafka_${domain}_${type}_${name}`.toLowerCase();
}

/** A histogram's or timer's percentiles; its Count is this name plus `_count` (as a Summary gives). */
export function histogramMetricName(mbean: string): string {
  return gaugeMetricName(mbean);
}

/** The percentile attributes a Yammer histogram has, which the exporter turns into quantiles. */
export const PERCENTILE_ATTRIBUTES = ['50thPercentile', '75thPercentile', '95thPercentile', '98thPercentile', '99thPercentile', '999thPercentile'] as const;

/** The exporter's `(\d+)thPercentile` → quantile "0.$1": so 50thPercentile is "0.50", not "0.5". */
export function quantileLabel(attribute: string): string {
  const m = /^(\d+)thPercentile$/.exec(attribute);
  if (m === null) throw new Error(`not a percentile attribute: ${attribute}`);
  return `0.${m[1]}`;
}

/** Each percentile as a number (what a Summary computes) and as the label the exporter gives it. */
export const KAFKA_QUANTILES: ReadonlyArray<{ readonly quantile: number; readonly label: string }> = PERCENTILE_ATTRIBUTES.map((attribute) => {
  const label = quantileLabel(attribute);
  return { quantile: Number(label), label };
});
