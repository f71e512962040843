// librdkafka 2.0.2's own test suite, from Debian's source package: configured without the
// features we don't test (GSSAPI, the HTTP client) and built with `make -C tests build`.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { debianSource } from './debian-source';

export function buildLibrdkafkaTests(workDir: string): string {
  const tree = debianSource('librdkafka', workDir);
  const tests = path.join(tree, 'tests');
  if (existsSync(path.join(tests, 'test-runner'))) return tests;
  const run = (command: string, args: string[], cwd = tree) => execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log('building librdkafka 2.0.2 and its test-runner (a few minutes)');
  run('./configure', ['--no-download', '--disable-gssapi', '--disable-curl']);
  run('make', ['-j2', 'libs']);
  run('make', ['-j2', '-C', 'tests', 'build']);
  return tests;
}
