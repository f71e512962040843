import { ControllerEventManager } from '../../src/controller/event-manager';
import { silentLogger } from '../../src/common/logger';

type Event = { type: string; delayMs?: number };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ControllerEventManager', () => {
  it('processes events one at a time in arrival order, even when processing awaits', async () => {
    const log: string[] = [];
    let active = 0;
    const manager = new ControllerEventManager<Event>(async (e) => {
      active++;
      expect(active).toBe(1);
      log.push(`start ${e.type}`);
      await sleep(e.delayMs ?? 0);
      log.push(`end ${e.type}`);
      active--;
    }, silentLogger);
    manager.put({ type: 'A', delayMs: 20 });
    manager.put({ type: 'B' });
    manager.put({ type: 'C', delayMs: 5 });
    await manager.idle();
    expect(log).toEqual(['start A', 'end A', 'start B', 'end B', 'start C', 'end C']);
  });

  it('keeps going after an event fails, and logs it', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    const manager = new ControllerEventManager<Event>(
      async (e) => {
        seen.push(e.type);
        if (e.type === 'bad') throw new Error('boom');
      },
      { ...silentLogger, error: (m) => errors.push(m) },
    );
    manager.put({ type: 'bad' });
    manager.put({ type: 'good' });
    await manager.idle();
    expect(seen).toEqual(['bad', 'good']);
    expect(errors[0]).toContain('Error processing event bad');
  });

  it('clearAndPut drops what is queued but not the event in progress; close stops intake', async () => {
    const seen: string[] = [];
    const manager = new ControllerEventManager<Event>(async (e) => {
      seen.push(e.type);
      await sleep(e.delayMs ?? 0);
    }, silentLogger);
    manager.put({ type: 'running', delayMs: 10 });
    manager.put({ type: 'dropped' });
    manager.clearAndPut({ type: 'Expire' });
    await manager.idle();
    expect(seen).toEqual(['running', 'Expire']);
    await manager.close();
    manager.put({ type: 'late' });
    await manager.idle();
    expect(seen).toEqual(['running', 'Expire']);
  });
});
