// Shared by the Kafka tool CLIs: Kafka's printUsageAndDie (message, then the help, on stderr,
// exit 1) and line output that is written synchronously so process.exit cannot cut it short.

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';

export function println(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printUsageAndDie(program: Command, message: string, showHelp = true): never {
  process.stderr.write(`${message}\n`);
  if (showHelp) program.outputHelp({ error: true });
  process.exit(1);
}

/** Commander argument parser for joptsimple's Integer options. */
export function integerOption(name: string): (value: string) => number {
  return (value) => {
    if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`Cannot parse argument '${value}' of option ${name}`);
    return Number(value);
  };
}
