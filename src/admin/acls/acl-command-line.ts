// kafka-acls' command line as Kafka 2.4.1's joptsimple parser reads it (no abbreviations):
// `--name value` or `--name=value`; an option that requires an argument takes the next word
// whatever it looks like (`--topic --cluster` names a topic "--cluster"); an optional argument is
// taken only if the next word does not look like an option; words that are no option's are
// ignored, and so is an argument given to an option that takes none (`--list=3`). What
// joptsimple throws while parsing escapes Kafka's main (JoptParseError).

export type OptionArity = 'none' | 'required' | 'optional';

/** joptsimple's exceptions, which kafka-acls lets the JVM print. */
export class JoptParseError extends Error {
  override readonly name = 'JoptParseError';
  constructor(
    /** e.g. joptsimple.UnrecognizedOptionException */
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every occurrence of every option, in command-line order (joptsimple's OptionSet). */
export class ParsedOptions {
  private readonly values = new Map<string, string[]>();

  constructor(private readonly seen: ReadonlySet<string>, values: ReadonlyMap<string, string[]>) {
    for (const [k, v] of values) this.values.set(k, v);
  }

  has(name: string): boolean {
    return this.seen.has(name);
  }

  /** OptionSet.valuesOf: the arguments given, in order (empty for an option without). */
  valuesOf(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  /** OptionSet.valueOf: the only argument, null if none, a joptsimple error if several. */
  valueOf(name: string): string | null {
    const values = this.valuesOf(name);
    if (values.length > 1) throw new JoptParseError('joptsimple.MultipleArgumentsForOptionException', `Found multiple arguments for option ${name}, but you asked for only one`);
    return values[0] ?? null;
  }
}

function looksLikeOption(word: string): boolean {
  return word.startsWith('-') && word.length > 1 && !/^-\d/.test(word);
}

export function parseJoptCommandLine(args: readonly string[], specs: ReadonlyMap<string, OptionArity>): ParsedOptions {
  const seen = new Set<string>();
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') break;
    if (!looksLikeOption(word)) continue;
    const long = word.startsWith('--');
    const body = word.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const arity = long ? specs.get(name) : undefined;
    if (arity === undefined) throw new JoptParseError('joptsimple.UnrecognizedOptionException', `${long ? name : name[0]} is not a recognized option`);
    seen.add(name);
    const list = values.get(name) ?? [];
    values.set(name, list);
    if (eq >= 0) {
      // Kafka 2.4.1's joptsimple accepts `--list=3` and drops the argument.
      if (arity !== 'none') list.push(body.slice(eq + 1));
    } else if (arity === 'required') {
      if (i + 1 >= args.length) throw new JoptParseError('joptsimple.OptionMissingRequiredArgumentException', `Option ${name} requires an argument`);
      list.push(args[++i]!);
    } else if (arity === 'optional' && i + 1 < args.length && !looksLikeOption(args[i + 1]!)) {
      list.push(args[++i]!);
    }
  }
  return new ParsedOptions(seen, values);
}
