// docker-compose.yml cannot run here (no Docker engine), but its syntax and service set are
// checked with docker-compose itself, which validates offline.

import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

describe('docker-compose.yml', () => {
  it('is valid for docker-compose and defines the 3 ZooKeeper nodes and 3 brokers', () => {
    execFileSync('docker-compose', ['config', '-q'], { cwd: root });
    const services = execFileSync('docker-compose', ['config', '--services'], { cwd: root, encoding: 'utf8' }).trim().split('\n').sort();
    expect(services).toEqual(['kafka-1', 'kafka-2', 'kafka-3', 'zookeeper-1', 'zookeeper-2', 'zookeeper-3']);
  });
});
