// The API handler framework: handler interface, registry, dispatcher, and the handlers.
export * from './api-handler';
export * from './kafka-2.4.1-api-ranges';
export * from './registry';
export * from './dispatcher';
export { createApiVersionsHandler } from './18-api-versions';
