// commander's parser for a --port style option: an integer 0-65535 (0: the system picks a free
// port, and the program prints the one it got), or a clear error.

import { InvalidArgumentError } from 'commander';

export function parsePortOption(value: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`"${value}" is not a port number`);
  return port;
}
