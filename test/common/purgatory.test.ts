import { DelayedOperation, DelayedOperationPurgatory } from '../../src/common/purgatory';
import { ManualClock } from './manual-clock';

class WaitForCount extends DelayedOperation {
  results: string[] = [];
  constructor(
    private readonly source: { count: number },
    private readonly needed: number,
    delayMs: number,
  ) {
    super(delayMs);
  }
  tryComplete(): boolean {
    return this.source.count >= this.needed ? this.forceComplete() : false;
  }
  protected onComplete(): void {
    this.results.push(this.source.count >= this.needed ? 'satisfied' : 'expired');
  }
}

describe('DelayedOperationPurgatory', () => {
  it('completes immediately when the condition already holds, without watching', () => {
    const timer = new ManualClock();
    const purgatory = new DelayedOperationPurgatory<string, WaitForCount>('test', timer);
    const op = new WaitForCount({ count: 5 }, 1, 1000);
    expect(purgatory.tryCompleteElseWatch(op, ['a'])).toBe(true);
    expect(op.results).toEqual(['satisfied']);
    expect(purgatory.size).toBe(0);
    expect(timer.pendingTimers).toBe(0);
  });

  it('completes on a key event once the condition holds, exactly once, and cancels its timer', () => {
    const timer = new ManualClock();
    const purgatory = new DelayedOperationPurgatory<string, WaitForCount>('test', timer);
    const source = { count: 0 };
    const op = new WaitForCount(source, 2, 1000);
    expect(purgatory.tryCompleteElseWatch(op, ['a', 'b'])).toBe(false);
    source.count = 1;
    expect(purgatory.checkAndComplete('a')).toBe(0);
    source.count = 2;
    expect(purgatory.checkAndComplete('b')).toBe(1);
    expect(purgatory.checkAndComplete('a')).toBe(0);
    timer.advance(5000);
    expect(op.results).toEqual(['satisfied']);
    expect(purgatory.size).toBe(0);
    expect(timer.pendingTimers).toBe(0);
  });

  it('expires after its delay and is then forgotten by every key', () => {
    const timer = new ManualClock();
    const purgatory = new DelayedOperationPurgatory<string, WaitForCount>('test', timer);
    const source = { count: 0 };
    const op = new WaitForCount(source, 1, 500);
    purgatory.tryCompleteElseWatch(op, ['a', 'b']);
    timer.advance(499);
    expect(op.results).toEqual([]);
    timer.advance(1);
    expect(op.results).toEqual(['expired']);
    source.count = 3;
    expect(purgatory.checkAndComplete('a') + purgatory.checkAndComplete('b')).toBe(0);
    expect(op.results).toEqual(['expired']);
  });

  it('completeAll forces every waiting operation, or those of one key', () => {
    const timer = new ManualClock();
    const purgatory = new DelayedOperationPurgatory<string, WaitForCount>('test', timer);
    const ops = ['a', 'a', 'b'].map((key) => {
      const op = new WaitForCount({ count: 0 }, 1, 1000);
      purgatory.tryCompleteElseWatch(op, [key]);
      return op;
    });
    purgatory.completeAll('a');
    expect(ops.map((o) => o.results.length)).toEqual([1, 1, 0]);
    purgatory.completeAll();
    expect(ops.map((o) => o.results.length)).toEqual([1, 1, 1]);
    expect(timer.pendingTimers).toBe(0);
  });
});
