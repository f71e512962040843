// The observatory's page in a real browser (Debian's chromium driven by playwright-core) against a
// real cluster (3-node ZooKeeper ensemble, 3 broker processes): the page shows the brokers, the
// controller and a topic's partitions from its live feed; pressing "kill -9" on the leader of
// partition 0 shows, within seconds and without a reload, the leader election in the timeline and
// the new leader and shrunken ISR in the partitions table.
// OBSERVATORY_SCREENSHOT=1 also saves docs/observatory.png (the README embeds it).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sleep } from '../../src/common/poll';
import { findFreePorts } from '../../src/launcher/free-ports';
import { startObservatory } from '../../src/observatory/observatory-server';
import { localClusterFaults } from '../../src/observatory/local-cluster-faults';
import { eventually, startTestCluster, stopTestCluster, type TestCluster } from './helpers';

const TOPIC = 'observed';
const PARTITIONS = 3;
const SCREENSHOT = process.env.OBSERVATORY_SCREENSHOT === '1';
const SCREENSHOT_PATH = join(__dirname, '..', '..', 'docs', 'observatory.png');

/** The JSON API's read endpoints: the page gets all of this over the WebSocket instead. */
const LIVE_DATA = new Set(['/api/state', '/api/events', '/api/znodes', '/api/tree', '/api/groups', '/api/metrics']);

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The page's cells for one partition, as numbers. */
async function partitionRow(page: Page, partition: number): Promise<{ leader: number; isr: number[]; leaderEpoch: number }> {
  const row = page.locator(`#partitions tr[data-topic="${TOPIC}"][data-partition="${partition}"]`);
  const cell = async (field: string) => (await row.locator(`[data-field="${field}"]`).textContent()) ?? '';
  const numbers = (text: string) => (text.match(/-?\d+/g) ?? []).map(Number);
  return { leader: numbers(await cell('leader'))[0] ?? -1, isr: numbers(await cell('isr')), leaderEpoch: numbers(await cell('leaderEpoch'))[0] ?? -1 };
}

describe('the observatory page in chromium', () => {
  let t: TestCluster | undefined;
  let observatory: { url: string; close(): Promise<void> } | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let consumer: Consumer | undefined;
  /** For the screenshot: a trickle of writes, so the charts, offsets and lag move. */
  let trickle: { stop: boolean; done: Promise<void> } | undefined;
  const pageErrors: string[] = [];
  /** Requests for what the live feed carries: the page must not poll for it. */
  const polled: string[] = [];

  beforeAll(async () => {
    t = await startTestCluster(
      'observatory-page-',
      {
        'replica.lag.time.max.ms': '3000',
        'zookeeper.session.timeout.ms': '6000',
        'controlled.shutdown.retry.backoff.ms': '200',
        'auto.leader.rebalance.enable': 'false',
        'unclean.leader.election.enable': 'false',
      },
      { metricsPorts: 'free' },
    );
    const kafka = new Kafka({ clientId: 'observatory-page', brokers: t.cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 2000 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3 }], waitForLeaders: true });
    await admin.disconnect();
    const zk = t.zk;
    await eventually('a full ISR everywhere', async () => {
      const states = await zk.getPartitionStates(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition })));
      return states.size === PARTITIONS && [...states.values()].every((s) => s.state.leader >= 0 && s.state.isr.length === 3);
    });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({ topic: TOPIC, acks: -1, messages: Array.from({ length: 30 }, (_, i) => ({ partition: i % PARTITIONS, value: `message ${batch}-${i}` })) });
    }
    await producer.disconnect();
    if (SCREENSHOT) {
      // A consumer group for the groups panel (members, assignments, lag) in the picture.
      consumer = kafka.consumer({ groupId: 'observatory-readers', sessionTimeout: 10_000, heartbeatInterval: 1000 });
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      let consumed = 0;
      await consumer.run({ autoCommitInterval: 500, eachMessage: async () => void consumed++ });
      await eventually('the group consumed everything', async () => consumed >= 300, 60_000);
      // The offsets topic (50 partitions) settled, so the kill below meets a quiet controller.
      const admin2 = kafka.admin();
      await admin2.connect();
      await eventually(
        '__consumer_offsets fully in sync',
        async () => {
          const { topics } = await admin2.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
          return topics[0].partitions.length > 0 && topics[0].partitions.every((p) => p.leader >= 0 && p.isr.length === 3);
        },
        60_000,
      );
      await admin2.disconnect();

      const writer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 2, initialRetryTime: 100 } });
      await writer.connect();
      const state = { stop: false, done: Promise.resolve() };
      state.done = (async () => {
        for (let n = 0; !state.stop; n++) {
          await writer.send({ topic: TOPIC, acks: 1, timeout: 3000, messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % PARTITIONS, value: `trickle ${n}-${i}` })) }).catch(() => undefined);
          await sleep(200);
        }
        await writer.disconnect();
      })();
      trickle = state;
    }

    const [port] = await findFreePorts(1);
    observatory = await startObservatory({
      zookeeper: t.cluster.zooKeeper.connectString,
      bootstrapServers: t.cluster.bootstrapServers,
      metricsUrls: new Map(t.cluster.brokers.flatMap((b): [string, string][] => (b.metricsUrl === undefined ? [] : [[String(b.id), b.metricsUrl]]))),
      port,
      host: '127.0.0.1',
      faults: localClusterFaults(t.cluster),
    });

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.dismiss());
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (LIVE_DATA.has(url.pathname)) polled.push(`${request.method()} ${url.pathname}`);
    });
    await page.goto(observatory.url);
  }, 180_000);

  afterAll(async () => {
    if (trickle !== undefined) {
      trickle.stop = true;
      await trickle.done;
    }
    await browser?.close().catch(() => undefined);
    await consumer?.disconnect().catch(() => undefined);
    await observatory?.close();
    await stopTestCluster(t);
  }, 120_000);

  it('shows the three brokers, the controller and the partitions from the live feed', async () => {
    const zk = t!.zk;
    await page.waitForSelector('#connection[data-status="live"]', { timeout: 15_000 });
    for (const id of [1, 2, 3]) {
      const row = page.locator(`#brokers tr[data-broker="${id}"]`);
      await row.waitFor({ timeout: 15_000 });
      await eventually(`broker ${id} shown alive`, async () => (await row.locator('[data-field="alive"]').textContent())?.trim() === 'alive', 15_000);
      expect(await page.locator(`button[data-action="kill"][data-broker="${id}"]`).count()).toBe(1);
    }

    const controllerId = await zk.getControllerId();
    const epoch = await zk.getControllerEpoch();
    const controller = page.locator('#controller');
    await eventually('the controller shown', async () => (await controller.getAttribute('data-broker')) === String(controllerId), 15_000);
    expect(await controller.getAttribute('data-epoch')).toBe(String(epoch!.epoch));
    expect(await controller.textContent()).toContain(`broker ${controllerId}, epoch ${epoch!.epoch}`);
    expect(await page.locator(`#brokers tr[data-broker="${controllerId}"] .badge.controller`).count()).toBe(1);

    const states = await zk.getPartitionStates(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: TOPIC, partition })));
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const s = states.get(`${TOPIC}-${partition}`)!.state;
      await eventually(
        `${TOPIC}-${partition} shown as in ZooKeeper`,
        async () => {
          const shown = await partitionRow(page, partition);
          return shown.leader === s.leader && [...shown.isr].sort().join() === [...s.isr].sort().join() && shown.leaderEpoch === s.leaderEpoch;
        },
        15_000,
      );
    }
    // The internal topics are behind the checkbox.
    expect(await page.locator('#partitions tr[data-topic^="__"]').count()).toBe(0);
  }, 60_000);

  it('kill -9 on the leader of partition 0: the election and the ISR change appear within seconds', async () => {
    const before = await partitionRow(page, 0);
    expect(before.leader).toBeGreaterThan(0);
    const oldLeader = before.leader;
    const electionsBefore = await page.locator(`#timeline li[data-kind="leader-elected"][data-topic="${TOPIC}"][data-partition="0"]`).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    const newestBefore = Math.max(0, ...electionsBefore);

    const kill = page.locator(`button[data-action="kill"][data-broker="${oldLeader}"]`);
    await kill.hover();
    // The button says what Kafka will do next (GET api/faults), before it is pressed.
    await eventually('the kill button explained', async () => ((await kill.getAttribute('title')) ?? '').includes(`/brokers/ids/${oldLeader}`), 10_000);
    const pressed = Date.now();
    await kill.click();

    const confirm = page.locator(`#brokers tr[data-confirm-for="${oldLeader}"] .fault-confirm`);
    await eventually('the confirm line', async () => ((await confirm.textContent()) ?? '').includes('done'), 10_000);
    expect(await confirm.textContent()).toContain(`kill -9 broker ${oldLeader}`);
    expect(await confirm.textContent()).toContain('zookeeper.session.timeout.ms');

    // Within ~15 s of the press: a new leader-elected event for partition 0 in the timeline, and the
    // row showing another leader with the old one gone from the ISR.
    const withinMs = () => Math.max(0, 15_000 - (Date.now() - pressed));
    const elections = () => page.locator(`#timeline li[data-kind="leader-elected"][data-topic="${TOPIC}"][data-partition="0"]`).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    await eventually(`a new leader-elected event for ${TOPIC}-0 in the timeline`, async () => (await elections()).some((seq) => seq > newestBefore), withinMs());
    await eventually(
      `a new leader for ${TOPIC}-0 and broker ${oldLeader} out of its ISR in the table`,
      async () => {
        const shown = await partitionRow(page, 0);
        return shown.leader > 0 && shown.leader !== oldLeader && !shown.isr.includes(oldLeader);
      },
      withinMs(),
    );
    console.log(`kill -9 of broker ${oldLeader}: election and ISR change shown ${Date.now() - pressed} ms after the press`);
    const after = await partitionRow(page, 0);
    expect(after.leader).not.toBe(oldLeader);
    expect(after.isr).not.toContain(oldLeader);
    expect(after.isr).toContain(after.leader);
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    // The table agrees with ZooKeeper, and the row is marked under-replicated.
    const s = (await t!.zk.getPartitionStates([{ topic: TOPIC, partition: 0 }])).get(`${TOPIC}-0`)!.state;
    expect(s.leader).toBe(after.leader);
    await eventually('partition 0 marked under-replicated', async () => (await page.locator(`#partitions tr.under-replicated[data-topic="${TOPIC}"][data-partition="0"]`).count()) === 1, 10_000);
    await eventually(`broker ${oldLeader} shown dead`, async () => (await page.locator(`#brokers tr[data-broker="${oldLeader}"] [data-field="alive"]`).textContent())?.trim() === 'dead', 10_000);

    if (SCREENSHOT) {
      // Let a few metrics samples arrive, open the dead broker's partition state znode in the tree.
      await page.waitForTimeout(8000);
      for (const path of ['/brokers/topics', `/brokers/topics/${TOPIC}`, `/brokers/topics/${TOPIC}/partitions`, `/brokers/topics/${TOPIC}/partitions/0`]) {
        const item = page.locator(`#zk-tree li[data-path="${path}"] > .node .twisty`);
        if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
      }
      await page.locator(`#zk-tree li[data-path="/brokers/topics/${TOPIC}/partitions/0/state"] > .node .name`).click();
      await page.evaluate('window.scrollTo(0, 0)');
      mkdirSync(join(SCREENSHOT_PATH, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
    }

    expect(pageErrors).toEqual([]);
    expect(polled).toEqual([]);
  }, 60_000);
});
