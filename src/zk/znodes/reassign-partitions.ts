// /admin/reassign_partitions — P (legacy, deprecated since 2.4 but still honoured by the controller).
// `{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3]}]}`, read with a strict
// Jackson bean mapping: unknown fields (e.g. `log_dirs`) make the whole znode invalid.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';

export const REASSIGN_PARTITIONS_PATH = '/admin/reassign_partitions';

export interface LegacyPartitionReassignment {
  topic: string;
  partition: number;
  replicas: number[];
}

export function encodeReassignPartitions(reassignments: readonly LegacyPartitionReassignment[]): Buffer {
  return jsonBytes(
    jsonObject([
      ['version', 1],
      [
        'partitions',
        reassignments.map((r) => jsonObject([['topic', r.topic], ['partition', r.partition], ['replicas', r.replicas]])),
      ],
    ]),
  );
}

export function decodeReassignPartitions(data: Buffer | null): LegacyPartitionReassignment[] {
  const { reader, json } = JsonReader.object(REASSIGN_PARTITIONS_PATH, data);
  rejectUnknownFields(reader, json, ['version', 'partitions'], 'document');
  reader.int(json, 'version');
  return reader.array(json.partitions, 'partitions').map((entry, i) => {
    const item = reader.asObject(entry, `partitions[${i}]`);
    rejectUnknownFields(reader, item, ['topic', 'partition', 'replicas'], `partitions[${i}]`);
    return {
      topic: reader.string(item, 'topic'),
      partition: reader.int(item, 'partition'),
      replicas: reader.intArray(item.replicas, `partitions[${i}].replicas`),
    };
  });
}

function rejectUnknownFields(reader: JsonReader, json: Record<string, unknown>, known: string[], where: string): void {
  const unknown = Object.keys(json).filter((k) => !known.includes(k));
  if (unknown.length > 0) reader.fail(`unknown field(s) ${unknown.join(', ')} in ${where}`);
}
