// The broker's network layer: listeners, framing, per-connection ordering, connection quotas.
export * from './listener';
export * from './request-dispatcher';
export * from './frame-decoder';
export * from './connection-quotas';
export * from './kafka-connection';
export * from './socket-server';
