// Partitions: assignment, leader, ISR, leader epoch and the state znode's version from ZooKeeper;
// high watermark and each replica's log end offset from the brokers.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { byTopicPartition, isInternalTopic, orDash } from './format.js';

function Replicas({ p }) {
  return html`<span class="replicas">
    ${p.replicas.map((r) => {
      const classes = ['replica'];
      if (r === p.leader) classes.push('leader');
      if (!p.isr.includes(r)) classes.push('out-of-isr');
      if (p.addingReplicas?.includes(r)) classes.push('adding');
      if (p.removingReplicas?.includes(r)) classes.push('removing');
      const notes = [r === p.leader ? 'leader' : null, p.isr.includes(r) ? 'in ISR' : 'not in ISR', p.addingReplicas?.includes(r) ? 'being added' : null, p.removingReplicas?.includes(r) ? 'being removed' : null];
      return html`<span class=${classes.join(' ')} title=${`broker ${r}: ${notes.filter(Boolean).join(', ')}`}>${r}</span>`;
    })}
  </span>`;
}

function LogEndOffsets({ p }) {
  const known = p.replicas.filter((r) => p.logEndOffsets[String(r)] !== undefined);
  if (known.length === 0) return html`<span class="muted">–</span>`;
  return html`<span class="leos">
    ${p.replicas.map((r) => {
      const leo = p.logEndOffsets[String(r)];
      const behind = leo !== undefined && p.highWatermark !== null && leo < p.highWatermark;
      return html`<span class=${`leo${behind ? ' behind' : ''}`} data-replica=${r} title=${`broker ${r}'s log end offset`}>
        <span class="who">${r}</span>${leo ?? '?'}
      </span>`;
    })}
  </span>`;
}

function status(p) {
  if (p.offline) return { cls: 'offline', text: 'offline' };
  if (p.underReplicated) return { cls: 'under-replicated', text: 'under-replicated' };
  if (p.addingReplicas?.length || p.removingReplicas?.length) return { cls: 'reassigning', text: 'reassigning' };
  return { cls: 'in-sync', text: 'ok' };
}

export function Partitions({ state }) {
  const [showInternal, setShowInternal] = useState(false);
  const all = [...state.partitions].sort(byTopicPartition);
  const internalCount = all.filter((p) => isInternalTopic(p.topic)).length;
  const shown = showInternal ? all : all.filter((p) => !isInternalTopic(p.topic));
  const under = all.filter((p) => p.underReplicated && !p.offline).length;
  const offline = all.filter((p) => p.offline).length;
  const topics = new Set(shown.map((p) => p.topic)).size;

  return html`
    <section class="panel" id="partitions-panel">
      <h2>
        Partitions
        <span class="count">${shown.length} in ${topics} topic${topics === 1 ? '' : 's'}</span>
        ${under > 0 && html`<span class="pill warn">${under} under-replicated</span>`}
        ${offline > 0 && html`<span class="pill bad">${offline} offline</span>`}
      </h2>
      <div class="toolbar">
        <label><input type="checkbox" id="show-internal" checked=${showInternal} onChange=${(e) => setShowInternal(e.currentTarget.checked)} /> show internal topics (${internalCount})</label>
        <span class="legend">
          <span class="swatch under-replicated"></span> under-replicated (ISR smaller than the replicas)
          <span class="swatch offline"></span> offline (no leader)
          <span class="replica leader">n</span> leader
          <span class="replica out-of-isr">n</span> out of ISR
        </span>
      </div>
      <div class="scroll">
        <table id="partitions" class="grid">
          <thead>
            <tr>
              <th>topic</th>
              <th>partition</th>
              <th title="the assignment in /brokers/topics/<topic>">replicas</th>
              <th>leader</th>
              <th title="in-sync replicas, from the partition state znode">ISR</th>
              <th>leader epoch</th>
              <th title="version of /brokers/topics/<t>/partitions/<p>/state: the leader's ISR writes are conditional on it">zkVersion</th>
              <th>high watermark</th>
              <th title="log end offset of each replica (broker: offset)">log end offsets</th>
              <th>status</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((p) => {
              const s = status(p);
              return html`<tr key=${`${p.topic}-${p.partition}`} data-topic=${p.topic} data-partition=${p.partition} class=${s.cls === 'in-sync' ? '' : s.cls}>
                <td data-field="topic">${p.topic}</td>
                <td data-field="partition" class="num">${p.partition}</td>
                <td data-field="replicas"><${Replicas} p=${p} /></td>
                <td data-field="leader" class="num">${p.leader >= 0 ? p.leader : 'none'}</td>
                <td data-field="isr">${p.isr.length > 0 ? p.isr.join(',') : '–'}</td>
                <td data-field="leaderEpoch" class="num">${orDash(p.leaderEpoch)}</td>
                <td data-field="zkVersion" class="num">${orDash(p.zkVersion)}</td>
                <td data-field="highWatermark" class="num">${orDash(p.highWatermark)}</td>
                <td data-field="logEndOffsets"><${LogEndOffsets} p=${p} /></td>
                <td data-field="status"><span class=${`pill status ${s.cls}`}>${s.text}</span></td>
              </tr>`;
            })}
          </tbody>
        </table>
        ${shown.length === 0 && html`<p class="empty">No partitions${internalCount > 0 ? ' (internal topics hidden)' : ''}.</p>`}
      </div>
    </section>
  `;
}
