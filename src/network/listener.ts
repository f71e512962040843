// Listener endpoints the socket server binds, named like Kafka's `listeners` entries
// (PLAINTEXT://host:port). Only PLAINTEXT exists for now; SSL and SASL listeners will add a
// security protocol here.

export interface ListenerEndpoint {
  /** Listener name as in Kafka's `listeners` config, e.g. PLAINTEXT. */
  readonly name: string;
  /** Host or address to bind; '' or 0.0.0.0 binds every interface, as in Kafka. */
  readonly host: string;
  /** Port to bind; 0 asks the OS for a free port (tests), the bound port is then reported. */
  readonly port: number;
}

/** A listener after binding: the port is the one actually bound. */
export interface BoundListener {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}
