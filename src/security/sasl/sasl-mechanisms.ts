// The SASL mechanisms a broker can enable (sasl.enabled.mechanisms), and the server and client
// exchanges for each: PLAIN checks the JAAS user_ entries, SCRAM-SHA-256/512 the credentials kept
// in ZooKeeper (ScramCredentialCache). GSSAPI and OAUTHBEARER are not implemented.

import type { ScramCredential } from '../scram/scram-formatter';
import { scramMechanism, type ScramMechanismName } from '../scram/scram-mechanism';
import { ScramSaslClient } from '../scram/scram-sasl-client';
import { ScramSaslServer } from '../scram/scram-sasl-server';
import { PlainSaslClient } from './plain-sasl-client';
import { PlainSaslServer, type PlainUsers } from './plain-sasl-server';
import type { SaslClient, SaslMechanismName, SaslServer } from './sasl-exchange';

export const SUPPORTED_SASL_MECHANISMS: readonly SaslMechanismName[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export function isSupportedSaslMechanism(name: string): name is SaslMechanismName {
  return (SUPPORTED_SASL_MECHANISMS as readonly string[]).includes(name);
}

export interface SaslServerDeps {
  /** PLAIN: the user's expected password (the listener's JAAS user_<name>), undefined if unknown. */
  readonly plainUsers: PlainUsers;
  /** SCRAM: the user's stored credential for the mechanism (ScramCredentialCache.get). */
  readonly scramCredential: (mechanism: ScramMechanismName, user: string) => ScramCredential | undefined;
}

/** A fresh server exchange for one authentication (one per connection and per re-authentication). */
export function createSaslServer(mechanism: SaslMechanismName, deps: SaslServerDeps): SaslServer {
  if (mechanism === 'PLAIN') return new PlainSaslServer(deps.plainUsers);
  const scram = scramMechanism(mechanism);
  if (scram === undefined) throw new Error(`Unsupported SASL mechanism ${mechanism}`);
  return new ScramSaslServer(scram, (user) => deps.scramCredential(scram.mechanismName, user));
}

export interface SaslClientCredentials {
  readonly username: string;
  readonly password: string;
}

export function createSaslClient(mechanism: SaslMechanismName, credentials: SaslClientCredentials): SaslClient {
  if (mechanism === 'PLAIN') return new PlainSaslClient(credentials);
  const scram = scramMechanism(mechanism);
  if (scram === undefined) throw new Error(`Unsupported SASL mechanism ${mechanism}`);
  return new ScramSaslClient(scram, credentials);
}
