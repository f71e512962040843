// /controller_epoch — P. Plain ASCII decimal, not JSON. Its zkVersion is the controller's fencing
// token: every controller write carries check(/controller_epoch, epochZkVersion).

import { ZnodeDecodeError } from '../json/znode-decode-error';

export const CONTROLLER_EPOCH_PATH = '/controller_epoch';
/** KafkaController.InitialControllerEpoch / InitialControllerEpochZkVersion */
export const INITIAL_CONTROLLER_EPOCH = 0;
export const INITIAL_CONTROLLER_EPOCH_ZK_VERSION = 0;

export function encodeControllerEpoch(epoch: number): Buffer {
  return Buffer.from(String(epoch), 'utf8');
}

export function decodeControllerEpoch(data: Buffer | null): number {
  const text = data?.toString('utf8') ?? '';
  if (!/^-?\d+$/.test(text)) throw new ZnodeDecodeError(CONTROLLER_EPOCH_PATH, 'expected a decimal epoch', text);
  return Number(text);
}
