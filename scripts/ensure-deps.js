#!/usr/bin/env node
// Installs the npm packages when they are missing or older than package-lock.json, so the
// README's commands work from a clean clone without a separate install step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

function needsInstall() {
  if (!fs.existsSync(installed)) return true;
  return fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs;
}

if (needsInstall()) {
  console.log('Installing npm packages (npm install)...');
  // `npm ci` is not used: npm drops other platforms' optional binaries from a lockfile made here.
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
