// The small logging interface every layer logs through, so storage and protocol code never
// depend on winston; the broker injects a winston-backed implementation.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};

/** For command-line programs: warnings and errors on stderr, info dropped. */
export const consoleLogger: Logger = {
  info() {},
  warn: (message) => console.error(`WARN ${message}`),
  error: (message) => console.error(`ERROR ${message}`),
};
