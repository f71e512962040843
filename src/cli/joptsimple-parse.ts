// Kafka 2.4.1's tools parse with joptsimple, whose two parse failures escape main: an option
// missing its argument and an option it does not know. The JVM then prints the exception on
// stderr (`Exception in thread "main" <class>: <message>`, stack frames left out) and exits 1.
// Commander is set up by each tool to let both through (allowUnknownOption, exitOverride).

import { CommanderError, type Command, type OptionValues } from 'commander';

function dieUncaught(javaClass: string, message: string): never {
  process.stderr.write(`Exception in thread "main" ${javaClass}: ${message}\n`);
  process.exit(1);
}

/** Parses process.argv as joptsimple would, dying as the JVM does on what joptsimple rejects. */
export function parseLikeJoptsimple<T extends OptionValues>(program: Command): T {
  try {
    program.parse();
  } catch (error) {
    if (error instanceof CommanderError && error.code === 'commander.optionMissingArgument') {
      const name = /option '--([\w-]+)/.exec(error.message)?.[1] ?? '?';
      dieUncaught('joptsimple.OptionMissingRequiredArgumentException', `Option ${name} requires an argument`);
    }
    throw error;
  }
  const unknown = program.args.find((a) => a.startsWith('-') && a.length > 1 && a !== '--');
  if (unknown !== undefined) {
    const name = unknown.replace(/^--?/, '').split('=')[0]!;
    dieUncaught('joptsimple.UnrecognizedOptionException', `${unknown.startsWith('--') ? name : name[0]} is not a recognized option`);
  }
  return program.opts<T>();
}
