// Kafka's KafkaPrincipal: who a connection authenticated as. Here in common/ because the network
// layer sets it (TLS peer, SASL) and the server and security layers read it.

export interface KafkaPrincipal {
  /** Always "User" for the principals Kafka 2.4.1 builds (DefaultKafkaPrincipalBuilder). */
  readonly principalType: string;
  readonly name: string;
}

export const USER_TYPE = 'User';

/** What an unauthenticated connection is: PLAINTEXT listeners, SSL without a client certificate. */
export const ANONYMOUS_PRINCIPAL: KafkaPrincipal = Object.freeze({ principalType: USER_TYPE, name: 'ANONYMOUS' });

export function userPrincipal(name: string): KafkaPrincipal {
  return { principalType: USER_TYPE, name };
}

/** "User:alice", as Kafka prints and stores principals. */
export function principalToString(principal: KafkaPrincipal): string {
  return `${principal.principalType}:${principal.name}`;
}

/**
 * SecurityUtils.parseKafkaPrincipal: "Type:name", split at the first colon; the name may hold
 * further colons. Throws with Kafka's message when there is no colon or nothing after it.
 */
export function parseKafkaPrincipal(text: string): KafkaPrincipal {
  const colon = text.indexOf(':');
  if (text === '' || colon < 0) {
    throw new Error(`expected a string in format principalType:principalName but got ${text}`);
  }
  return { principalType: text.slice(0, colon), name: text.slice(colon + 1) };
}

export function samePrincipal(a: KafkaPrincipal, b: KafkaPrincipal): boolean {
  return a.principalType === b.principalType && a.name === b.name;
}
