// Reading the JMX exporter's Kafka names out of the Prometheus text format.

import { readExposition } from '../../src/observatory/metrics-scraper';

it('takes the all-topics counters, the gauges and the p99 of Produce and FetchConsumer', () => {
  const text = [
    '# HELP kafka_server_brokertopicmetrics_messagesin_total Messages in',
    '# TYPE kafka_server_brokertopicmetrics_messagesin_total counter',
    'kafka_server_brokertopicmetrics_messagesin_total 42',
    'kafka_server_brokertopicmetrics_messagesin_total{topic="a"} 40',
    'kafka_server_brokertopicmetrics_bytesin_total 4096',
    'kafka_server_brokertopicmetrics_bytesout_total 1e3',
    'kafka_server_replicamanager_underreplicatedpartitions 2',
    'kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.5"} 1',
    'kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.99"} 7.5',
    'kafka_network_requestmetrics_totaltimems{request="FetchConsumer",quantile="0.99"} 500',
    'kafka_network_requestmetrics_totaltimems_count{request="Produce"} 10',
  ].join('\n');
  expect(readExposition(text)).toEqual({ messagesIn: 42, bytesIn: 4096, bytesOut: 1000, underReplicated: 2, produceP99: 7.5, fetchP99: 500 });
});

it('reads nothing out of text that has none of them', () => {
  expect(readExposition('jvm_memory_bytes_used{area="heap"} 1\nnot a metric line')).toEqual({ messagesIn: 0, bytesIn: 0, bytesOut: 0, underReplicated: 0, produceP99: null, fetchP99: null });
});
