// What Kafka's CommandLineUtils does for every tool, minus the exiting: a UsageError carries the
// message printUsageAndDie prints (before the help text) so the CLI layer decides how to exit and
// the logic stays testable. Option names are written the way joptsimple prints an OptionSpec,
// `[topic]`, because that is the text Kafka users see in "Missing required argument \"[topic]\"".

export class UsageError extends Error {}

/** joptsimple's OptionSpec.toString for a single-name option. */
export const spec = (name: string): string => `[${name}]`;

export function missingRequired(name: string): UsageError {
  return new UsageError(`Missing required argument "${spec(name)}"`);
}

export function cantBeUsedWith(used: string, invalid: string): UsageError {
  return new UsageError(`Option "${spec(used)}" can't be used with option "${spec(invalid)}"`);
}

/** CommandLineUtils.parseKeyValueArgs: `k=v` (value may contain '='), a bare `k` means ''. */
export function parseKeyValueArgs(args: readonly string[]): Map<string, string> {
  const props = new Map<string, string>();
  for (const arg of args) {
    if (arg.length === 0) continue;
    const eq = arg.indexOf('=');
    if (eq < 0) props.set(arg, '');
    else props.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return props;
}

/** Accumulator for repeatable commander options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
