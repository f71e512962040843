// Listener endpoints the socket server binds, named like Kafka's `listeners` entries
// (PLAINTEXT://host:port, SSL://host:port, ...). TLS listeners (SSL, SASL_SSL) carry the Node TLS
// options built from the listener's ssl.* settings; SASL runs above the connection
// (src/server/sasl/), so to the socket server SASL_PLAINTEXT is plain TCP.

import type { TlsOptions } from 'node:tls';
import type { SecurityProtocol } from '../common/config/listeners';

export interface ListenerEndpoint {
  /** Listener name as in Kafka's `listeners` config, e.g. PLAINTEXT. */
  readonly name: string;
  /** Host or address to bind; '' or 0.0.0.0 binds every interface, as in Kafka. */
  readonly host: string;
  /** Port to bind; 0 asks the OS for a free port (tests), the bound port is then reported. */
  readonly port: number;
  /** PLAINTEXT when absent. */
  readonly securityProtocol?: SecurityProtocol;
  /** Required for SSL and SASL_SSL: key, certificate chain, CAs, client-auth, protocols, ciphers. */
  readonly tls?: TlsOptions;
}

/** A listener after binding: the port is the one actually bound. */
export interface BoundListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}
