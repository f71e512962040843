// /latest_producer_id_block — P. `{"version":1,"broker":0,"block_start":"0","block_end":"999"}`:
// the last claimed block of producer ids, inclusive bounds written as strings.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { PRODUCER_ID_BLOCK_PATH } from './paths';

/** ProducerIdManager.PidBlockSize */
export const PRODUCER_ID_BLOCK_SIZE = 1000n;

export interface ProducerIdBlock {
  brokerId: number;
  blockStart: bigint;
  blockEnd: bigint;
}

export function encodeProducerIdBlock(block: ProducerIdBlock): Buffer {
  return jsonBytes(
    jsonObject([
      ['version', 1],
      ['broker', block.brokerId],
      ['block_start', block.blockStart.toString()],
      ['block_end', block.blockEnd.toString()],
    ]),
  );
}

export function decodeProducerIdBlock(data: Buffer | null): ProducerIdBlock {
  const { reader, json } = JsonReader.object(PRODUCER_ID_BLOCK_PATH, data);
  reader.version(json, [1]);
  return {
    brokerId: reader.int(json, 'broker'),
    blockStart: reader.intString(json, 'block_start'),
    blockEnd: reader.intString(json, 'block_end'),
  };
}

/** The block after `previous` (or the first, 0..999), as ProducerIdManager computes it. */
export function nextProducerIdBlock(brokerId: number, previous: ProducerIdBlock | null): ProducerIdBlock {
  if (previous === null) return { brokerId, blockStart: 0n, blockEnd: PRODUCER_ID_BLOCK_SIZE - 1n };
  if (previous.blockEnd > 2n ** 63n - 1n - PRODUCER_ID_BLOCK_SIZE) {
    throw new Error(`producer ids exhausted: last block ends at ${previous.blockEnd}`);
  }
  return { brokerId, blockStart: previous.blockEnd + 1n, blockEnd: previous.blockEnd + PRODUCER_ID_BLOCK_SIZE };
}
