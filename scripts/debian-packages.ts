// Installs the Debian packages the cluster and its tests run on (ZooKeeper, kcat, kafka-python,
// the compat suites' build tools) when they are missing and we are root; otherwise says exactly
// what to install.

import { execFileSync } from 'node:child_process';

export class MissingPackagesError extends Error {}

export interface DebianPackage {
  name: string;
  /** Whether what we need from the package is already usable. */
  present(): boolean;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function commandSucceeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function aptInstall(names: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'inherit', env });
}

/** Installs the missing packages with apt when root; throws MissingPackagesError with advice otherwise. */
export function ensureDebianPackages(packages: DebianPackage[], log: (line: string) => void = console.log): void {
  const missing = packages.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new MissingPackagesError(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install ${missing.join(' ')}`);
  }
  log(`Installing Debian packages with apt-get: ${missing.join(' ')}`);
  aptInstall(missing);
  const stillMissing = packages.filter((p) => !p.present()).map((p) => p.name);
  if (stillMissing.length > 0) throw new MissingPackagesError(`apt-get did not make these usable: ${stillMissing.join(' ')}`);
}

/** Runs an install step; a MissingPackagesError becomes its message on stderr and exit code 1. */
export function exitWithAdvice(install: () => void): void {
  try {
    install();
  } catch (error) {
    if (!(error instanceof MissingPackagesError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
