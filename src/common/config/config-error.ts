// The one error type for bad configuration. It always names the property so the broker's
// startup failure (and a test) can point at the exact line a user has to fix.

export class ConfigError extends Error {
  constructor(
    /** The property the problem is about (e.g. "log.segment.bytes"). */
    readonly property: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** Kafka's ConfigException wording: "Invalid value X for configuration Y: reason". */
  static invalid(property: string, value: unknown, reason?: string): ConfigError {
    return new ConfigError(property, `Invalid value ${String(value)} for configuration ${property}${reason === undefined ? '' : `: ${reason}`}`);
  }
}
