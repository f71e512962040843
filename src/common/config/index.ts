// Broker and properties-file configuration: the shared, lowest-level config module.
export * from './config-error';
export * from './config-types';
export * from './properties-file';
export * from './api-version';
export * from './listeners';
export * from './zk-connect';
export * from './broker-definitions';
export * from './kafka-config';
export * from './topic-defaults';
export * from './dynamic-configs';
export { canonicalLocalHostName } from './canonical-host';
export * from './extension-definitions';
export * from './listener-settings';
