// The principal of a connection authenticated by TLS, as Kafka 2.4.1's DefaultKafkaPrincipalBuilder
// builds it for an SSL listener: no client certificate means User:ANONYMOUS; otherwise the peer
// certificate's subject in Java's RFC 2253 form (x500-name.ts) goes through
// ssl.principal.mapping.rules (ssl-principal-mapper.ts) and the result is the user name.

import type { PeerCertificate } from 'node:tls';
import { ANONYMOUS_PRINCIPAL, userPrincipal, type KafkaPrincipal } from '../../common/kafka-principal';
import { SslPrincipalMapper } from './ssl-principal-mapper';
import { certificateSubjectRfc2253 } from './x500-name';

/** Mapping failed (Kafka's KafkaException from the principal builder): the connection must fail. */
export class SslPrincipalMappingError extends Error {
  constructor(
    message: string,
    override readonly cause: Error,
  ) {
    super(message);
    this.name = 'SslPrincipalMappingError';
  }
}

/**
 * The principal name for the certificate a TLS peer presented (socket.getPeerCertificate(); Node
 * gives an empty object, or null, when there is none). `rules` is a parsed mapper or the text of
 * ssl.principal.mapping.rules (parse it once at startup where possible: errors show early then).
 */
export function sslPrincipalName(peerCertificate: PeerCertificate | Record<string, never> | null | undefined, rules: SslPrincipalMapper | string | null): string {
  const raw = (peerCertificate as Partial<PeerCertificate> | null | undefined)?.raw;
  if (raw === undefined || raw === null || raw.length === 0) return ANONYMOUS_PRINCIPAL.name;
  const mapper = rules instanceof SslPrincipalMapper ? rules : SslPrincipalMapper.fromRules(rules);
  const distinguishedName = certificateSubjectRfc2253(raw);
  try {
    return mapper.getName(distinguishedName);
  } catch (e) {
    throw new SslPrincipalMappingError(`Failed to map name for '${distinguishedName}' based on SSL principal mapping rules.`, e as Error);
  }
}

/** The same as a KafkaPrincipal (User:<name>, or the ANONYMOUS principal itself). */
export function sslPrincipal(peerCertificate: PeerCertificate | Record<string, never> | null | undefined, rules: SslPrincipalMapper | string | null): KafkaPrincipal {
  const name = sslPrincipalName(peerCertificate, rules);
  const raw = (peerCertificate as Partial<PeerCertificate> | null | undefined)?.raw;
  return raw === undefined || raw === null || raw.length === 0 ? ANONYMOUS_PRINCIPAL : userPrincipal(name);
}
