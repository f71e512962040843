// What the broker and its inter-broker connections use of SASL: the mechanisms, their server and
// client exchanges, how a failure is answered, the JAAS parsing and the SCRAM credential store.

export { SUPPORTED_SASL_MECHANISMS, createSaslClient, createSaslServer, isSupportedSaslMechanism, type SaslClientCredentials, type SaslServerDeps } from './sasl-mechanisms';
export type { SaslClient, SaslMechanismName, SaslServer } from './sasl-exchange';
export { IllegalSaslStateError, SaslAuthenticationError, SaslError, authenticationFailureMessage, saslAuthenticateFailure, type SaslFailureAnswer } from './sasl-errors';
export { plainUsersFromJaas, type PlainUsers } from './plain-sasl-server';
export { JaasConfigError, PLAIN_LOGIN_MODULE, SCRAM_LOGIN_MODULE, jaasOption, parseJaasConfig, parseJaasConfigEntries, type JaasConfigEntry } from '../jaas/jaas-config';
export { SASL_JAAS_CONFIG, listenerMechanismJaasProperty, loadServerJaasConfig } from '../jaas/server-jaas-context';
export { ScramCredentialCache } from '../scram/scram-credential-cache';
export { credentialFromString, credentialToString } from '../scram/scram-credential-text';
export type { ScramCredential } from '../scram/scram-formatter';
export { DEFAULT_SCRAM_ITERATIONS, SCRAM_MECHANISMS, isScramMechanism, type ScramMechanismName } from '../scram/scram-mechanism';
