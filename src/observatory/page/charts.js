// Charts of the brokers' metrics (uPlot), over a rolling ten-minute window: messages in, bytes in
// and out, under-replicated partitions, Produce p99 latency per broker.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { html } from './html.js';
import { bytesRate, compact } from './format.js';
import { METRICS_WINDOW_MS } from './store.js';

/** 12:04 on whole minutes, 12:04:30 otherwise (uPlot's default puts dates on a narrow axis). */
function tickTime(seconds) {
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() === 0 ? hm : `${hm}:${pad(d.getSeconds())}`;
}

const MIN_SPAN_MS = 60 * 1000;
const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626'];

/**
 * One uPlot chart. `series` is [{label, values}], `times` epoch ms. The plot is rebuilt when the
 * set of series changes (brokers come and go), and otherwise only gets new data.
 */
function Chart({ id, title, times, series, format }) {
  const box = useRef(null);
  const plot = useRef(null);
  const labels = series.map((s) => s.label).join('\u0000');

  // The plot's callbacks outlive a render: they read the newest props from here.
  const props = useRef(null);
  props.current = { times, series, format };

  const data = () => {
    const { times: ts, series: ss } = props.current;
    return [ts.map((t) => t / 1000), ...ss.map((s) => s.values)];
  };
  const xRange = () => {
    const ts = props.current.times;
    const newest = ts.length > 0 ? ts[ts.length - 1] : Date.now();
    // Until ten minutes of samples exist, the plot spans what there is (at least a minute).
    const oldest = ts.length > 0 ? ts[0] : newest;
    const from = Math.max(newest - METRICS_WINDOW_MS, Math.min(oldest, newest - MIN_SPAN_MS));
    return [from / 1000, newest / 1000];
  };
  const fmt = (v) => props.current.format(v);

  useEffect(() => {
    const el = box.current;
    const options = {
      width: Math.max(240, el.clientWidth),
      height: 170,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => xRange() },
        y: { range: (u, min, max) => [0, Math.max(max ?? 0, 1) * 1.1] },
      },
      axes: [
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' }, values: (u, ticks) => ticks.map(tickTime) },
        { stroke: '#64748b', grid: { stroke: '#eef2f7' }, ticks: { stroke: '#e2e8f0' }, size: 90, values: (u, ticks) => ticks.map(fmt) },
      ],
      series: [
        { label: 'time', value: (u, v) => (v === null ? '–' : new Date(v * 1000).toLocaleTimeString()) },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          fill: series.length === 1 ? `${PALETTE[i % PALETTE.length]}1a` : undefined,
          width: 1.5,
          spanGaps: false,
          points: { show: false },
          value: (u, v) => (v === null || v === undefined ? '–' : fmt(v)),
        })),
      ],
    };
    plot.current = new uPlot(options, data(), el);
    const resize = new ResizeObserver(() => {
      if (plot.current && el.clientWidth > 0) plot.current.setSize({ width: el.clientWidth, height: 170 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current.destroy();
      plot.current = null;
    };
    // Rebuilt only when the series change; data updates go through setData below.
  }, [labels]);

  useEffect(() => {
    if (plot.current) plot.current.setData(data());
  });

  const latest = series.map((s) => s.values[s.values.length - 1]).filter((v) => v !== null && v !== undefined);
  return html`<figure class="chart" id=${id}>
    <figcaption>${title}${latest.length > 0 && html`<span class="now">now ${latest.map(format).join(' / ')}</span>`}</figcaption>
    <div class="plot" ref=${box}></div>
  </figure>`;
}

export function Charts({ metrics }) {
  const times = metrics.map((m) => m.time);
  const brokers = [...new Set(metrics.flatMap((m) => Object.keys(m.produceP99Ms ?? {})))].sort((a, b) => Number(a) - Number(b));
  const ms = (v) => `${compact(v)} ms`;
  return html`
    <section class="panel" id="charts">
      <h2>Metrics <span class="count">${metrics.length === 0 ? 'no samples yet (brokers need metrics.prometheus.port)' : `last ${Math.round(METRICS_WINDOW_MS / 60000)} minutes, ${metrics.length} samples`}</span></h2>
      <div class="charts">
        <${Chart} id="chart-messages-in" title="Messages in / s" times=${times} series=${[{ label: 'messages in/s', values: metrics.map((m) => m.messagesInPerSec) }]} format=${compact} />
        <${Chart}
          id="chart-bytes"
          title="Bytes in and out / s"
          times=${times}
          series=${[
            { label: 'bytes in/s', values: metrics.map((m) => m.bytesInPerSec) },
            { label: 'bytes out/s', values: metrics.map((m) => m.bytesOutPerSec) },
          ]}
          format=${bytesRate}
        />
        <${Chart} id="chart-under-replicated" title="Under-replicated partitions" times=${times} series=${[{ label: 'under-replicated', values: metrics.map((m) => m.underReplicatedPartitions) }]} format=${compact} />
        <${Chart}
          id="chart-produce-p99"
          title="Produce p99 latency"
          times=${times}
          series=${brokers.length === 0 ? [{ label: 'p99', values: metrics.map(() => null) }] : brokers.map((b) => ({ label: `broker ${b}`, values: metrics.map((m) => m.produceP99Ms?.[b] ?? null) }))}
          format=${ms}
        />
      </div>
    </section>
  `;
}
