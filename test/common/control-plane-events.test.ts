// The recording logger writes each line and keeps it as an event, so state-change.log and the
// broker's event stream hold the same lines.

import { ControlPlaneEventLog, logEvent, recordingLogger } from '../../src/common/control-plane-events';
import type { Logger } from '../../src/common/logger';

function collecting(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`INFO ${m}`), warn: (m) => lines.push(`WARN ${m}`), error: (m) => lines.push(`ERROR ${m}`) };
}

it('records structured events and, for the state-change log, plain lines too, in the order written', () => {
  const file = collecting();
  const events = new ControlPlaneEventLog('broker-1');
  const stateChange = recordingLogger(file, events, 'state-change.log', 'state-change');
  logEvent(stateChange, 'info', { kind: 'leader-elected', topic: 't', partition: 0, leader: 2 }, 'elected 2');
  stateChange.warn('something else');
  expect(file.lines).toEqual(['INFO elected 2', 'WARN something else']);
  const recorded = events.since(0);
  expect(recorded.map((e) => [e.kind, e.message, e.file, e.source, e.level])).toEqual([
    ['leader-elected', 'elected 2', 'state-change.log', 'broker-1', 'info'],
    ['state-change', 'something else', 'state-change.log', 'broker-1', 'warn'],
  ]);
  expect(recorded[1].seq).toBe(recorded[0].seq + 1);
  expect(events.since(recorded[0].seq)).toEqual([recorded[1]]);
});

it('records only event() calls for the controller log; a plain logger just gets the line', () => {
  const events = new ControlPlaneEventLog('broker-2');
  const controller = recordingLogger(collecting(), events, 'controller.log');
  controller.info('not an event');
  logEvent(controller, 'info', { kind: 'controller-elected', broker: 2 }, 'elected');
  expect(events.since(0).map((e) => e.kind)).toEqual(['controller-elected']);
  const plain = collecting();
  logEvent(plain, 'warn', { kind: 'x' }, 'line');
  expect(plain.lines).toEqual(['WARN line']);
});

it('tells subscribers as events happen and keeps a bounded history', () => {
  const events = new ControlPlaneEventLog('b', 10);
  const seen: string[] = [];
  const unsubscribe = events.subscribe((e) => seen.push(e.message));
  for (let i = 0; i < 25; i++) events.append('info', { kind: 'k' }, `m${i}`);
  unsubscribe();
  events.append('info', { kind: 'k' }, 'late');
  expect(seen).toHaveLength(25);
  expect(events.since(0).length).toBeLessThanOrEqual(10);
  expect(events.since(0).at(-1)!.message).toBe('late');
});
