import { endpointsForRegistration, endpointToString, parseListeners, parseListenerSecurityProtocolMap } from '../../../src/common/config/listeners';
import { canonicalLocalHostName } from '../../../src/common/config/canonical-host';
import { parseApiVersion } from '../../../src/common/config/api-version';

describe('listeners', () => {
  const map = parseListenerSecurityProtocolMap('PLAINTEXT:PLAINTEXT,SSL:SSL,internal:sasl_plaintext');

  it('normalises names in the protocol map', () => {
    expect(map.get('INTERNAL')).toBe('SASL_PLAINTEXT');
  });

  it('parses hosts, empty hosts, IPv6 with and without brackets, port 0', () => {
    expect(parseListeners('PLAINTEXT://:9092,SSL://[fe80::1%eth0]:9093,internal://::1:0', map, 'listeners')).toEqual([
      { name: 'PLAINTEXT', host: '', port: 9092, securityProtocol: 'PLAINTEXT' },
      { name: 'SSL', host: 'fe80::1%eth0', port: 9093, securityProtocol: 'SSL' },
      { name: 'INTERNAL', host: '::1', port: 0, securityProtocol: 'SASL_PLAINTEXT' },
    ]);
    // Port 0 (pick any) may repeat.
    expect(parseListeners('PLAINTEXT://:0,SSL://:0', map, 'listeners')).toHaveLength(2);
    expect(parseListeners('', map, 'listeners')).toEqual([]);
  });

  it('renders endpoints with IPv6 in brackets', () => {
    expect(endpointToString({ name: 'SSL', host: '::1', port: 9093, securityProtocol: 'SSL' })).toBe('SSL://[::1]:9093');
    expect(endpointToString({ name: 'PLAINTEXT', host: '', port: 9092, securityProtocol: 'PLAINTEXT' })).toBe('PLAINTEXT://:9092');
  });

  it('registers an empty host as the canonical host name (Kafka 2.4.1 rule)', () => {
    const eps = parseListeners('PLAINTEXT://:9092,SSL://h:9093', map, 'advertised.listeners');
    expect(endpointsForRegistration(eps, 'box.example').map(endpointToString)).toEqual(['PLAINTEXT://box.example:9092', 'SSL://h:9093']);
  });

  it('finds a canonical host name for this machine', async () => {
    const name = await canonicalLocalHostName();
    expect(typeof name).toBe('string');
    expect(name.length).toBeGreaterThan(0);
  });
});

describe('ApiVersion', () => {
  it('maps short and long forms as Kafka 2.4.1 does', () => {
    expect(parseApiVersion('2.4')?.version).toBe('2.4-IV1');
    expect(parseApiVersion('2.4-IV0')?.version).toBe('2.4-IV0');
    expect(parseApiVersion('2.4.1')?.version).toBe('2.4-IV1');
    expect(parseApiVersion('0.8.2.2')?.version).toBe('0.8.2');
    expect(parseApiVersion('0.10.2')?.recordVersion).toBe(1);
    expect(parseApiVersion('1.0')?.version).toBe('1.0-IV0');
    expect(parseApiVersion('2.5')).toBeUndefined();
    expect(parseApiVersion('banana')).toBeUndefined();
  });
});
