// The SCRAM mechanisms Kafka 2.4.1 supports (its ScramMechanism enum): SCRAM-SHA-256 and
// SCRAM-SHA-512, both with a minimum of 4096 iterations and no maximum (2.4.1 has none). Kafka's
// messages print the enum constant (SCRAM_SHA_256), not the mechanism name.

export type ScramMechanismName = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** A node:crypto digest name; sha1 is only for RFC 5802's test vector (SCRAM-SHA-1 is not a Kafka mechanism). */
export type ScramDigest = 'sha1' | 'sha256' | 'sha512';

export interface ScramMechanism {
  readonly mechanismName: ScramMechanismName;
  /** The Java enum constant, as Kafka's messages name the mechanism. */
  readonly enumName: string;
  readonly digest: ScramDigest;
  readonly minIterations: number;
}

/** In the enum's declaration order, which is the order Kafka walks them in (kafka-configs, the credential cache). */
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = [
  { mechanismName: 'SCRAM-SHA-256', enumName: 'SCRAM_SHA_256', digest: 'sha256', minIterations: 4096 },
  { mechanismName: 'SCRAM-SHA-512', enumName: 'SCRAM_SHA_512', digest: 'sha512', minIterations: 4096 },
];

/** kafka-configs' iterations when --add-config gives none (ConfigCommand.DefaultScramIterations). */
export const DEFAULT_SCRAM_ITERATIONS = 4096;

export function scramMechanism(name: string): ScramMechanism | undefined {
  return SCRAM_MECHANISMS.find((m) => m.mechanismName === name);
}

export function isScramMechanism(name: string): name is ScramMechanismName {
  return scramMechanism(name) !== undefined;
}
