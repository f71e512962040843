// The lab registry: the labs the issue names, each described, with broker properties that exist.

import { BROKER_CONFIG_BY_NAME } from '../../../src/common/config/broker-definitions';
import { findLab, LAB_BROKER_DEFAULTS, LABS, labViews } from '../../../src/observatory/labs';

const NAMES = ['controller-failover', 'leader-failover', 'isr-shrink-expand', 'unclean-election', 'preferred-leader', 'zombie-broker', 'reassignment', 'group-rebalance'];

it('lists every lab of the issue once, in order', () => {
  expect(LABS.map((l) => l.name)).toEqual(NAMES);
});

it('finds labs by name and nothing else', () => {
  for (const name of NAMES) expect(findLab(name)?.name).toBe(name);
  expect(findLab('no-such-lab')).toBeUndefined();
  expect(findLab('')).toBeUndefined();
});

it('describes each lab for the page and kafka-lab list', () => {
  expect(labViews()).toEqual(LABS.map((l) => ({ name: l.name, title: l.title, summary: l.summary })));
  for (const lab of LABS) {
    expect(lab.title.length).toBeGreaterThan(10);
    expect(lab.summary.length).toBeGreaterThan(40);
    expect(lab.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  }
});

it('uses only broker properties Kafka 2.4 knows', () => {
  for (const name of Object.keys(LAB_BROKER_DEFAULTS)) expect(BROKER_CONFIG_BY_NAME.has(name)).toBe(true);
  for (const lab of LABS) for (const name of Object.keys(lab.brokerProperties)) expect([lab.name, BROKER_CONFIG_BY_NAME.has(name)]).toEqual([lab.name, true]);
});

it('keeps the session timeout longer than the lag time in every lab (a lagging follower is not a dead one)', () => {
  for (const lab of LABS) {
    const props = { ...LAB_BROKER_DEFAULTS, ...lab.brokerProperties };
    expect(Number(props['zookeeper.session.timeout.ms'])).toBeGreaterThan(Number(props['replica.lag.time.max.ms']));
  }
});
