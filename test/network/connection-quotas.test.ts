import { ConnectionQuotas } from '../../src/network/connection-quotas';

test('per-IP limit, overrides, total limit, and release', () => {
  const quotas = new ConnectionQuotas({
    maxConnections: 4,
    maxConnectionsPerIp: 2,
    maxConnectionsPerIpOverrides: new Map([['10.0.0.9', 3]]),
  });
  expect(quotas.tryAcquire('10.0.0.1')).toBeNull();
  expect(quotas.tryAcquire('10.0.0.1')).toBeNull();
  expect(quotas.tryAcquire('10.0.0.1')).toEqual({ kind: 'per-ip', limit: 2 });
  expect(quotas.countFor('10.0.0.1')).toBe(2);
  expect(quotas.tryAcquire('10.0.0.9')).toBeNull();
  expect(quotas.tryAcquire('10.0.0.9')).toBeNull();
  expect(quotas.tryAcquire('10.0.0.9')).toEqual({ kind: 'total', limit: 4 });
  quotas.release('10.0.0.1');
  expect(quotas.tryAcquire('10.0.0.9')).toBeNull();
  expect(quotas.countFor('10.0.0.9')).toBe(3);
  expect(quotas.connectionCount).toBe(4);
  quotas.release('unknown');
  expect(quotas.connectionCount).toBe(4);
});

test('defaults are unlimited (Int.MAX)', () => {
  const quotas = new ConnectionQuotas();
  for (let i = 0; i < 1000; i++) expect(quotas.tryAcquire('127.0.0.1')).toBeNull();
});
