// TLS for listeners and the broker's own client: Kafka 2.4.1's ssl.* settings (keystores,
// truststores, client authentication, protocols, cipher suites, host name checks) as node:tls
// options, and the SSL principal (the peer's distinguished name through ssl.principal.mapping.rules).
export * from './ssl-settings';
export * from './ssl-stores';
export * from './tls-options';
export * from './cipher-suites';
export * from './tls-protocols';
export * from './ssl-principal';
export * from './ssl-principal-mapper';
export { certificateSubjectRfc2253 } from './x500-name';
export * from './inter-broker-ssl-check';
