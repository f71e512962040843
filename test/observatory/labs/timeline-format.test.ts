// The headless timeline: one line per event, narration wrapped, checks marked, noise left out.

import type { ControlPlaneEvent } from '../../../src/observatory/api-types';
import { formatEvent, formatTime, formatTimeline, isShown, wrap } from '../../../src/observatory/labs/timeline-format';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

function event(fields: Partial<ControlPlaneEvent> & Pick<ControlPlaneEvent, 'kind' | 'message'>): ControlPlaneEvent {
  return { seq: 1, time: T0 + 1500, source: 'broker-1', ...fields } as ControlPlaneEvent;
}

it('prints times relative to the start, or as wall-clock time', () => {
  expect(formatTime(T0 + 6234, T0)).toBe('+  6.234s');
  expect(formatTime(T0 - 500, T0)).toBe('-  0.500s');
  expect(formatTime(T0 + 123_456, T0)).toBe('+123.456s');
  expect(formatTime(new Date(2024, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
});

it('wraps narration at spaces', () => {
  expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  expect(wrap('a\nb c', 10)).toEqual(['a', 'b c']);
  expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
});

it('leaves out the noisy kinds unless verbose, but keeps replicas going offline and failed elections', () => {
  expect(isShown(event({ kind: 'request-sent', message: 'Sending LeaderAndIsr' }))).toBe(false);
  expect(isShown(event({ kind: 'request-sent', message: 'Sending LeaderAndIsr' }), true)).toBe(true);
  expect(isShown(event({ kind: 'partition-state-change', message: 'NewPartition' }))).toBe(false);
  expect(isShown(event({ kind: 'replica-state-change', message: 'x', to: 'OnlineReplica' }))).toBe(false);
  expect(isShown(event({ kind: 'replica-state-change', message: 'x', to: 'OfflineReplica' }))).toBe(true);
  const line = (message: string, level: string) => event({ kind: 'state-change' as ControlPlaneEvent['kind'], message, level });
  expect(isShown(line('[Broker id=1] Follower t-0 starts at leader epoch 1', 'info'))).toBe(false);
  expect(isShown(line('Controller failed to elect a leader for partition t-0 (offline)', 'error'))).toBe(true);
  expect(isShown(line('Unclean leader election: 3 becomes leader of t-0', 'warn'))).toBe(true);
  expect(isShown(event({ kind: 'leader-elected', message: 'x' }))).toBe(true);
});

it('prints an event with kind, source, topic-partition, message and what the message does not say', () => {
  const line = formatEvent(
    event({ kind: 'leader-elected', topic: 'orders', partition: 0, election: 'offline', cause: 'the children of /brokers/ids changed', message: '[Controller id=3 epoch=1] Changed partition orders-0 state' }),
    { startTime: T0 },
  );
  expect(line).toBe(
    '+  1.500s  leader-elected           broker-1    orders-0       [Controller id=3 epoch=1] Changed partition orders-0 state  {offline election; cause: the children of /brokers/ids changed}',
  );
  const noRepeat = formatEvent(event({ kind: 'isr-shrink', topic: 't', partition: 1, cause: 'lag', message: 'ISR shrunk: lag' }), { startTime: T0 });
  expect(noRepeat).not.toContain('{');
  expect(formatEvent(event({ kind: 'broker-registered', broker: 2, epoch: 42, message: 'Broker 2 registered' }), { startTime: T0 })).toContain('{broker epoch 42}');
});

it('prints narration as a numbered, wrapped paragraph, notes, checks and the result', () => {
  const step = formatEvent(event({ kind: 'lab-step', source: 'lab', step: 2, message: 'Killing broker 2 with kill -9 so that its session expires' }), { startTime: T0, width: 30 })!;
  expect(step.split('\n')).toEqual(['', '+  1.500s  ▶ Step 2: Killing broker 2 with', '             kill -9 so that its session', '             expires']);
  expect(formatEvent(event({ kind: 'lab-step', source: 'lab', note: true, message: '50 acknowledged' }), { startTime: T0 })).toBe('+  1.500s    · 50 acknowledged');
  expect(formatEvent(event({ kind: 'lab-check', source: 'lab', ok: true, message: 'a new controller: broker 2' }), { startTime: T0 })).toBe('+  1.500s  [ok]     a new controller: broker 2');
  expect(formatEvent(event({ kind: 'lab-check', source: 'lab', ok: false, message: 'no loss' }), { startTime: T0 })).toBe('+  1.500s  [FAILED] no loss');
  expect(formatEvent(event({ kind: 'lab-finished', source: 'lab', passed: false, message: 'Lab x FAILED' }), { startTime: T0 })).toBe('\n+  1.500s  !! Lab x FAILED');
});

it('formats a whole timeline, skipping what is not shown', () => {
  const lines = formatTimeline(
    [
      event({ kind: 'controller-elected', message: 'Broker 1 is the controller' }),
      event({ kind: 'request-sent', message: 'UpdateMetadata' }),
      event({ kind: 'isr-expand', topic: 't', partition: 0, message: 'ISR 1 -> 1,2' }),
    ],
    { startTime: T0 },
  );
  expect(lines).toHaveLength(2);
  expect(formatTimeline([event({ kind: 'request-sent', message: 'UpdateMetadata' })], { verbose: true })).toHaveLength(1);
});
