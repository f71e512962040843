// org.apache.kafka.common.Node as the tool prints it, "host:port (id: N rack: R)" with Java's
// "null" for no rack, and its hashCode, which decides the print order of five or more brokers.

import { javaStringHash } from '../../common/jvm-order/java-hash';

export interface KafkaNode {
  id: number;
  host: string;
  port: number;
  rack: string | null;
}

export function nodeString(node: KafkaNode): string {
  return `${node.host}:${node.port} (id: ${node.id} rack: ${node.rack ?? 'null'})`;
}

/** Node#hashCode: 31-based over host, id, port and rack (0 for a null host or rack). */
export function nodeHash(node: KafkaNode): number {
  let h = (31 + javaStringHash(node.host)) | 0;
  h = (Math.imul(31, h) + node.id) | 0;
  h = (Math.imul(31, h) + node.port) | 0;
  return (Math.imul(31, h) + (node.rack === null ? 0 : javaStringHash(node.rack))) | 0;
}
