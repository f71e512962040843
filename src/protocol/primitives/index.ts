export { Reader } from './reader';
export { Writer, LARGE_BUFFER_THRESHOLD } from './writer';
export {
  ProtocolDecodeError,
  ProtocolEncodeError,
  fieldNotInVersion,
  nullNotAllowed,
  cannotEncodeVersion,
  cannotDecodeVersion,
} from './errors';
