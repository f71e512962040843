/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // Integration tests start whole clusters (3 ZooKeeper JVMs + 3 brokers) and inject timed faults;
  // two at once on this 2-core machine starve each other, so test files run one at a time.
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
};
