// Broker address lists as the tools take them ("host1:9092,host2:9093"), checked the way Kafka's
// ToolsUtils.validatePortOrDie does (every entry needs a numeric port).

import { UsageError } from './command-line';

export interface HostPort {
  host: string;
  port: number;
}

const HOST_PORT = /^\[?(.+?)\]?:(\d+)$/;

export function parseBrokerList(list: string): HostPort[] {
  const entries = list.split(',').map((s) => s.trim());
  const parsed = entries.map((e) => HOST_PORT.exec(e));
  if (entries.length === 0 || parsed.some((m) => m === null)) {
    throw new UsageError('Please provide valid host:port like host1:9091,host2:9092\n ');
  }
  return parsed.map((m) => ({ host: m![1], port: Number(m![2]) }));
}

export const hostPortString = (hp: HostPort) => `${hp.host}:${hp.port}`;
