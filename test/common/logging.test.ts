import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrokerLoggers } from '../../src/common/logging';

describe('createBrokerLoggers', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'logging-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("splits server, controller and state-change lines into Kafka's three files", async () => {
    const loggers = createBrokerLoggers({ dir });
    loggers.server.info('[KafkaServer id=1] started');
    loggers.controller.warn('[Controller id=1] elected');
    loggers.stateChange.info('[Controller id=1 epoch=2] Changed partition t-0 state from NewPartition to OnlinePartition');
    await loggers.close();

    const line = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3}\] (INFO|WARN) .+ \([\w.]+\)$/;
    const server = readFileSync(join(dir, 'server.log'), 'utf8').trim();
    const controller = readFileSync(join(dir, 'controller.log'), 'utf8').trim();
    const stateChange = readFileSync(join(dir, 'state-change.log'), 'utf8').trim();
    expect(server).toMatch(line);
    expect(server).toContain('INFO [KafkaServer id=1] started (kafka.server)');
    expect(controller).toContain('WARN [Controller id=1] elected (kafka.controller)');
    expect(stateChange).toContain('from NewPartition to OnlinePartition (state.change.logger)');
    expect(server).not.toContain('Controller');
  });

  it('drops lines below the configured level', async () => {
    const loggers = createBrokerLoggers({ dir, level: 'warn' });
    loggers.server.info('quiet');
    loggers.server.error('loud');
    await loggers.close();
    const server = readFileSync(join(dir, 'server.log'), 'utf8');
    expect(server).not.toContain('quiet');
    expect(server).toContain('ERROR loud');
  });
});
