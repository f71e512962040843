// Kafka's RequestMetrics (kafka.network:type=RequestMetrics), per request name as ApiKeys spells
// it (request=Produce). Since Kafka 2.0 (KIP-272) RequestsPerSec also has a version tag, so the
// exporter gives kafka_network_requestmetrics_requests_total{request,version}. Fetches count
// under Fetch and also under FetchConsumer or FetchFollower, as Kafka 2.4 splits them by the
// request's replica id. TotalTimeMs runs from the start of handling to the response being ready
// (what waits in the purgatory included; the wait behind the connection's previous request and
// the socket write are not).
//
// Per request: one array slot incremented and one or two Summary observations; the counts reach
// prom-client only when scraped.

import type { Registry, Summary } from 'prom-client';
import { API_KEY_NAMES } from '../protocol/api-key-names';
import { kafkaHistogram, kafkaMeter } from './kafka-metric-types';

const FETCH_API_KEY = 1;

/** One request name's counts by version and its TotalTimeMs child. */
class RequestStats {
  /** Requests per version (a sparse array: versions are small integers). */
  readonly byVersion: number[] = [];
  private readonly totalTime: { observe(value: number): void };

  constructor(
    readonly name: string,
    totalTimeMs: Summary<'request'>,
  ) {
    // The labelled child is made once: labels() validates and builds objects on every call.
    this.totalTime = totalTimeMs.labels({ request: name });
  }

  add(version: number, elapsedMs: number): void {
    this.byVersion[version] = (this.byVersion[version] ?? 0) + 1;
    this.totalTime.observe(elapsedMs);
  }
}

export class RequestMetrics {
  private readonly totalTimeMs: Summary<'request'>;
  /** By api key, created on a key's first request. */
  private readonly byApiKey: Array<RequestStats | undefined> = [];
  private readonly fetchConsumer: RequestStats;
  private readonly fetchFollower: RequestStats;

  constructor(registry: Registry) {
    this.totalTimeMs = kafkaHistogram(registry, 'kafka.network:type=RequestMetrics,name=TotalTimeMs', ['request']);
    this.fetchConsumer = new RequestStats('FetchConsumer', this.totalTimeMs);
    this.fetchFollower = new RequestStats('FetchFollower', this.totalTimeMs);
    kafkaMeter(registry, 'kafka.network:type=RequestMetrics,name=RequestsPerSec', ['request', 'version'], (emit) => {
      for (const stats of [...this.byApiKey, this.fetchConsumer, this.fetchFollower]) {
        stats?.byVersion.forEach((count, version) => emit({ request: stats.name, version: String(version) }, count));
      }
    });
  }

  /** A request handled in `elapsedMs`; `request` is its decoded body (Fetch's replica id picks its second name). */
  record(apiKey: number, version: number, request: unknown, elapsedMs: number): void {
    let stats = this.byApiKey[apiKey];
    if (stats === undefined) this.byApiKey[apiKey] = stats = new RequestStats(API_KEY_NAMES[apiKey] ?? `ApiKey${apiKey}`, this.totalTimeMs);
    stats.add(version, elapsedMs);
    if (apiKey === FETCH_API_KEY) {
      const fromFollower = (request as { replicaId: number }).replicaId >= 0;
      (fromFollower ? this.fetchFollower : this.fetchConsumer).add(version, elapsedMs);
    }
  }
}
