// The timeline of control-plane events, newest first: what happened, who saw it, and why.
import { useMemo, useState } from 'preact/hooks';
import { html } from './html.js';
import { clockTime, isInternalTopic } from './format.js';

/** At most this many events in the DOM (the model keeps more for the filter). */
export const TIMELINE_DOM_LIMIT = 500;

/** Fields every event has; the rest (kind-specific) are shown as key=value chips. */
const COMMON_FIELDS = new Set(['seq', 'time', 'kind', 'source', 'topic', 'partition', 'broker', 'cause', 'message', 'generation', 'local']);
/** Bookkeeping fields: in the tooltip rather than as chips. */
const QUIET_FIELDS = new Set(['file', 'level', 'brokerSeq']);

/**
 * Per-replica and per-request detail (every state-change.log line, every request the controller
 * sends): hundreds per topic creation, so behind a checkbox, unless picked in the kind list.
 */
const DETAIL_KINDS = new Set(['state-change', 'partition-state-change', 'replica-state-change', 'request-sent']);

function topicPartition(e) {
  if (e.topic === undefined || e.topic === null) return '';
  return e.partition === undefined || e.partition === null ? e.topic : `${e.topic}-${e.partition}`;
}

function chipValue(value) {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function matches(e, needle) {
  if (needle === '') return true;
  return [e.kind, topicPartition(e), e.topic ?? ''].some((s) => s.toLowerCase().includes(needle));
}

function Event({ e }) {
  const extras = Object.keys(e).filter((k) => !COMMON_FIELDS.has(k) && !QUIET_FIELDS.has(k));
  const quiet = Object.keys(e).filter((k) => QUIET_FIELDS.has(k)).map((k) => `${k}=${chipValue(e[k])}`);
  return html`<li data-kind=${e.kind} data-seq=${e.seq} data-topic=${e.topic} data-partition=${e.partition} data-broker=${e.broker} class=${e.local ? 'local' : ''} title=${quiet.length > 0 ? quiet.join(' ') : undefined}>
    <div class="head">
      <time datetime=${new Date(e.time).toISOString()} title=${e.local ? '' : `seq ${e.seq}`}>${clockTime(e.time)}</time>
      <span class=${`kind kind-${e.kind}`}>${e.kind}</span>
      ${topicPartition(e) && html`<span class="tp" data-field="tp">${topicPartition(e)}</span>`}
      ${e.broker !== undefined && e.broker !== null && html`<span class="broker">broker ${e.broker}</span>`}
      <span class="source" title="who saw it">${e.source}</span>
    </div>
    <div class="what">
      ${e.cause && html`<span class="cause" data-field="cause">${e.cause}</span>`}
      <span class="message">${e.message}</span>
      ${extras.length > 0 &&
      html`<span class="extras">
        ${extras.map((k) => html`<span class="chip"><span class="k">${k}</span>=${chipValue(e[k])}</span>`)}
      </span>`}
    </div>
  </li>`;
}

export function Timeline({ events }) {
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState('');
  const [details, setDetails] = useState(false);
  const [internal, setInternal] = useState(false);
  const kinds = useMemo(() => [...new Set(events.map((e) => e.kind))].sort(), [events]);
  const needle = filter.trim().toLowerCase();
  const shown = [];
  let matching = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const visible = kind === '' ? details || !DETAIL_KINDS.has(e.kind) : e.kind === kind;
    if (visible && (internal || !isInternalTopic(e.topic)) && matches(e, needle)) {
      matching++;
      if (shown.length < TIMELINE_DOM_LIMIT) shown.push(e);
    }
  }
  return html`
    <section class="panel" id="timeline-panel">
      <h2>Timeline <span class="count">${matching === events.length ? `${events.length} events` : `${matching} of ${events.length} events`}${matching > shown.length ? `, newest ${shown.length} shown` : ''}</span></h2>
      <div class="toolbar">
        <input id="timeline-filter" type="search" placeholder="filter by kind or topic (e.g. isr, orders-0)" value=${filter} onInput=${(ev) => setFilter(ev.currentTarget.value)} />
        <select id="timeline-kind" value=${kind} onChange=${(ev) => setKind(ev.currentTarget.value)}>
          <option value="">all kinds</option>
          ${kinds.map((k) => html`<option value=${k}>${k}</option>`)}
        </select>
        <label title=${[...DETAIL_KINDS].join(', ')}><input type="checkbox" id="timeline-details" checked=${details} onChange=${(ev) => setDetails(ev.currentTarget.checked)} /> state-change.log lines and requests</label>
        <label><input type="checkbox" id="timeline-internal" checked=${internal} onChange=${(ev) => setInternal(ev.currentTarget.checked)} /> internal topics</label>
      </div>
      <ol id="timeline" class="timeline">
        ${shown.map((e) => html`<${Event} key=${e.local ? `local-${e.generation}-${e.time}` : `${e.generation}-${e.seq}`} e=${e} />`)}
      </ol>
      ${shown.length === 0 && html`<p class="empty">${events.length === 0 ? 'No events yet.' : 'No event matches the filter.'}</p>`}
    </section>
  `;
}
