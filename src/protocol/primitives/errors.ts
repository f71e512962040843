// Errors raised by the wire-format primitives and the generated codecs.
//
// They are separate classes so the network layer can tell "this peer sent garbage, close the
// connection" (ProtocolDecodeError) from "we tried to send something this version cannot express"
// (ProtocolEncodeError, Kafka's UnsupportedVersionException on the write side).

/** Input bytes are truncated or malformed. The broker closes only the offending connection. */
export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
  constructor(message: string) {
    super(message);
  }
}

/** A value cannot be written in the requested version (missing field, null where not allowed, ...). */
export class ProtocolEncodeError extends Error {
  override readonly name = 'ProtocolEncodeError';
  constructor(message: string) {
    super(message);
  }
}

// Small factories used by the generated codecs, so each generated check stays a one-liner.

/** Kafka's UnsupportedVersionException on the write side: a set field this version lacks. */
export function fieldNotInVersion(field: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`${field} has a non-default value but does not exist in version ${version}`);
}

/** Null given for a field that is not nullable in this version. */
export function nullNotAllowed(field: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`${field} is null but is not nullable in version ${version}`);
}

export function cannotEncodeVersion(message: string, version: number): ProtocolEncodeError {
  return new ProtocolEncodeError(`${message} has no version ${version}`);
}

export function cannotDecodeVersion(message: string, version: number): ProtocolDecodeError {
  return new ProtocolDecodeError(`${message} has no version ${version}`);
}
