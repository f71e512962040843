// Consumer groups (DescribeGroups and committed offsets): state, generation, members with their
// assignments, and lag per partition.
import { html } from './html.js';
import { byTopicPartition, orDash } from './format.js';

function assignmentText(assignment) {
  if (!assignment || assignment.length === 0) return '–';
  return assignment.map((a) => `${a.topic}: ${a.partitions.join(',')}`).join('; ');
}

function Group({ g }) {
  const offsets = [...(g.offsets ?? [])].sort(byTopicPartition);
  const totalLag = offsets.reduce((sum, o) => sum + (o.lag ?? 0), 0);
  return html`<article class="group" data-group=${g.groupId}>
    <header>
      <span class="group-id">${g.groupId}</span>
      <span class=${`pill state-${g.state.toLowerCase()}`}>${g.state}</span>
      <span class="meta">generation ${g.generation ?? '–'} · coordinator ${orDash(g.coordinator)} · ${g.protocolType || 'no protocol type'}${g.protocol ? ` / ${g.protocol}` : ''} · total lag ${totalLag}</span>
    </header>
    ${g.members.length > 0
      ? html`<table class="grid compact members">
          <thead><tr><th>member</th><th>client id</th><th>host</th><th>assignment</th></tr></thead>
          <tbody>
            ${g.members.map(
              (m) => html`<tr key=${m.memberId} data-member=${m.memberId}>
                <td class="mono ellipsis" title=${m.memberId}>${m.memberId}</td>
                <td>${m.clientId}</td>
                <td>${m.host}</td>
                <td>${assignmentText(m.assignment)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p class="empty">No members.</p>`}
    ${offsets.length > 0 &&
    html`<table class="grid compact offsets">
      <thead><tr><th>topic</th><th>partition</th><th>committed</th><th>high watermark</th><th>lag</th></tr></thead>
      <tbody>
        ${offsets.map(
          (o) => html`<tr key=${`${o.topic}-${o.partition}`} data-topic=${o.topic} data-partition=${o.partition} class=${o.lag > 0 ? 'lagging' : ''}>
            <td>${o.topic}</td>
            <td class="num">${o.partition}</td>
            <td class="num">${orDash(o.committed)}</td>
            <td class="num">${orDash(o.highWatermark)}</td>
            <td class="num" data-field="lag">${orDash(o.lag)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
  </article>`;
}

export function Groups({ groups }) {
  const sorted = [...groups].sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  return html`
    <section class="panel" id="groups">
      <h2>Consumer groups <span class="count">${sorted.length}</span></h2>
      ${sorted.length === 0 ? html`<p class="empty">No consumer groups.</p>` : sorted.map((g) => html`<${Group} key=${g.groupId} g=${g} />`)}
    </section>
  `;
}
